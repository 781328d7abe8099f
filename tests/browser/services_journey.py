"""一站式服务 in a real headless Chromium on 360 px phones: a resident signs in with a phone number, finds the village's
services on its public page, books an evening (错时) slot; the village secretary sees it among the day's appointments
and closes it with what was done; the resident reads the outcome in 我的预约."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from member_edit_journey import BASE, SHOTS, PeopleJourney, signed_in


class ServicesJourney(PeopleJourney):
    def test_a_resident_books_an_evening_slot_and_the_office_closes_it(self):
        resident, wait = signed_in("13900000001", 360, self.drivers)
        secretary, swait = signed_in("branch-secretary", 360, self.drivers)
        # The village's public page, as the resident finds it.
        secretary.get(BASE + "/services/manage")
        village = Select(secretary.find_element(By.NAME, "organization")).first_selected_option.get_attribute("value")
        resident.get(f"{BASE}/public/organizations/{village}#services")
        self.tap(resident, resident.find_element(By.LINK_TEXT, "社保卡办理"))
        evening = wait.until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "label.slot.after-hours input")))[0]
        chosen = evening.get_attribute("value")
        # Its day may be folded (only the first day is open): unfold it, as a thumb on its heading would.
        day = resident.execute_script("return arguments[0].closest('details')", evening)
        if not day.get_attribute("open"):
            self.tap(resident, day.find_element(By.TAG_NAME, "summary"))
        self.tap(resident, evening)
        resident.find_element(By.NAME, "note").send_keys("补办社保卡")
        self.assertEqual(resident.execute_script("return document.documentElement.scrollWidth"), 360)
        resident.save_screenshot(f"{SHOTS}/services-booking-phone.png")
        self.tap(resident, resident.find_element(By.XPATH, "//button[text()='预约']"))
        wait.until(EC.url_contains("/appointments"))
        mine = resident.find_element(By.TAG_NAME, "main").text
        self.assertIn(chosen + "（错时）", mine)
        self.assertIn("已预约", mine)

        # The office: that day's appointments; closed with what was done.
        day = chosen.split(" ")[0]
        secretary.get(f"{BASE}/services/manage?organization={village}&date={day}")
        row = swait.until(EC.presence_of_element_located((By.XPATH, f"//tr[contains(., '{chosen}') and contains(., '补办社保卡')]")))
        row.find_element(By.NAME, "outcome").send_keys("已受理，15 个工作日内到村领卡")
        secretary.save_screenshot(f"{SHOTS}/services-desk-phone.png")
        self.tap(secretary, row.find_element(By.XPATH, ".//button[@value='served']"))
        swait.until(EC.url_contains("notice=saved"))
        self.assertIn("已受理，15 个工作日内到村领卡", secretary.find_element(By.ID, "day").text)

        resident.get(BASE + "/appointments")
        mine = resident.find_element(By.TAG_NAME, "main").text
        self.assertIn("已办结", mine)
        self.assertIn("已受理，15 个工作日内到村领卡", mine)
        resident.save_screenshot(f"{SHOTS}/services-mine-phone.png")


if __name__ == "__main__":
    unittest.main()
