"""Reads for unit contacts (đầu mối đơn vị) and the organizers' rates page: who of a unit
took part in each round, its participation rate against the headcount, and how it stands
among the units of its kind.

Rates are quizzes.boards.unit_race's (distinct people of the unit with a finished attempt,
over the headcount), the figures that decide collective prizes, and a unit reaches the
threshold as the ranking says (rate × 100 ≥ Round.collective_min_rate).
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts.sms import strip_diacritics
from contest.forms import valid_phone
from contest.models import Contest, Participant, Unit, UnitContact
from quizzes.boards import round_rate, unit_race
from quizzes.models import Attempt, Round

from .contact_models import UnitReminder

# The sort orders of the rates page: the query parameter's values ("-" = descending).
SORTS = ("-rate", "rate", "name", "-name", "-participants", "participants")
DEFAULT_SORT = "-rate"


# --- Accounts --------------------------------------------------------------------------
def account_find(text: str):
    """The account signed up with this email, or whose profile has this phone (any way of
    writing it: 0912 345 678, +84…); None when there is none or it is neither."""
    text = (text or "").strip()
    if "@" in text:
        return get_user_model().objects.filter(email__iexact=text).first()
    phone = valid_phone(text)
    if phone is None:
        return None
    profile = Participant.objects.filter(phone=phone).select_related("user").first()
    return profile.user if profile else None


def person_name(user) -> str:
    """How the pages name an account: the profile's name, else its email, else its number."""
    profile = getattr(user, "participant", None)
    if profile is not None and profile.full_name:
        return profile.full_name
    return user.email or f"#{user.pk}"


def audit_name(user) -> str:
    """How the audit log names a contact: the email, else the account number (never a phone
    or a name, as the log keeps no personal data of participants)."""
    return user.email or f"#{user.pk}"


def contacts_by_unit() -> dict[int, list[UnitContact]]:
    contacts: dict[int, list[UnitContact]] = {}
    rows = UnitContact.objects.select_related("user__participant").order_by("unit_id", "id")
    for contact in rows:
        contacts.setdefault(contact.unit_id, []).append(contact)
    return contacts


def contact_units(user) -> list[Unit]:
    """The units `user` is a contact of, by name."""
    return list(Unit.objects.filter(contacts__user=user).order_by("name"))


# --- Rounds ----------------------------------------------------------------------------
def default_round(contest: Contest | None, now: datetime | None = None) -> Round | None:
    """The round a page shows first: the open one (the latest opened if several), else the
    one that opened last, else the next to open."""
    if contest is None:
        return None
    now = now or timezone.now()
    opened = list(contest.rounds.filter(opens_at__lte=now).order_by("-opens_at", "-id"))
    current = next((r for r in opened if r.is_open(now)), None)
    return current or (opened[0] if opened else contest.rounds.order_by("opens_at", "id").first())


# --- Rates -----------------------------------------------------------------------------
def reaches(rate: float | None, threshold: int) -> bool | None:
    """Whether a rate (0–1) reaches a threshold in percent, as collective prizes count it;
    None when the rate is unknown (no headcount)."""
    return None if rate is None else rate * 100 >= threshold


@dataclass
class UnitRate:
    unit: Unit
    participants: int
    rate: float | None  # 0–1, rounded as the boards round it; None without a headcount
    threshold: int  # percent

    @property
    def headcount(self) -> int | None:
        return self.unit.headcount

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)

    @property
    def reaches(self) -> bool | None:
        return reaches(self.rate, self.threshold)

    @property
    def below(self) -> bool:
        """Below the threshold (a unit without a headcount is not marked: it has no rate)."""
        return self.reaches is False


def unit_rates(round: Round) -> list[UnitRate]:
    """Every unit in the list, and any other whose people took the round, with its rate."""
    race = {row["id"]: row for row in unit_race(round)}
    units = Unit.objects.filter(Q(is_active=True) | Q(pk__in=list(race)))
    rows = []
    for unit in units:
        rows.append(_rate_of(round, unit, race.get(unit.pk)))
    return sort_rates(rows, DEFAULT_SORT)


def _name_key(unit: Unit) -> tuple[str, str]:
    # Vietnamese order near enough: "Đ" with the D's, accents after the bare letter.
    return strip_diacritics(unit.name).casefold(), unit.name


def sort_rates(rows: list[UnitRate], sort: str) -> list[UnitRate]:
    """`rows` in one of SORTS; equal values by name, units without a rate last either way."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    by_name = sorted(rows, key=lambda r: _name_key(r.unit))
    if key == "name":
        return by_name[::-1] if descending else by_name
    if key == "participants":
        # sorted() is stable with reverse=True too: equal counts stay in name order.
        return sorted(by_name, key=lambda r: r.participants, reverse=descending)
    known = [r for r in by_name if r.rate is not None]
    known = sorted(known, key=lambda r: (r.rate, r.participants), reverse=descending)
    return known + [r for r in by_name if r.rate is None]


@dataclass
class KindStanding:
    """A unit's rate among the units of the same kind (sở, UBND xã, trường…)."""

    rate: UnitRate
    rank: int | None  # 1 = the highest rate of its kind; None without a rate
    among: int  # units of the kind with a rate (a headcount)
    median: float | None  # 0–1

    @property
    def median_percent(self) -> float | None:
        return None if self.median is None else round(self.median * 100, 1)


