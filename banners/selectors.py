"""Reads for the banners' analytics: scans, unique browsers, orphans and the funnel.

Bots and link previews are left out of every count except their own column. The funnel
credits each account to the banner its browser scanned first (ScanSignup), then follows the
account to a finished attempt and to a counted gallery vote.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from contest.roles import contact_unit_ids, is_organizer

from .models import Banner, BannerCheck, Scan, ScanSignup


@dataclass
class BannerStats:
    banner: Banner
    scans: int = 0
    unique: int = 0
    phones: int = 0
    bots: int = 0
    signups: int = 0
    finished: int = 0
    voted: int | None = 0  # None while the gallery has no votes to count
    last_check: BannerCheck | None = None


@dataclass
class Totals:
    scans: int = 0
    unique: int = 0
    signups: int = 0
    finished: int = 0
    voted: int | None = 0
    orphans: int = 0


@dataclass
class Report:
    since: datetime
    rows: list[BannerStats]
    days: list[tuple[date, int, int]]
    orphans: list[dict]
    totals: Totals = field(default_factory=Totals)
    # (banner id, local day) -> scans, for the export's day-by-banner table
    by_banner_day: dict[tuple[int, date], int] = field(default_factory=dict)


def vote_model():
    """gallery.Vote when the gallery has it, else None."""
    try:
        return apps.get_model("gallery", "Vote")
    except LookupError:
        return None


def human_scans():
    return Scan.objects.exclude(device=Scan.Device.BOT)


def period_start(days: int) -> datetime:
    """Local midnight `days - 1` days ago: the period includes today."""
    today = timezone.localdate()
    start = datetime.combine(today - timedelta(days=days - 1), datetime.min.time())
    return timezone.make_aware(start)


def _per_banner(queryset, **aggregates) -> dict[int, dict]:
    return {
        row["banner"]: row for row in queryset.values("banner").annotate(**aggregates).order_by()
    }


def funnel_counts(*, since: datetime, banner_ids=None) -> dict[int, dict]:
    """Per banner: accounts signed up after a scan in the period, and how far they went."""
    signups = ScanSignup.objects.filter(created_at__gte=since)
    if banner_ids is not None:
        signups = signups.filter(banner_id__in=banner_ids)
    counts = {
        banner_id: {"signups": row["n"], "finished": 0, "voted": 0}
        for banner_id, row in _per_banner(signups, n=Count("user", distinct=True)).items()
    }
    finished = signups.filter(user__participant__attempts__finished_at__isnull=False)
    for banner_id, row in _per_banner(finished, n=Count("user", distinct=True)).items():
        counts[banner_id]["finished"] = row["n"]
    Vote = vote_model()
    for value in counts.values():
        value["voted"] = 0 if Vote else None
    if Vote is not None:
        voters = Vote.objects.filter(voided_at__isnull=True).values("voter")
        voted = signups.filter(user__in=voters)
        for banner_id, row in _per_banner(voted, n=Count("user", distinct=True)).items():
            counts[banner_id]["voted"] = row["n"]
    return counts


def _local_day():
    return TruncDate("scanned_at", tzinfo=timezone.get_current_timezone())


def scans_per_day(*, since: datetime, banner: Banner | None = None) -> list[tuple[date, int, int]]:
    """(local day, scans, unique browsers) for every day from `since` to today, zeros included."""
    scans = human_scans().filter(redirected=True, scanned_at__gte=since)
    if banner is not None:
        scans = scans.filter(banner=banner)
    rows = (
        scans.annotate(day=_local_day())
        .values("day")
        .annotate(scans=Count("id"), unique=Count("visitor", distinct=True))
        .order_by("day")
    )
    found = {row["day"]: (row["scans"], row["unique"]) for row in rows}
    day, today, out = timezone.localtime(since).date(), timezone.localdate(), []
    while day <= today:
        out.append((day, *found.get(day, (0, 0))))
        day += timedelta(days=1)
    return out


def orphan_scans(*, since: datetime, limit: int = 100) -> list[dict]:
    """Codes that led nowhere (unknown, or a banner taken out of use), most scanned first."""
    return list(
        human_scans()
        .filter(redirected=False, scanned_at__gte=since)
        .values("code", "banner__name")
        .annotate(scans=Count("id"), last=Max("scanned_at"))
        .order_by("-scans", "code")[:limit]
    )


def banner_report(*, days: int = 30, banners=None) -> Report:
    """Everything the analytics page and its export show, for the last `days` days."""
    since = period_start(days)
    banners = list(banners if banners is not None else Banner.objects.select_related("unit"))
    ids = [b.pk for b in banners]
    scans = Scan.objects.filter(scanned_at__gte=since, banner_id__in=ids, redirected=True)
    human = _per_banner(
        scans.exclude(device=Scan.Device.BOT),
        scans=Count("id"),
        unique=Count("visitor", distinct=True),
        phones=Count("id", filter=Q(device=Scan.Device.PHONE)),
    )
    bots = _per_banner(scans.filter(device=Scan.Device.BOT), n=Count("id"))
    funnel = funnel_counts(since=since, banner_ids=ids)
    no_votes = {"voted": 0 if vote_model() else None}
    checks = last_checks(ids)
    rows = []
    for banner in banners:
        row = human.get(banner.pk, {})
        steps = funnel.get(banner.pk, no_votes)
        rows.append(
            BannerStats(
                banner=banner,
                scans=row.get("scans", 0),
                unique=row.get("unique", 0),
                phones=row.get("phones", 0),
                bots=bots.get(banner.pk, {}).get("n", 0),
                signups=steps.get("signups", 0),
                finished=steps.get("finished", 0),
                voted=steps["voted"],
                last_check=checks.get(banner.pk),
            )
        )
    rows.sort(key=lambda r: (-r.scans, r.banner.name))
    orphans = orphan_scans(since=since)
    totals = Totals(
        scans=sum(r.scans for r in rows),
        unique=human_scans()
        .filter(scanned_at__gte=since, banner_id__in=ids, redirected=True)
        .aggregate(n=Count("visitor", distinct=True))["n"],
        signups=sum(r.signups for r in rows),
        finished=sum(r.finished for r in rows),
        voted=None if no_votes["voted"] is None else sum(r.voted for r in rows),
        orphans=human_scans().filter(redirected=False, scanned_at__gte=since).count(),
    )
    by_banner_day = {
        (row["banner"], row["day"]): row["scans"]
        for row in human_scans()
        .filter(scanned_at__gte=since, banner_id__in=ids, redirected=True)
        .annotate(day=_local_day())
        .values("banner", "day")
        .annotate(scans=Count("id"))
        .order_by()
    }
    return Report(
        since=since,
        rows=rows,
        days=scans_per_day(since=since) if banners else [],
        orphans=orphans,
        totals=totals,
        by_banner_day=by_banner_day,
    )


# --- Checks in the field ----------------------------------------------------------
def can_check(user, banner: Banner) -> bool:
    """Organizers check every banner; a unit contact those of their own units."""
    if is_organizer(user):
        return True
    return banner.unit_id is not None and banner.unit_id in contact_unit_ids(user)


def last_checks(banner_ids) -> dict[int, BannerCheck]:
    """Each banner's latest check (with who made it), for the banners that have one."""
    latest = BannerCheck.objects.filter(banner=OuterRef("pk")).order_by("-checked_at", "-id")
    ids = (
        Banner.objects.filter(pk__in=banner_ids)
        .annotate(last=Subquery(latest.values("id")[:1]))
        .exclude(last=None)
        .values_list("last", flat=True)
    )
    return {
        check.banner_id: check
        for check in BannerCheck.objects.filter(pk__in=list(ids)).select_related(
            "checked_by__participant"
        )
    }


