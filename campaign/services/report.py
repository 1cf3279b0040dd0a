"""The figures of the report to the People's Committee, for a period of local days.

Pure reads. A period is [first day 00:00, day after the last 00:00) in the site's time zone
(Asia/Ho_Chi_Minh); the previous period is the same number of days just before it. Each
figure is a `Pair` (this period, the previous one). Rates use the boards' rounding and the
rounds' collective thresholds as the official close does (quizzes.services.ranking).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from banners.models import Banner, ScanSignup
from banners.selectors import human_scans
from contest.models import Contest, Participant, Unit
from gallery.models import Entry, GalleryConfig, Vote
from gallery.selectors import winners as gallery_winners
from quizzes.boards import round_rate
from quizzes.models import Attempt, RankingEntry, Round

DEFAULT_THRESHOLD = Round._meta.get_field("collective_min_rate").default


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # included

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, datetime.min.time()))

    @property
    def end(self) -> datetime:
        """The first instant after the period (local midnight after the last day)."""
        return timezone.make_aware(
            datetime.combine(self.last + timedelta(days=1), datetime.min.time())
        )

    def previous(self) -> "Period":
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))


@dataclass
class Pair:
    current: float | int | None
    previous: float | int | None

    @property
    def diff(self):
        if self.current is None or self.previous is None:
            return None
        return round(self.current - self.previous, 3)

    # For the page: rates as "12,5%", differences with their sign.
    @staticmethod
    def _percent(value, signed=False) -> str:
        if value is None:
            return "–"
        sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ""
        return sign + f"{abs(value) * 100:.1f}%".replace(".", ",")

    @property
    def current_pct(self) -> str:
        return self._percent(self.current)

    @property
    def previous_pct(self) -> str:
        return self._percent(self.previous)

    @property
    def diff_pct(self) -> str:
        return self._percent(self.diff, signed=True)

    @property
    def diff_signed(self) -> str:
        diff = self.diff
        if diff is None:
            return "–"
        return ("+" if diff > 0 else "−" if diff < 0 else "") + f"{abs(diff):g}"


@dataclass
class Row:
    """One line of a breakdown: a unit, a participant type, a commune or a banner."""

    label: str
    participants: Pair
    attempts: Pair
    headcount: int | None = None
    rate: Pair | None = None
    reaches: bool | None = None  # the rate reaches the collective threshold


@dataclass
class RoundSummary:
    round: Round
    participants: int
    attempts: int
    finished: int
    published: bool
    winners: list[dict] = field(default_factory=list)  # individual prizes, rank order
    collective: list[dict] = field(default_factory=list)


@dataclass
class Report:
    contest: Contest | None
    period: Period
    previous: Period
    totals: dict[str, Pair]
    threshold: int
    by_unit: list[Row]
    by_type: list[Row]
    by_commune: list[Row]
    rounds: list[RoundSummary]
    gallery: dict | None
    banners: list[dict]
    banner_totals: dict[str, Pair]
    weeks: list[tuple[date, int]]


def _attempts(contest, period: Period):
    return Attempt.objects.filter(
        round__contest=contest, started_at__gte=period.start, started_at__lt=period.end
    )


def _people_and_attempts(attempts, key: str) -> dict:
    rows = attempts.values(key).annotate(
        people=Count("participant_id", distinct=True), n=Count("id")
    )
    return {row[key]: (row["people"], row["n"]) for row in rows.order_by()}


def _breakdown(contest, period, previous, key: str, labels) -> list[Row]:
    now = _people_and_attempts(_attempts(contest, period), key)
    before = _people_and_attempts(_attempts(contest, previous), key)
    rows = []
    for value in sorted(set(now) | set(before), key=lambda v: (v is None, str(labels(v)))):
        cur, prev = now.get(value, (0, 0)), before.get(value, (0, 0))
        rows.append(Row(str(labels(value)), Pair(cur[0], prev[0]), Pair(cur[1], prev[1])))
    rows.sort(key=lambda r: (-r.participants.current, r.label))
    return rows


def threshold_for(rounds) -> int:
    """The collective-prize threshold (percent) of the period's last round, else the default."""
    rounds = sorted(rounds, key=lambda r: r.closes_at)
    return rounds[-1].collective_min_rate if rounds else DEFAULT_THRESHOLD


