"""Closing a round: N, each person's best attempt, the official ranking and the prizes."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest import events
from contest.roles import JURORS, ORGANIZERS
from contest.services.audit import Action, audit_record
from quizzes.boards import unit_race
from quizzes.models import Attempt, RankingEntry, Round, UnitResult

from .attempts import answer_grace, attempt_finish

NO_PREDICTION = 10**12  # ranks after every real prediction error

KEY_LABELS = {
    "score": gettext_lazy("score"),
    "error": gettext_lazy("prediction error"),
    "time": gettext_lazy("time taken"),
    "submitted": gettext_lazy("submission time"),
    "id": gettext_lazy("attempt id"),
}
PRIZE_ORDER = [
    (RankingEntry.Prize.FIRST, "prizes_first"),
    (RankingEntry.Prize.SECOND, "prizes_second"),
    (RankingEntry.Prize.THIRD, "prizes_third"),
    (RankingEntry.Prize.CONSOLATION, "prizes_consolation"),
]


def ranking_keys(round: Round) -> list[str]:
    """The configured order (without the error when no prediction is asked), then stable keys."""
    keys = round.ranking_order.split(",")
    if not round.asks_prediction:
        keys.remove("error")
    return [*keys, "submitted", "id"]


def prediction_target(round: Round) -> int:
    """N: distinct people with a perfect best attempt, or distinct people who finished one."""
    best = round.attempts.filter(is_best=True)
    if round.prediction == Round.Prediction.PARTICIPANTS:
        return best.count()
    return sum(1 for score, count in best.values_list("score", "question_count") if score == count)


@dataclass
class _Row:
    attempt: Attempt
    values: dict


def _key_values(attempt: Attempt, target: int) -> dict:
    error = abs(attempt.prediction - target) if attempt.prediction is not None else NO_PREDICTION
    return {
        "score": -attempt.score,
        "error": error,
        "time": attempt.time_taken,
        "submitted": attempt.finished_at,
        "id": attempt.id,
    }


def _ineligible_user_ids(participant_user_ids) -> set[int]:
    """Organizers, jurors and staff are ranked but may not win."""
    users = get_user_model().objects.filter(pk__in=participant_user_ids)
    staff = users.filter(is_staff=True) | users.filter(groups__name__in=[ORGANIZERS, JURORS])
    return set(staff.values_list("pk", flat=True))


def round_close(*, round: Round, now: datetime | None = None, actor=None) -> Round:
    """Freeze the official ranking once the closing time has passed (idempotent).

    `actor` is the organizer who pressed "close"; None when the sweep closes it.
    """
    now = now or timezone.now()
    if now < round.closes_at + answer_grace():
        raise ValidationError(
            _(
                "The round can only be closed after its closing time, once the last answers "
                "on their way have arrived."
            ),
            code="still_open",
        )
    return _close(round, now, actor)


def round_end_now(*, round: Round, actor, now: datetime | None = None) -> Round:
    """ "Kết thúc ngay": end an open round at this moment. The closing time becomes now (an
    audited change), every attempt in progress is finished now and scored with the answers
    saved so far, and the official ranking is frozen as at the closing time (idempotent).
    """
    now = now or timezone.now()
    if round.closed_at is not None:
        return round
    if now < round.opens_at:
        raise ValidationError(
            _("The round has not opened yet: change its opening time instead."), code="not_open"
        )
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.closed_at is not None:
            return locked
        if locked.closes_at > now:
            audit_record(
                actor=actor,
                action=Action.ROUND_EDIT,
                target=locked,
                changes={"closes_at": [locked.closes_at, now]},
            )
            locked.closes_at = now
            locked.save(update_fields=["closes_at"])
            # No attempt runs past the new closing time, whatever its own time limit.
            locked.attempts.in_progress().filter(deadline__gt=now).update(deadline=now)
    return _close(locked, now, actor)


def _close(round: Round, now: datetime, actor) -> Round:
    for attempt in round.attempts.in_progress():
        attempt_finish(attempt=attempt, now=now, reason=Attempt.Finish.TIMED_OUT)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.closed_at is not None:
            round.closed_at, round.prediction_target = locked.closed_at, locked.prediction_target
            return round
        target = prediction_target(round)
        keys = ranking_keys(round)
        best = list(round.attempts.filter(is_best=True).select_related("participant__unit"))
        rows = [_Row(attempt, _key_values(attempt, target)) for attempt in best]
        rows.sort(key=lambda row: tuple(row.values[key] for key in keys))
        ineligible = _ineligible_user_ids([row.attempt.participant.user_id for row in rows])
        prizes = [prize for prize, field in PRIZE_ORDER for _i in range(getattr(round, field))]
        entries = []
        previous = None
        for rank, row in enumerate(rows, start=1):
            attempt, participant = row.attempt, row.attempt.participant
            decided_by = ""
            if previous is not None:
                decided_by = next(key for key in keys if row.values[key] != previous.values[key])
            eligible = participant.user_id not in ineligible
            entries.append(
                RankingEntry(
                    round=round,
                    rank=rank,
                    attempt=attempt,
                    participant=participant,
                    full_name=participant.full_name,
                    unit_name=participant.unit_name,
                    participant_type=participant.participant_type,
                    phone=participant.phone,
                    score=attempt.score,
                    question_count=attempt.question_count,
                    time_taken=attempt.time_taken,
                    prediction=attempt.prediction,
                    prediction_error=(
                        abs(attempt.prediction - target) if attempt.prediction is not None else None
                    ),
                    submitted_at=attempt.finished_at,
                    decided_by=decided_by,
                    prize=prizes.pop(0) if eligible and prizes else "",
                    eligible=eligible,
                )
            )
            previous = row
        RankingEntry.objects.bulk_create(entries, batch_size=1000)
        _freeze_units(round)
        round.closed_at = now
        round.prediction_target = target
        round.save(update_fields=["closed_at", "prediction_target"])
        audit_record(
            actor=actor,
            action=Action.ROUND_CLOSE,
            target=round,
            changes={
                "closed_at": [None, now],
                "prediction_target": target,
                "ranked": len(entries),
                "prizes": sum(1 for entry in entries if entry.prize),
            },
        )
        events.board_changed(round.pk)
    return round


def _freeze_units(round: Round) -> None:
    """Units by participation rate; the best ones above the threshold win collective prizes."""
    prizes_left = round.collective_prizes
    results = []
    for rank, row in enumerate(unit_race(round), start=1):
        rate = row["rate"]
        prize = bool(prizes_left and rate is not None and rate * 100 >= round.collective_min_rate)
        prizes_left -= prize
        results.append(
            UnitResult(
                round=round,
                rank=rank,
                unit_id=row["id"],
                unit_name=row["unit"],
                participants=row["participants"],
                headcount=row["headcount"],
                rate=rate,
                average_score=row["average"] or 0,
                prize=prize,
            )
        )
    UnitResult.objects.bulk_create(results)


@transaction.atomic
def round_publish(*, round: Round, now: datetime | None = None, actor=None) -> Round:
    if round.closed_at is None:
        raise ValidationError(
            _("Close the round before publishing its results."), code="not_closed"
        )
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.published_at is None:
        round.published_at = now or timezone.now()
        round.save(update_fields=["published_at"])
        audit_record(
            actor=actor,
            action=Action.ROUND_PUBLISH,
            target=round,
            changes={"published_at": [None, round.published_at]},
        )
    else:
        round.published_at = locked.published_at
    return round


def rounds_close_due(*, now: datetime | None = None) -> int:
    """Close every round whose closing time (plus the answer grace) has passed."""
    now = now or timezone.now()
    due = Round.objects.filter(closed_at__isnull=True, closes_at__lt=now - answer_grace())
    for round in due:
        round_close(round=round, now=now)
    return len(due)
