"""Before voting, a phone account verifies its phone by code when the contest says so
(the default), and comes back to the entry it was voting for (issue 15)."""

import pytest
from django.urls import reverse

from contest.models import Contest
from gallery.models import Vote
from tests.factories import ParticipantFactory, UserFactory
from tests.gallery.conftest import _private_root, gallery, make_poem  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(gallery):  # noqa: F811
    return make_poem(gallery)


@pytest.fixture
def phone_voter(client):
    profile = ParticipantFactory(
        phone="0912345678", phone_verified_at=None, user=UserFactory(email=None, verified=False)
    )
    client.force_login(profile.user)
    return profile


def vote(client, entry, **headers):
    return client.post(reverse("gallery:vote", args=[entry.pk]), {"action": "cast"}, **headers)


def test_an_unverified_phone_is_sent_to_verify_and_back_to_the_entry(
    client, entry, phone_voter, sms
):
    response = vote(client, entry)
    detail = reverse("gallery:entry-detail", args=[entry.pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:phone-verify") + f"?next={detail}"
    assert not Vote.objects.exists()
    client.post(reverse("accounts:phone-verify"), {"action": "send", "next": detail})
    done = client.post(
        reverse("accounts:phone-verify"),
        {"action": "verify", "code": sms.last_code("0912345678"), "next": detail},
    )
    assert done["Location"] == detail
    assert vote(client, entry).status_code == 302
    assert Vote.objects.filter(voter=phone_voter.user).count() == 1


def test_a_script_vote_gets_the_verify_address_in_json(client, entry, phone_voter):
    response = vote(client, entry, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 403
    body = response.json()
    assert body["ok"] is False and "xác minh số điện thoại" in body["message"]
    assert body["login"].startswith(reverse("accounts:phone-verify"))


@pytest.mark.parametrize(
    "setting", [Contest.PhoneVerification.NEVER, Contest.PhoneVerification.BEFORE_PRIZE]
)
def test_a_contest_that_does_not_ask_lets_a_phone_account_vote(client, entry, phone_voter, setting):
    Contest.objects.update(phone_verification=setting)
    assert vote(client, entry).status_code == 302
    assert Vote.objects.filter(voter=phone_voter.user).count() == 1


def test_an_email_account_without_a_phone_votes_with_its_verified_email(client, entry):
    client.force_login(UserFactory())
    vote(client, entry)
    assert Vote.objects.count() == 1
