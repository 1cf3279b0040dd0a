"""What the live boards show, computed from the database. No phone or CCCD ever leaves here."""

from datetime import timedelta

from django.db.models import Avg, Count, F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from contest.models import Unit

from .models import Attempt, Round

TOP = 20
TIMELINE_BUCKETS = 24


def row_key(round_id: int, user_id: int) -> str:
    """A participant's row on this round's board, for their own page to find it: a keyed
    hash, so it names no one and differs from round to round."""
    return salted_hmac(
        "quizzes.boards.row", f"{round_id}:{user_id}", algorithm="sha256"
    ).hexdigest()[:16]


def _seconds(duration) -> int:
    return int(duration.total_seconds()) if duration is not None else 0


def counters(round: Round) -> dict:
    attempts = Attempt.objects.filter(round=round)
    best = attempts.filter(is_best=True)
    perfect = best.filter(score=F("question_count")).count()
    return {
        "participants": attempts.values("participant_id").distinct().count(),
        "in_progress": attempts.filter(finished_at__isnull=True).count(),
        "finished": attempts.filter(finished_at__isnull=False).count(),
        "perfect": perfect,
    }


def top(round: Round, limit: int = TOP) -> list[dict]:
    contest = round.contest
    rows = (
        Attempt.objects.live_ranking()
        .filter(round=round)
        .select_related("participant__unit")
        .only(
            "score",
            "question_count",
            "time_taken",
            "participant__user_id",
            "participant__full_name",
            "participant__unit_other",
            "participant__unit__name",
        )[:limit]
    )
    return [
        {
            "key": row_key(round.pk, a.participant.user_id),
            "rank": rank,
            "name": contest.public_name(a.participant.full_name),
            "unit": a.participant.unit_name,
            "score": a.score,
            "of": a.question_count,
            "seconds": _seconds(a.time_taken),
        }
        for rank, a in enumerate(rows, start=1)
    ]


def unit_race(round: Round) -> list[dict]:
    """Per listed unit: distinct participants, headcount, participation rate, average best score."""
    rows = (
        Attempt.objects.filter(round=round, is_best=True, participant__unit__isnull=False)
        .values("participant__unit_id")
        .annotate(people=Count("participant_id", distinct=True), average=Avg("score"))
    )
    units = Unit.objects.in_bulk([row["participant__unit_id"] for row in rows])
    race = []
    for row in rows:
        unit = units[row["participant__unit_id"]]
        rate = row["people"] / unit.headcount if unit.headcount else None
        race.append(
            {
                "id": unit.pk,
                "unit": unit.name,
                "participants": row["people"],
                "headcount": unit.headcount,
                "rate": round_rate(rate),
                "average": round_rate(row["average"]),
            }
        )
    race.sort(key=lambda u: (-(u["rate"] or 0), -u["participants"], u["unit"]))
    return race


def round_rate(value):
    return None if value is None else round(value, 3)


def timeline(round: Round, now=None) -> list[list]:
    """Attempts started per bucket, across the round so far, for the participation chart."""
    now = min(now or timezone.now(), round.closes_at)
    span = max(now - round.opens_at, timedelta(minutes=TIMELINE_BUCKETS))
    step = span / TIMELINE_BUCKETS
    counts = [0] * TIMELINE_BUCKETS
    for started in Attempt.objects.filter(round=round).values_list("started_at", flat=True):
        index = int((started - round.opens_at) / step)
        counts[min(max(index, 0), TIMELINE_BUCKETS - 1)] += 1
    return [
        [timezone.localtime(round.opens_at + step * (i + 1)).strftime("%H:%M %d/%m"), count]
        for i, count in enumerate(counts)
    ]


def revealed(round: Round) -> list[dict]:
    """The prize tiers revealed so far, with their winners (published results only)."""
    if round.published_at is None:
        return []
    return [reveal_message(round, tier) for tier in round.revealed]


def reveal_message(round: Round, tier: str) -> dict:
    if tier == "collective":
        winners = [
            {"name": u.unit_name, "unit": "", "rate": round_rate(u.rate)}
            for u in round.unit_results.filter(prize=True)
        ]
    else:
        winners = [
            {"name": round.contest.public_name(e.full_name), "unit": e.unit_name, "rank": e.rank}
            for e in round.ranking.filter(prize=tier)
        ]
    return {"type": "reveal", "tier": tier, "winners": winners}


def snapshot(round: Round) -> dict:
    """Everything a board shows, as one message."""
    return {
        "type": "snapshot",
        "round": {
            "id": round.pk,
            "title": round.title,
            "open": round.is_open(),
            "phase": round.phase(),
        },
        "counters": counters(round),
        "board": top(round),
        "units": unit_race(round),
        "timeline": timeline(round),
        "revealed": revealed(round),
    }


def own_ranks(round: Round, user_ids: set[int]) -> dict[int, tuple[int, int]]:
    """(rank, total) on the live board for each of these users who finished an attempt."""
    if not user_ids:
        return {}
    order = list(
        Attempt.objects.live_ranking()
        .filter(round=round)
        .values_list("participant__user_id", flat=True)
    )
    total = len(order)
    return {uid: (index + 1, total) for index, uid in enumerate(order) if uid in user_ids}
