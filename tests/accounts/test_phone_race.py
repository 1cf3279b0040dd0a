"""One number, one account, even when two people sign up with it at the same moment.

The form's check sees no account for either; the database's unique constraint on the
profile's phone decides, and the loser gets the form back with the Vietnamese message.
"""

import os
import threading

import pytest
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.forms import PhoneSignupForm
from contest.models import Participant

PHONE = "0912345678"
TAKEN = "Số điện thoại này đã được đăng ký cho một tài khoản khác"


def signup_data(name: str, spelling: str = PHONE) -> dict:
    return {
        "full_name": name,
        "phone": spelling,
        "password1": "Mat-khau-rat-manh-2026",
        "participant_type": "citizen",
        "commune": "Phường 5",
        "consent": "on",
    }


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_checked_sign_ups_meets_the_constraint_not_a_500():
    request = RequestFactory().post(reverse("account_signup"))
    request.session = Client().session
    first = PhoneSignupForm(signup_data("Trần Thị Mai"))
    second = PhoneSignupForm(signup_data("Lê Văn Bình", "+84 912 345 678"))
    assert first.is_valid(), first.errors
    assert second.is_valid(), second.errors  # both checked before either is saved
    first.try_save(request)
    user, response = second.try_save(request)
    assert user is None
    assert TAKEN in response.render().content.decode()
    # The loser's account went with its profile: one transaction.
    assert Participant.objects.filter(phone=PHONE).count() == 1
    assert Participant.objects.get().full_name == "Trần Thị Mai"
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 1


@pytest.mark.scaleout
@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_racing_on_postgresql_one_wins_the_other_is_told():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        message = "the race is run on PostgreSQL (DATABASE_URL)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    responses = []

    def sign_up(name, spelling):
        browser = Client(REMOTE_ADDR=f"203.0.113.{len(name)}")
        browser.get(reverse("account_signup"))
        try:
            barrier.wait()
            responses.append(browser.post(reverse("account_signup"), signup_data(name, spelling)))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up, args=("Trần Thị Mai", "0912 345 678")),
        threading.Thread(target=sign_up, args=("Lê Văn Bình", "84912345678")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 302]
    loser = next(response for response in responses if response.status_code == 200)
    assert TAKEN in loser.content.decode()
    assert Participant.objects.filter(phone=PHONE).count() == 1
