"""三务公开 in a real headless Chromium: the village secretary drafts this month's 财务公开 on a 360 px phone (accounts
that do not add up are refused with every typed line kept); the other committee member reviews and publishes it; the
demo resident finds it from their account, asks a question; the secretary answers; anyone reads the answer on the
public page, which names nobody."""
import datetime
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from member_edit_journey import BASE, SHOTS, PeopleJourney, browser, signed_in


def china_month():
    """The month the server (Asia/Shanghai) is in."""
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)
    return f"{now.year}-{now.month:02d}", f"{now.year}年{now.month}月"


class PublicityJourney(PeopleJourney):
    @staticmethod
    def fill(element, text):
        element.clear()
        element.send_keys(text)

    def test_a_finance_publication_from_draft_to_a_public_answer(self):
        month, month_label = china_month()
        title = f"{month_label}财务公开"

        # The secretary on a phone: two lines and a balance that does not add up.
        phone, wait = signed_in("branch-secretary", 360, self.drivers)
        phone.get(BASE + "/publicity")
        self.assertIn("应公开", phone.find_element(By.TAG_NAME, "main").text)
        phone.save_screenshot(f"{SHOTS}/publicity-list-phone.png")
        self.tap(phone, phone.find_element(By.LINK_TEXT, "起草公开"))
        Select(wait.until(EC.presence_of_element_located((By.NAME, "kind")))).select_by_value("finance")
        self.fill(phone.find_element(By.NAME, "period"), month)
        self.fill(phone.find_element(By.NAME, "opening"), "2000")
        lines = phone.find_elements(By.CSS_SELECTOR, ".finance-line")
        self.fill(lines[0].find_element(By.NAME, "lineSubject[]"), "农产品展销摊位费")
        self.fill(lines[0].find_element(By.NAME, "lineAmount[]"), "1500")
        Select(lines[1].find_element(By.NAME, "lineDirection[]")).select_by_value("spending")
        self.fill(lines[1].find_element(By.NAME, "lineSubject[]"), "冬季防火宣传")
        self.fill(lines[1].find_element(By.NAME, "lineAmount[]"), "320.5")
        self.fill(phone.find_element(By.NAME, "closing"), "3180")
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the form fits the phone")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "main form button.primary"))
        errors = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors"))).text
        self.assertIn("账目不平", errors)
        self.assertIn("3,179.50", errors)
        kept = phone.find_elements(By.CSS_SELECTOR, ".finance-line")
        self.assertEqual(kept[1].find_element(By.NAME, "lineSubject[]").get_attribute("value"), "冬季防火宣传")
        self.assertEqual(Select(kept[1].find_element(By.NAME, "lineDirection[]")).first_selected_option.get_attribute("value"), "spending")
        phone.save_screenshot(f"{SHOTS}/publicity-unbalanced-phone.png")
        self.fill(phone.find_element(By.NAME, "closing"), "3179.50")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "main form button.primary"))
        wait.until(EC.url_contains("notice=drafted"))
        main = phone.find_element(By.TAG_NAME, "main").text
        self.assertIn(title, main)
        self.assertIn("起草人以外的班子成员审核", main)
        draft = phone.current_url.split("?")[0]
        phone.save_screenshot(f"{SHOTS}/publicity-draft-phone.png")

        # The other committee member reviews and publishes it.
        member, member_wait = signed_in("branch-committee", 1280, self.drivers)
        member.get(BASE + "/publicity")
        member.find_element(By.LINK_TEXT, title).click()
        self.fill(member_wait.until(EC.presence_of_element_located((By.NAME, "note"))), "村两委会议审核")
        member.find_element(By.CSS_SELECTOR, "form[action$='/review'] button").click()
        member_wait.until(EC.url_contains("notice=reviewed"))
        member.execute_script("document.querySelectorAll('[data-confirm]').forEach(b => b.removeAttribute('data-confirm'))")
        member.find_element(By.CSS_SELECTOR, "form[action$='/publish'] button").click()
        member_wait.until(EC.url_contains("notice=published"))
        self.assertIn("已公开", member.find_element(By.TAG_NAME, "main").text)
        member.save_screenshot(f"{SHOTS}/publicity-published.png")

        # The resident finds it from their account and asks.
        resident = browser(360, 800)
        self.drivers.append(resident)
        resident_wait = WebDriverWait(resident, 15)
        resident.get(BASE + "/login")
        from member_edit_journey import fill_login
        fill_login(resident, "13900000001")
        resident_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who-name")))
        resident.get(BASE + "/publicity/mine")
        resident_wait.until(EC.presence_of_element_located((By.ID, "publicity")))
        self.tap(resident, resident.find_element(By.LINK_TEXT, title))
        resident_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.finance")))
        self.assertIn("3,179.50", resident.find_element(By.CSS_SELECTOR, "table.finance").text)
        self.assertEqual(resident.execute_script("return document.documentElement.scrollWidth"), 360, "the accounts fit the phone")
        resident.save_screenshot(f"{SHOTS}/publicity-public-phone.png")
        self.tap(resident, resident.find_element(By.LINK_TEXT, "登录后提问"))
        self.fill(resident_wait.until(EC.presence_of_element_located((By.NAME, "text"))), "冬季防火宣传的 320.5 元买了什么？")
        self.tap(resident, resident.find_element(By.CSS_SELECTOR, "main form button.primary"))
        resident_wait.until(EC.url_contains("notice=asked"))

        # The secretary answers it; the public page shows the question and the answer, and nobody's name.
        phone.get(draft)
        self.fill(wait.until(EC.presence_of_element_located((By.NAME, "answer"))), "购买宣传横幅 4 条和灭火器检测费，凭证在村委会可查。")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "form[action$='/answer'] button"))
        wait.until(EC.url_contains("notice=replied"))
        anonymous = browser(360, 800)
        self.drivers.append(anonymous)
        anonymous.get(BASE + "/public/publicity/" + draft.rstrip("/").split("/")[-1])
        shown = anonymous.find_element(By.TAG_NAME, "main").text
        self.assertIn("群众提问", shown)
        self.assertIn("购买宣传横幅", shown)
        self.assertNotIn("王秀兰", shown)
        anonymous.save_screenshot(f"{SHOTS}/publicity-answered-phone.png")


if __name__ == "__main__":
    unittest.main()
