"""志愿服务 and the 爱心超市 in a real headless Chromium on 360 px phones: a member signs up for an activity; the village
secretary confirms the hours of the one held yesterday (three typed, two credited: the rule); the member opens the
service card, whose QR zbarimg reads from the screenshot; the secretary opens that address at the counter, a first
exchange beyond the balance is refused with nothing lost, a towel is exchanged, the receipt shows the new balance; the
member's passbook shows both movements and hours served unchanged."""
import subprocess
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from member_edit_journey import BASE, SHOTS, PeopleJourney, signed_in


def amount(text, caption):
    """The number after `caption` in a page's fields (`积分余额 3.5 分`)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(caption):
            rest = line[len(caption):].strip() or (lines[index + 1] if index + 1 < len(lines) else "")
            return float(rest.split()[0])
    raise AssertionError(f"no {caption} in: {text}")


class VolunteerJourney(PeopleJourney):
    def test_sign_up_confirmed_hours_and_an_exchange_by_qr(self):
        member, wait = signed_in("member", 360, self.drivers)
        member.get(BASE + "/volunteer")
        before = amount(member.find_element(By.TAG_NAME, "main").text, "积分余额")
        self.tap(member, member.find_element(By.LINK_TEXT, "冬季送温暖入户走访"))
        self.tap(member, wait.until(EC.element_to_be_clickable((By.XPATH, "//button[text()='报名参加']"))))
        wait.until(EC.url_contains("notice=saved"))
        self.assertIn("已报名", member.find_element(By.TAG_NAME, "main").text)
        self.assertEqual(member.execute_script("return document.documentElement.scrollWidth"), 360)

        # The secretary confirms yesterday's hours: three typed, two credited.
        secretary, swait = signed_in("branch-secretary", 360, self.drivers)
        secretary.get(BASE + "/volunteer/manage")
        self.tap(secretary, secretary.find_element(By.LINK_TEXT, "周末义务理发"))
        fields = swait.until(EC.presence_of_all_elements_located((By.CSS_SELECTOR, "form[action$='/confirm'] input[name^='hours-']")))
        self.assertEqual(len(fields), 2)
        for field in fields:
            field.clear()
            field.send_keys("3")
        secretary.save_screenshot(f"{SHOTS}/volunteer-confirm-phone.png")
        self.tap(secretary, secretary.find_element(By.XPATH, "//button[text()='确认服务时长']"))
        swait.until(EC.url_contains("notice=saved"))
        roster = secretary.find_element(By.TAG_NAME, "main").text
        self.assertIn("已确认时长", roster)
        self.assertIn("3 小时", roster)

        # The member's card: what zbarimg reads from the screen is the counter's address with the card.
        member.get(BASE + "/volunteer/card")
        wait.until(lambda d: d.execute_script("const i = document.querySelector('img.qr'); return i && i.complete && i.naturalWidth > 0"))
        shot = f"{SHOTS}/volunteer-card-phone.png"
        member.save_screenshot(shot)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", shot], capture_output=True, text=True, check=True).stdout.strip()
        self.assertIn("/volunteer/counter?card=", read)
        member.get(BASE + "/volunteer")
        after = amount(member.find_element(By.TAG_NAME, "main").text, "积分余额")
        self.assertEqual(after, before + 2, "three hours typed, two credited")

        # At the counter: too much is refused and what was chosen stays; then a towel.
        counter = BASE + read[read.index("/volunteer/counter"):]
        secretary.get(counter)
        main = swait.until(EC.presence_of_element_located((By.TAG_NAME, "main"))).text
        self.assertIn("持卡人", main)
        self.assertNotIn("余秀梅", main, "the counter shows the name masked")
        oil = secretary.find_element(By.XPATH, "//label[contains(., '食用油')]//input")
        oil.clear()
        oil.send_keys("1")
        self.tap(secretary, secretary.find_element(By.XPATH, "//button[text()='兑换']"))
        errors = swait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".errors"))).text
        self.assertIn("积分不足", errors)
        self.assertEqual(secretary.find_element(By.NAME, "card").get_attribute("value"), read.split("card=")[1])
        secretary.save_screenshot(f"{SHOTS}/volunteer-counter-refused-phone.png")
        towel = secretary.find_element(By.XPATH, "//label[contains(., '毛巾')]//input")
        towel.clear()
        towel.send_keys("1")
        oil = secretary.find_element(By.XPATH, "//label[contains(., '食用油')]//input")
        oil.clear()
        oil.send_keys("0")
        self.tap(secretary, secretary.find_element(By.XPATH, "//button[text()='兑换']"))
        swait.until(EC.url_contains("/volunteer/receipts/"))
        receipt = secretary.find_element(By.TAG_NAME, "main").text
        self.assertIn("毛巾", receipt)
        self.assertIn(f"兑换后积分余额：{after - 1:g} 分", receipt)
        secretary.save_screenshot(f"{SHOTS}/volunteer-receipt-phone.png")

        # The member's passbook: one point out, hours served as they were.
        member.get(BASE + "/volunteer/passbook")
        book = member.find_element(By.TAG_NAME, "main").text
        self.assertIn("爱心超市兑换", book)
        self.assertIn("-1", book)
        self.assertEqual(amount(book, "积分余额"), after - 1)
        self.assertIn("本季度的兑换次数已用完", book)
        member.save_screenshot(f"{SHOTS}/volunteer-passbook-phone.png")


if __name__ == "__main__":
    unittest.main()
