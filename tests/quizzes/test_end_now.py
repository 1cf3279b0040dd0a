""" "Kết thúc ngay": an organizer ends a running round at once, after a confirmation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contest.models import AuditEntry
from quizzes.models import Attempt, RankingEntry, Round
from quizzes.services.attempts import answer_save, attempt_start
from quizzes.services.ranking import round_end_now
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import answer, correct_keys, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    """A round open since an hour ago for another week, no prediction question."""
    now = timezone.now()
    return make_round(
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        prediction=Round.Prediction.NONE,
        time_limit_minutes=60,
        prizes_first=1,
        prizes_second=1,
    )


def test_attempts_in_progress_are_finished_at_that_moment_and_scored(running, organizer):
    start = timezone.now() - timedelta(minutes=30)
    done, busy, fresh = (ParticipantFactory() for _i in range(3))
    take(running, done, start=start, seconds=120, wrong=1)
    # busy has answered two questions right and is still working.
    attempt = attempt_start(participant=busy, round=running, now=start)
    for item in attempt.items.order_by("position")[:2]:
        answer_save(attempt=attempt, position=item.position, keys=correct_keys(item), now=start)
    just_started = attempt_start(
        participant=fresh, round=running, now=start + timedelta(minutes=29)
    )
    moment = start + timedelta(minutes=30)

    round_end_now(round=running, actor=organizer, now=moment)

    running.refresh_from_db()
    assert running.closes_at == moment and running.closed_at == moment
    attempt.refresh_from_db()
    just_started.refresh_from_db()
    assert attempt.finished_at == moment and attempt.score == 2
    assert just_started.finished_at == moment and just_started.score == 0
    ranking = list(running.ranking.order_by("rank").values_list("participant__full_name", "score"))
    assert ranking == [(done.full_name, 4), (busy.full_name, 2), (fresh.full_name, 0)]
    assert RankingEntry.objects.filter(round=running, prize="first").count() == 1


def test_a_late_answer_after_the_end_is_refused(running, organizer):
    person = ParticipantFactory()
    attempt = attempt_start(participant=person, round=running)
    round_end_now(round=running, actor=organizer)
    item = attempt.items.first()
    with pytest.raises(ValidationError):
        answer_save(attempt=attempt, position=item.position, keys=correct_keys(item))
    with pytest.raises(ValidationError):
        attempt_start(participant=ParticipantFactory(), round=Round.objects.get(pk=running.pk))


def test_the_end_is_audited_as_a_new_closing_time_and_a_close(running, organizer):
    before = running.closes_at
    round_end_now(round=running, actor=organizer)
    entries = AuditEntry.objects.filter(target_id=running.pk).order_by("id")
    edit, close = entries
    assert (edit.action, edit.actor) == (AuditEntry.Action.ROUND_EDIT, organizer)
    assert list(edit.changes) == ["closes_at"]
    old, new = edit.changes["closes_at"]
    assert old != new and str(before.year) in str(old)
    assert (close.action, close.actor) == (AuditEntry.Action.ROUND_CLOSE, organizer)


def test_ending_twice_changes_nothing(running, organizer):
    round_end_now(round=running, actor=organizer)
    closed_at = Round.objects.get(pk=running.pk).closed_at
    again = round_end_now(round=Round.objects.get(pk=running.pk), actor=organizer)
    assert again.closed_at == closed_at
    assert AuditEntry.objects.filter(target_id=running.pk).count() == 2


def test_a_round_that_has_not_opened_cannot_be_ended(organizer):
    later = make_round(opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError):
        round_end_now(round=later, actor=organizer)
    assert Round.objects.get(pk=later.pk).closed_at is None


def test_the_dashboard_asks_for_confirmation_before_ending(client, organizer, running):
    person = ParticipantFactory()
    attempt = attempt_start(participant=person, round=running)
    answer(attempt)
    client.force_login(organizer)
    dashboard = client.get(reverse("quizzes:round-dashboard", args=[running.pk]))
    url = reverse("quizzes:round-end-now", args=[running.pk])
    assert url in dashboard.content.decode()

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kết thúc ngay" in text and "nộp ngay 1 lượt thi đang làm" in text
    assert Round.objects.get(pk=running.pk).closed_at is None  # nothing happens on GET

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("quizzes:round-dashboard", args=[running.pk])
    assert Round.objects.get(pk=running.pk).closed_at is not None
    assert Attempt.objects.get(pk=attempt.pk).finished_at is not None
    assert url not in response.content.decode()  # the button goes once the round is closed
