"""At 0:00 the phone finishes the attempt; an overdue attempt is finished by the next request
of any attempt page, and by the sweep, which stays cheap when nothing is due."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Round
from quizzes.services.attempts import attempt_start, attempts_overdue, attempts_sweep
from tests.factories import ParticipantFactory, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(client):
    participant = ParticipantFactory()
    attempt = attempt_start(
        participant=participant, round=make_round(prediction=Round.Prediction.PERFECT)
    )
    client.force_login(participant.user)
    return attempt


def at_deadline(attempt, seconds_ago=0):
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=seconds_ago)
    )


def time_up(client, attempt, **data):
    return client.post(reverse("quizzes:attempt-time-up", args=[attempt.token]), data)


def test_time_up_finishes_the_attempt_with_the_prediction_just_typed(client, running):
    at_deadline(running)
    response = time_up(client, running, prediction="77")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "result_url": reverse("quizzes:attempt-result", args=[running.token]),
    }
    attempt = Attempt.objects.get(pk=running.pk)
    assert attempt.is_finished and attempt.finish_reason == Attempt.Finish.TIMED_OUT
    assert attempt.prediction == 77


def test_time_up_without_a_prediction_keeps_the_one_saved(client, running):
    Attempt.objects.filter(pk=running.pk).update(prediction=5)
    at_deadline(running)
    assert time_up(client, running, prediction="năm").status_code == 200
    assert Attempt.objects.get(pk=running.pk).prediction == 5


def test_time_up_sent_twice_is_fine(client, running):
    at_deadline(running)
    first, second = time_up(client, running), time_up(client, running)
    assert first.json() == second.json()
    assert Attempt.objects.filter(finished_at__isnull=False).count() == 1


def test_time_up_before_the_deadline_is_refused_in_vietnamese(client, running):
    response = time_up(client, running)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "not_due" and "Chưa hết giờ" in body["message"]
    assert body["remaining"] > 60
    assert not Attempt.objects.get(pk=running.pk).is_finished


def test_time_up_of_someone_elses_attempt_is_not_found(client, running):
    client.force_login(ParticipantFactory().user)
    at_deadline(running)
    assert time_up(client, running).status_code == 404
    assert not Attempt.objects.get(pk=running.pk).is_finished


@pytest.mark.parametrize(
    "page", ["attempt-detail", "attempt-review", "attempt-result", "round-detail"]
)
def test_an_overdue_attempt_is_finished_by_the_next_request(client, running, page, settings):
    at_deadline(running, seconds_ago=settings.QUIZ_ANSWER_GRACE_SECONDS + 1)
    args = [running.round_id] if page == "round-detail" else [running.token]
    response = client.get(reverse(f"quizzes:{page}", args=args))
    assert response.status_code in (200, 302)
    attempt = Attempt.objects.get(pk=running.pk)
    assert attempt.finish_reason == Attempt.Finish.TIMED_OUT
    assert attempt.finished_at == attempt.deadline
    if page == "round-detail":
        html = response.content.decode()
        assert reverse("quizzes:attempt-result", args=[running.token]) in html
        assert "Continue my attempt" not in html and "Tiếp tục" not in html


def test_the_sweep_of_attempts_with_nothing_due_is_one_query(django_assert_num_queries, running):
    with django_assert_num_queries(1):
        assert attempts_sweep() == 0


def test_the_sweeps_query_searches_the_index_of_unfinished_attempts(running):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's planner reads a table this small whole")
    plan = attempts_overdue(now=timezone.now()).explain()
    assert "USING INDEX quizzes_attempt_due" in plan
    assert "ORDER BY" not in plan


@pytest.mark.django_db(transaction=True)  # the command closes old connections
def test_the_sweep_command_finishes_what_is_due(running, settings):
    at_deadline(running, seconds_ago=settings.QUIZ_ANSWER_GRACE_SECONDS + 1)
    call_command("sweep")
    assert Attempt.objects.get(pk=running.pk).is_finished


def test_the_deployments_sweep_every_five_seconds():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name in ["Makefile", "deploy/serve-scaled.sh", "deploy/systemd/cchc-sweep.service"]:
        text = (root / name).read_text()
        assert "sweep --every 5" in text, name
