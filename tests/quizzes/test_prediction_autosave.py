"""The prediction is saved as it is typed, through the answer endpoint, so time-up keeps it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Round
from quizzes.services.attempts import attempt_start, attempts_sweep
from quizzes.services.ranking import round_close
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(client):
    participant = ParticipantFactory()
    round = make_round(prediction=Round.Prediction.PERFECT)
    attempt = attempt_start(participant=participant, round=round)
    client.force_login(participant.user)
    return attempt


def save(client, attempt, value):
    return client.post(
        reverse("quizzes:attempt-answer", args=[attempt.token]), {"prediction": value}
    )


def test_a_typed_prediction_is_saved_at_once(client, running):
    response = save(client, running, "1.250")
    assert response.status_code == 200 and response.json()["ok"] is True
    assert Attempt.objects.get(pk=running.pk).prediction == 1250


def test_a_prediction_that_is_not_a_number_is_a_400_in_vietnamese(client, running):
    save(client, running, "12")
    response = save(client, running, "mười hai")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"] == "bad_prediction"
    assert "số nguyên" in body["message"]
    assert Attempt.objects.get(pk=running.pk).prediction == 12  # the last good one is kept


def test_a_prediction_after_time_is_up_is_refused(client, running, settings):
    grace = timedelta(seconds=settings.QUIZ_ANSWER_GRACE_SECONDS)
    Attempt.objects.filter(pk=running.pk).update(deadline=timezone.now() - grace - timedelta(1))
    response = save(client, running, "30")
    assert response.status_code == 409
    assert response.json()["error"] in {"too_late", "finished"}
    assert Attempt.objects.get(pk=running.pk).prediction is None


def test_the_kept_prediction_counts_when_the_time_runs_out(client, running, settings):
    answer(running)
    save(client, running, "1")
    grace = timedelta(seconds=settings.QUIZ_ANSWER_GRACE_SECONDS)
    Attempt.objects.filter(pk=running.pk).update(deadline=timezone.now() - grace - timedelta(1))
    assert attempts_sweep() == 1
    attempt = Attempt.objects.get(pk=running.pk)
    assert attempt.finish_reason == Attempt.Finish.TIMED_OUT and attempt.prediction == 1
    round = attempt.round
    round.closes_at = timezone.now() - grace - timedelta(seconds=1)
    round.opens_at = timezone.now() - timedelta(days=2)
    round.save()
    round_close(round=round)
    entry = round.ranking.get()
    # One perfect score, predicted 1: no error on the tie-break.
    assert entry.prediction == 1 and entry.prediction_error == 0
