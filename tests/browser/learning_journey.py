"""学习 in a real headless Chromium on a 360 px phone: a member finds the 必学 course the village assigned, plays its
audio lesson until the server — counting the stretches played, not the time the page was open — says it is complete,
reads a text lesson to the end, fails its check, passes it on the second try, and finds both lessons in 我的学时.
And a video: the county's keeper records a short one in the browser itself (a canvas through MediaRecorder, so no
file comes from elsewhere), uploads it through the course page's form, publishes the course, and a member on a phone
plays it to completion."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
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

    def test_a_keeper_uploads_a_video_and_a_member_completes_it_on_a_phone(self):
        keeper, wait = signed_in("county-admin", 1366, self.drivers)
        keeper.get(BASE + "/learning/manage")
        new = keeper.find_element(By.ID, "new")
        new.find_element(By.NAME, "title").send_keys("活动室里的一堂党课（录像）")
        Select(new.find_element(By.NAME, "topicID")).select_by_visible_text("党务业务")
        Select(new.find_element(By.NAME, "reach")).select_by_value("everyone")
        self.tap(keeper, new.find_element(By.CSS_SELECTOR, "button.primary"))
        wait.until(EC.url_contains("/learning/manage/courses/"))
        course = keeper.current_url.split("?")[0].rstrip("/").split("/")[-1]
        keeper.find_element(By.NAME, "title").send_keys("录像：一堂党课")
        Select(keeper.find_element(By.NAME, "kind")).select_by_value("video")
        self.tap(keeper, keeper.find_element(By.XPATH, "//button[text()='添加课时']"))
        article = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.lesson-admin")))
        self.assertIn("文件未上传", article.text)

        # Four seconds of a changing picture, recorded by the browser as WebM (which does not say how long it is).
        keeper.set_script_timeout(30)
        size = keeper.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const canvas = document.createElement("canvas"); canvas.width = 320; canvas.height = 180;
            const context = canvas.getContext("2d");
            const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: "video/webm" });
            const chunks = [];
            recorder.ondataavailable = (event) => chunks.push(event.data);
            let frame = 0;
            const timer = setInterval(() => {
              context.fillStyle = "hsl(" + (frame * 9 % 360) + ", 60%, 40%)"; context.fillRect(0, 0, 320, 180);
              context.fillStyle = "#fff"; context.font = "48px sans-serif"; context.fillText(String(frame), 24, 110); frame += 1;
            }, 66);
            recorder.onstop = () => { clearInterval(timer); window.recorded = new Blob(chunks, { type: "video/webm" }); done(window.recorded.size); };
            recorder.start(500);
            setTimeout(() => recorder.stop(), 4000);""")
        self.assertGreater(size, 1000, "the browser recorded a video")
        keeper.execute_script("""
            const input = document.querySelector("article.lesson-admin form.media-upload input[type=file]");
            const files = new DataTransfer();
            files.items.add(new File([window.recorded], "一堂党课.webm", { type: "video/webm" }));
            input.files = files.files;""")
        upload = keeper.find_element(By.CSS_SELECTOR, "article.lesson-admin form.media-upload")
        upload.find_element(By.NAME, "durationSeconds").send_keys("4")
        self.tap(keeper, upload.find_element(By.TAG_NAME, "button"))
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "article.lesson-admin"), "文件已上传"))
        self.assertIn("0:04", keeper.find_element(By.CSS_SELECTOR, "article.lesson-admin").text)
        self.tap(keeper, keeper.find_element(By.XPATH, "//button[text()='发布课程']"))
        wait.until(EC.url_contains("notice=published"))
        keeper.save_screenshot(f"{SHOTS}/learning-video-keeper.png")

        # A member finds it in the library and plays it through on a phone.
        phone, phone_wait = signed_in("member", 360, self.drivers)
        phone.get(BASE + f"/learning/courses/{course}")
        self.tap(phone, phone.find_element(By.PARTIAL_LINK_TEXT, "录像：一堂党课"))
        phone_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".player video")))
        self.assertIn("已播放 0%", phone.find_element(By.CSS_SELECTOR, ".played-text").text)
        phone.execute_script("const m = document.querySelector('.player video'); m.muted = true; m.playbackRate = 2; m.play();")
        WebDriverWait(phone, 60).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".played-text"), "本课时已完成"))
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the video fits the phone")
        phone.save_screenshot(f"{SHOTS}/learning-video-done-phone.png")
        phone.get(BASE + "/me/class-hours")
        self.assertIn("学习：录像：一堂党课", phone.find_element(By.TAG_NAME, "main").text)


if __name__ == "__main__":
    unittest.main()
