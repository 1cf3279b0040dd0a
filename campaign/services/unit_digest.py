"""The weekly digest to unit contacts (manage.py send_unit_digest, Mondays by
deploy/systemd/cchc-digest.timer): their unit's participation rate in the current round and
where it stands among the units of the same kind (place and median).

Once per contact, unit and ISO week of the local date: the UnitDigest row is written before
the message goes, so a rerun the same week sends nothing again; if the message fails, the
row goes too and the next run tries again.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.sms import SmsNotSent, send_sms
from contest.models import Contest, UnitContact
from contest.qr import absolute_url

from ..contact_models import UnitDigest
from ..selectors_contacts import KindStanding, default_round, kind_standing, unit_rates


@dataclass
class DigestRun:
    week: str
    round_title: str = ""
    by_email: int = 0
    by_sms: int = 0
    already_sent: int = 0
    without_address: int = 0
    failed: int = 0

    @property
    def sent(self) -> int:
        return self.by_email + self.by_sms


def iso_week(moment=None) -> str:
    """ "2026-W49": the ISO year and week of the local date."""
    year, week, _day = timezone.localdate(moment or timezone.now()).isocalendar()
    return f"{year}-W{week:02d}"


def _percent(value: float | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(round(value * 100, 1), decimal_pos=1) + "%"


def digest_text(standing: KindStanding, round, *, short: bool = False) -> str:
    """The digest in the site's language; `short` for an SMS."""
    rate, unit = standing.rate, standing.rate.unit
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "unit": unit.name,
            "round": round.title,
            "rate": _percent(rate.rate),
            "people": rate.participants,
            "headcount": unit.headcount or "–",
            "threshold": rate.threshold,
            "kind": unit.get_kind_display(),
            "rank": standing.rank or "–",
            "among": standing.among,
            "median": _percent(standing.median),
            "url": absolute_url(reverse("campaign:my-unit", args=[unit.pk])),
        }
        if rate.reaches is None:
            verdict = _("no headcount given, so no rate")
        elif rate.reaches:
            verdict = _("the collective-prize threshold (%(threshold)s%%) is reached") % values
        else:
            verdict = _("below the collective-prize threshold (%(threshold)s%%)") % values
        values["verdict"] = verdict
        if short:
            return (
                _(
                    "%(unit)s, %(round)s: %(rate)s (%(people)s/%(headcount)s), %(verdict)s. "
                    "Place %(rank)s of %(among)s %(kind)s, median %(median)s. %(url)s"
                )
                % values
            )
        return (
            _(
                "Participation of %(unit)s in “%(round)s” this week.\n\n"
                "Rate: %(rate)s (%(people)s people with a finished attempt, of a headcount of "
                "%(headcount)s): %(verdict)s.\n"
                "Among units of the same kind (%(kind)s): place %(rank)s of %(among)s; "
                "their median rate is %(median)s.\n\n"
                "Who of your unit took part, and a reminder to those who have not: %(url)s"
            )
            % values
        )


def digest_subject(unit, week: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Participation of %(unit)s – week %(week)s") % {"unit": unit.name, "week": week}


def _claim(contact: UnitContact, week: str, channel: str, now) -> UnitDigest | None:
    try:
        with transaction.atomic():
            return UnitDigest.objects.create(
                unit_id=contact.unit_id, user_id=contact.user_id, week=week, channel=channel,
                sent_at=now,
            )  # fmt: skip
    except IntegrityError:
        return None


def _channel(user) -> tuple[str, str]:
    """("email", address) or ("sms", phone), or ("", "") when the contact has neither."""
    if user.email and not user.email.endswith("@invalid"):
        return UnitDigest.Channel.EMAIL, user.email
    profile = getattr(user, "participant", None)
    if profile is not None and profile.phone_verified:
        return UnitDigest.Channel.SMS, profile.phone
    return "", ""


def digest_send(*, contest: Contest | None = None, now=None) -> DigestRun:
    """Send this week's digest to every contact who has not had it yet."""
    now = now or timezone.now()
    contest = contest or Contest.current()
    run = DigestRun(week=iso_week(now))
    round = default_round(contest, now)
    if round is None:
        return run
    run.round_title = round.title
    rates = unit_rates(round)
    done = set(UnitDigest.objects.filter(week=run.week).values_list("unit_id", "user_id"))
    contacts = UnitContact.objects.select_related("unit", "user__participant").order_by("id")
    for contact in contacts:
        if (contact.unit_id, contact.user_id) in done:
            run.already_sent += 1
            continue
        channel, address = _channel(contact.user)
        if not channel:
            run.without_address += 1
            continue
        claim = _claim(contact, run.week, channel, now)
        if claim is None:  # another run of the command sent it meanwhile
            run.already_sent += 1
            continue
        standing = kind_standing(contact.unit, rates)
        try:
            if channel == UnitDigest.Channel.EMAIL:
                subject = digest_subject(contact.unit, run.week)
                send_mail(subject, digest_text(standing, round), None, [address])
                run.by_email += 1
            else:
                send_sms(address, digest_text(standing, round, short=True))
                run.by_sms += 1
        except (SmsNotSent, OSError):
            claim.delete()
            run.failed += 1
    return run
