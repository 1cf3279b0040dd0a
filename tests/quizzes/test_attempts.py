from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quizzes.models import Attempt, AttemptItem, Round
from quizzes.services.attempts import (
    answer_grace,
    answer_save,
    attempt_expire_if_due,
    attempt_finish,
    attempt_start,
    attempts_sweep,
    prediction_save,
)
from tests.factories import ParticipantFactory, make_question, make_round
from tests.quizzes.helpers import answer, correct_keys, take, wrong_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def round():
    return make_round(prediction=Round.Prediction.NONE)


def code_of(caught) -> str:
    return caught.value.error_list[0].code


def test_attempt_draws_the_quota_of_each_topic(round, participant):
    attempt = attempt_start(participant=participant, round=round)
    topics = Counter(item.question.topic_id for item in attempt.items.select_related("question"))
    assert sorted(topics.values()) == [2, 3]
    assert len({item.question_id for item in attempt.items.all()}) == 5
    assert attempt.question_count == 5


def test_starting_again_resumes_the_same_draw(round, participant):
    first = attempt_start(participant=participant, round=round)
    again = attempt_start(participant=participant, round=round)
    assert again.pk == first.pk
    assert list(again.items.values_list("question_id", "choice_keys")) == list(
        first.items.values_list("question_id", "choice_keys")
    )


def test_choice_keys_are_opaque_and_differ_between_attempts(round, participant):
    first = take(round, participant, start=timezone.now(), seconds=60)
    second = attempt_start(participant=participant, round=round)
    first_keys = {key for item in first.items.all() for key, _id in item.choice_keys}
    second_keys = {key for item in second.items.all() for key, _id in item.choice_keys}
    assert not first_keys & second_keys
    choice_ids = {str(cid) for item in first.items.all() for _k, cid in item.choice_keys}
    assert not first_keys & choice_ids


