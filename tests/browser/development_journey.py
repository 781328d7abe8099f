"""Member development in a real headless Chromium: one person from the application to full membership, all 25 steps
recorded through the pages, with dates that satisfy every rule; a step recorded too early is refused with its rule;
the 上级党委's steps (预审, 派人谈话, 审批, 转正审批) are refused to the branch secretary and recorded by the town's."""
import os
import random
from datetime import date
import tempfile
import struct
import unittest
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from member_edit_journey import BASE, PASSWORD, SHOTS, browser, fill_login

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth, sequence):
    body = "419901" + birth.replace("-", "") + "%03d" % sequence
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def png(width, height):
    """A small real picture (a red page with a white band), written here so that the upload is a genuine PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + (b"\xff\xff\xff" if 20 <= y < 28 else b"\xc8\x10\x2e") * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# Days the server's calendar moves forward before each step is recorded on its "today" (the form's default date):
# the talk a little late (its to-do overdue first), a year as activist, approval within three months, a year of
# probation. Steps 7 and 23 are placed by the rule they wait for (see the loop).
ADVANCE = {2: 35, 3: 20, 4: 3, 5: 3, 6: 5, 8: 3, 9: 3, 10: 5, 11: 5, 12: 3, 13: 3, 14: 3, 15: 5, 16: 7, 17: 20, 18: 5,
           19: 5, 20: 10, 21: 30, 22: 200, 24: 20, 25: 5}


class DevelopmentJourney(unittest.TestCase):
    def setUp(self):
        self.driver = browser()
        self.wait = WebDriverWait(self.driver, 15)

    def tearDown(self):
        try:
            self.move_calendar(None)
        finally:
            self.driver.quit()

    def submit(self, selector):
        """Clicks and waits for the next page, so that nothing is read from the page that was left."""
        self.driver.execute_script("window.leftPage = true")
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        self.wait.until(lambda driver: driver.execute_script("return window.leftPage === undefined && document.readyState === 'complete'"))

    def move_calendar(self, days=None):
        """Moves the rehearsal clock of the journey server (DANGJIAN_REHEARSAL_CLOCK=1); returns its new today."""
        body = '{"reset": true}' if days is None else '{"days": %d}' % days
        return self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const token = document.querySelector("input[name=_csrf]").value;
            fetch("/rehearsal/calendar", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRF-Token": token,
                  "Accept": "application/json"}, body: arguments[0]}).then(r => r.json()).then(j => done(j.today));
        """, body)

    def login(self, username):
        """Ends any session (its cookie) and logs in as `username`."""
        d = self.driver
        d.delete_all_cookies()
        d.get(BASE + "/login")
        fill_login(d, username)
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who-name")))

    def fill_step(self, step):
        """Fills the open step form the way a secretary would."""
        d = self.driver
        people = d.find_elements(By.NAME, "people[]")
        if people:
            select = Select(people[0])
            select.select_by_index(0)
            select.select_by_index(1)
        if d.find_elements(By.NAME, "conclusion"):
            d.find_element(By.NAME, "conclusion").send_keys("合格")
        if d.find_elements(By.NAME, "trainingDays"):
            d.find_element(By.NAME, "trainingDays").send_keys("3")
        roll = d.find_elements(By.CSS_SELECTOR, "select[name^='attendance[']")
        if roll:
            # Everyone on the roll present but one, who sends a written opinion in favour.
            Select(roll[0]).select_by_value("written-yes")
            d.find_element(By.NAME, "yes").send_keys(str(len(roll) - 1))
            d.save_screenshot(f"{SHOTS}/development-roll-{step}.png")
        elif d.find_elements(By.NAME, "entitled"):
            for field, value in (("entitled", "30"), ("present", "20"), ("yes", "18")):
                d.find_element(By.NAME, field).send_keys(value)

    def todo_rows(self, name):
        self.driver.get(BASE + "/todos")
        return [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, "main tbody tr") if name in row.text]

    def set_value(self, name, value):
        self.driver.execute_script("document.querySelector(arguments[0]).value = arguments[1]", f"[name='{name}']", value)

    def publish_notice(self, name):
        """公示 of the new development candidate: published for five working days, shown on the board, then back."""
        d = self.driver
        case = d.current_url.split("?")[0]
        d.find_element(By.LINK_TEXT, "发布公示").click()
        self.wait.until(EC.presence_of_element_located((By.NAME, "body")))
        self.assertIn("拟确定为发展对象", d.find_element(By.NAME, "body").get_attribute("value"))
        self.submit("main form button.primary")
        sheet = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice-sheet")))
        self.assertIn(name, sheet.text)
        self.assertIn("公示中", sheet.text)
        d.save_screenshot(f"{SHOTS}/development-notice.png")
        d.get(BASE + "/notices")
        self.assertIn("拟确定为发展对象公示", d.find_element(By.CSS_SELECTOR, "main").text)
        d.get(case)

    def upload_scan(self):
        """A photo of the 入党志愿书, kept and shown as a thumbnail; a text file named .jpg is refused."""
        d = self.driver
        folder = tempfile.mkdtemp()
        fake = os.path.join(folder, "志愿书.jpg")
        with open(fake, "w") as handle:
            handle.write("<script>alert(1)</script>")
        d.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(fake)
        self.submit("form[enctype] button")
        self.assertIn("按文件内容判断", self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors"))).text)
        picture = os.path.join(folder, "志愿书.png")
        with open(picture, "wb") as handle:
            handle.write(png(48, 64))
        d.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(picture)
        d.find_element(By.NAME, "caption").send_keys("入党志愿书")
        self.submit("form[enctype] button")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .notice")))
        self.assertIn("入党志愿书", d.find_element(By.CSS_SELECTOR, "ul.attachments").text)

    def test_application_to_full_member(self):
        d = self.driver
        self.login("branch-secretary")
        d.find_element(By.LINK_TEXT, "发展党员").click()
        d.find_element(By.LINK_TEXT, "登记入党申请").click()
        Select(d.find_element(By.NAME, "organizationID")).select_by_index(1)
        name = "秦" + random.choice("立新向阳春华晓东")
        d.find_element(By.NAME, "name").send_keys(name)
        d.find_element(By.NAME, "idNumber").send_keys(id_number("1996-05-%02d" % random.randint(1, 28), random.randint(100, 999)))
        self.set_value("appliedOn", self.move_calendar(0))
        self.submit("main form button.primary")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
        case = d.current_url.split("?")[0]
        dates = {}

        for step in range(2, 26):
            if step == 7:
                # One day short of the activist year: refused, with the rule and the first allowed day.
                year_later = dates[3].replace(dates[3][:4], str(int(dates[3][:4]) + 1), 1)
                today = self.move_calendar(0)
                days = (date.fromisoformat(year_later) - date.fromisoformat(today)).days
                self.move_calendar(days - 1)
                d.get(case)
                self.submit("form.grid-form button.primary")
                errors = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors")))
                self.assertIn("第十三条", errors.text)
                self.assertIn(year_later, d.find_element(By.CSS_SELECTOR, "main").text)
                d.save_screenshot(f"{SHOTS}/development-refused.png")
                self.move_calendar(1)
            elif step == 23:
                # 转正 is discussed on the day probation ends: a year from the admission meeting.
                ends = dates[15].replace(dates[15][:4], str(int(dates[15][:4]) + 1), 1)
                self.move_calendar((date.fromisoformat(ends) - date.fromisoformat(self.move_calendar(0))).days)
            else:
                self.move_calendar(ADVANCE[step])
            d.get(case)
            heading = self.wait.until(EC.presence_of_element_located((By.XPATH, "//h2[starts-with(normalize-space(), '记录第')]")))
            self.assertIn(f"第 {step} 步", heading.text)
            dates[step] = d.find_element(By.NAME, "date").get_attribute("value")
            if step == 2:
                # Thirty-five days after the application the talk is overdue: a to-do, first in the list.
                self.assertTrue(any("与入党申请人谈话" in row and "已逾期" in row for row in self.todo_rows(name)))
                d.get(case)
            self.fill_step(step)
            if step in (13, 16, 17, 24):
                # The 上级党委's step: refused to the branch, recorded by the town committee's secretary.
                self.submit("form.grid-form button.primary")
                self.assertIn("上级党委的职责", d.find_element(By.CSS_SELECTOR, "main").text)
                self.login("town-secretary")
                d.get(case)
                self.fill_step(step)
            self.submit("form.grid-form button.primary")
            notice = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .notice, main .errors")))
            self.assertIn("已保存", notice.text, f"step {step}: {notice.text}")
            if step in (13, 16, 17, 24):
                self.login("branch-secretary")
                d.get(case)
            if step == 2:
                self.assertFalse(any("与入党申请人谈话" in row for row in self.todo_rows(name)))
                d.get(case)
            if step == 7:
                self.publish_notice(name)
            if step == 14:
                self.upload_scan()

        page = d.find_element(By.CSS_SELECTOR, "main").text
        self.assertIn("已转正", page)
        # 25 steps, the notice and the scan.
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, ".timeline li")), 27)
        d.save_screenshot(f"{SHOTS}/development-done.png")
        d.find_element(By.LINK_TEXT, "党员档案").click()
        self.wait.until(EC.title_contains(name))
        record = d.find_element(By.CSS_SELECTOR, "main").text
        self.assertIn("正式党员", record)
        self.assertIn(dates[23], record)


if __name__ == "__main__":
    unittest.main()
