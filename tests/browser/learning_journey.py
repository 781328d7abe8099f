"""学习 in a real headless Chromium on a 360 px phone: a member finds the 必学 course the village assigned, plays its
audio lesson until the server — counting the stretches played, not the time the page was open — says it is complete,
reads a text lesson to the end, fails its check, passes it on the second try, and finds both lessons in 我的学时."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from member_edit_journey import BASE, SHOTS, PeopleJourney, signed_in

COURSE = "百年党史中的关键时刻"


class LearningJourney(PeopleJourney):
    def answer(self, phone, answers):
        for fieldset, value in zip(phone.find_elements(By.CSS_SELECTOR, "fieldset.question"), answers):
            self.tap(phone, fieldset.find_element(By.CSS_SELECTOR, f"input[value='{value}']"))
        before = phone.find_element(By.ID, "check")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "#check button.primary"))
        WebDriverWait(phone, 15).until(EC.staleness_of(before))
        return WebDriverWait(phone, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#check p"))).text

    def test_a_member_completes_an_audio_lesson_and_a_checked_text_on_a_phone(self):
        phone, wait = signed_in("member", 360, self.drivers)
        phone.get(BASE + "/learning")
        main = phone.find_element(By.TAG_NAME, "main").text
        self.assertIn("必学", main)
        self.assertIn(COURSE, main)
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the library fits the phone")
        phone.save_screenshot(f"{SHOTS}/learning-home-phone.png")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "table a[href^='/learning/courses/']"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".lesson-list")))
        course = phone.current_url
        phone.save_screenshot(f"{SHOTS}/learning-course-phone.png")

        # The audio lesson, played (muted, fast) to its end: the server counts what was played.
        self.tap(phone, phone.find_element(By.PARTIAL_LINK_TEXT, "党史音频"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".player audio")))
        self.assertIn("已播放 0%", phone.find_element(By.CSS_SELECTOR, ".played-text").text)
        phone.execute_script("const m = document.querySelector('.player audio'); m.muted = true; m.playbackRate = 16; m.play();")
        WebDriverWait(phone, 60).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".played-text"), "本课时已完成"))
        phone.save_screenshot(f"{SHOTS}/learning-audio-done-phone.png")
        phone.refresh()
        self.assertIn("已完成", wait.until(EC.presence_of_element_located((By.TAG_NAME, "main"))).text)

        # A text lesson: read to the end, a wrong answer, then the right ones.
        phone.get(course)
        self.tap(phone, phone.find_element(By.PARTIAL_LINK_TEXT, "开天辟地"))
        self.tap(phone, wait.until(EC.presence_of_element_located((By.XPATH, "//button[text()='我已读完']"))))
        wait.until(EC.url_contains("notice=readToEnd"))
        self.assertIn("未通过", self.answer(phone, ["A", "对"]))
        phone.save_screenshot(f"{SHOTS}/learning-check-failed-phone.png")
        result = self.answer(phone, ["B", "对"])
        self.assertIn("通过", result)
        self.assertNotIn("未通过", result)
        self.assertIn("本课时已完成", phone.find_element(By.ID, "check").text)
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the check fits the phone")
        phone.save_screenshot(f"{SHOTS}/learning-check-passed-phone.png")

        phone.get(BASE + "/me/class-hours")
        hours = phone.find_element(By.TAG_NAME, "main").text
        self.assertIn("学习：党史音频：新中国成立", hours)
        self.assertIn("学习：开天辟地：中国共产党的诞生", hours)


if __name__ == "__main__":
    unittest.main()
