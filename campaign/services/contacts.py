"""Unit contacts (đầu mối đơn vị): the organizers name and remove them, and a contact
reminds the staff of their unit who have not finished an open round.

Every change is audited (contest.services.audit). A reminder goes out at most once per
unit, round and local day: the UnitReminder row is written first and its unique key makes
a second press, or a second contact of the same unit pressing at the same moment, fail
before any message is sent.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.sms import SmsNotSent, send_sms
from contest.models import AuditEntry, Unit, UnitContact
from contest.qr import absolute_url
from contest.roles import contact_unit_ids, forget_roles
from contest.services.audit import audit_record
from quizzes.models import Round

from ..contact_models import UnitReminder
from ..selectors_contacts import audit_name, local_day, reminder_recipients, todays_reminder

Action = AuditEntry.Action


# --- Naming and removing contacts --------------------------------------------------------
@transaction.atomic
def contact_add(*, unit: Unit, user, actor=None) -> UnitContact:
    """Name `user` a contact of `unit`; ValidationError if they already are one."""
    if UnitContact.objects.filter(unit=unit, user=user).exists():
        raise ValidationError(
            _("This account is already a contact of %(unit)s.") % {"unit": unit.name},
            code="already_contact",
        )
    try:
        with transaction.atomic():
            contact = UnitContact.objects.create(unit=unit, user=user)
        forget_roles(user)  # this object's menu and access are asked afresh
    except IntegrityError as exc:  # named by another organizer at the same moment
        raise ValidationError(
            _("This account is already a contact of %(unit)s.") % {"unit": unit.name},
            code="already_contact",
        ) from exc
    audit_record(
        actor=actor,
        action=Action.UNIT_CONTACT_ADD,
        target=unit,
        changes={"contact": [None, {"id": user.pk, "name": audit_name(user)}]},
    )
    return contact


@transaction.atomic
def contact_remove(*, contact: UnitContact, actor=None) -> None:
    """Remove a contact: they no longer see the unit, nor get its digest."""
    unit, user = contact.unit, contact.user
    deleted, _rows = UnitContact.objects.filter(pk=contact.pk).delete()
    if not deleted:
        return  # removed by someone else meanwhile: nothing to record twice
    forget_roles(user)
    audit_record(
        actor=actor,
        action=Action.UNIT_CONTACT_REMOVE,
        target=unit,
        changes={"contact": [{"id": user.pk, "name": audit_name(user)}, None]},
    )


# --- Reminders ---------------------------------------------------------------------------
@dataclass
class Reminded:
    by_sms: int = 0
    by_email: int = 0
    without_address: int = 0
    failed: int = 0

    @property
    def sent(self) -> int:
        return self.by_sms + self.by_email


def round_url(round: Round) -> str:
    return absolute_url(reverse("quizzes:round-detail", args=[round.pk]))


def reminder_text(*, unit: Unit, round: Round) -> str:
    """The reminder, in the site's language whoever sends it (short enough for one SMS
    page or two once the diacritics are stripped)."""
    with translation.override(settings.LANGUAGE_CODE):
        closes = formats.date_format(timezone.localtime(round.closes_at), "H:i d/m/Y")
        return _(
            "%(unit)s reminds you: the round “%(round)s” of the contest closes at %(closes)s. "
            "Take part here: %(url)s"
        ) % {"unit": unit.name, "round": round.title, "closes": closes, "url": round_url(round)}


def reminder_subject(*, round: Round) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Reminder: take part in “%(round)s”") % {"round": round.title}


def _email_address(user) -> str:
    address = user.email or ""
    return "" if address.endswith("@invalid") else address


def _refused_today(reminder: UnitReminder) -> ValidationError:
    sent_at = formats.time_format(timezone.localtime(reminder.sent_at), "H:i")
    return ValidationError(
        _(
            "A reminder for this round was already sent to the unit today at %(time)s. "
            "Each unit can send one reminder per round per day: please try again tomorrow."
        )
        % {"time": sent_at},
        code="already_reminded",
    )


@transaction.atomic
def reminder_send(*, unit: Unit, round: Round, actor, now=None) -> Reminded:
    """Remind the people of `unit` who have not finished the open `round`, with its link:
    by SMS to a verified phone, else by email; audited, once per unit, round and day.

    Raises PermissionDenied if `actor` is not a contact of the unit, ValidationError if the
    round is not open or the unit was already reminded of it today.
    """
    now = now or timezone.now()
    if unit.pk not in contact_unit_ids(actor):
        raise PermissionDenied
    if not round.is_open(now):
        raise ValidationError(
            _("The round “%(round)s” is not open: reminders are only for an open round.")
            % {"round": round.title},
            code="round_not_open",
        )
    earlier = todays_reminder(unit, round, now)
    if earlier is not None:
        raise _refused_today(earlier)
    try:
        with transaction.atomic():
            reminder = UnitReminder.objects.create(
                unit=unit, round=round, day=local_day(now), sent_at=now, sent_by=actor
            )
    except IntegrityError:  # another contact of the unit pressed at the same moment
        raise _refused_today(todays_reminder(unit, round, now)) from None
    result = Reminded()
    text = reminder_text(unit=unit, round=round)
    subject = reminder_subject(round=round)
    for person in reminder_recipients(unit, round):
        address = _email_address(person.user)
        try:
            if person.phone_verified:
                send_sms(person.phone, text)
                result.by_sms += 1
            elif address:
                send_mail(subject, text, None, [address])
                result.by_email += 1
            else:
                result.without_address += 1
        except (SmsNotSent, OSError):
            result.failed += 1
    reminder.by_sms, reminder.by_email = result.by_sms, result.by_email
    reminder.without_address, reminder.failed = result.without_address, result.failed
    reminder.save(update_fields=["by_sms", "by_email", "without_address", "failed"])
    audit_record(
        actor=actor,
        action=Action.REMINDER_SEND,
        target=unit,
        changes={
            "reminded_round": {"id": round.pk, "name": round.title},
            "by_sms": result.by_sms,
            "by_email": result.by_email,
            "without_address": result.without_address,
            "failed": result.failed,
        },
    )
    return result
