"""Certificates (giấy chứng nhận): a template per contest and the certificates issued from it.

The names, units and prizes printed are copied onto each certificate when it is issued, so a
later change to a profile or a ranking never changes a certificate already handed out. The
template's wording is read when the PDF is drawn: a typo fixed in it fixes every download.
"""

import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import Contest, Participant, Unit
from gallery.models import Entry, GalleryConfig
from quizzes.models import Round

# The placeholders a template's text may hold, and what each one is replaced with.
PLACEHOLDERS = {
    "name": _("the holder's name (a person, or the unit for a collective prize)"),
    "unit": _("the holder's unit"),
    "prize": _("the prize (giải Nhất, giải tập thể…)"),
    "round": _("the round, or the poster and poem contest"),
    "date": _("the date of issue (dd/mm/yyyy)"),
}


def placeholder_list() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def validate_placeholders(text: str) -> None:
    """Refuse text whose braces name anything but the known placeholders.

    `str.format` would read "{name.__class__}" or "{0}" as well: only bare known names pass,
    without conversions or formats; "{{" and "}}" print a brace.
    """
    try:
        fields = [
            (name, spec, conversion)
            for _text, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as exc:
        raise ValidationError(
            _(
                "A brace is not closed or not opened. Write placeholders as {name}; to print "
                "a brace itself, write it twice: {{ or }}."
            ),
            code="braces",
        ) from exc
    unknown = sorted(
        {
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
            for name, spec, conversion in fields
            if name not in PLACEHOLDERS or spec or conversion
        }
    )
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(unknown)s. The text may use only %(known)s."),
            params={"unknown": ", ".join(unknown), "known": placeholder_list()},
            code="unknown_placeholder",
        )


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders replaced (the text is validated first)."""
    validate_placeholders(text)
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


DEFAULT_BODY = "Đã có thành tích xuất sắc, đạt {prize} tại {round}.\nĐơn vị: {unit}."
DEFAULT_PARTICIPATION_BODY = "Đã tham gia và hoàn thành bài thi {round}.\nĐơn vị: {unit}."


class CertificateTemplate(models.Model):
    """How the contest's certificates look: one per contest, A4 landscape."""

    contest = models.OneToOneField(
        Contest,
        verbose_name=_("contest"),
        on_delete=models.CASCADE,
        related_name="certificate_template",
    )
    title = models.CharField(_("title"), max_length=120, default="GIẤY CHỨNG NHẬN")
    issuer = models.CharField(
        _("issued by"),
        max_length=200,
        blank=True,
        help_text=_("The body that issues the certificates, printed at the top left."),
    )
    body = models.TextField(
        _("text for prizes"),
        default=DEFAULT_BODY,
        help_text=_("Printed under the holder's name."),
    )
    participation_body = models.TextField(
        _("text for participation certificates"),
        default=DEFAULT_PARTICIPATION_BODY,
    )
    place = models.CharField(
        _("place"),
        max_length=80,
        blank=True,
        help_text=_("Printed before the date, e.g. “Sóc Trăng, ngày 03 tháng 12 năm 2026”."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=160, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # Cleaned re-encodings (gallery.images.read_poster) under random names in the private
    # storage: a seal is not for download by anyone who guesses a media address.
    signature_name = models.CharField(max_length=120, blank=True)
    logo_name = models.CharField(max_length=120, blank=True)
    serial_prefix = models.CharField(
        _("serial number prefix"),
        max_length=12,
        default="CCHC",
        help_text=_("Serial numbers read PREFIX-YEAR-000123."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return str(self.contest)

    def clean(self):
        errors = {}
        for field in ("body", "participation_body"):
            try:
                validate_placeholders(getattr(self, field))
            except ValidationError as exc:
                errors[field] = exc
        if errors:
            raise ValidationError(errors)


def new_verification_code() -> str:
    # 16 random bytes: 22 URL-safe characters, far beyond guessing through a rate limit.
    return secrets.token_urlsafe(16)


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def of_user(self, user):
        return self.filter(participant__user=user)


class Certificate(models.Model):
    """One issued certificate: a person's prize or participation, or a unit's prize."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual prize in a round")
        COLLECTIVE = "collective", _("Collective prize for a unit")
        GALLERY = "gallery", _("Poster and poem contest prize")
        PARTICIPATION = "participation", _("Participation")
        INVITE = "invite", _("Spreading-the-word prize")

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    # The holder: a participant, or for a collective prize the unit (participant empty).
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    name_printed = models.CharField(_("name as printed"), max_length=200)
    unit_printed = models.CharField(_("unit as printed"), max_length=200, blank=True)
    prize = models.CharField(_("prize code"), max_length=20, blank=True)
    prize_label = models.CharField(_("prize"), max_length=120)
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    gallery = models.ForeignKey(
        GalleryConfig,
        verbose_name=_("poster and poem contest"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    entry = models.ForeignKey(
        Entry,
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    issued_on = models.DateField(_("date of issue"))
    number = models.PositiveIntegerField(_("number"))
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    code = models.CharField(
        _("verification code"),
        max_length=43,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    notified_at = models.DateTimeField(_("holder notified at"), null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "number"], name="campaign_certificate_number_unique"
            ),
            # Issuing twice gives nothing new: one certificate per holder and award.
            models.UniqueConstraint(
                fields=["participant", "kind", "round"],
                condition=Q(kind__in=["individual", "participation", "invite"]),
                name="campaign_certificate_round_person_unique",
            ),
            models.UniqueConstraint(
                fields=["unit", "kind", "round"],
                condition=Q(kind="collective"),
                name="campaign_certificate_round_unit_unique",
            ),
            # An author may win with two entries, and one entry in two rankings.
            models.UniqueConstraint(
                fields=["participant", "kind", "gallery", "entry", "prize"],
                condition=Q(kind="gallery"),
                name="campaign_certificate_gallery_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="collective", unit__isnull=False, round__isnull=False)
                    | Q(
                        kind__in=["individual", "participation", "invite"],
                        participant__isnull=False,
                    )
                    & Q(round__isnull=False)
                    | Q(kind="gallery", participant__isnull=False, gallery__isnull=False)
                ),
                name="campaign_certificate_holder_and_award",
            ),
        ]

    def __str__(self):
        return f"{self.serial} – {self.name_printed}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def award_title(self) -> str:
        """The round, or the poster and poem contest, the certificate is for."""
        if self.round_id:
            return self.round.title
        return self.gallery.title if self.gallery_id else ""


# The unit contacts' reminders and weekly digests (campaign/contact_models.py).
from .contact_models import UnitDigest, UnitReminder  # noqa: E402, F401
