import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "cchc-demo-2026")
    page.locator("form.stack button[type=submit]").click()


def test_participant_takes_a_whole_round_on_a_phone(site_server, phone):
    # thisinh11 has not taken the demo's open round yet.
    sign_in(phone, site_server.url, "thisinh11@example.org")
    phone.goto(site_server.url + "/")
    phone.locator("a.round-card.open").first.click()
    phone.locator("form.card button[type=submit]").click()

    expect(phone.locator(".countdown")).to_have_text(re.compile(r"^(19|20):\d\d$"))
    total = int(phone.locator(".q-number").inner_text().split("/")[-1])
    for number in range(1, total + 1):
        expect(phone.locator(".q-number")).to_contain_text(f"{number}/{total}")
        phone.locator(".choice").first.click()
        # Saved to the server as soon as it is chosen.
        expect(phone.locator(".save-status")).to_have_text("Đã lưu")
        if number == 3:
            phone.reload()  # a reload shows the same question and the saved answer
            expect(phone.locator(".q-number")).to_contain_text(f"3/{total}")
            expect(phone.locator(".choice input").first).to_be_checked()
        if number < total:
            phone.locator("button[name=go][value=next]").click()

    phone.locator("button[name=go][value=review]").click()
    expect(phone.locator(".message.success")).to_be_visible()  # nothing left unanswered
    phone.fill("#id_prediction", "7")
    phone.locator("form.card button[type=submit]").click()

    expect(phone.locator(".big-score")).to_have_text(re.compile(rf"^\d+/{total}$"))
    expect(phone.locator(".result")).to_contain_text(re.compile(r"\d+/\d+"))
    # The key is not shown while the round is open.
    expect(phone.locator(".review-item")).to_have_count(0)


def test_an_answer_chosen_offline_is_saved_when_the_connection_returns(site_server, phone):
    sign_in(phone, site_server.url, "thisinh10@example.org")
    phone.goto(site_server.url + "/")
    phone.locator("a.round-card.open").first.click()
    phone.locator("form.card button[type=submit]").click()
    expect(phone.locator(".q-number")).to_be_visible()

    phone.context.set_offline(True)
    phone.locator(".choice").nth(1).click()
    expect(phone.locator(".save-status")).to_contain_text("Chưa lưu được")
    phone.context.set_offline(False)
    expect(phone.locator(".save-status")).to_have_text("Đã lưu", timeout=20_000)

    phone.reload()
    expect(phone.locator(".choice input").nth(1)).to_be_checked()
