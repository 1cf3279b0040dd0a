"""Demo invitations: a few participants brought others, so the ranking shows on first run."""

from django.db.models import Count, Q

from contest.models import Contest, Participant
from contest.services.participants import participant_invite_code

from .models import InviteSignup

# (inviter's position among the demo participants, how many they brought): the demo has
# 12 participants, so 4 inviters and 8 invitees.
PLAN = ((0, 3), (1, 2), (2, 2), (3, 1))


def seed_invites(contest: Contest) -> str:
    from quizzes.models import Round

    round = (
        Round.objects.filter(contest=contest)
        .annotate(done=Count("attempts", filter=Q(attempts__finished_at__isnull=False)))
        .order_by("-done", "-opens_at")
        .first()
    )
    people = list(Participant.objects.filter(deleted_at__isnull=True).order_by("phone"))
    if round is None or len(people) < 4:
        return "Invites: no demo (no round or too few participants)."
    inviters = [people[i] for i, _n in PLAN]
    invitees = [p for p in people if p not in inviters]
    created = 0
    for (_index, count), inviter in zip(PLAN, inviters, strict=True):
        participant_invite_code(participant=inviter)
        for invitee in invitees[:count]:
            _signup, made = InviteSignup.objects.get_or_create(
                user=invitee.user, defaults={"inviter": inviter, "round": round}
            )
            created += made
        invitees = invitees[count:]
    # Signed up when the round opened, so they count for it whatever today's date.
    InviteSignup.objects.filter(round=round, created_at__gt=round.opens_at).update(
        created_at=round.opens_at
    )
    total = InviteSignup.objects.count()
    return f"Invites: {total} sign-ups through invite links ({created} new), ranking for {round}."
