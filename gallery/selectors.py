"""Reads of the gallery: the public grid, tallies, suspicious clusters, duplicates, rankings."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from contest.roles import JURORS, ORGANIZERS

from .images import hash_distance
from .models import Entry, GalleryConfig, JuryReview, Vote

# A prime above any id and a large multiplier per visitor: (id * a + b) mod p wraps around p
# at almost every step, a shuffled order the database computes (no repeats: p is prime),
# the same for one seed, so pages neither repeat nor skip.
SHUFFLE_PRIME = 2_147_483_647
DUPLICATE_BITS = 6

SORTS = ("random", "newest", "votes")


def public_entries(gallery: GalleryConfig, *, kind: str = "", sort: str = "random", seed: int = 1):
    entries = Entry.objects.public().filter(gallery=gallery)
    if kind in Entry.Kind.values:
        entries = entries.filter(kind=kind)
    if gallery.show_counts:
        # A correlated count per entry, not a join of every vote grouped by entry: the
        # paginator's COUNT then leaves it out, and only the shown page's rows compute it.
        counted = (
            Vote.objects.filter(entry=OuterRef("pk"), voided_at__isnull=True)
            .order_by()
            .values("entry")
            .annotate(n=Count("pk"))
            .values("n")
        )
        entries = entries.annotate(counted_votes=Coalesce(Subquery(counted), 0))
    if sort == "votes" and gallery.show_counts:
        return entries.order_by("-counted_votes", "-id")
    if sort == "newest":
        return entries.order_by("-created_at", "-id")
    multiplier = SHUFFLE_PRIME // 4 + seed % (SHUFFLE_PRIME // 2)
    offset = (seed * 7919) % SHUFFLE_PRIME
    return entries.annotate(shuffle=(F("id") * multiplier + offset) % SHUFFLE_PRIME).order_by(
        "shuffle", "id"
    )


def voted_entry_ids(gallery: GalleryConfig, user) -> set[int]:
    """Entries the user has a vote on that blocks another one now (today's, or ever)."""
    if not user.is_authenticated:
        return set()
    votes = Vote.objects.filter(entry__gallery=gallery, voter=user, day=gallery.vote_day())
    return set(votes.values_list("entry_id", flat=True))


def voided_vote(entry: Entry, user) -> Vote | None:
    """The user's vote on the entry that organizers voided and that still blocks a new one."""
    if not user.is_authenticated:
        return None
    return Vote.objects.filter(
        entry=entry, voter=user, day=entry.gallery.vote_day(), voided_at__isnull=False
    ).first()


def counted_votes(entry: Entry) -> int:
    return entry.votes.filter(voided_at__isnull=True).count()


def tally(gallery: GalleryConfig):
    """Every approved or hidden entry with its counted and voided votes, most counted first."""
    return (
        Entry.objects.filter(
            gallery=gallery, status__in=[Entry.Status.APPROVED, Entry.Status.HIDDEN]
        )
        .with_vote_counts()
        .order_by("-counted_votes", "id")
    )


@dataclass
class Cluster:
    ip_hash: str
    voters: list = field(default_factory=list)
    counted: int = 0
    first_vote: object = None
    last_vote: object = None

    @property
    def voter_ids(self) -> list[int]:
        return [voter.pk for voter in self.voters]


def suspicious_clusters(gallery: GalleryConfig, *, minutes: int = 30, min_accounts: int = 3):
    """Groups of accounts voting from one (hashed) IP whose accounts were created within
    `minutes` of each other in a chain: the mark of sign-up scripts. Largest groups first."""
    votes = (
        Vote.objects.filter(entry__gallery=gallery, voided_at__isnull=True)
        .exclude(ip_hash="")
        .select_related("voter")
    )
    voters_by_ip = defaultdict(dict)
    votes_by_voter = defaultdict(list)
    for vote in votes:
        voters_by_ip[vote.ip_hash][vote.voter_id] = vote.voter
        votes_by_voter[(vote.ip_hash, vote.voter_id)].append(vote.created_at)
    gap = timedelta(minutes=minutes)
    found = []
    for ip_hash, voters in voters_by_ip.items():
        runs = [[]]
        for voter in sorted(voters.values(), key=lambda v: v.date_joined):
            if runs[-1] and voter.date_joined - runs[-1][-1].date_joined > gap:
                runs.append([])
            runs[-1].append(voter)
        for run in runs:
            if len(run) < min_accounts:
                continue
            times = [t for voter in run for t in votes_by_voter[(ip_hash, voter.pk)]]
            found.append(
                Cluster(
                    ip_hash=ip_hash,
                    voters=run,
                    counted=len(times),
                    first_vote=min(times),
                    last_vote=max(times),
                )
            )
    return sorted(found, key=lambda c: (-len(c.voters), -c.counted))


def duplicates(gallery: GalleryConfig) -> dict[int, list[Entry]]:
    """For each entry, the other entries that look like the same work (image or poem text)."""
    entries = list(
        Entry.objects.filter(gallery=gallery)
        .exclude(status=Entry.Status.WITHDRAWN)
        .select_related("author")
        .only("id", "title", "kind", "image_hash", "text_fingerprint", "status", "author__email")
    )
    found = defaultdict(list)
    posters = [e for e in entries if e.is_poster and e.image_hash]
    for i, a in enumerate(posters):
        for b in posters[i + 1 :]:
            if hash_distance(a.image_hash, b.image_hash) <= DUPLICATE_BITS:
                found[a.pk].append(b)
                found[b.pk].append(a)
    by_text = defaultdict(list)
    for entry in entries:
        if not entry.is_poster and entry.text_fingerprint:
            by_text[entry.text_fingerprint].append(entry)
    for same in by_text.values():
        for entry in same:
            found[entry.pk].extend(other for other in same if other.pk != entry.pk)
    return dict(found)


def jury_entries(gallery: GalleryConfig, juror):
    """The entries a juror scores: approved ones, never their own (hidden from their list)."""
    return Entry.objects.public().filter(gallery=gallery).exclude(author=juror)


def jurors():
    return get_user_model().objects.filter(groups__name=JURORS, is_active=True).order_by("email")


def jury_progress(gallery: GalleryConfig) -> list[tuple]:
    """(juror, entries scored, entries to score) for each juror; their own entries are not theirs
    to score."""
    public = Entry.objects.public().filter(gallery=gallery)
    total = public.count()
    own = defaultdict(int)
    for author_id in public.values_list("author_id", flat=True):
        own[author_id] += 1
    done = defaultdict(int)
    reviews = (
        JuryReview.objects.filter(entry__gallery=gallery, entry__status=Entry.Status.APPROVED)
        .exclude(entry__author=F("juror"))
        .values_list("juror_id", flat=True)
    )
    for juror_id in reviews:
        done[juror_id] += 1
    return [(juror, done[juror.pk], total - own[juror.pk]) for juror in jurors()]


def ineligible_author_ids() -> set[int]:
    """Organizers and jurors may not win."""
    users = get_user_model().objects.filter(
        Q(groups__name__in=[ORGANIZERS, JURORS]) | Q(is_superuser=True)
    )
    return set(users.values_list("pk", flat=True))


@dataclass
class Row:
    entry: Entry
    jury: float | None
    reviews: int
    votes: int
    voided: int
    blend: float | None = None
    eligible: bool = True

    def public_author(self) -> str:
        """The pen name of a poem; the poster author's name as the contest shows names."""
        entry = self.entry
        if entry.pen_name:
            return entry.pen_name
        participant = getattr(entry.author, "participant", None)
        return entry.gallery.contest.public_name(participant.full_name) if participant else ""


def _jury_averages(gallery: GalleryConfig) -> dict[int, tuple[float, int]]:
    """entry id -> (mean over jurors of the weighted average of their scores, jurors)."""
    weights = {c.pk: c.weight for c in gallery.criteria.all()}
    per_review = defaultdict(dict)
    # A score a juror gave their own entry (before that was refused) never counts.
    reviews = (
        JuryReview.objects.filter(entry__gallery=gallery)
        .exclude(entry__author=F("juror"))
        .prefetch_related("scores")
    )
    for review in reviews:
        per_review[(review.entry_id, review.pk)] = {
            s.criterion_id: s.score for s in review.scores.all()
        }
    by_entry = defaultdict(list)
    for (entry_id, _review), scores in per_review.items():
        if weights and set(scores) >= set(weights):
            total = sum(weights.values())
            by_entry[entry_id].append(sum(scores[c] * w for c, w in weights.items()) / total)
    return {e: (sum(v) / len(v), len(v)) for e, v in by_entry.items()}


def rankings(gallery: GalleryConfig) -> dict[str, list[Row]]:
    """The jury ranking (weighted average), the popular vote (counted votes) and, when the
    contest blends them, jury% x jury/10 + (100-jury%) x votes/most votes."""
    averages = _jury_averages(gallery)
    excluded = ineligible_author_ids()
    rows = []
    for entry in (
        Entry.objects.public()
        .filter(gallery=gallery)
        .with_vote_counts()
        .select_related("author__participant", "gallery__contest")
    ):
        jury, reviews = averages.get(entry.pk, (None, 0))
        rows.append(
            Row(
                entry=entry,
                jury=jury,
                reviews=reviews,
                votes=entry.counted_votes,
                voided=entry.voided_votes,
                eligible=entry.author_id not in excluded,
            )
        )
    result = {
        "jury": sorted(
            (r for r in rows if r.jury is not None), key=lambda r: (-r.jury, -r.votes, r.entry.pk)
        ),
        "popular": sorted(rows, key=lambda r: (-r.votes, r.entry.pk)),
        "blend": [],
    }
    if gallery.blend_jury_percent is not None:
        share = gallery.blend_jury_percent / 100
        most = max((r.votes for r in rows), default=0) or 1
        for row in rows:
            row.blend = share * (row.jury or 0) / 10 * 100 + (1 - share) * row.votes / most * 100
        result["blend"] = sorted(rows, key=lambda r: (-r.blend, r.entry.pk))
    return result


def winners(gallery: GalleryConfig) -> dict[str, list[Row]]:
    """The first eligible entries of each ranking (organizers and jurors cannot win)."""
    count = gallery.winners_per_ranking
    return {
        name: [row for row in rows if row.eligible][:count]
        for name, rows in rankings(gallery).items()
    }
