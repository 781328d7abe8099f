"""Organizational life in a real headless Chromium: the secretary plans a theme day and opens sign-in; two members
sign in from their phones — one by scanning the QR code on the screen (decoded here by zbarimg), one by typing the
code — and the screen counts them without being reloaded; the town committee
watches the board and sends a note that appears on the screen; the secretary records the minutes and downloads the
report as .docx, which is unzipped and read here."""
import base64
import io
import os
import subprocess
import tempfile
import time
import unittest
import zipfile

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from member_edit_journey import BASE, SHOTS, signed_in


class OrgLifeJourney(unittest.TestCase):
    def setUp(self):
        self.drivers = []

    def tearDown(self):
        for driver in self.drivers:
            driver.quit()

    def open(self, username, width=1280):
        return signed_in(username, width, self.drivers)

    def scan(self, screen):
        """The QR code as a phone camera sees it: a picture of the screen's code, read by zbarimg."""
        picture = os.path.join(tempfile.mkdtemp(), "qr.png")
        screen.find_element(By.CSS_SELECTOR, ".sign-in-qr img").screenshot(picture)
        return subprocess.run(["zbarimg", "--quiet", "--raw", picture], capture_output=True, text=True, check=True).stdout.strip()

    def check_in_by_scan(self, username, link):
        phone, wait = self.open(username, width=360)
        phone.get(link)
        self.assertIn("正在签到", phone.find_element(By.CSS_SELECTOR, ".open-meeting").text)
        # Nothing to do: the 待办 badge, once counted, is not shown as "0".
        badge = phone.find_element(By.CSS_SELECTOR, "[data-todo-count]")
        wait.until(lambda _: badge.get_attribute("textContent") != "")
        if badge.get_attribute("textContent") == "0":
            self.assertFalse(badge.is_displayed())
        phone.save_screenshot(f"{SHOTS}/orglife-scanned-{username}.png")
        phone.find_element(By.XPATH, "//button[text()='确认签到']").click()
        confirmation = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".signed-confirmation"))).text
        phone.save_screenshot(f"{SHOTS}/orglife-checkin-{username}.png")
        name = phone.find_element(By.CSS_SELECTOR, ".who-name").text
        phone.quit()
        self.drivers.remove(phone)
        return name, confirmation

    def check_in(self, username, code):
        phone, wait = self.open(username, width=390)
        phone.find_element(By.LINK_TEXT, "签到").click()
        phone.find_element(By.NAME, "code").send_keys(code)
        phone.find_element(By.CSS_SELECTOR, "main form button").click()
        self.assertIn("签到成功", wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .notice"))).text)
        phone.save_screenshot(f"{SHOTS}/orglife-checkin-{username}.png")
        name = phone.find_element(By.CSS_SELECTOR, ".who-name").text
        phone.quit()
        self.drivers.remove(phone)
        return name

    def test_a_theme_day_from_plan_to_report(self):
        secretary, wait = self.open("branch-secretary")
        secretary.find_element(By.LINK_TEXT, "组织生活").click()
        secretary.find_element(By.LINK_TEXT, "安排活动").click()
        Select(secretary.find_element(By.NAME, "organizationID")).select_by_visible_text("柳河镇东岗村党支部")
        secretary.find_element(By.CSS_SELECTOR, "main form button").click()
        Select(wait.until(EC.presence_of_element_located((By.NAME, "kind")))).select_by_value("theme-day")
        topic = "学习新修订的支部工作条例 %d" % (int(time.time()) % 100000)
        secretary.find_element(By.NAME, "topic").send_keys(topic)
        secretary.find_element(By.NAME, "place").send_keys("东岗村党群服务中心")
        secretary.find_element(By.CSS_SELECTOR, "form.grid-form button.primary").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .notice")))
        activity = secretary.current_url.split("?")[0]
        secretary.find_element(By.XPATH, "//button[text()='开始签到']").click()
        code = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".sign-in-code"))).text
        self.assertRegex(code, r"^\d{6}$")
        secretary.save_screenshot(f"{SHOTS}/orglife-screen.png")

        link = self.scan(secretary)
        code = secretary.find_element(By.CSS_SELECTOR, ".sign-in-code").text
        self.assertTrue(link.endswith("/checkin?code=" + code), link)
        first, confirmation = self.check_in_by_scan("member", link)
        self.assertIn(topic, confirmation)
        second = self.check_in("member2", secretary.find_element(By.CSS_SELECTOR, ".sign-in-code").text)
        # The screen was never reloaded: the server pushed the count and the names.
        wait.until(lambda _: secretary.find_element(By.CSS_SELECTOR, "[data-field=present]").text == "2")
        names = secretary.find_element(By.CSS_SELECTOR, "[data-field=signedIn]").text
        self.assertIn(first, names)
        self.assertIn(second, names)

        town, town_wait = self.open("town-secretary")
        town.get(BASE + "/board")
        # The board is redrawn by server-sent events: look the meeting up afresh each time.
        item = f"//section[contains(@class,'board-item')][.//a[contains(., '{topic}')]]"
        def counted(_):
            try:
                return any("已签到 2" in found.text for found in town.find_elements(By.XPATH, item))
            except StaleElementReferenceException:
                return False
        town_wait.until(counted)
        town.save_screenshot(f"{SHOTS}/orglife-board.png")
        town.get(town.find_element(By.XPATH, item + "//h2/a").get_attribute("href"))
        town.find_element(By.NAME, "text").send_keys("请结合村务实际谈学习体会")
        town.find_element(By.XPATH, "//button[text()='发送']").click()
        town_wait.until(EC.url_contains("/board"))
        wait.until(lambda _: "请结合村务实际谈学习体会" in secretary.find_element(By.CSS_SELECTOR, "[data-field=guidance]").text)
        secretary.save_screenshot(f"{SHOTS}/orglife-screen-guided.png")

        secretary.get(activity)
        # The roll and the minutes are one form: a leave marked here is saved by the same button as the minutes.
        unsigned = secretary.find_element(By.XPATH, "//select[starts-with(@name,'attendance[')][option[@value='' and @selected]]")
        member_key = unsigned.get_attribute("name")[len("attendance["):-1]
        Select(unsigned).select_by_value("leave")
        secretary.find_element(By.NAME, f"reason[{member_key}]").send_keys("外出务工请假")
        secretary.find_element(By.NAME, "minutes").send_keys("书记领学支部工作条例，党员结合实际交流学习体会，并就冬季送温暖作出安排。")
        secretary.find_element(By.NAME, "decisions").send_keys("开展冬季送温暖走访")
        secretary.find_element(By.XPATH, "//button[text()='保存出席情况和记录']").click()
        # The click leaves the page: the old heading may vanish between finding it and reading it.
        def held(driver):
            try:
                return "已开展" in driver.find_element(By.CSS_SELECTOR, ".heading").text
            except (StaleElementReferenceException, WebDriverException):
                return False
        wait.until(held)
        secretary.save_screenshot(f"{SHOTS}/orglife-held.png")
        kept = Select(secretary.find_element(By.NAME, f"attendance[{member_key}]")).first_selected_option.text
        self.assertEqual("请假", kept)
        self.assertEqual("外出务工请假", secretary.find_element(By.NAME, f"reason[{member_key}]").get_attribute("value"))

        encoded = secretary.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {credentials: "same-origin"}).then(r => r.arrayBuffer()).then(buffer => {
              let binary = ""; new Uint8Array(buffer).forEach(b => binary += String.fromCharCode(b)); done(btoa(binary));
            });
        """, activity + "/report.docx")
        package = zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded)))
        self.assertIn("word/document.xml", package.namelist())
        document = package.read("word/document.xml").decode("utf-8")
        self.assertIn(topic, document)
        self.assertIn(first, document)
        self.assertIn(second, document)
        self.assertIn("开展冬季送温暖走访", document)
        self.assertIn("外出务工请假", document)

        secretary.get(BASE + "/compliance")
        self.assertIn("组织生活落实情况", secretary.find_element(By.CSS_SELECTOR, "h1").text)
        secretary.save_screenshot(f"{SHOTS}/orglife-compliance.png")


if __name__ == "__main__":
    unittest.main()
