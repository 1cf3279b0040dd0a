"""The "check your email" pages' "send it again" button (issue 15): disabled with the seconds
left until the cooldown ends, refused by the server before then, and working after it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def resend_button(html: str) -> str:
    return re.search(r'<form[^>]*class="resend-form".*?</form>', html, re.S).group(0)


def test_the_reset_page_offers_the_email_again_only_after_the_cooldown(client, clock, mailoutbox):
    user = UserFactory(email="an@example.org")
    reset = reverse("account_reset_password")

    page = client.post(reset, {"email": "an@example.org"}, follow=True).content.decode()
    assert len(mailoutbox) == 1
    button = resend_button(page)
    assert 'name="email" value="an@example.org"' in button
    assert "disabled" in button and "60 giây" in button

    # Pressed anyway (an old page, a bot): refused with the wait, nothing sent.
    clock.advance(20)
    page = client.post(reset, {"email": user.email}, follow=True).content.decode()
    assert "Bạn có thể yêu cầu gửi lại sau 40 giây" in page
    assert len(mailoutbox) == 1

    clock.advance(41)
    client.post(reset, {"email": user.email})
    assert len(mailoutbox) == 2


def test_the_check_your_email_page_sends_the_confirmation_again_after_the_cooldown(
    client, clock, mailoutbox, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": None}
    user = UserFactory(email="chua@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    page = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    ).content.decode()
    assert len(mailoutbox) == 1
    button = resend_button(page)
    assert f'action="{reverse("accounts:email-resend")}"' in button
    assert "disabled" in button and "180 giây" in button

    resend = reverse("accounts:email-resend")
    clock.advance(100)
    assert "sau 80 giây" in client.post(resend, follow=True).content.decode()
    assert len(mailoutbox) == 1

    clock.advance(81)
    page = client.post(resend, follow=True).content.decode()
    assert "Email xác nhận mới đang được gửi đến bạn." in page
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["chua@example.org"]


def test_the_resend_button_without_a_sent_email_asks_to_sign_in(client):
    response = client.post(reverse("accounts:email-resend"))
    assert response["Location"].startswith(reverse("account_login"))
