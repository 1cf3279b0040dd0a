"""Printed banners with their QR codes and short links, and the scans of those links.

The models moved here from contest/ (issue 13); their tables keep the names they had there
(contest_banner, contest_scan, contest_scansignup), so no data moved.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from contest.devices import Device
from contest.models import Unit


def validate_site_path(path: str) -> str:
    """An address on this site ("/…"): never another host, never a short link itself."""
    path = (path or "").strip()
    if not path:
        raise ValidationError({"path": _("Type the address of the page, starting with /.")})
    parts = urlsplit(path)
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or parts.scheme
        or parts.netloc
        or any(ord(c) < 33 for c in path)
    ):
        raise ValidationError(
            {
                "path": _(
                    "Only pages of this site can be a target: type an address starting "
                    "with a single /, without https:// or another site's name."
                )
            }
        )
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise ValidationError(
            {"path": _("No page of this site has the address %(path)s.") % {"path": path}}
        ) from None
    if match.url_name in ("banner-redirect", "banner-redirect-typed"):
        raise ValidationError({"path": _("A banner cannot point to another short link.")})
    return path


# Upper case only, without 0/O, 1/I/L: read from print and typed in any case, no doubt.
BANNER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BANNER_CODE_LENGTH = 5


class Banner(models.Model):
    """A printed banner, panel or poster with its own QR code and short link (/b/<code>)."""

    class Target(models.TextChoices):
        ROUND = "round", _("A quiz round")
        BOARD = "board", _("The live board of a round")
        GALLERY = "gallery", _("The poster and poem gallery")
        PAGE = "page", _("Another page of this site")

    name = models.CharField(
        _("name and place"),
        max_length=200,
        help_text=_("Where it hangs, e.g. “Trung tâm Phục vụ hành chính công tỉnh – sảnh chính”."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="banners",
    )
    commune = models.CharField(_("commune or ward"), max_length=120, blank=True)
    target = models.CharField(
        _("points to"), max_length=10, choices=Target.choices, default=Target.ROUND
    )
    round = models.ForeignKey(
        "quizzes.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="banners",
    )
    path = models.CharField(
        _("page address"),
        max_length=200,
        blank=True,
        help_text=_("For “another page”: an address on this site starting with /, e.g. /."),
    )
    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "contest_banner"
        verbose_name = _("banner")
        verbose_name_plural = _("banners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="contest_banner_name_ci_unique",
                violation_error_message=_(
                    "Another banner already has this name; make it more precise."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(target__in=["round", "board"]) | Q(round__isnull=False),
                name="contest_banner_round_target_has_round",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        if self.target in (self.Target.ROUND, self.Target.BOARD):
            if not self.round_id:
                raise ValidationError({"round": _("Choose the round this banner points to.")})
        else:
            self.round = None  # a round left in the form would only block its deletion
        if self.target == self.Target.PAGE:
            self.path = validate_site_path(self.path)
        else:
            self.path = ""

    def target_url(self) -> str:
        """Where the short link sends people (the home page if the target is gone)."""
        if self.target == self.Target.ROUND and self.round_id:
            return reverse("quizzes:round-detail", args=[self.round_id])
        if self.target == self.Target.BOARD and self.round_id:
            return reverse("quizzes:round-board", args=[self.round_id])
        if self.target == self.Target.GALLERY:
            try:
                return reverse("gallery:index")
            except NoReverseMatch:  # the gallery is not built yet
                return reverse("home")
        if self.target == self.Target.PAGE and self.path:
            return self.path
        return reverse("home")


class Scan(models.Model):
    """One visit of a short link. No IP address is kept; the browser is a random cookie id."""

    Device = Device  # contest.devices: shared with invite links' visits

    # Null when the code is unknown; set but not redirected when the banner is inactive.
    banner = models.ForeignKey(
        Banner,
        verbose_name=_("banner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scans",
    )
    code = models.CharField(_("code as typed"), max_length=32)
    redirected = models.BooleanField(_("redirected"), default=True)
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)
    device = models.CharField(_("device"), max_length=8, choices=Device.choices)
    visitor = models.CharField(_("browser (random id)"), max_length=32)
    returning = models.BooleanField(_("browser seen before"), default=False)
    # The banner this browser scanned first, as its signed cookie says. No database
    # constraint: a cookie from before a database reset must not make the scan fail.
    first_banner = models.ForeignKey(
        Banner,
        verbose_name=_("first banner scanned"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "contest_scan"
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at"]
        indexes = [models.Index(fields=["banner", "scanned_at"], name="contest_scan_banner_time")]

    def __str__(self):
        return f"{self.code} {self.scanned_at:%Y-%m-%d %H:%M}"

    @property
    def is_orphan(self) -> bool:
        return not self.redirected


class ScanSignup(models.Model):
    """An account created in a browser after it scanned a banner: the funnel's second step."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="scan_signup",
    )
    banner = models.ForeignKey(
        Banner, verbose_name=_("banner"), on_delete=models.PROTECT, related_name="signups"
    )
    visitor = models.CharField(_("browser (random id)"), max_length=32)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "contest_scansignup"
        verbose_name = _("sign-up after a scan")
        verbose_name_plural = _("sign-ups after a scan")

    def __str__(self):
        return f"{self.user} ← {self.banner.code}"


