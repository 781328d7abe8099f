"""民情日记 in a real headless Chromium on a 360 px phone: a member logs a visit and, in the same step, turns the
concern into a request; the request's page shows it waiting for the branch; the branch secretary finds it in the
visits by grid and in the requests to handle."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from member_edit_journey import BASE, SHOTS, PeopleJourney, signed_in


class DiaryJourney(PeopleJourney):
    def test_a_member_logs_a_visit_and_turns_it_into_a_request(self):
        member, wait = signed_in("member", 360, self.drivers)
        member.get(BASE + "/diary")
        member.find_element(By.NAME, "grid").send_keys("七组")
        member.find_element(By.NAME, "household").send_keys("赵家")
        member.find_element(By.NAME, "heard").send_keys("赵奶奶家屋顶漏雨，想请村里帮忙联系修缮")
        # A phone number is refused and nothing typed is lost.
        member.find_element(By.NAME, "followUp").send_keys("她儿子电话 13912345678")
        self.tap(member, member.find_element(By.XPATH, "//button[text()='保存']"))
        errors = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors"))).text
        self.assertIn("不要在民情日记里记电话号码", errors)
        self.assertEqual(member.find_element(By.NAME, "household").get_attribute("value"), "赵家")
        follow = member.find_element(By.NAME, "followUp")
        follow.clear()
        follow.send_keys("下周再去看看")
        Select(member.find_element(By.NAME, "demandCategory")).select_by_value("livelihood")
        self.assertEqual(member.execute_script("return document.documentElement.scrollWidth"), 360)
        member.save_screenshot(f"{SHOTS}/diary-form-phone.png")
        self.tap(member, member.find_element(By.XPATH, "//button[text()='保存']"))
        wait.until(EC.url_contains("notice=saved"))
        entry = member.find_element(By.XPATH, "//article[contains(., '赵家')]")
        self.tap(member, entry.find_element(By.LINK_TEXT, "已转为诉求，查看办理进度"))
        wait.until(EC.url_contains("/requests/"))
        self.assertIn("【民情日记】赵家", member.find_element(By.TAG_NAME, "main").text)
        member.save_screenshot(f"{SHOTS}/diary-request-phone.png")

        secretary, swait = signed_in("branch-secretary", 360, self.drivers)
        secretary.get(BASE + "/diary/overview")
        self.assertIn("七组", secretary.find_element(By.TAG_NAME, "main").text)
        secretary.get(BASE + "/demands")
        self.assertIn("七组", secretary.find_element(By.TAG_NAME, "main").text)
        secretary.save_screenshot(f"{SHOTS}/diary-overview-phone.png")


if __name__ == "__main__":
    unittest.main()