def _by_unit(contest, period, previous, threshold) -> list[Row]:
    now = _people_and_attempts(_attempts(contest, period), "participant__unit_id")
    before = _people_and_attempts(_attempts(contest, previous), "participant__unit_id")
    # Every unit in the list, so the ones that took no part show as 0%, and any other unit
    # whose people took part.
    units = Unit.objects.filter(Q(is_active=True) | Q(pk__in=[*now, *before]))
    rows = []
    for unit in units:
        cur, prev = now.get(unit.pk, (0, 0)), before.get(unit.pk, (0, 0))

        def rate(people, unit=unit):
            return round_rate(people / unit.headcount) if unit.headcount else None

        row_rate = Pair(rate(cur[0]), rate(prev[0]))
        rows.append(
            Row(
                unit.name,
                Pair(cur[0], prev[0]),
                Pair(cur[1], prev[1]),
                headcount=unit.headcount,
                rate=row_rate,
                reaches=None if row_rate.current is None else row_rate.current * 100 >= threshold,
            )
        )
    # As the boards' unit race: rate first, then participants, then name.
    rows.sort(key=lambda r: (-(r.rate.current or 0), -r.participants.current, r.label))
    return rows


def _rounds(contest, period) -> list[RoundSummary]:
    rounds = Round.objects.filter(
        contest=contest, opens_at__lt=period.end, closes_at__gte=period.start
    ).order_by("opens_at", "id")
    out = []
    for rnd in rounds:
        attempts = rnd.attempts.all()
        summary = RoundSummary(
            round=rnd,
            participants=attempts.values("participant_id").distinct().count(),
            attempts=attempts.count(),
            finished=attempts.filter(finished_at__isnull=False).count(),
            published=rnd.published_at is not None,
        )
        if summary.published:
            prizes = dict(RankingEntry.Prize.choices)
            summary.winners = [
                {
                    "rank": e.rank,
                    "name": e.full_name,
                    "unit": e.unit_name,
                    "prize": str(prizes[e.prize]),
                    "score": e.score,
                    "of": e.question_count,
                }
                for e in rnd.ranking.exclude(prize="").order_by("rank")
            ]
            summary.collective = [
                {
                    "rank": u.rank,
                    "unit": u.unit_name,
                    "participants": u.participants,
                    "headcount": u.headcount,
                    "rate": u.rate,
                }
                for u in rnd.unit_results.filter(prize=True).order_by("rank")
            ]
        out.append(summary)
    return out


def _gallery(contest, period, previous) -> dict | None:
    gallery = GalleryConfig.objects.filter(contest=contest).first()
    if gallery is None:
        return None

    def figures(p: Period) -> dict:
        entries = Entry.objects.filter(
            gallery=gallery, created_at__gte=p.start, created_at__lt=p.end
        ).exclude(status=Entry.Status.WITHDRAWN)
        votes = Vote.objects.filter(
            entry__gallery=gallery, created_at__gte=p.start, created_at__lt=p.end
        ).aggregate(
            counted=Count("id", filter=Q(voided_at__isnull=True)),
            voided=Count("id", filter=Q(voided_at__isnull=False)),
        )
        return {
            "entries": entries.count(),
            "posters": entries.filter(kind=Entry.Kind.POSTER).count(),
            "poems": entries.filter(kind=Entry.Kind.POEM).count(),
            "approved": entries.filter(status=Entry.Status.APPROVED).count(),
            **votes,
        }

    now, before = figures(period), figures(previous)
    result = {"gallery": gallery, "figures": {k: Pair(now[k], before[k]) for k in now}}
    result["winners"] = []
    if gallery.results_published_at is not None:
        names = {"jury": "jury", "popular": "popular", "blend": "blend"}
        for ranking, rows in gallery_winners(gallery).items():
            for place, row in enumerate(rows, start=1):
                result["winners"].append(
                    {
                        "ranking": names[ranking],
                        "place": place,
                        "title": row.entry.title,
                        "author": row.public_author(),
                        "votes": row.votes,
                    }
                )
    return result


