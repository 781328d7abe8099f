"""A resident's request in a real headless Chromium: the village secretary gives out a registration code; a resident
registers with it on a 360 px phone and submits a demand with a photo; the secretary accepts and answers it; the
resident is not satisfied and says why; the town's secretary finds it escalated to the town; anyone holding the
tracking code follows it without an account."""
import os
import random
import struct
import unittest
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from member_edit_journey import BASE, SHOTS, PeopleJourney, browser, signed_in


def photo(path):
    """A small real PNG (a 40 × 30 gradient), as a phone's camera would send a picture."""
    rows = b"".join(b"\x00" + b"".join(bytes((x * 6 % 256, y * 8 % 256, 120)) for x in range(40)) for y in range(30))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


class ParticipationJourney(PeopleJourney):
    def field(self, driver, name, text):
        element = driver.find_element(By.NAME, name)
        element.clear()
        element.send_keys(text)

    def test_a_resident_asks_is_not_satisfied_and_the_town_takes_it_up(self):
        secretary, wait = signed_in("branch-secretary", 1280, self.drivers)
        secretary.get(BASE + "/registration-codes")
        self.field(secretary, "label", "三组 王家")
        secretary.find_element(By.CSS_SELECTOR, "main form.row-form button").click()
        code = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".big-code"))).text
        self.assertRegex(code, r"^\d{4} \d{4}$")
        secretary.save_screenshot(f"{SHOTS}/participation-code.png")

        # The resident, on a 360 px phone: registers, lands on their requests, submits one with a photo.
        phone = browser(360, 800)
        self.drivers.append(phone)
        phone_wait = WebDriverWait(phone, 15)
        number = "139" + "".join(random.choice("0123456789") for _ in range(8))
        phone.get(BASE + "/register")
        self.field(phone, "phone", number)
        self.field(phone, "name", "王秀兰")
        self.field(phone, "code", code)
        self.field(phone, "password", "Wang-2026-xl")
        self.field(phone, "confirmPassword", "Wang-2026-xl")
        phone.save_screenshot(f"{SHOTS}/participation-register-phone.png")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "main form button.primary"))
        phone_wait.until(EC.url_contains("/requests"))
        self.assertIn("注册成功", phone.find_element(By.CSS_SELECTOR, ".notice").text)
        self.assertEqual(phone.execute_script("return document.documentElement.scrollWidth"), 360, "the page fits the phone")
        self.tap(phone, phone.find_element(By.LINK_TEXT, "提交诉求或建议"))
        Select(phone_wait.until(EC.presence_of_element_located((By.NAME, "category")))).select_by_visible_text("道路水电等基础设施")
        self.field(phone, "place", "三组村道东头")
        self.field(phone, "text", "村道东头的路灯坏了两个月，晚上看不清路，老人出门不方便。")
        phone.find_element(By.NAME, "photos[]").send_keys(photo(os.path.join(SHOTS, "streetlight.png")))
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "main form button.primary"))
        phone_wait.until(EC.url_contains("notice=submitted"))
        page = phone.find_element(By.TAG_NAME, "main").text
        self.assertIn("查询码", page)
        self.assertIn("待受理", page)
        tracking = phone.find_element(By.CSS_SELECTOR, "dd.mono").text
        self.assertTrue(phone.find_elements(By.CSS_SELECTOR, ".photos img"), "the photo is shown")
        request_page = phone.current_url
        phone.save_screenshot(f"{SHOTS}/participation-submitted-phone.png")

        # The village: the request is waiting, with the resident's masked phone; accepted, then answered.
        secretary.get(BASE + "/demands")
        secretary.find_element(By.PARTIAL_LINK_TEXT, "村道东头的路灯").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "form[action$='/accept'] button"))).click()
        wait.until(EC.url_contains("notice=accepted"))
        shown = secretary.find_element(By.TAG_NAME, "main").text
        self.assertIn(number[:3] + "****" + number[-4:], shown)
        self.assertNotIn(number, shown)
        self.field(secretary, "answer", "已联系供电所，本周内更换路灯。")
        secretary.find_element(By.CSS_SELECTOR, "form[action$='/answer'] button").click()
        wait.until(EC.url_contains("notice=answered"))
        self.assertIn("已答复", secretary.find_element(By.CSS_SELECTOR, ".notice").text)
        secretary.save_screenshot(f"{SHOTS}/participation-answered.png")

        # The resident is not satisfied; without a reason they are asked for one, and nothing they chose is lost.
        phone.get(request_page)
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "input[name=verdict][value=unsatisfied]"))
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "form[action$='/rate'] button"))
        phone_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors")))
        self.assertIn("不满意的原因", phone.find_element(By.CSS_SELECTOR, ".errors").text)
        self.assertTrue(phone.find_element(By.CSS_SELECTOR, "input[name=verdict][value=unsatisfied]").is_selected(), "the choice is kept")
        self.field(phone, "reason", "一周过去了，路灯还是没修。")
        self.tap(phone, phone.find_element(By.CSS_SELECTOR, "form[action$='/rate'] button"))
        phone_wait.until(EC.url_contains("notice=rated"))
        shown = phone.find_element(By.TAG_NAME, "main").text
        self.assertIn("上级重新办理", shown)
        self.assertIn("柳河镇党委", shown)
        phone.save_screenshot(f"{SHOTS}/participation-reopened-phone.png")

        # The town: the request is now theirs to answer.
        town, town_wait = signed_in("town-secretary", 1280, self.drivers)
        town.get(BASE + "/demands")
        self.assertIn("不满意，上级重新办理", town.find_element(By.TAG_NAME, "main").text)
        town.find_element(By.PARTIAL_LINK_TEXT, "村道东头的路灯").click()
        town_wait.until(EC.presence_of_element_located((By.NAME, "answer")))
        self.assertIn("一周过去了", town.find_element(By.TAG_NAME, "main").text)
        town.save_screenshot(f"{SHOTS}/participation-town.png")

        # Anyone with the tracking code follows it, without an account.
        anonymous = browser(360, 800)
        self.drivers.append(anonymous)
        anonymous.get(BASE + "/track")
        self.field(anonymous, "code", tracking)
        self.tap(anonymous, anonymous.find_element(By.CSS_SELECTOR, "main form button"))
        WebDriverWait(anonymous, 15).until(EC.url_contains("code="))
        self.assertIn("不满意，上级重新办理", anonymous.find_element(By.TAG_NAME, "main").text)
        self.assertNotIn("王秀兰", anonymous.find_element(By.TAG_NAME, "main").text)
        anonymous.save_screenshot(f"{SHOTS}/participation-track-phone.png")


if __name__ == "__main__":
    unittest.main()
