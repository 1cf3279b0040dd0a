"""Codes sent by SMS (issue 15): 6 digits, 5 minutes, 3 tries, a cooldown and limits per
number and per address, each refusal in Vietnamese; used to verify a phone when the
contest asks (before voting by default) and to reset a password by phone.

Time is simulated as in test_signin_throttle.py: `time.time` is the codes' clock and the
local cache's. The SMS go to tests/accounts/sms_outbox.py (the `sms` fixture).
"""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from contest.models import Contest, Participant
from tests.factories import PASSWORD, ContestFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

PHONE = "0912345678"
VERIFY = reverse("accounts:phone-verify")


@pytest.fixture
def profile(db):
    return ParticipantFactory(
        phone=PHONE, phone_verified_at=None, user=UserFactory(email=None, verified=False)
    )


@pytest.fixture
def browser(profile):
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(profile.user)
    return client


def send(browser, next_url=""):
    return browser.post(VERIFY, {"action": "send", "next": next_url}, follow=True)


def enter(browser, code, next_url=""):
    return browser.post(VERIFY, {"action": "verify", "code": code, "next": next_url})


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_code_is_six_digits_in_a_vietnamese_sms(browser, sms, clock):
    response = send(browser)
    assert "Chúng tôi đã gửi mã đến 0912345678" in page_text(response)
    ((to, message),) = sms.OUTBOX
    assert to == PHONE
    code = sms.last_code(PHONE)
    assert re.fullmatch(r"\d{6}", code)
    assert message == f"Mã xác minh của bạn là {code}, có hiệu lực 5 phút."


def test_the_right_code_verifies_the_phone_and_returns_to_next(browser, profile, sms, clock):
    send(browser)
    response = enter(browser, sms.last_code(PHONE), next_url="/tac-pham/7/")
    assert response.status_code == 302 and response["Location"] == "/tac-pham/7/"
    profile.refresh_from_db()
    assert profile.phone_verified


def test_a_wrong_code_says_how_many_tries_are_left_and_the_third_ends_the_code(
    browser, profile, sms, clock
):
    send(browser)
    code = sms.last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    first = enter(browser, wrong)
    assert first.status_code == 400
    assert "Mã không đúng. Bạn còn 2 lần thử." in page_text(first)
    assert "Mã không đúng. Bạn còn 1 lần thử." in page_text(enter(browser, wrong))
    third = enter(browser, wrong)
    assert "Bạn đã nhập sai mã quá nhiều lần. Hãy yêu cầu mã mới rồi thử lại." in page_text(third)
    # The right code is no use any more.
    assert "Hãy yêu cầu mã trước." in page_text(enter(browser, code))
    profile.refresh_from_db()
    assert not profile.phone_verified


def test_a_code_expires_after_five_minutes(browser, profile, sms, clock):
    send(browser)
    clock.advance(5 * 60 + 1)
    response = enter(browser, sms.last_code(PHONE))
    assert "Mã này đã hết hạn. Hãy yêu cầu mã mới." in page_text(response)
    profile.refresh_from_db()
    assert not profile.phone_verified


def test_a_new_code_waits_out_the_cooldown_and_the_button_says_how_long(browser, sms, clock):
    send(browser)
    clock.advance(20)
    response = send(browser)
    assert "Mã vừa được gửi. Bạn có thể yêu cầu mã mới sau 40 giây." in page_text(response)
    assert len(sms.OUTBOX) == 1
    # The page's button is disabled, counts down, and says the wait without JavaScript.
    html = page_text(browser.get(VERIFY))
    assert re.search(r'data-countdown="40"[^>]* disabled', html)
    assert "Gửi lại sau 40 giây" in html
    clock.advance(41)
    send(browser)
    assert len(sms.OUTBOX) == 2


def test_one_number_gets_at_most_five_codes_an_hour(browser, sms, clock, settings):
    settings.PHONE_CODE_COOLDOWN = 0
    for _ in range(5):
        send(browser)
    response = send(browser)
    assert "Đã gửi quá nhiều mã đến số này. Hãy thử lại sau" in page_text(response)
    assert len(sms.OUTBOX) == 5


def test_one_address_asks_for_a_limited_number_of_codes(sms, clock, settings):
    settings.PHONE_CODE_COOLDOWN = 0
    settings.PHONE_CODE_SEND_RATE = {"phone": (5, 3600), "ip": (3, 3600)}
    office = "198.51.100.4"
    for i in range(4):
        client = Client(REMOTE_ADDR=office)
        client.force_login(
            ParticipantFactory(phone=f"09870000{i:02d}", phone_verified_at=None).user
        )
        response = send(client)
    assert "Đã có quá nhiều yêu cầu mã từ mạng này. Hãy thử lại sau" in page_text(response)
    assert len(sms.OUTBOX) == 3


