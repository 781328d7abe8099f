"""四议两公开 in a real headless Chromium on a 360 px phone: the village secretary records the 村党组织's proposal, the
“两委” meeting (a first try without its quorum is refused and nothing typed is lost), the 党员大会 with the roll taken
from the register, the 村民代表会议's decision, then publishes the decision and the result; anyone reads the six steps
on the public page and the decision on the village's 三务公开."""
import datetime
import unittest

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from member_edit_journey import BASE, SHOTS, PeopleJourney, browser, signed_in


def china_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


class DeliberationJourney(PeopleJourney):
    @staticmethod
    def fill(driver, name, text):
        element = driver.find_element(By.NAME, name)
        if element.get_attribute("type") == "date":
            driver.execute_script("arguments[0].value = arguments[1]", element, text)
        else:
            element.clear()
            element.send_keys(text)

    def record(self, driver, wait, fields, expect="notice=saved"):
        for name, value in fields.items():
            self.fill(driver, name, value)
        button = driver.find_element(By.CSS_SELECTOR, "form[action$='/steps'] button.primary")
        self.tap(driver, button)
        # Every step lands on the same address (?notice=saved): wait for the new page, not for the address. The
        # every-page sweep may still be running beside the journeys on these two cores: allow it time; and while the page
        # is being replaced chromedriver may answer "node does not belong to the document" instead of "stale" — ask again.
        WebDriverWait(driver, 40, ignored_exceptions=(WebDriverException,)).until(EC.staleness_of(button))
        if expect:
            self.assertIn(expect, driver.current_url)

    def test_a_village_decision_from_proposal_to_published_result(self):
        today = china_today()
        day = lambda n: (today - datetime.timedelta(days=n)).isoformat()
        phone, wait = signed_in("branch-secretary", 360, self.drivers)
        phone.get(BASE + "/deliberations")
        self.tap(phone, phone.find_element(By.LINK_TEXT, "新的提议"))
        wait.until(EC.presence_of_element_located((By.NAME, "title")))
        self.fill(phone, "title", "村集体闲置厂房出租")
        self.fill(phone, "summary", "将村集体闲置厂房公开招租，租期五年，租金纳入村集体收入，用于村道养护。")
        self.fill(phone, "heldOn", day(10))
        for name, value in {"roll": "5", "present": "5", "yes": "5", "no": "0", "abstain": "0"}.items():
            self.fill(phone, name, value)
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the form fits the phone")
        phone.save_screenshot(f"{SHOTS}/deliberation-proposal-phone.png")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "main form button.primary"))
        wait.until(EC.url_contains("notice=saved"))
        self.assertIn("登记：村“两委”会议商议", phone.find_element(By.TAG_NAME, "main").text)

        # The two committees: four of nine is no meeting; the page says why and keeps what was typed.
        self.record(phone, wait, {"heldOn": day(8), "roll": "9", "present": "4", "yes": "4"}, expect=None)
        phone.save_screenshot(f"{SHOTS}/deliberation-no-quorum-phone.png")
        errors = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors"))).text
        self.assertIn("请另行召开会议", errors)
        self.assertEqual(phone.find_element(By.NAME, "roll").get_attribute("value"), "9")
        self.record(phone, wait, {"heldOn": day(8), "present": "8", "yes": "8"})

        # The 党员大会: the roll comes from the register.
        roll = int(phone.find_element(By.NAME, "roll").get_attribute("value"))
        self.assertGreater(roll, 0)
        self.assertEqual(phone.find_element(By.NAME, "roll").get_attribute("readonly"), "true")
        self.record(phone, wait, {"heldOn": day(6), "present": str(roll), "yes": str(roll)})
        Select(phone.find_element(By.NAME, "assembly")).select_by_value("representativeAssembly")
        self.record(phone, wait, {"heldOn": day(4), "roll": "45", "present": "40", "yes": "38", "no": "2"})
        self.record(phone, wait, {"heldOn": day(3), "text": "厂房以每年 6 万元公开招租，租期五年，租金纳入村集体收入。"})
        self.record(phone, wait, {"heldOn": today.isoformat(), "text": "已签订租赁合同，首年租金 6 万元已入村集体账户，用于三组村道养护。"})
        main = phone.find_element(By.TAG_NAME, "main").text
        self.assertIn("已完成", main)
        self.assertNotIn("登记：", main)
        phone.save_screenshot(f"{SHOTS}/deliberation-completed-phone.png")
        public_link = phone.find_element(By.LINK_TEXT, "公开页面").get_attribute("href")

        # Anyone: the six steps with their votes, and the decision on the village's 三务公开.
        anonymous = browser(360, 800)
        self.drivers.append(anonymous)
        anonymous.get(public_link)
        shown = anonymous.find_element(By.TAG_NAME, "main").text
        for step in ["村党组织提议", "村“两委”会议商议", "党员大会审议", "村民会议或村民代表会议决议", "决议公开", "实施结果公开"]:
            self.assertIn(step, shown)
        self.assertIn("赞成 38", shown)
        anonymous.save_screenshot(f"{SHOTS}/deliberation-public-phone.png")
        self.tap(anonymous, anonymous.find_elements(By.LINK_TEXT, "查看公开内容")[0])
        WebDriverWait(anonymous, 15).until(EC.url_contains("/public/publicity/"))
        self.assertIn("村集体闲置厂房出租决议公开", anonymous.find_element(By.TAG_NAME, "h1").text)
        self.assertIn("每年 6 万元", anonymous.find_element(By.TAG_NAME, "main").text)


if __name__ == "__main__":
    unittest.main()
