"""Party dues in a real headless Chromium: a member on a phone sees this month's dues still due; the branch secretary
opens the branch's month, ticks three members (the member among them), records them as paid by transfer, and sees
the figures change; a back payment without the branch's approval is refused in Chinese with the ticks kept; the
member's phone then shows the month paid with its receipt number."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from member_edit_journey import SHOTS, signed_in


class DuesJourney(unittest.TestCase):
    def setUp(self):
        self.drivers = []

    def tearDown(self):
        for driver in self.drivers:
            driver.quit()

    def open(self, username, width=1280):
        return signed_in(username, width, self.drivers)

    def figure(self, driver, label):
        for box in driver.find_elements(By.CSS_SELECTOR, ".figure"):
            if box.find_element(By.CSS_SELECTOR, ".label").text == label:
                return box.find_element(By.CSS_SELECTOR, ".value").text
        self.fail(f"no figure {label}")

    def month_row(self, driver, label):
        """The state shown for the month `label` (e.g. 2026年11月) on a ledger page."""
        for row in driver.find_elements(By.CSS_SELECTOR, "main table tbody tr"):
            cells = row.find_elements(By.CSS_SELECTOR, "td")
            if cells and cells[0].text.startswith(label):
                return row.text
        self.fail(f"no month {label}")

    def test_recording_a_month_of_dues_for_a_branch(self):
        phone, phone_wait = self.open("member", width=390)
        name = phone.find_element(By.CSS_SELECTOR, ".who-name").text
        # On the phone the member taps 我的党费 among the four large entries of their home page.
        phone.find_element(By.XPATH, "//a[@class='entry'][strong='我的党费']").click()
        phone_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
        self.assertIn("我的党费", phone.find_element(By.CSS_SELECTOR, "main h1").text)
        self.assertEqual([], phone.find_elements(By.XPATH, "//button[text()='记录交纳']"), "a member records nothing")

        secretary, wait = self.open("branch-secretary")
        secretary.find_element(By.LINK_TEXT, "党费").click()
        heading = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1"))).text
        self.assertIn("柳河镇东岗村党支部", heading)
        month = heading.split("·")[1].strip().replace("党费", "")
        self.assertIn("本月应交", self.month_row(phone, month))
        paid_before = int(self.figure(secretary, "本月已交（人）"))

        boxes = secretary.find_elements(By.CSS_SELECTOR, "input[name='memberIDs[]']")
        self.assertGreaterEqual(len(boxes), 3)
        mine = secretary.find_element(By.CSS_SELECTOR, f"input[aria-label='{name} 已交']")
        # 全选未交 ticks every unpaid member and the bar counts them; 全部取消 clears them again.
        bar = secretary.find_element(By.CSS_SELECTOR, "[data-selection-bar]")
        bar.find_element(By.XPATH, ".//button[text()='全选未交']").click()
        self.assertEqual(str(len(boxes)), bar.find_element(By.CSS_SELECTOR, "[data-selected-count]").text)
        bar.find_element(By.XPATH, ".//button[text()='全部取消']").click()
        self.assertEqual("0", bar.find_element(By.CSS_SELECTOR, "[data-selected-count]").text)
        ticked = [mine] + [box for box in boxes if box != mine][:2]
        for box in ticked[:2]:
            box.click()
        # A tap anywhere on the row ticks it, as on a phone.
        row = ticked[2].find_element(By.XPATH, "./ancestor::tr")
        row.find_element(By.CSS_SELECTOR, "td[data-label='党籍']").click()
        self.assertTrue(ticked[2].is_selected())
        expected = sum(round(float(box.get_attribute("data-amount")) * 100) for box in ticked)
        self.assertEqual("3", bar.find_element(By.CSS_SELECTOR, "[data-selected-count]").text)
        self.assertEqual("%.2f" % (expected / 100), bar.find_element(By.CSS_SELECTOR, "[data-selected-sum]").text)
        Select(secretary.find_element(By.NAME, "method")).select_by_visible_text("转账")
        secretary.save_screenshot(f"{SHOTS}/dues-sheet-ticked.png")
        secretary.find_element(By.XPATH, "//button[starts-with(text(), '记录勾选党员')]").click()
        self.assertIn("已保存", wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .notice"))).text)
        self.assertEqual(paid_before + 3, int(self.figure(secretary, "本月已交（人）")))
        self.assertEqual([], secretary.find_elements(By.CSS_SELECTOR, f"input[aria-label='{name} 已交']"), "paid members are no longer offered")
        secretary.save_screenshot(f"{SHOTS}/dues-sheet-recorded.png")

        # Last month for someone who has not paid it, without the branch's approval: refused in Chinese, the tick kept;
        # with the approval written it is recorded.
        secretary.find_element(By.PARTIAL_LINK_TEXT, "上月").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
        late = secretary.find_elements(By.CSS_SELECTOR, "input[name='memberIDs[]']")
        self.assertTrue(late, "a neighbour in the demo branch owes last month")
        late_name = late[0].get_attribute("aria-label")
        late[0].click()
        secretary.find_element(By.XPATH, "//button[starts-with(text(), '记录勾选党员')]").click()
        errors = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors"))).text
        self.assertIn("须经支部同意", errors)
        self.assertTrue(secretary.find_element(By.CSS_SELECTOR, f"input[aria-label='{late_name}']").is_selected())
        secretary.find_element(By.NAME, "approval").send_keys("支委会同意补缴")
        secretary.find_element(By.XPATH, "//button[starts-with(text(), '记录勾选党员')]").click()
        self.assertIn("已保存", wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main .notice"))).text)
        self.assertEqual([], secretary.find_elements(By.CSS_SELECTOR, f"input[aria-label='{late_name}']"))

        phone.refresh()
        row = phone_wait.until(lambda driver: self.month_row(driver, month))
        self.assertIn("已交", row)
        self.assertIn("转账", row)
        self.assertRegex(row, r"DF\d{8}-")
        phone.save_screenshot(f"{SHOTS}/dues-member-phone.png")


if __name__ == "__main__":
    unittest.main()
