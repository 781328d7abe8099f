"""Browser journeys in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium).

scripts/test starts a server with the demo county and sets DANGJIAN_URL, DANGJIAN_PASSWORD and DANGJIAN_OTP_SECRETS (the
two-step verification secrets `dangjian demo` printed, as JSON).
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ.get("DANGJIAN_URL", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("DANGJIAN_PASSWORD", "Demo-2026")
SHOTS = os.environ.get("DANGJIAN_SHOTS") or tempfile.mkdtemp(prefix="dangjian-shots-")
OTP_SECRETS = json.loads(os.environ.get("DANGJIAN_OTP_SECRETS") or "{}")
_used_steps = {}


def otp(username):
    """The current 动态口令 (RFC 6238: HMAC-SHA-1, 6 digits, 30 s) of an account with two-step verification, as a
    phone's authenticator shows it; "" for an account without. A code is good once: a second login in the same 30
    seconds waits for the next."""
    secret = OTP_SECRETS.get(username)
    if not secret:
        return ""
    while int(time.time()) // 30 == _used_steps.get(username):
        time.sleep(1)
    step = int(time.time()) // 30
    _used_steps[username] = step
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def fill_login(driver, username):
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    code = otp(username)
    if code:
        driver.find_element(By.NAME, "otp").send_keys(code)
    driver.find_element(By.CSS_SELECTOR, "main form button").click()


def browser(width=1280, height=900):
    """Chromium at `width` CSS pixels; below 500 (narrower than a headless window may be) as an emulated phone."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required",
                     f"--window-size={max(width, 500)},{height}", "--lang=zh-CN"):
        options.add_argument(argument)
    if width < 500:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0}})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def signed_in(username, width=1280, opened=None):
    """A browser logged in as `username` (phone-sized when narrow); appended to `opened` before logging in, so that
    a failed login still closes it."""
    driver = browser(width, 900 if width > 500 else 800)
    if opened is not None:
        opened.append(driver)
    wait = WebDriverWait(driver, 15)
    driver.get(BASE + "/login")
    fill_login(driver, username)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who-name")))
    return driver, wait


class PeopleJourney(unittest.TestCase):
    """A journey of several people, each in their own browser, all closed at the end."""

    def setUp(self):
        self.drivers = []

    def tearDown(self):
        for driver in self.drivers:
            driver.quit()

    @staticmethod
    def tap(driver, element):
        """As a thumb does: the element scrolled to the middle of the screen first, clear of the phone's tab bar."""
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()


class Journey(unittest.TestCase):
    def setUp(self):
        self.driver = None

    def tearDown(self):
        if self.driver:
            self.driver.quit()

    def open(self, width=1280):
        self.driver = browser(width)
        self.wait = WebDriverWait(self.driver, 15)
        return self.driver

    def login(self, username):
        d = self.driver
        d.get(BASE + "/login")
        fill_login(d, username)
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who-name")))

    def logout(self):
        self.driver.find_element(By.CSS_SELECTOR, ".who form button").click()
        self.wait.until(EC.presence_of_element_located((By.NAME, "username")))

    def test_branch_secretary_corrects_a_member_and_the_auditor_sees_it(self):
        d = self.open()
        self.login("branch-secretary")
        self.assertIn("首页", d.title)
        d.find_element(By.LINK_TEXT, "党员").click()
        first = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.members tbody tr td a")))
        name = first.text
        # Find the member by name through the search box, as a secretary would.
        box = d.find_element(By.NAME, "q")
        box.clear()
        box.send_keys(name)
        d.find_element(By.CSS_SELECTOR, "form.filters button").click()
        self.wait.until(EC.url_contains("q="))
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, name))).click()
        self.wait.until(EC.title_contains(name))
        page = d.page_source
        self.assertIn("**********", page, "the ID number is shown masked")
        d.find_element(By.LINK_TEXT, "修改档案").click()
        job = self.wait.until(EC.presence_of_element_located((By.NAME, "job")))
        new_job = "东岗村股份经济合作社会计 " + time.strftime("%H%M%S")
        job.clear()
        job.send_keys(new_job)
        d.save_screenshot(os.path.join(SHOTS, "member-edit.png"))
        d.find_element(By.CSS_SELECTOR, "form.grid-form button.primary").click()
        notice = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
        self.assertIn("已保存", notice.text)
        self.assertIn(new_job, d.page_source)
        self.logout()

        self.login("auditor")
        d.find_element(By.LINK_TEXT, "审计日志").click()
        # The auditor picks the action by its Chinese name and reads the object by the member's name.
        action = self.wait.until(EC.presence_of_element_located((By.NAME, "action")))
        Select(action).select_by_visible_text("修改党员档案")
        d.find_element(By.CSS_SELECTOR, "form.filters button").click()
        self.wait.until(EC.url_contains("action=member.update"))
        row = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.audit tbody tr")))
        self.assertIn(f"修改{name}的档案：工作单位及职务", row.text)
        self.assertIn("branch-secretary", row.text)
        self.assertIn("修改党员档案", row.text)
        self.assertIn(f"党员 {name}", row.text)
        d.get(BASE + "/audit/verify")
        self.assertIn("审计日志完整", d.find_element(By.CSS_SELECTOR, "main .notice").text)
        d.save_screenshot(os.path.join(SHOTS, "audit.png"))

    def test_a_wrong_id_number_is_explained_in_chinese_and_the_form_keeps_what_was_typed(self):
        d = self.open()
        self.login("branch-secretary")
        d.get(BASE + "/members/new")
        select = d.find_element(By.NAME, "organizationID")
        select.find_elements(By.TAG_NAME, "option")[1].click()
        d.find_element(By.NAME, "name").send_keys("赵春华")
        d.find_element(By.NAME, "idNumber").send_keys("419901198503141231")
        d.find_element(By.NAME, "joinedOn").send_keys("2010-07-01")
        d.find_element(By.CSS_SELECTOR, "form.grid-form button.primary").click()
        errors = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors")))
        self.assertIn("公民身份号码", errors.text)
        self.assertEqual(d.find_element(By.NAME, "name").get_attribute("value"), "赵春华")

    def test_pages_fit_a_phone(self):
        d = self.open(width=390)
        self.login("town-secretary")
        for path in ("/", "/members", "/organizations"):
            d.get(BASE + path)
            overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            self.assertLessEqual(overflow, 1, f"{path} scrolls sideways on a phone")
            d.save_screenshot(os.path.join(SHOTS, "phone" + path.replace("/", "_") + ".png"))


if __name__ == "__main__":
    unittest.main()
