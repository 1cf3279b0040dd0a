"""Poster and poem entries, moderation, jury scores and public votes."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contest.models import Contest
from contest.roles import is_juror

VOTE_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Votes under the once-per-entry rule all carry this day, so one unique constraint
# (voter, entry, day) enforces both rules in the database.
ONCE_DAY = datetime.date(2000, 1, 1)


def when(value) -> str:
    """A time as people here read it (hh:mm dd/mm/yyyy, local time), for messages."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class GalleryConfig(models.Model):
    """The poster and poem competition of a contest: windows, limits, voting and jury rules."""

    class VoteRule(models.TextChoices):
        ONCE = "once", _("One vote per account per entry")
        DAILY = "daily", _("One vote per account per entry per day")

    contest = models.OneToOneField(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="gallery"
    )
    title = models.CharField(_("title"), max_length=200)
    rules = models.TextField(_("rules"), blank=True)
    submissions_open_at = models.DateTimeField(_("submissions open at"))
    submissions_close_at = models.DateTimeField(_("submissions close at"))
    voting_opens_at = models.DateTimeField(_("voting opens at"))
    voting_closes_at = models.DateTimeField(_("voting closes at"))
    max_entries_per_author = models.PositiveSmallIntegerField(
        _("entries per author"), default=5, validators=[MinValueValidator(1)]
    )
    max_poem_lines = models.PositiveSmallIntegerField(
        _("lines per poem"), default=30, validators=[MinValueValidator(2)]
    )
    max_image_mb = models.PositiveSmallIntegerField(
        _("largest image (MB)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    min_long_side = models.PositiveIntegerField(
        _("smallest long side (pixels)"),
        default=1500,
        validators=[MinValueValidator(400), MaxValueValidator(8000)],
    )
    show_counts = models.BooleanField(_("show vote counts to the public"), default=False)
    vote_rule = models.CharField(
        _("vote rule"), max_length=5, choices=VoteRule.choices, default=VoteRule.ONCE
    )
    blend_jury_percent = models.PositiveSmallIntegerField(
        _("jury share of the blended ranking (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty when the jury and the public vote give separate prizes."),
    )
    winners_per_ranking = models.PositiveSmallIntegerField(
        _("winners shown per ranking"), default=3, validators=[MinValueValidator(1)]
    )
    # On by default: a juror's own entry next to the ones they score invites doubt even when
    # they cannot score it or win with it.
    jurors_may_not_submit = models.BooleanField(
        _("jurors may not submit entries"),
        default=True,
        help_text=_(
            "Ticked: members of the jury cannot send entries. Either way, a juror never scores "
            "their own entry and cannot win."
        ),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gallery contest")
        verbose_name_plural = _("gallery contests")
        constraints = [
            models.CheckConstraint(
                condition=Q(submissions_close_at__gt=F("submissions_open_at")),
                name="gallery_submissions_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(voting_closes_at__gt=F("voting_opens_at")),
                name="gallery_voting_closes_after_open",
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        """The gallery of the current contest (Contest.current()), with its contest: one query."""
        current = Contest.objects.active().order_by(*Contest._meta.ordering).values("pk")[:1]
        return cls.objects.select_related("contest").filter(contest=Subquery(current)).first()

    @classmethod
    def current_or_404(cls):
        gallery = cls.current()
        if gallery is None:
            raise Http404
        return gallery

    @property
    def max_image_bytes(self) -> int:
        return self.max_image_mb * 1024 * 1024

    def submissions_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.submissions_open_at <= now < self.submissions_close_at

    def bars_from_submitting(self, user) -> bool:
        """Whether this user may not send entries: a juror, when the contest keeps them out."""
        return self.jurors_may_not_submit and is_juror(user)

    def voting_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.voting_opens_at <= now < self.voting_closes_at

    def vote_day(self, now=None) -> datetime.date:
        """The `day` a vote cast now is stored under (local date, or the fixed once-day)."""
        if self.vote_rule == self.VoteRule.ONCE:
            return ONCE_DAY
        return (now or timezone.now()).astimezone(VOTE_TIME_ZONE).date()


class Criterion(models.Model):
    """A jury criterion (content, creativity, aesthetics…) and its weight."""

    gallery = models.ForeignKey(
        GalleryConfig,
        verbose_name=_("gallery contest"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("criterion"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("jury criterion")
        verbose_name_plural = _("jury criteria")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class EntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Entry.Status.APPROVED)

    def active(self):
        """Entries that count against the author's limit (rejected and withdrawn do not)."""
        return self.filter(
            status__in=[Entry.Status.PENDING, Entry.Status.APPROVED, Entry.Status.HIDDEN]
        )

    def with_vote_counts(self):
        return self.annotate(
            counted_votes=Count("votes", filter=Q(votes__voided_at__isnull=True)),
            voided_votes=Count("votes", filter=Q(votes__voided_at__isnull=False)),
        )


class Entry(models.Model):
    class Kind(models.TextChoices):
        POSTER = "poster", _("Poster")
        POEM = "poem", _("Poem")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")
        WITHDRAWN = "withdrawn", _("Withdrawn by the author")

    gallery = models.ForeignKey(
        GalleryConfig,
        verbose_name=_("gallery contest"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="gallery_entries",
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    pen_name = models.CharField(_("pen name"), max_length=120, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    poem = models.TextField(_("poem"), blank=True)
    # Poster files: random names under MEDIA_ROOT (renditions) and the private root (originals).
    image_key = models.CharField(_("image key"), max_length=32, blank=True)
    renditions = models.JSONField(_("image sizes"), default=list, blank=True)
    original_name = models.CharField(_("uploaded file name"), max_length=120, blank=True)
    original_format = models.CharField(_("uploaded file format"), max_length=10, blank=True)
    master_name = models.CharField(_("kept original file"), max_length=120, blank=True)
    image_width = models.PositiveIntegerField(_("image width (px)"), null=True, blank=True)
    image_height = models.PositiveIntegerField(_("image height (px)"), null=True, blank=True)
    image_hash = models.CharField(_("perceptual hash"), max_length=16, blank=True)
    text_fingerprint = models.CharField(
        _("text fingerprint"), max_length=64, blank=True, db_index=True
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    moderation_reason = models.TextField(_("reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pledged_at = models.DateTimeField(_("originality pledge given at"))
    display_consent_at = models.DateTimeField(_("display consent given at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["gallery", "status", "kind"])]

    def __str__(self):
        return self.title

    @property
    def is_poster(self) -> bool:
        return self.kind == self.Kind.POSTER

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.REJECTED}


class Vote(models.Model):
    """One public vote. Withdrawn votes are deleted (the log keeps them); voided ones stay."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="gallery_votes",
    )
    day = models.DateField(_("day"), default=ONCE_DAY)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    ip_hash = models.CharField(_("address (keyed hash)"), max_length=64, blank=True, db_index=True)
    ua_hash = models.CharField(_("browser (keyed hash)"), max_length=64, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The one-vote rule lives here, not in Python: racing requests cannot both insert.
            models.UniqueConstraint(
                fields=["voter", "entry", "day"], name="gallery_vote_one_per_entry_day"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="gallery_vote_void_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.voter_id} → {self.entry_id} ({self.day:%d/%m/%Y})"

    @property
    def counted(self) -> bool:
        return self.voided_at is None


class VoteEvent(models.Model):
    """The audit log of votes: cast, withdrawn and voided, with keyed hashes, never raw IPs."""

    class Action(models.TextChoices):
        CAST = "cast", _("cast")
        WITHDRAW = "withdraw", _("withdrawn")
        VOID = "void", _("voided")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="vote_events"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    vote_id = models.BigIntegerField(_("vote id"), null=True, blank=True)
    day = models.DateField(_("day"), null=True, blank=True)
    # Who acted: the voter for cast/withdraw, the organizer for void.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    ip_hash = models.CharField(_("address (keyed hash)"), max_length=64, blank=True)
    ua_hash = models.CharField(_("browser (keyed hash)"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("vote log entry")
        verbose_name_plural = _("vote log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.entry_id} ({self.at:%H:%M %d/%m/%Y})"


class JuryReview(models.Model):
    """One juror's scores of one entry, and their note."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="reviews"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="gallery_reviews",
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("jury review")
        verbose_name_plural = _("jury reviews")
        constraints = [
            models.UniqueConstraint(fields=["entry", "juror"], name="gallery_review_one_per_juror")
        ]

    def __str__(self):
        return f"{self.juror_id} → {self.entry_id}"


class JuryScore(models.Model):
    review = models.ForeignKey(
        JuryReview, verbose_name=_("jury review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("jury criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="gallery_score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="gallery_score_1_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"
