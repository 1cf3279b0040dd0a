"""Invite links: opening one (first touch), crediting a sign-up, awarding the prize."""

import logging
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.devices import device_class
from contest.models import Participant
from contest.services.audit import Action, audit_record

from ..models import Device, InviteAward, InviteSignup, InviteVisit

logger = logging.getLogger(__name__)

# The browser's first invite link: [inviter participant id, round id or None, own], signed.
# `own`: the inviter opened their own link here while signed in (their phone): a sign-up in
# this browser later is theirs too, and credits nobody.
# Independent of the banners' cookie: a person can be brought by a banner and by a colleague.
INVITE_COOKIE = "cchc_invite"
INVITE_COOKIE_SALT = "invites.first_touch"
INVITE_COOKIE_MAX_AGE = 2 * 365 * 24 * 3600


@dataclass
class FirstTouch:
    inviter_id: int
    round_id: int | None
    own: bool = False

    def cookie_value(self) -> str:
        value = [self.inviter_id, self.round_id, self.own]
        return signing.dumps(value, salt=INVITE_COOKIE_SALT)


def read_first_touch(cookie: str | None) -> FirstTouch | None:
    if not cookie:
        return None
    try:
        inviter_id, round_id, own = signing.loads(cookie, salt=INVITE_COOKIE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(inviter_id, int) or not (round_id is None or isinstance(round_id, int)):
        return None
    return FirstTouch(inviter_id, round_id, own=own is True)


def invite_visit_record(
    *, inviter: Participant, round_id: int | None, user, user_agent: str, cookie: str | None
) -> FirstTouch | None:
    """Record one opening of `inviter`'s link; return the first touch to set, if this visit
    is one (a human's browser with none yet), else None.

    One's own link, signed in, is not recorded; a browser without a first touch is marked as
    the inviter's own, so an account made there later credits nobody. Never raises because
    of the database: the visitor is still sent on.
    """
    untouched = read_first_touch(cookie) is None
    if getattr(user, "is_authenticated", False) and user.pk == inviter.user_id:
        return FirstTouch(inviter.pk, round_id, own=True) if untouched else None
    device = device_class(user_agent)
    touch = None
    if device != Device.BOT and untouched:
        touch = FirstTouch(inviter.pk, round_id)
    try:
        InviteVisit.objects.create(
            inviter=inviter,
            round_id=round_id,
            visited_at=timezone.now(),
            device=device,
            first_touch=touch is not None,
        )
    except DatabaseError:
        logger.exception("visit of invite %s not recorded", inviter.invite_code)
    return touch


def invite_signup_record(*, user, cookie: str | None) -> InviteSignup | None:
    """Credit a new account to the inviter its browser's first invite link named.

    Never to oneself (the same account, or a profile with the inviter's phone), never
    twice: the one-to-one on the user decides under concurrency.
    """
    touch = read_first_touch(cookie)
    if touch is None or touch.own:
        return None
    inviter = Participant.objects.filter(pk=touch.inviter_id).first()
    if inviter is None or inviter.user_id == user.pk:
        return None
    own = getattr(user, "participant", None) if hasattr(user, "participant") else None
    if own is not None and own.phone and own.phone == inviter.phone:
        return None
    round_id = touch.round_id
    if round_id is not None:
        from quizzes.models import Round

        if not Round.objects.filter(pk=round_id).exists():
            round_id = None
    try:
        with transaction.atomic():
            return InviteSignup.objects.create(user=user, inviter=inviter, round_id=round_id)
    except IntegrityError:
        return InviteSignup.objects.filter(user=user).first()  # credited already


@transaction.atomic
def invite_award(*, round, participant: Participant, actor) -> InviteAward:
    """Award `participant` the round's "giải lan tỏa" at their place in today's ranking."""
    from ..selectors import inviter_ranking

    ranking = inviter_ranking(round=round)
    row = next((r for r in ranking if r.participant.pk == participant.pk), None)
    if row is None or row.finished == 0:
        raise ValidationError(
            _("Only an inviter in this round's ranking (with a finished attempt) can be awarded.")
        )
    try:
        with transaction.atomic():
            award = InviteAward.objects.create(
                round=round,
                participant=participant,
                place=row.place,
                signups=row.signups,
                finished=row.finished,
                awarded_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("This inviter already has this round's prize.")) from None
    audit_record(
        actor=actor,
        action=Action.INVITE_AWARD,
        target=award,
        changes={
            "round": round.pk,
            "place": [None, row.place],
            "signups": row.signups,
            "finished": row.finished,
        },
    )
    return award


@transaction.atomic
def invite_award_revoke(*, award: InviteAward, actor) -> None:
    """Take a prize back: the row goes, the log keeps what it was."""
    audit_record(
        actor=actor,
        action=Action.INVITE_AWARD,
        target=award,
        changes={"round": award.round_id, "place": [award.place, None], "revoked": True},
    )
    award.delete()
