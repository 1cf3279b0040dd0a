import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "cchc-demo-2026")
    page.locator("form.stack button[type=submit]").click()


def start_open_round(page, base):
    page.goto(base + "/")
    page.locator("a.round-card.open").first.click()
    page.locator("form.card button[type=submit]").click()


def shown(page):
    """The question on screen (the page holds them all, one shown at a time)."""
    return page.locator(".question-screen:not([hidden])")


def test_participant_takes_a_whole_round_on_a_phone(site_server, phone):
    # thisinh11 has not taken the demo's open round yet.
    sign_in(phone, site_server.url, "thisinh11@example.org")
    start_open_round(phone, site_server.url)

    expect(phone.locator(".countdown")).to_have_text(re.compile(r"^(19|20):\d\d$"))
    total = int(shown(phone).locator(".q-number").inner_text().split("/")[-1])
    requests = []
    phone.on("request", lambda request: requests.append(request.method + " " + request.url))
    for number in range(1, total + 1):
        expect(shown(phone).locator(".q-number")).to_contain_text(f"{number}/{total}")
        shown(phone).locator(".choice").first.click()
        # Saved to the server as soon as it is chosen.
        expect(shown(phone).locator(".save-status")).to_have_text("Đã lưu")
        expect(phone.locator(".answered-count")).to_have_text(str(number))
        if number == 3:
            phone.reload()  # a reload shows the same question and the saved answer
            expect(shown(phone).locator(".q-number")).to_contain_text(f"3/{total}")
            expect(shown(phone).locator(".choice input").first).to_be_checked()
        if number < total:
            shown(phone).locator("button[name=go][value=next]").click()
    # Once saved, moving to the next question costs no request: only the autosaves went out.
    assert [
        r for r in requests if "/tra-loi/" not in r and "/bai-thi/" in r and "?q=3" not in r
    ] == []

    shown(phone).locator("button[name=go][value=review]").click()
    expect(phone.locator(".message.success")).to_be_visible()  # nothing left unanswered
    phone.fill("#id_prediction", "7")
    phone.locator("form.card button[type=submit]").click()

    expect(phone.locator(".big-score")).to_have_text(re.compile(rf"^\d+/{total}$"))
    expect(phone.locator(".result")).to_contain_text(re.compile(r"\d+/\d+"))
    # The key is not shown while the round is open.
    expect(phone.locator(".review-item")).to_have_count(0)


def test_an_answer_chosen_offline_is_saved_when_the_connection_returns(site_server, phone):
    sign_in(phone, site_server.url, "thisinh10@example.org")
    start_open_round(phone, site_server.url)
    expect(shown(phone).locator(".q-number")).to_be_visible()

    phone.context.set_offline(True)
    shown(phone).locator(".choice").nth(1).click()
    expect(shown(phone).locator(".save-status")).to_contain_text("Chưa lưu được")
    phone.context.set_offline(False)
    expect(shown(phone).locator(".save-status")).to_have_text("Đã lưu", timeout=20_000)

    phone.reload()
    expect(shown(phone).locator(".choice input").nth(1)).to_be_checked()


def test_the_quiz_works_without_javascript(site_server, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, site_server.url, "thisinh12@example.org")
    start_open_round(page, site_server.url)
    expect(shown(page).locator(".q-number")).to_contain_text("1/")
    shown(page).locator(".choice").first.click()
    shown(page).locator("button[name=go][value=next]").click()  # the form saves, then page 2
    expect(shown(page).locator(".q-number")).to_contain_text("2/")
    expect(page.locator(".jump a.answered")).to_have_count(1)
    context.close()
