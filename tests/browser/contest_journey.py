"""知识竞赛 from creation to published results in a real headless Chromium: the county administrator sets a contest
for 柳河镇 that closes in about a minute; a member takes it on a 360 px phone (answers kept on the device, handed in
once, no score shown while it is open); after the close the member sees the score and the answers, and the county
sees participation and the average by organization — and nobody's time."""
import datetime
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from member_edit_journey import BASE, SHOTS, PeopleJourney, signed_in


def china(minutes_from_now):
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8, minutes=minutes_from_now)
    return now.strftime("%Y-%m-%d %H:%M")


class ContestJourney(PeopleJourney):
    @staticmethod
    def fill(element, text):
        element.clear()
        element.send_keys(text)

    def test_a_contest_from_creation_to_published_results(self):
        admin, wait = signed_in("county-admin", 1280, self.drivers)
        admin.get(BASE + "/learning/contests/new")
        organizations = Select(wait.until(EC.presence_of_element_located((By.NAME, "organizationID"))))
        town = next(option for option in organizations.options if option.text.strip() == "柳河镇党委")
        organizations.select_by_value(town.get_attribute("value"))
        self.fill(admin.find_element(By.NAME, "title"), "十二月党史知识竞赛")
        self.fill(admin.find_element(By.NAME, "opens"), china(-5))
        closes = china(2)
        self.fill(admin.find_element(By.NAME, "closes"), closes)
        self.fill(admin.find_element(By.NAME, "minutes"), "10")
        rows = admin.find_elements(By.CSS_SELECTOR, "fieldset .row-form")
        for row, (difficulty, count) in zip(rows, [("easy", "3"), ("medium", "2"), ("hard", "0")]):
            Select(row.find_element(By.NAME, "partTopic[]")).select_by_visible_text("党史")
            Select(row.find_element(By.NAME, "partDifficulty[]")).select_by_value(difficulty)
            self.fill(row.find_element(By.NAME, "partCount[]"), count)
        admin.find_element(By.CSS_SELECTOR, "main form button.primary").click()
        wait.until(EC.url_contains("notice=created"))
        contest = admin.current_url.split("?")[0]
        self.assertIn("竞赛结束后公布", admin.find_element(By.TAG_NAME, "main").text)
        admin.save_screenshot(f"{SHOTS}/contest-created.png")

        # A member on a phone: starts, answers, reloads (the answers stay), hands in.
        phone, phone_wait = signed_in("member", 360, self.drivers)
        phone.get(BASE + "/learning/quiz")
        self.assertIn("十二月党史知识竞赛", phone.find_element(By.TAG_NAME, "main").text)
        phone.get(contest)
        self.tap(phone, phone_wait.until(EC.presence_of_element_located((By.XPATH, "//button[text()='开始答题']"))))
        phone_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "form[data-keep-answers]")))
        self.assertIn("剩余", phone.find_element(By.CSS_SELECTOR, "[data-deadline]").text)
        questions = phone.find_elements(By.CSS_SELECTOR, "fieldset.question")
        self.assertEqual(len(questions), 5)
        for fieldset in questions:
            choice = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio], input[type=text]")[0]
            if choice.get_attribute("type") == "text":
                choice.send_keys("1921")
                phone.execute_script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", choice)
            else:
                self.tap(phone, choice)
        phone.refresh()
        kept = phone_wait.until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "fieldset.question input:checked, fieldset.question input[type=text]")))
        self.assertGreaterEqual(len([k for k in kept if k.get_attribute("type") != "text" or k.get_attribute("value")]), 5, "answers survive a reload")
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the paper fits the phone")
        phone.save_screenshot(f"{SHOTS}/contest-paper-phone.png")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "form[data-keep-answers] button.primary"))
        phone_wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "竞赛结束后公布答案和得分"))
        self.assertNotIn("正确", phone.find_element(By.TAG_NAME, "main").text)
        paper = phone.current_url

        # After the close: the member's score and answers; the county's table by organization.
        deadline = time.time() + 200
        while time.time() < deadline:
            admin.get(contest)
            if "已结束" in admin.find_element(By.TAG_NAME, "main").text:
                break
            time.sleep(5)
        main = admin.find_element(By.TAG_NAME, "main").text
        self.assertIn("已结束", main)
        self.assertIn("柳河镇东岗村党支部", main)
        self.assertIn("参与率", main)
        self.assertNotIn("用时", main)
        admin.save_screenshot(f"{SHOTS}/contest-results.png")
        phone.get(paper)
        result = phone_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".big-number"))).text
        self.assertRegex(result, r"^\d / 5$")
        self.assertIn("答案：", phone.find_element(By.TAG_NAME, "main").text)
        phone.save_screenshot(f"{SHOTS}/contest-score-phone.png")


if __name__ == "__main__":
    unittest.main()
