"""On a 390x844 phone: a new participant signs up with a phone and no email, votes in the
gallery, is asked to verify the phone first, reads the code the SMS gateway received, and
is back on the entry with the vote counted (issue 15).

The site runs as `make run` does (daphne, its own SQLite file, the demo loaded) with the
HTTP gateway sender (accounts/sms.py, SMS_BACKEND=http) pointed at a real HTTP server in
this process (tests/accounts/test_sms.py's Gateway), which records what it is sent.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.accounts.test_sms import Gateway
from tests.browser.conftest import browser, phone  # noqa: F401 (fixtures)
from tests.servers import Daphne, manage, server_env

pytestmark = pytest.mark.browser

NUMBER = "0977 123 456"


@pytest.fixture(scope="module")
def gateway():
    server = Gateway()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sms_site(tmp_path_factory, gateway):
    workdir = tmp_path_factory.mktemp("phone-site")
    env = server_env(
        DJANGO_DEBUG="1",
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        EMAIL_FILE_PATH=str(workdir / "mail"),
        MEDIA_ROOT=str(workdir / "media"),
        SMS_BACKEND="http",
        SMS_GATEWAY_URL=gateway.url + "/api/sms",
        SMS_GATEWAY_TOKEN="tests-only-token",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    server = Daphne(env, workdir / "daphne.log")
    yield server.url
    server.stop()


def code_sent_to(gateway, number: str) -> str:
    for request in reversed(gateway.received):
        body = json.loads(request["body"])
        if body["phone"] == number:
            assert request["headers"]["Authorization"] == "Bearer tests-only-token"
            return re.search(r"\b(\d{6})\b", body["message"]).group(1)
    raise AssertionError(f"the gateway received no SMS for {number}")


def test_a_new_phone_participant_verifies_by_code_before_voting(sms_site, gateway, phone):  # noqa: F811
    phone.goto(sms_site + "/thu-vien/")
    phone.locator(".entry-card").first.click()
    entry_url = phone.url
    assert re.search(r"/thu-vien/\d+/$", entry_url)
    entry_path = entry_url.removeprefix(sms_site)

    # A brand-new participant: one short screen, no email.
    phone.goto(f"{sms_site}/accounts/signup/?next={entry_path}")
    phone.fill("#id_full_name", "Trần Văn Bình")
    phone.fill("#id_phone", NUMBER)
    phone.fill("#id_password1", "Mat-khau-rat-manh-2026")
    phone.locator(".password-toggle").click()  # show what was typed
    expect(phone.locator("#id_password1")).to_have_attribute("type", "text")
    phone.get_by_label("Người dân").check()
    phone.fill("#id_commune", "Phường Phú Lợi")
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Đăng ký và bắt đầu").click()
    expect(phone).to_have_url(entry_url)

    # The vote asks for the phone first.
    count = phone.locator("[data-count]")
    before = int(count.text_content()) if count.count() else None
    phone.locator(".vote-button").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xác minh số điện thoại")
    phone.get_by_role("button", name="Gửi mã cho tôi").click()
    expect(phone.locator(".message").first).to_contain_text("Chúng tôi đã gửi mã đến 0977123456")
    # The resend button waits out its cooldown, counting down.
    expect(phone.locator("button[data-countdown]")).to_be_disabled()

    phone.fill("#id_code", code_sent_to(gateway, "0977123456"))
    phone.get_by_role("button", name="Xác minh", exact=True).click()
    expect(phone).to_have_url(entry_url)
    expect(phone.locator(".message").first).to_contain_text("đã được xác minh")

    phone.locator(".vote-button").click()
    expect(phone.locator("[data-status]")).to_contain_text("bình chọn")
    if before is not None:
        expect(count).to_have_text(str(before + 1))
    expect(phone.locator("input[name=action]")).to_have_value("withdraw")