def _banner_figures(p: Period) -> tuple[dict, dict]:
    scans = human_scans().filter(redirected=True, scanned_at__gte=p.start, scanned_at__lt=p.end)
    per = {
        r["banner"]: r
        for r in scans.values("banner")
        .annotate(scans=Count("id"), unique=Count("visitor", distinct=True))
        .order_by()
    }
    signups = ScanSignup.objects.filter(created_at__gte=p.start, created_at__lt=p.end)
    for r in signups.values("banner").annotate(n=Count("user", distinct=True)).order_by():
        per.setdefault(r["banner"], {"scans": 0, "unique": 0})["signups"] = r["n"]
    # Finished attempts they brought: of those accounts, the ones that finished in the period.
    brought = signups.filter(
        user__participant__attempts__finished_at__gte=p.start,
        user__participant__attempts__finished_at__lt=p.end,
    )
    for r in brought.values("banner").annotate(n=Count("user", distinct=True)).order_by():
        per.setdefault(r["banner"], {"scans": 0, "unique": 0})["finished"] = r["n"]
    totals = {
        "scans": scans.count(),
        "unique": scans.aggregate(n=Count("visitor", distinct=True))["n"],
        "signups": signups.values("user").distinct().count(),
        "finished": brought.values("user").distinct().count(),
    }
    return per, totals


def _banners(period, previous) -> tuple[list[dict], dict[str, Pair]]:
    now, now_totals = _banner_figures(period)
    before, before_totals = _banner_figures(previous)
    names = Banner.objects.in_bulk([b for b in {*now, *before} if b is not None])
    keys = ("scans", "unique", "signups", "finished")
    rows = [
        {
            "name": banner.name,
            "commune": banner.commune,
            **{k: Pair(now.get(pk, {}).get(k, 0), before.get(pk, {}).get(k, 0)) for k in keys},
        }
        for pk, banner in names.items()
    ]
    rows.sort(key=lambda r: (-r["scans"].current, r["name"]))
    return rows, {k: Pair(now_totals[k], before_totals[k]) for k in keys}


def weekly_attempts(contest, period: Period) -> list[tuple[date, int]]:
    """(first day of the week, attempts started) for each 7-day slice from the first day."""
    counts = defaultdict(int)
    for started in _attempts(contest, period).values_list("started_at", flat=True):
        counts[(timezone.localtime(started).date() - period.first).days // 7] += 1
    weeks = (period.days + 6) // 7
    return [(period.first + timedelta(days=7 * i), counts[i]) for i in range(weeks)]


def _totals(contest, period, previous) -> dict[str, Pair]:
    def figures(p):
        attempts = _attempts(contest, p)
        return {
            "participants": attempts.values("participant_id").distinct().count(),
            "attempts": attempts.count(),
            "finished": attempts.filter(finished_at__isnull=False).count(),
            "new_participants": Participant.objects.filter(
                created_at__gte=p.start, created_at__lt=p.end
            ).count(),
        }

    now, before = figures(period), figures(previous)
    return {k: Pair(now[k], before[k]) for k in now}


def campaign_report(*, period: Period, contest: Contest | None = None) -> Report:
    """Every figure of the report for `period` in `contest` (the current one by default)."""
    contest = contest or Contest.current()
    previous = period.previous()
    rounds = _rounds(contest, period)
    threshold = threshold_for([s.round for s in rounds])
    types = dict(Participant.Type.choices)
    banners, banner_totals = _banners(period, previous)
    return Report(
        contest=contest,
        period=period,
        previous=previous,
        totals=_totals(contest, period, previous),
        threshold=threshold,
        by_unit=_by_unit(contest, period, previous, threshold),
        by_type=_breakdown(
            contest,
            period,
            previous,
            "participant__participant_type",
            lambda v: types.get(v, v),
        ),
        by_commune=_breakdown(
            contest, period, previous, "participant__commune", lambda v: v or "—"
        ),
        rounds=rounds,
        gallery=_gallery(contest, period, previous),
        banners=banners,
        banner_totals=banner_totals,
        weeks=weekly_attempts(contest, period),
    )
