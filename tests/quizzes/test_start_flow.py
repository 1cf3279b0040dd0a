"""A visitor's "Bắt đầu": through sign-up or sign-in, straight into the attempt."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services.attempts import attempt_start
from tests.factories import PASSWORD, ParticipantFactory, make_round

pytestmark = pytest.mark.django_db


def next_of(location: str) -> str:
    return parse_qs(urlparse(location).query)["next"][0]


def test_a_visitors_start_goes_to_sign_up_with_the_way_back_to_the_attempt(client):
    round = make_round()
    response = client.post(reverse("quizzes:round-start", args=[round.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_signup"))
    assert next_of(response["Location"]) == reverse("quizzes:round-start", args=[round.pk])
    assert not Attempt.objects.exists()


def test_a_visitor_who_signs_in_lands_in_the_attempt(client):
    round = make_round()
    participant = ParticipantFactory()
    asked = client.post(reverse("quizzes:round-start", args=[round.pk]), {"via": "login"})
    assert asked["Location"].startswith(reverse("account_login"))
    back = next_of(asked["Location"])

    signed_in = client.post(
        reverse("account_login"),
        {"login": participant.user.email, "password": PASSWORD, "next": back},
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == back
    started = client.get(back)
    attempt = Attempt.objects.get(participant=participant, round=round)
    assert started["Location"] == reverse("quizzes:attempt-detail", args=[attempt.token])
    assert client.get(started["Location"]).status_code == 200


def test_the_intent_is_used_once(client):
    round = make_round(max_attempts=3)
    participant = ParticipantFactory()
    client.post(reverse("quizzes:round-start", args=[round.pk]))
    client.force_login(participant.user)
    url = reverse("quizzes:round-start", args=[round.pk])
    assert client.get(url)["Location"].startswith("/bai-thi/")
    Attempt.objects.update(finished_at=timezone.now())
    # A second visit of the same address (a link, a reload) starts nothing more.
    assert client.get(url)["Location"] == reverse("quizzes:round-detail", args=[round.pk])
    assert Attempt.objects.count() == 1


def test_a_start_address_opened_without_asking_starts_nothing(client):
    round = make_round()
    client.force_login(ParticipantFactory().user)
    response = client.get(reverse("quizzes:round-start", args=[round.pk]))
    assert response["Location"] == reverse("quizzes:round-detail", args=[round.pk])
    assert not Attempt.objects.exists()


def test_an_intent_for_another_round_does_not_start_this_one(client):
    asked, other = make_round(), make_round(title="Đợt 2")
    client.post(reverse("quizzes:round-start", args=[asked.pk]))
    client.force_login(ParticipantFactory().user)
    response = client.get(reverse("quizzes:round-start", args=[other.pk]))
    assert response["Location"] == reverse("quizzes:round-detail", args=[other.pk])
    assert not Attempt.objects.exists()


def test_a_visitor_with_an_attempt_running_is_taken_back_to_it(client):
    round = make_round()
    participant = ParticipantFactory()
    running = attempt_start(participant=participant, round=round)
    client.post(reverse("quizzes:round-start", args=[round.pk]))
    client.force_login(participant.user)
    response = client.get(reverse("quizzes:round-start", args=[round.pk]))
    assert response["Location"] == reverse("quizzes:attempt-detail", args=[running.token])
    assert Attempt.objects.count() == 1


def test_a_signed_in_user_without_a_profile_fills_it_in_then_starts(client, user):
    round = make_round()
    client.force_login(user)
    response = client.post(reverse("quizzes:round-start", args=[round.pk]))
    assert response["Location"].startswith(reverse("contest:profile-edit"))
    assert next_of(response["Location"]) == reverse("quizzes:round-start", args=[round.pk])
    ParticipantFactory(user=user)
    started = client.get(next_of(response["Location"]))
    assert started["Location"].startswith("/bai-thi/")


def test_the_rules_of_starting_still_apply_after_signing_in(client):
    round = make_round(max_attempts=1)
    participant = ParticipantFactory()
    done = attempt_start(participant=participant, round=round)
    Attempt.objects.filter(pk=done.pk).update(finished_at=timezone.now(), score=0)
    client.post(reverse("quizzes:round-start", args=[round.pk]))
    client.force_login(participant.user)
    response = client.get(reverse("quizzes:round-start", args=[round.pk]), follow=True)
    assert "Bạn đã dùng hết 1 lượt" in response.content.decode()
    assert Attempt.objects.count() == 1


def test_a_round_that_closed_meanwhile_says_so_instead_of_starting(client):
    round = make_round()
    client.post(reverse("quizzes:round-start", args=[round.pk]))
    round.closes_at = timezone.now() - timedelta(seconds=1)
    round.opens_at = timezone.now() - timedelta(days=1)
    round.save()
    client.force_login(ParticipantFactory().user)
    response = client.get(reverse("quizzes:round-start", args=[round.pk]), follow=True)
    assert "không nhận thêm lượt thi" in response.content.decode()
    assert not Attempt.objects.exists()


def test_visitors_see_the_start_button_on_the_round_page(client):
    round = make_round()
    html = client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode()
    assert f'action="{reverse("quizzes:round-start", args=[round.pk])}"' in html
    assert 'name="via" value="login"' in html