CHECK_FILTERS = ("never", "stale")


def filter_by_check(rows: list[BannerStats], *, show: str, days: int) -> list[BannerStats]:
    """`never`: banners nobody has checked; `stale`: not checked in the last `days` days
    (never checked included); anything else: every row."""
    if show == "never":
        return [row for row in rows if row.last_check is None]
    if show == "stale":
        cutoff = timezone.now() - timedelta(days=days)
        return [row for row in rows if row.last_check is None or row.last_check.checked_at < cutoff]
    return rows


def check_history(banner: Banner):
    return banner.checks.select_related("checked_by__participant")


def all_checks(banner_ids):
    """Every check of the banners, newest first: the export's sheet of checks."""
    return (
        BannerCheck.objects.filter(banner_id__in=banner_ids)
        .select_related("banner", "checked_by__participant")
        .order_by("-checked_at", "-id")
    )


def unit_banners(unit_ids) -> list[tuple[Banner, BannerCheck | None]]:
    """The banners of these units with each one's latest check: for a unit contact's page,
    which links each to banners:banner-check."""
    banners = list(Banner.objects.filter(unit_id__in=unit_ids).select_related("unit"))
    checks = last_checks([banner.pk for banner in banners])
    return [(banner, checks.get(banner.pk)) for banner in banners]