def test_round_refuses_attempts_before_opening_and_after_closing(participant):
    now = timezone.now()
    early = make_round(opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        attempt_start(participant=participant, round=early)
    assert code_of(caught) == "not_open"
    late = make_round(opens_at=now - timedelta(days=2), closes_at=now - timedelta(seconds=1))
    with pytest.raises(ValidationError) as caught:
        attempt_start(participant=participant, round=late)
    assert code_of(caught) == "closed"


def test_no_more_attempts_than_allowed(round, participant):
    now = timezone.now()
    take(round, participant, start=now, seconds=30)
    take(round, participant, start=now + timedelta(minutes=1), seconds=30)
    with pytest.raises(ValidationError) as caught:
        attempt_start(participant=participant, round=round, now=now + timedelta(minutes=2))
    assert code_of(caught) == "no_attempts_left"
    assert Attempt.objects.count() == 2


def test_deadline_is_start_plus_limit_but_never_after_the_round_closes(participant):
    now = timezone.now()
    round = make_round(closes_at=now + timedelta(minutes=5), time_limit_minutes=20)
    attempt = attempt_start(participant=participant, round=round, now=now)
    assert attempt.deadline == round.closes_at
    other = make_round(time_limit_minutes=15)
    attempt = attempt_start(participant=participant, round=other, now=now)
    assert attempt.deadline == now + timedelta(minutes=15)


def test_answer_after_deadline_is_refused_and_saved_answers_count(round, participant):
    start = timezone.now()
    attempt = attempt_start(participant=participant, round=round, now=start)
    first, second = attempt.items.all()[:2]
    answer_save(attempt=attempt, position=first.position, keys=correct_keys(first), now=start)
    too_late = attempt.deadline + answer_grace() + timedelta(seconds=1)
    with pytest.raises(ValidationError) as caught:
        answer_save(
            attempt=attempt, position=second.position, keys=correct_keys(second), now=too_late
        )
    assert code_of(caught) == "too_late"
    attempt.refresh_from_db()
    assert attempt.finish_reason == Attempt.Finish.TIMED_OUT
    assert attempt.score == 1
    assert attempt.finished_at == attempt.deadline


def test_answer_within_the_grace_after_the_deadline_is_accepted(round, participant):
    attempt = attempt_start(participant=participant, round=round)
    item = attempt.items.first()
    answer_save(
        attempt=attempt,
        position=item.position,
        keys=correct_keys(item),
        now=attempt.deadline + answer_grace() - timedelta(seconds=1),
    )
    item.refresh_from_db()
    assert item.selected


def test_sweep_finishes_overdue_attempts_at_their_deadline(round):
    start = timezone.now() - timedelta(hours=1)
    overdue = attempt_start(participant=ParticipantFactory(), round=round, now=start)
    answer(overdue, wrong=2, now=start)
    running = attempt_start(participant=ParticipantFactory(), round=round)
    assert attempts_sweep() == 1
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.finished_at == overdue.deadline
    assert overdue.time_taken == timedelta(minutes=20)
    assert overdue.score == 3
    assert running.finished_at is None


def test_touching_an_overdue_attempt_finishes_it(round, participant):
    start = timezone.now() - timedelta(hours=1)
    attempt = attempt_start(participant=participant, round=round, now=start)
    attempt = attempt_expire_if_due(attempt=attempt)
    assert attempt.finish_reason == Attempt.Finish.TIMED_OUT


def test_finishing_scores_each_question_all_or_nothing(participant):
    round = make_round(questions_per_topic=(1,), bank_size=1)
    topic = round.quotas.get().topic
    round.quotas.update(count=2)
    make_question(topic, correct=(0, 2))
    attempt = attempt_start(participant=participant, round=round)
    for item in attempt.items.all():
        keys = correct_keys(item)
        if item.multiple:
            keys = keys[:1]  # one of the two right choices is not enough
        answer_save(attempt=attempt, position=item.position, keys=keys)
    attempt = attempt_finish(attempt=attempt, prediction=3)
    assert attempt.score == 1
    assert sorted(attempt.items.values_list("is_correct", flat=True)) == [False, True]


def test_finishing_twice_scores_once(round, participant):
    attempt = take(round, participant, start=timezone.now(), seconds=40)
    finished_at = attempt.finished_at
    again = attempt_finish(attempt=attempt, now=timezone.now() + timedelta(minutes=5))
    assert again.finished_at == finished_at
    assert again.score == 5


def test_prediction_is_required_when_the_round_asks_it(participant):
    round = make_round(prediction=Round.Prediction.PERFECT)
    attempt = attempt_start(participant=participant, round=round)
    with pytest.raises(ValidationError) as caught:
        attempt_finish(attempt=attempt)
    assert code_of(caught) == "prediction_required"
    with pytest.raises(ValidationError):
        attempt_finish(attempt=attempt, prediction="-3")
    attempt = attempt_finish(attempt=attempt, prediction="1.250")
    assert attempt.prediction == 1250


def test_prediction_saved_early_survives_a_timeout(participant):
    round = make_round(prediction=Round.Prediction.PERFECT)
    start = timezone.now() - timedelta(hours=1)
    attempt = attempt_start(participant=participant, round=round, now=start)
    prediction_save(attempt=attempt, value="42", now=start)
    attempts_sweep()
    attempt.refresh_from_db()
    assert attempt.prediction == 42


def test_best_attempt_counts_higher_score_then_faster(round, participant):
    now = timezone.now()
    first = take(round, participant, start=now, seconds=100, wrong=1)
    second = take(round, participant, start=now + timedelta(minutes=5), seconds=300)
    first.refresh_from_db()
    assert (first.is_best, second.is_best) == (False, True)
    other = ParticipantFactory()
    slow = take(round, other, start=now, seconds=200)
    fast = take(round, other, start=now + timedelta(minutes=5), seconds=50)
    slow.refresh_from_db()
    assert (slow.is_best, fast.is_best) == (False, True)


def test_unknown_or_several_keys_are_refused(round, participant):
    attempt = attempt_start(participant=participant, round=round)
    item = attempt.items.first()
    with pytest.raises(ValidationError) as caught:
        answer_save(attempt=attempt, position=item.position, keys=["not-a-key"])
    assert code_of(caught) == "bad_choice"
    keys = correct_keys(item) + wrong_keys(item)
    with pytest.raises(ValidationError) as caught:
        answer_save(attempt=attempt, position=item.position, keys=keys)
    assert code_of(caught) == "one_answer"
    with pytest.raises(ValidationError) as caught:
        answer_save(attempt=attempt, position=99, keys=[])
    assert code_of(caught) == "bad_question"


def test_answer_can_be_changed_and_cleared(round, participant):
    attempt = attempt_start(participant=participant, round=round)
    item = attempt.items.first()
    answer_save(attempt=attempt, position=item.position, keys=wrong_keys(item))
    answer_save(attempt=attempt, position=item.position, keys=correct_keys(item))
    assert AttemptItem.objects.get(pk=item.pk).selected == [
        dict(item.choice_keys)[correct_keys(item)[0]]
    ]
    answer_save(attempt=attempt, position=item.position, keys=[])
    cleared = AttemptItem.objects.get(pk=item.pk)
    assert cleared.selected == [] and cleared.answered_at is None
