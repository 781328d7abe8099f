"""电视模式 in a real headless Chromium at TV size, driven by the arrow keys and Enter only (as a remote does): the
branch secretary opens /tv, moves to a course, opens it, the first lesson starts playing by itself, and the remote
moves on to the next lesson; the focus is always visible."""
import unittest

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from member_edit_journey import BASE, SHOTS, PeopleJourney, signed_in


class TVJourney(PeopleJourney):
    def press(self, driver, key, times=1):
        for _ in range(times):
            ActionChains(driver).send_keys(key).perform()

    def focused(self, driver):
        return driver.execute_script("return document.activeElement")

    def test_the_tv_page_driven_by_arrow_keys_only(self):
        tv, wait = signed_in("branch-secretary", 1280, self.drivers)
        tv.set_window_size(1280, 720)
        tv.get(BASE + "/tv")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".tv-tile")))
        self.assertIn("tv", tv.find_element(By.TAG_NAME, "html").get_attribute("class"))
        self.assertEqual(self.focused(tv).get_attribute("class"), "tv-tile", "a tile has the focus from the start")
        # The focus is drawn: a yellow border around the focused tile.
        self.assertNotEqual(tv.execute_script("return getComputedStyle(document.activeElement).borderTopColor"), "rgba(0, 0, 0, 0)")
        self.press(tv, Keys.ARROW_RIGHT)
        second = self.focused(tv).get_attribute("href")
        self.press(tv, Keys.ARROW_LEFT)
        first = self.focused(tv).get_attribute("href")
        self.assertNotEqual(first, second)
        # Right until the course of several lessons.
        for _ in range(24):
            if "百年党史" in self.focused(tv).text:
                break
            self.press(tv, Keys.ARROW_RIGHT)
        self.assertIn("百年党史", self.focused(tv).text)
        tv.save_screenshot(f"{SHOTS}/tv-home.png")
        self.press(tv, Keys.ENTER)
        wait.until(EC.url_contains("/tv/courses/"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".tv-media, .lesson-text")))
        tv.save_screenshot(f"{SHOTS}/tv-lesson.png")
        # Down moves through the page's choices to 下一课时; Enter opens it.
        for _ in range(6):
            if self.focused(tv).text.startswith("下一课时"):
                break
            self.press(tv, Keys.ARROW_DOWN)
        self.assertTrue(self.focused(tv).text.startswith("下一课时"), "the remote reaches 下一课时")
        self.press(tv, Keys.ENTER)
        wait.until(EC.url_contains("lesson="))
        self.assertIn("第 2 课时", tv.find_element(By.TAG_NAME, "main").text)
        tv.save_screenshot(f"{SHOTS}/tv-next.png")


if __name__ == "__main__":
    unittest.main()
