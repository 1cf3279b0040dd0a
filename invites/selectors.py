"""Reads for the organizers' ranking of inviters per round.

Per round, each inviter's sign-ups brought by the round's close and, of those, the people
who finished an attempt in that round; ranked by finished attempts, then sign-ups. Equal
counts share a place (1, 1, 3). Self-invites are never written (services), and bots never
get the cookie, so neither is in any count.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q

from contest.models import Participant

from .models import InviteAward, InviteSignup


@dataclass
class InviterRow:
    participant: Participant
    signups: int
    finished: int
    place: int = 0
    tied: bool = False
    award: InviteAward | None = None

    @property
    def anonymised(self) -> bool:
        return self.participant.deleted_at is not None


def inviter_ranking(*, round, limit: int | None = None) -> list[InviterRow]:
    from quizzes.models import Attempt

    finished = Attempt.objects.filter(
        round_id=round.pk, finished_at__isnull=False, participant__user=OuterRef("user")
    )
    signups = (
        InviteSignup.objects.filter(created_at__lte=round.closes_at)
        .exclude(user=F("inviter__user"))
        .annotate(done=Exists(finished))
    )
    rows = list(
        signups.values("inviter")
        .annotate(n=Count("user", distinct=True), done_n=Count("user", filter=Q(done=True)))
        .order_by("-done_n", "-n", "inviter")
    )
    people = Participant.objects.select_related("unit").in_bulk([row["inviter"] for row in rows])
    awards = {a.participant_id: a for a in InviteAward.objects.filter(round_id=round.pk)}
    out: list[InviterRow] = []
    for index, row in enumerate(rows):
        item = InviterRow(people[row["inviter"]], row["n"], row["done_n"])
        previous = out[-1] if out else None
        if previous and (previous.finished, previous.signups) == (item.finished, item.signups):
            item.place, item.tied, previous.tied = previous.place, True, True
        else:
            item.place = index + 1
        item.award = awards.get(item.participant.pk)
        out.append(item)
    return out[:limit] if limit else out


def round_awards(*, round):
    return InviteAward.objects.filter(round=round).select_related("participant")