def kind_standing(unit: Unit, rates: list[UnitRate]) -> KindStanding:
    """Where `unit` stands among the units of its kind in `rates` (unit_rates' rows): its
    place (equal rates share it) and the kind's median rate."""
    mine = next((r for r in rates if r.unit.pk == unit.pk), None)
    if mine is None:  # a unit taken off the list, whose people took no part
        threshold = rates[0].threshold if rates else 0
        mine = UnitRate(unit, 0, round_rate(0.0) if unit.headcount else None, threshold)
    others = [r for r in rates if r.unit.kind == unit.kind and r.unit.pk != unit.pk]
    same = [r.rate for r in [mine, *others] if r.rate is not None]
    rank = None if mine.rate is None else 1 + sum(1 for rate in same if rate > mine.rate)
    median = round_rate(statistics.median(same)) if same else None
    return KindStanding(mine, rank, len(same), median)


# --- One unit, round by round ----------------------------------------------------------
@dataclass
class Taker:
    """Someone of the unit who started the round: their name and how far they got."""

    name: str
    phone: str  # empty unless the contest lets contacts see phones
    attempts: int = 0
    finished: bool = False
    score: int | None = None  # of the best finished attempt
    of: int | None = None


@dataclass
class UnitRound:
    round: Round
    rate: UnitRate
    takers: list[Taker] = field(default_factory=list)
    is_open: bool = False
    waiting: int = 0  # people of the unit on the site who have not finished it (if open)
    reminder: UnitReminder | None = None  # today's, if one was sent

    @property
    def finished(self) -> int:
        return sum(1 for taker in self.takers if taker.finished)


def reminder_recipients(unit: Unit, round: Round):
    """The people of `unit` with a profile who have not finished `round` (whether they
    started it or not): those a reminder goes to."""
    finished = Attempt.objects.filter(round=round, finished_at__isnull=False).values(
        "participant_id"
    )
    return (
        Participant.objects.filter(unit=unit, deleted_at__isnull=True)
        .exclude(pk__in=finished)
        .select_related("user")
        .order_by("full_name", "id")
    )


def local_day(moment: datetime | None = None):
    return timezone.localdate(moment or timezone.now())


def todays_reminder(unit: Unit, round: Round, now: datetime | None = None):
    return UnitReminder.objects.filter(unit=unit, round=round, day=local_day(now)).first()


def unit_rounds(*, unit: Unit, contest: Contest, now: datetime | None = None) -> list[UnitRound]:
    """Each round of `contest` that has opened, newest first, with who of `unit` took it.

    Phones are filled in only when the contest lets contacts see them; citizen IDs never.
    """
    now = now or timezone.now()
    rounds = list(contest.rounds.filter(opens_at__lte=now).order_by("-opens_at", "-id"))
    attempts = (
        Attempt.objects.filter(round__in=rounds, participant__unit=unit)
        .order_by("participant__full_name", "participant_id", "number")
        .values(
            "round_id",
            "participant_id",
            "participant__full_name",
            "participant__phone",
            "finished_at",
            "score",
            "question_count",
            "is_best",
        )
    )
    show_phones = contest.contacts_see_phones
    takers: dict[int, dict[int, Taker]] = {}
    for row in attempts:
        taker = takers.setdefault(row["round_id"], {}).setdefault(
            row["participant_id"],
            Taker(
                name=row["participant__full_name"],
                phone=row["participant__phone"] if show_phones else "",
            ),
        )
        taker.attempts += 1
        if row["finished_at"] is not None:
            taker.finished = True
        if row["is_best"]:
            taker.score, taker.of = row["score"], row["question_count"]
    reminders = {r.round_id: r for r in UnitReminder.objects.filter(unit=unit, day=local_day(now))}
    out = []
    for rnd in rounds:
        item = UnitRound(
            round=rnd,
            rate=unit_rate(rnd, unit),
            takers=list(takers.get(rnd.pk, {}).values()),
            is_open=rnd.is_open(now),
            reminder=reminders.get(rnd.pk),
        )
        if item.is_open:
            item.waiting = reminder_recipients(unit, rnd).count()
        out.append(item)
    return out


def unit_rate(round: Round, unit: Unit) -> UnitRate:
    """`unit`'s row of unit_rates(round), without building the others' rows."""
    return _rate_of(round, unit, next((r for r in unit_race(round) if r["id"] == unit.pk), None))


def _rate_of(round: Round, unit: Unit, race_row: dict | None) -> UnitRate:
    """A unit's rate from its unit_race row; without one, nobody of it finished: 0%."""
    if race_row is not None:
        return UnitRate(unit, race_row["participants"], race_row["rate"], round.collective_min_rate)
    return UnitRate(unit, 0, round_rate(0.0) if unit.headcount else None, round.collective_min_rate)