def _target_words(target: str, round, path: str) -> str:
    """Where a banner points, as an organizer says it: "Đợt 1", "Bảng xếp hạng Đợt 2"."""
    if target == Banner.Target.ROUND and round is not None:
        return str(round.title)
    if target == Banner.Target.BOARD and round is not None:
        return _("Live board of %(round)s") % {"round": round.title}
    if target == Banner.Target.GALLERY:
        return str(_("The poster and poem gallery"))
    if target == Banner.Target.PAGE and path:
        return _("Page %(path)s") % {"path": path}
    return str(_("The home page"))


def banner_target_words(banner: Banner) -> str:
    return _target_words(banner.target, banner.round if banner.round_id else None, banner.path)


class BannerCheck(models.Model):
    """An organizer's or unit contact's visit to a banner in the field, from its QR code."""

    class State(models.TextChoices):
        INSTALLED = "installed", _("Installed")
        FINE = "fine", _("Still fine")
        DAMAGED = "damaged", _("Damaged")
        MISSING = "missing", _("Missing")

    banner = models.ForeignKey(
        Banner, verbose_name=_("banner"), on_delete=models.CASCADE, related_name="checks"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    note = models.TextField(_("check note"), max_length=1000, blank=True)
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="banner_checks",
    )
    # The photo as gallery images are kept: re-encoded pixels only (no EXIF, no GPS), under
    # a random key in the private storage, served through banners:banner-check-photo.
    photo_key = models.CharField(_("photo key"), max_length=32, blank=True)
    photo_width = models.PositiveIntegerField(_("photo width (px)"), null=True, blank=True)
    photo_height = models.PositiveIntegerField(_("photo height (px)"), null=True, blank=True)
    # Where the phone was, if its owner allowed it (WGS 84 degrees; accuracy in metres).
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accuracy_m = models.PositiveIntegerField(_("accuracy (m)"), null=True, blank=True)

    class Meta:
        verbose_name = _("banner check")
        verbose_name_plural = _("banner checks")
        ordering = ["-checked_at", "-id"]
        indexes = [
            models.Index(fields=["banner", "-checked_at"], name="banners_check_banner_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="banners_check_position_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.banner.code} {self.get_state_display()}"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def osm_url(self) -> str:
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"

    @property
    def geo_uri(self) -> str:
        return f"geo:{self.latitude},{self.longitude}"

    @property
    def checker_name(self) -> str:
        user = self.checked_by
        if user is None:
            return "—"
        participant = getattr(user, "participant", None)
        return (participant.full_name if participant else "") or user.email or f"#{user.pk}"

    def photo_name(self, size: str) -> str:
        """The stored file of the photo: "small" (400 px) or "large" (1600 px)."""
        return f"{CHECK_PHOTO_DIR}/{self.photo_key}-{size}.webp"


CHECK_PHOTO_DIR = "banner-checks"
