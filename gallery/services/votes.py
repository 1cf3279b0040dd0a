"""Public votes: cast, withdraw, void (singly or a suspicious cluster), all logged."""

import hashlib
import hmac

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.models import Contest, Participant
from contest.services.audit import Action, audit_record
from gallery.models import Entry, Vote, VoteEvent, when

ALREADY_VOTED = "already_voted"


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 with SECRET_KEY: equal inputs group together, the raw value is not kept."""
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def phone_check_needed(*, voter, entry: Entry) -> bool:
    """Whether `voter` must verify their phone by code before voting for `entry`: a phone
    account, in a contest that asks for it before voting (Contest.phone_verification).
    The vote view asks first and sends them to the code page."""
    profile = Participant.objects.filter(user=voter).only("phone", "phone_verified_at").first()
    return entry.gallery.contest.phone_check_needed(
        profile, before=Contest.PhoneVerification.BEFORE_VOTING
    )


def _check_can_vote(*, voter, entry: Entry, now) -> None:
    # A phone account proves itself by its phone (by a code too when the contest asks:
    # phone_check_needed); an account without a phone, by its verified email as before.
    has_phone = Participant.objects.filter(user=voter).exclude(phone="").exists()
    if not has_phone and not EmailAddress.objects.filter(user=voter, verified=True).exists():
        raise ValidationError(
            _("Verify your email address before voting: open the link we sent you."),
            code="unverified",
        )
    if entry.status != Entry.Status.APPROVED:
        raise ValidationError(_("This entry cannot receive votes."), code="not_public")
    if entry.author_id == voter.pk:
        raise ValidationError(_("You cannot vote for your own entry."), code="own_entry")
    gallery = entry.gallery
    if not gallery.voting_open(now):
        raise ValidationError(
            _("Voting is open from %(start)s to %(end)s.")
            % {"start": when(gallery.voting_opens_at), "end": when(gallery.voting_closes_at)},
            code="closed",
        )


def vote_cast(*, voter, entry: Entry, ip: str = "", user_agent: str = "") -> Vote:
    """One vote (per day under the daily rule). A second one raises code ALREADY_VOTED.

    The unique constraint decides: of many identical requests at once, one insert wins and
    the others get IntegrityError, reported as "already voted".
    """
    now = timezone.now()
    _check_can_vote(voter=voter, entry=entry, now=now)
    ip_hash, ua_hash = keyed_hash(ip), keyed_hash(user_agent)
    day = entry.gallery.vote_day(now)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                entry=entry, voter=voter, day=day, created_at=now, ip_hash=ip_hash, ua_hash=ua_hash
            )
            VoteEvent.objects.create(
                at=now,
                action=VoteEvent.Action.CAST,
                entry=entry,
                voter=voter,
                actor=voter,
                vote_id=vote.pk,
                day=day,
                ip_hash=ip_hash,
                ua_hash=ua_hash,
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already voted for this entry."), code=ALREADY_VOTED
        ) from None
    return vote


@transaction.atomic
def vote_withdraw(*, voter, entry: Entry, ip: str = "", user_agent: str = "") -> None:
    """Take back the current vote while voting is open (a voided vote stays voided)."""
    now = timezone.now()
    if not entry.gallery.voting_open(now):
        raise ValidationError(
            _("Voting has closed: votes can no longer be withdrawn."), code="closed"
        )
    day = entry.gallery.vote_day(now)
    vote = (
        Vote.objects.select_for_update()
        .filter(entry=entry, voter=voter, day=day, voided_at__isnull=True)
        .first()
    )
    if vote is None:
        raise ValidationError(_("You have no vote to withdraw on this entry."), code="no_vote")
    VoteEvent.objects.create(
        at=now,
        action=VoteEvent.Action.WITHDRAW,
        entry=entry,
        voter=voter,
        actor=voter,
        vote_id=vote.pk,
        day=day,
        ip_hash=keyed_hash(ip),
        ua_hash=keyed_hash(user_agent),
    )
    vote.delete()


def _void(votes, *, by, reason: str, now, target=None) -> int:
    events = [
        VoteEvent(
            at=now,
            action=VoteEvent.Action.VOID,
            entry_id=vote.entry_id,
            voter_id=vote.voter_id,
            actor=by,
            vote_id=vote.pk,
            day=vote.day,
            ip_hash=vote.ip_hash,
            ua_hash=vote.ua_hash,
            reason=reason,
        )
        for vote in votes
    ]
    VoteEvent.objects.bulk_create(events)
    # One audit entry per decision; the vote log (VoteEvent) keeps one row per vote.
    changes = {"votes": len(votes), "vote_ids": [vote.pk for vote in votes], "reason": reason}
    if target is None:
        action, target = Action.VOTE_VOID, votes[0]
        changes["entry"] = votes[0].entry_id
    else:
        action = Action.VOTE_CLUSTER_VOID
        changes["voters"] = len({vote.voter_id for vote in votes})
        changes["ip_hash"] = votes[0].ip_hash
    audit_record(actor=by, action=action, target=target, changes=changes)
    return Vote.objects.filter(pk__in=[vote.pk for vote in votes]).update(
        voided_at=now, voided_by=by, void_reason=reason
    )


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason for voiding."), code="no_reason")
    return reason


@transaction.atomic
def vote_void(*, vote: Vote, by, reason: str) -> int:
    """Void one counted vote: it stays in the table and in the tally as voided."""
    reason = _clean_reason(reason)
    votes = list(Vote.objects.select_for_update().filter(pk=vote.pk, voided_at__isnull=True))
    if not votes:
        raise ValidationError(_("This vote is already voided."), code="already_void")
    return _void(votes, by=by, reason=reason, now=timezone.now())


@transaction.atomic
def votes_void_cluster(*, gallery, ip_hash: str, voter_ids, by, reason: str) -> int:
    """Void every counted vote in `gallery` cast from `ip_hash` by the cluster's accounts."""
    reason = _clean_reason(reason)
    votes = list(
        Vote.objects.select_for_update().filter(
            entry__gallery=gallery,
            ip_hash=ip_hash,
            voter_id__in=list(voter_ids),
            voided_at__isnull=True,
        )
    )
    if not ip_hash or not votes:
        raise ValidationError(_("No counted vote is left in this group."), code="empty")
    return _void(votes, by=by, reason=reason, now=timezone.now(), target=gallery)
