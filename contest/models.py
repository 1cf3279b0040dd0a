from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^0[0-9]{9}$",
    _("Enter a phone number of 10 digits starting with 0, for example 0912345678."),
    code="invalid_phone",
)
cccd_validator = RegexValidator(
    r"^\d{12}$",
    _("A citizen ID (CCCD) number has exactly 12 digits."),
    code="invalid_cccd",
)


def default_unit_required_types() -> list[str]:
    # Civil servants, armed forces and students belong to a unit; citizens and businesses
    # give a commune or a business name.
    return ["cbccvc", "llvt", "hssv"]


class ContestQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Contest(models.Model):
    """The campaign: quiz rounds and the gallery hang from it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    organizer_name = models.CharField(_("organized by"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class PublicNames(models.TextChoices):
        SHORT = "short", _("Shortened (Nguyễn V. A.)")
        FULL = "full", _("Full name")

    public_names = models.CharField(
        _("names on public boards"),
        max_length=5,
        choices=PublicNames.choices,
        default=PublicNames.SHORT,
    )

    class PhoneVerification(models.TextChoices):
        NEVER = "never", _("Never")
        BEFORE_VOTING = "vote", _("Before voting in the gallery")
        BEFORE_PRIZE = "prize", _("Before a prize is confirmed")

    phone_verification = models.CharField(
        _("phone verification by code"),
        max_length=5,
        choices=PhoneVerification.choices,
        default=PhoneVerification.BEFORE_VOTING,
        help_text=_("When participants must confirm their phone number with a code sent by SMS."),
    )
    unit_required_types = models.JSONField(
        _("participant types that choose a unit"),
        default=default_unit_required_types,
        blank=True,
        help_text=_("The others give a commune or a business name instead."),
    )
    prize_requires_cccd = models.BooleanField(
        _("a citizen ID (CCCD) is required before a prize"), default=False
    )
    support_phone = models.CharField(_("support phone"), max_length=20, blank=True)
    support_email = models.EmailField(_("support email"), blank=True)
    support_url = models.URLField(_("support page"), blank=True)
    contacts_see_phones = models.BooleanField(
        _("unit contacts see their staff's phone numbers"),
        default=False,
        help_text=_(
            "Off: a unit's contact people see names and progress only, never phone numbers "
            "or citizen IDs."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="contest_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def public_name(self, full_name: str) -> str:
        from .names import short_name

        return full_name if self.public_names == self.PublicNames.FULL else short_name(full_name)

    @classmethod
    def current(cls):
        """The contest the home page presents: the newest active one."""
        return cls.objects.active().first()

    def unit_required_for(self, participant_type: str) -> bool:
        return participant_type in (self.unit_required_types or [])

    def phone_check_needed(self, participant: "Participant | None", *, before: str) -> bool:
        """Whether `participant` must still verify their phone by code `before` "vote" or
        "prize" in this contest (an account without a phone has nothing to verify)."""
        if self.phone_verification != before:
            return False
        return bool(participant and participant.phone) and not participant.phone_verified

    def prize_missing(self, participant: "Participant") -> list[str]:
        """What `participant` still has to do before a prize of this contest is confirmed:
        "phone" (verify it by code) and "cccd" (give it), in that order; empty when nothing."""
        missing = []
        if self.phone_check_needed(participant, before=self.PhoneVerification.BEFORE_PRIZE):
            missing.append("phone")
        if self.prize_requires_cccd and not participant.cccd:
            missing.append("cccd")
        return missing


class Unit(models.Model):
    """An organisation people work or study in (đơn vị), loaded by the organizers."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department, board or agency")
        PEOPLES_COMMITTEE = "committee", _("People's Committee (province, commune or ward)")
        PARTY_MASS = "party", _("Party body or mass organisation")
        SCHOOL = "school", _("School")
        HOSPITAL = "hospital", _("Hospital or health centre")
        ARMED_FORCES = "armed", _("Armed forces")
        PRESS = "press", _("Press and broadcasting")
        ENTERPRISE = "enterprise", _("Enterprise")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    headcount = models.PositiveIntegerField(
        _("headcount"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Number of staff or members, for participation rates."),
    )
    is_active = models.BooleanField(_("shown in the list"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="contest_unit_name_ci_unique"),
        ]

    def __str__(self):
        return self.name


class UnitContactQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class UnitContact(models.Model):
    """A person the organizers named as their unit's contact (đầu mối): they see their own
    unit's participation, get its digest and may remind its staff."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="unit_contacts",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = UnitContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit contact")
        verbose_name_plural = _("unit contacts")
        ordering = ["unit__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "user"], name="contest_unitcontact_unique"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.user}"


class Participant(models.Model):
    """A person's profile, required before taking part in anything."""

    class Type(models.TextChoices):
        CIVIL_SERVANT = "cbccvc", _("Cadre, civil servant or public employee (CBCCVC)")
        ARMED_FORCES = "llvt", _("Armed forces (LLVT)")
        STUDENT = "hssv", _("Pupil or student (HSSV)")
        CITIZEN = "citizen", _("Citizen")
        BUSINESS = "business", _("Business")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="participant",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    # Empty only once the person deleted their data, hence unique when not empty.
    phone = models.CharField(_("phone number"), max_length=10, validators=[phone_validator])
    participant_type = models.CharField(_("participant type"), max_length=10, choices=Type.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    unit_other = models.CharField(_("other unit"), max_length=200, blank=True)
    cccd = models.CharField(
        _("citizen ID (CCCD)"), max_length=12, blank=True, validators=[cccd_validator]
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    commune = models.CharField(_("commune or ward"), max_length=120, blank=True)
    consent_given_at = models.DateTimeField(_("personal data consent given at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the person deleted their data: the row stays, anonymised, for the rankings.
    deleted_at = models.DateTimeField(_("personal data deleted at"), null=True, blank=True)
    # When the phone above was confirmed by a code; cleared by save() when the phone changes.
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    # The personal invite link's code (/moi/<code>), given on first use: invites credits
    # the sign-ups and finished attempts it brings to this participant.
    invite_code = models.CharField(
        _("invite code"), max_length=12, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="contest_participant_phone_unique"
            ),
            models.UniqueConstraint(
                fields=["cccd"], condition=~Q(cccd=""), name="contest_participant_cccd_unique"
            ),
            models.CheckConstraint(
                # A unit from the list, another unit's or a business's name, or a commune.
                condition=Q(unit__isnull=False) | ~Q(unit_other="") | ~Q(commune=""),
                name="contest_participant_has_unit",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_phone", None)
        if not self.phone or (loaded is not None and loaded != self.phone):
            self.phone_verified_at = None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "phone_verified_at"}
        super().save(*args, **kwargs)
        self._loaded_phone = self.phone

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The phone as loaded: save() forgets a verification made for another number.
        instance._loaded_phone = dict(zip(field_names, values, strict=True)).get("phone")
        return instance

    @property
    def phone_verified(self) -> bool:
        return bool(self.phone and self.phone_verified_at)

    @property
    def unit_name(self) -> str:
        return self.unit.name if self.unit_id else self.unit_other


# --- Audit log ----------------------------------------------------------------------
class AuditEntryQuerySet(models.QuerySet):
    def matching(self, *, action="", target_type="", actor="", since=None, until=None):
        """The organizers' filters: dates are local days, both ends included."""
        entries = self
        if action:
            entries = entries.filter(action=action)
        if target_type:
            entries = entries.filter(target_type=target_type)
        if actor:
            entries = entries.filter(actor_label__icontains=actor)
        if since:
            entries = entries.filter(at__date__gte=since)
        if until:
            entries = entries.filter(at__date__lte=until)
        return entries

    def about(self, target_type: str, ids) -> models.QuerySet:
        """Entries about objects of `target_type` ("app.model") whose ids are in `ids`
        (a list or a values("pk") queryset): the apps above compose their own views from it,
        e.g. quizzes.exports.round_audit_entries."""
        return self.filter(target_type=target_type, target_id__in=ids)


class AuditEntry(models.Model):
    """One organizer action that matters for fairness: who, when, what, on which object.

    Written by contest.services.audit.audit_record inside the action's own transaction,
    so an action rolled back leaves no entry and a recorded one really happened.
    """

    class Action(models.TextChoices):
        ROUND_CREATE = "round.create", _("Round created")
        ROUND_EDIT = "round.edit", _("Round changed")
        ROUND_CLOSE = "round.close", _("Round closed")
        ROUND_PUBLISH = "round.publish", _("Round results published")
        ROUND_REVEAL = "round.reveal", _("Winners revealed")
        ROUND_KEY_RELEASE = "round.key_release", _("Round answers released early")
        QUESTION_CREATE = "question.create", _("Question added")
        QUESTION_EDIT = "question.edit", _("Question edited")
        QUESTION_RETIRE = "question.retire", _("Question retired")
        QUESTION_RESTORE = "question.restore", _("Question restored")
        QUESTIONS_IMPORT = "questions.import", _("Questions imported")
        ENTRY_MODERATE = "entry.moderate", _("Entry moderated")
        VOTE_VOID = "vote.void", _("Vote voided")
        VOTE_CLUSTER_VOID = "votes.void", _("Group of votes voided")
        GALLERY_EDIT = "gallery.edit", _("Gallery settings changed")
        GALLERY_PUBLISH = "gallery.publish", _("Gallery results published")
        BANNER_SAVE = "banner.save", _("Banner saved")
        DATA_DELETE = "data.delete", _("Participant deleted their personal data")
        CERTIFICATES_ISSUE = "certificates.issue", _("Certificates issued")
        CERTIFICATE_REVOKE = "certificate.revoke", _("Certificate revoked")
        UNIT_CONTACT_ADD = "unit_contact.add", _("Unit contact named")
        UNIT_CONTACT_REMOVE = "unit_contact.remove", _("Unit contact removed")
        REMINDER_SEND = "reminder.send", _("Reminder sent to a unit's staff")
        BANNER_CHECK = "banner.check", _("Banner checked in the field")
        BANNER_REPOINT = "banner.repoint", _("Banner re-pointed")
        INVITE_AWARD = "invite.award", _("Spreading-the-word prize awarded")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Null for the system (the sweep closing a round); the label keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=254)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("object type"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("object id"), null=True)
    target_label = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, encoder=DjangoJSONEncoder)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="contest_audit_target")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"
