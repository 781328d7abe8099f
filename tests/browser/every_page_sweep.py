"""Every page as every role, at phone width (360 px) and desktop width (1366 px), in a real headless Chromium: each
role starts at its home page and follows the links it is shown (one page of each kind), fails on a page that scrolls
sideways on the phone, has a control under 44 px tall or text under 16 px there, or answers an error, and saves a screenshot of each page at both widths (DANGJIAN_SHOTS; the
test command keeps them in artifacts/screenshots)."""
import os
import re
import unittest
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By

from member_edit_journey import BASE, SHOTS, signed_in

ROLES = ["member", "branch-secretary", "town-secretary", "county-admin", "sysadmin", "secadmin", "auditor"]
# Files, streams and leaving: followed by their own tests, not opened as pages.
# On the phone: controls shorter than 44 px, page text smaller than 16 px and chart text smaller than 14 px (a few of
# each named).
PHONE_CHECKS = """
const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
const name = (e) => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/ +/).join('.') : '')
  + '「' + (e.textContent || e.name || '').trim().slice(0, 10) + '」';
const small = [...document.querySelectorAll('button, .button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, summary, .tabbar a')]
  .filter((e) => visible(e) && e.getBoundingClientRect().height < 43.5).slice(0, 3).map(name);
const tiny = [...document.querySelectorAll('main p, main li, main td, main th, main dd, main dt, main label')]
  .filter((e) => visible(e) && e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 15.5).slice(0, 3).map(name);
const charts = [...document.querySelectorAll('main svg text')].filter((t) => visible(t) && t.getScreenCTM()
  && t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize) < 13.95).slice(0, 3).map(name);
return [small, tiny.concat(charts.map((c) => 'chart ' + c))];
"""
SKIP = re.compile(r"^/(logout|api/|css/|js/|files/)|/media$|\.(docx|xlsx|csv|svg|png|jpg)(\?|$)|[?&]format=|/attachments/")
PAGES_PER_ROLE = int(os.environ.get("DANGJIAN_PAGES_PER_ROLE", "60"))


def shape(path):
    """A link with its numbers and query values blanked: one page of each kind is opened."""
    parts = urlsplit(path)
    keys = sorted(item.split("=")[0] for item in parts.query.split("&") if item)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def slug(path):
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


class EveryPage(unittest.TestCase):
    def setUp(self):
        self.drivers = []

    def tearDown(self):
        for driver in self.drivers:
            driver.quit()

    def walk(self, role):
        phone, _ = signed_in(role, 360, self.drivers)
        desk, _ = signed_in(role, 1366, self.drivers)
        queue, seen, problems, opened = ["/"], {shape("/")}, [], 0
        while queue and opened < PAGES_PER_ROLE:
            path = queue.pop(0)
            opened += 1
            try:
                phone.get(BASE + path)
            except Exception as error:
                raise AssertionError(f"{role} could not open {path!r}") from error
            refused = phone.find_elements(By.CSS_SELECTOR, ".error-message")
            if refused:
                problems.append(f"{path}: {phone.find_element(By.TAG_NAME, 'h1').text}：{refused[0].text}")
            overflow = phone.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 1:
                wide = phone.execute_script("""
                    const limit = document.documentElement.clientWidth;
                    const clipped = (e) => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= limit + 1) return true; }
                      return false; };
                    const name = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/ +/).join('.') : '')
                      + (e.textContent ? '「' + e.textContent.trim().slice(0, 12) + '」' : '');
                    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > limit + 1 && !clipped(e));
                    return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 3).map(name).join(', ')""")
                problems.append(f"{path}: {overflow}px wider than the phone ({wide})")
            small, tiny = phone.execute_script(PHONE_CHECKS)
            if small:
                problems.append(f"{path}: controls under 44 px on the phone ({', '.join(small)})")
            if tiny:
                problems.append(f"{path}: text under 16 px on the phone ({', '.join(tiny)})")
            phone.save_screenshot(os.path.join(SHOTS, f"pages-{role}-{slug(path)}-360.png"))
            desk.get(BASE + path)
            desk.set_window_size(1366, max(900, min(4000, desk.execute_script("return document.body.scrollHeight"))))
            desk.save_screenshot(os.path.join(SHOTS, f"pages-{role}-{slug(path)}-1366.png"))
            for link in phone.find_elements(By.CSS_SELECTOR, "a[href^='/']"):
                href = (link.get_dom_attribute("href") or "").split("#")[0]
                if href and not SKIP.search(href) and shape(href) not in seen:
                    seen.add(shape(href))
                    queue.append(href)
        self.assertGreater(opened, 1, f"{role} found no links")
        self.assertEqual([], problems, f"{role}: {len(problems)} of {opened} pages")
        return opened


def make(role):
    def test(self):
        self.walk(role)
    test.__name__ = f"test_every_page_as_{role.replace('-', '_')}"
    return test


for _role in ROLES:
    setattr(EveryPage, f"test_every_page_as_{_role.replace('-', '_')}", make(_role))


class PhoneFrame(unittest.TestCase):
    def setUp(self):
        self.drivers = []

    def tearDown(self):
        for driver in self.drivers:
            driver.quit()

    def test_tab_bar_more_and_large_text_that_persists(self):
        phone, wait = signed_in("member", 360, self.drivers)
        # The tab bar: 更多 opens the rest of the navigation.
        phone.find_element(By.CSS_SELECTOR, ".tab-more summary").click()
        phone.find_element(By.XPATH, "//div[@class='tab-sheet']/a[text()='公示栏']").click()
        wait.until(lambda d: d.current_url.endswith("/notices"))
        size = lambda: phone.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
        self.assertGreaterEqual(size(), 16)
        phone.find_element(By.CSS_SELECTOR, "[data-large-text]").click()
        self.assertGreaterEqual(size(), 20)
        phone.refresh()
        self.assertIn("large", phone.find_element(By.TAG_NAME, "html").get_attribute("class") or "")
        self.assertGreaterEqual(size(), 20, "大字模式 stays after a reload")
        phone.save_screenshot(os.path.join(SHOTS, "phone-large-text-360.png"))
        overflow = phone.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.assertLessEqual(overflow, 1, "large text still fits the phone")
        phone.find_element(By.CSS_SELECTOR, "[data-large-text]").click()
        phone.refresh()
        self.assertLess(size(), 20)

    def test_the_org_chart_fits_its_width_and_zooms(self):
        phone, wait = signed_in("county-admin", 360, self.drivers)
        phone.get(BASE + "/organizations")
        chart = phone.find_element(By.XPATH, "//a[text()='组织架构图']").get_attribute("href")
        phone.get(chart)
        width = lambda: phone.execute_script("return document.querySelector('[data-zoom-target] svg').getBoundingClientRect().width")
        box = phone.execute_script("return document.querySelector('[data-zoom-target]').clientWidth")
        natural = width()
        phone.find_element(By.XPATH, "//button[text()='适合宽度']").click()
        self.assertLessEqual(width(), box, "the whole tree fits the phone")
        fitted = width()
        phone.find_element(By.XPATH, "//button[text()='放大']").click()
        self.assertGreater(width(), fitted)
        phone.save_screenshot(os.path.join(SHOTS, "phone-org-chart-zoomed-360.png"))
        phone.find_element(By.XPATH, "//button[text()='原大']").click()
        self.assertAlmostEqual(natural, width(), delta=1)