def test_an_sms_gateway_failure_is_said_and_no_code_waits(browser, sms, clock, settings):
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.FailingSender"
    response = send(browser)
    assert "Nhà mạng đang bận" in page_text(response)
    assert "Hãy yêu cầu mã trước." in page_text(enter(browser, "123456"))
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.OutboxSender"
    send(browser)  # no cooldown after a message that did not go out
    assert len(sms.OUTBOX) == 1


def test_logs_never_hold_the_code_or_the_whole_number(browser, sms, clock, caplog):
    with caplog.at_level(logging.DEBUG):
        send(browser)
        enter(browser, "000001")
    code = sms.last_code(PHONE)
    assert caplog.records, "the send is logged"
    for record in caplog.records:
        text = record.getMessage()
        assert PHONE not in text and code not in text


def test_an_anonymous_visitor_is_sent_to_sign_in_first(client):
    response = client.get(VERIFY)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_profile_page_links_the_verification_when_a_prize_needs_it(browser, profile):
    ContestFactory(phone_verification=Contest.PhoneVerification.BEFORE_PRIZE)
    html = page_text(browser.get(reverse("contest:profile-edit")))
    assert "Để nhận giải, hãy xác minh số điện thoại bằng mã" in html
    assert f'href="{VERIFY}"' in html


def test_prize_missing_names_what_is_left_before_a_prize(profile):
    contest = ContestFactory(
        phone_verification=Contest.PhoneVerification.BEFORE_PRIZE, prize_requires_cccd=True
    )
    assert contest.prize_missing(profile) == ["phone", "cccd"]
    profile.phone_verified_at = "2026-01-01T00:00:00Z"
    profile.cccd = "094123456789"
    profile.save()
    assert contest.prize_missing(Participant.objects.get(pk=profile.pk)) == []
    contest.phone_verification = Contest.PhoneVerification.NEVER
    assert contest.prize_missing(ParticipantFactory()) == ["cccd"]


# --- Password reset by phone ------------------------------------------------------------
RESET = reverse("accounts:password-reset-phone")
RESET_CODE = reverse("accounts:password-reset-phone-confirm")


def test_a_password_is_reset_by_a_code_sent_to_the_phone(client, profile, sms, clock):
    response = client.post(RESET, {"phone": "+84 912 345 678"})
    assert response["Location"] == RESET_CODE
    response = client.post(
        RESET_CODE, {"code": sms.last_code(PHONE), "password1": "Mat-khau-moi-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(profile.user.pk)
    client.logout()
    assert (
        client.post(reverse("account_login"), {"login": PHONE, "password": PASSWORD}).status_code
        == 200
    )
    ok = client.post(reverse("account_login"), {"login": PHONE, "password": "Mat-khau-moi-2026"})
    assert ok.status_code == 302


def test_a_reset_for_an_unknown_number_looks_the_same_and_sends_nothing(client, sms, clock):
    response = client.post(RESET, {"phone": "0987654321"})
    assert response["Location"] == RESET_CODE
    page = page_text(client.get(RESET_CODE))
    assert "Nếu có tài khoản với số 0987654321" in page
    response = client.post(RESET_CODE, {"code": "123456", "password1": "Mat-khau-moi-2026"})
    assert "Mã không đúng. Bạn còn 2 lần thử." in page_text(response)
    assert sms.OUTBOX == []


def test_a_reset_code_follows_the_same_rules(client, profile, sms, clock):
    client.post(RESET, {"phone": PHONE})
    clock.advance(10)
    again = client.post(RESET_CODE, {"action": "send"}, follow=True)
    assert "Bạn có thể yêu cầu mã mới sau 50 giây" in page_text(again)
    clock.advance(5 * 60)
    response = client.post(
        RESET_CODE, {"code": sms.last_code(PHONE), "password1": "Mat-khau-moi-2026"}
    )
    assert "Mã này đã hết hạn. Hãy yêu cầu mã mới." in page_text(response)
    profile.user.refresh_from_db()
    assert profile.user.check_password(PASSWORD)


def test_the_code_pages_link_the_organizers_contact(client, browser, profile, sms, clock):
    ContestFactory(support_phone="0299 3822 123", support_email="hotro@soctrang.gov.vn")
    html = page_text(browser.get(VERIFY))
    assert 'href="tel:02993822123"' in html and 'href="mailto:hotro@soctrang.gov.vn"' in html
    client.post(RESET, {"phone": PHONE})
    assert 'href="tel:02993822123"' in page_text(client.get(RESET_CODE))
