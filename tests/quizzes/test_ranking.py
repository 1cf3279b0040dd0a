from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes.models import RankingEntry, Round
from quizzes.services.attempts import attempt_start
from quizzes.services.ranking import prediction_target, round_close, round_publish, rounds_close_due
from tests.factories import OrganizerFactory, ParticipantFactory, make_round
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db

OPENED = timezone.now() - timedelta(days=3)


def closed_round(**fields):
    """A round that opened three days ago and closes one day later than that."""
    fields.setdefault("opens_at", OPENED)
    fields.setdefault("closes_at", OPENED + timedelta(days=1))
    return make_round(**fields)


def after_close(round):
    return round.closes_at + timedelta(minutes=5)


def people(n):
    return [ParticipantFactory() for _ in range(n)]


def test_n_counts_distinct_people_with_a_perfect_score():
    round = closed_round(prediction=Round.Prediction.PERFECT)
    a, b, c = people(3)
    take(round, a, start=OPENED, seconds=60, prediction=2)
    take(round, a, start=OPENED + timedelta(hours=1), seconds=50, prediction=2)  # perfect twice
    take(round, b, start=OPENED, seconds=60, prediction=2)
    take(round, c, start=OPENED, seconds=60, wrong=1, prediction=2)
    assert prediction_target(round) == 2


def test_n_counts_participants_when_the_round_predicts_participation():
    round = closed_round(prediction=Round.Prediction.PARTICIPANTS)
    for person in people(3):
        take(round, person, start=OPENED, seconds=60, wrong=2, prediction=1)
    assert prediction_target(round) == 3


def test_official_order_on_crafted_ties():
    round = closed_round(prediction=Round.Prediction.PERFECT, max_attempts=1)
    close_guess, far_guess, fast, slow, early, late, low = people(7)
    # N will be 6: six people score 5/5.
    take(round, close_guess, start=OPENED, seconds=300, prediction=7)  # error 1
    take(round, far_guess, start=OPENED, seconds=10, prediction=60)  # error 54
    take(round, fast, start=OPENED, seconds=100, prediction=4)  # error 2
    take(round, slow, start=OPENED, seconds=200, prediction=8)  # error 2
    take(round, early, start=OPENED + timedelta(hours=1), seconds=150, prediction=9)  # error 3
    take(round, late, start=OPENED + timedelta(hours=2), seconds=150, prediction=3)  # error 3
    take(round, low, start=OPENED, seconds=5, wrong=1, prediction=6)
    round = round_close(round=round, now=after_close(round))
    entries = list(round.ranking.all())
    assert round.prediction_target == 6
    assert [e.participant_id for e in entries] == [
        p.pk for p in (close_guess, fast, slow, early, late, far_guess, low)
    ]
    assert [e.decided_by for e in entries] == [
        "",
        "error",
        "time",
        "error",
        "submitted",
        "error",
        "score",
    ]
    assert [e.prediction_error for e in entries] == [1, 2, 2, 3, 3, 54, 0]


def test_attempt_id_decides_when_everything_else_is_equal():
    round = closed_round(prediction=Round.Prediction.NONE)
    first, second = people(2)
    a = take(round, first, start=OPENED, seconds=60)
    b = take(round, second, start=OPENED, seconds=60)
    round_close(round=round, now=after_close(round))
    entries = list(round.ranking.all())
    assert [e.attempt_id for e in entries] == sorted([a.pk, b.pk])
    assert entries[1].decided_by == "id"


def test_time_can_come_before_the_prediction_when_configured():
    round = closed_round(ranking_order=Round.RankingOrder.TIME_FIRST)
    good_guess, quick = people(2)
    take(round, good_guess, start=OPENED, seconds=200, prediction=2)
    take(round, quick, start=OPENED, seconds=100, prediction=50)
    round_close(round=round, now=after_close(round))
    assert [e.participant_id for e in round.ranking.all()] == [quick.pk, good_guess.pk]


def test_prizes_go_down_the_ranking_skipping_organizers():
    round = closed_round(
        prediction=Round.Prediction.NONE,
        prizes_first=1,
        prizes_second=1,
        prizes_third=0,
        prizes_consolation=1,
    )
    organizer = ParticipantFactory(user=OrganizerFactory())
    others = people(4)
    take(round, organizer, start=OPENED, seconds=10)
    for seconds, person in zip([20, 30, 40, 50], others, strict=True):
        take(round, person, start=OPENED, seconds=seconds)
    round_close(round=round, now=after_close(round))
    prizes = list(round.ranking.values_list("eligible", "prize"))
    assert prizes == [
        (False, ""),
        (True, RankingEntry.Prize.FIRST),
        (True, RankingEntry.Prize.SECOND),
        (True, RankingEntry.Prize.CONSOLATION),
        (True, ""),
    ]


def test_ranking_is_frozen_against_later_edits():
    round = closed_round()
    person = people(1)[0]
    take(round, person, start=OPENED, seconds=60, prediction=1)
    round_close(round=round, now=after_close(round))
    person.full_name = "Tên Đã Đổi"
    person.save()
    assert round.ranking.get().full_name != "Tên Đã Đổi"
    again = round_close(round=round, now=after_close(round) + timedelta(days=1))
    assert again.ranking.count() == 1


def test_close_before_the_closing_time_is_refused():
    round = make_round()
    with pytest.raises(ValidationError):
        round_close(round=round)
    with pytest.raises(ValidationError):
        round_publish(round=round)


def test_closing_finishes_attempts_still_open():
    round = closed_round(prediction=Round.Prediction.NONE)
    attempt = take(round, people(1)[0], start=OPENED, seconds=60)
    running = attempt_start(
        participant=people(1)[0], round=round, now=round.closes_at - timedelta(minutes=1)
    )
    round_close(round=round, now=after_close(round))
    running.refresh_from_db()
    assert running.finished_at == round.closes_at
    assert round.ranking.count() == 2
    assert attempt.pk in round.ranking.values_list("attempt_id", flat=True)


def test_rounds_close_by_themselves_after_their_closing_time():
    past = closed_round()
    current = make_round()
    assert rounds_close_due() == 1
    past.refresh_from_db()
    current.refresh_from_db()
    assert past.closed_at is not None
    assert current.closed_at is None
