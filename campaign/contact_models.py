"""What unit contacts (đầu mối đơn vị) have sent: reminders to their staff and the weekly
digest. Each row is also the lock that keeps a second one from going out: a unique key per
unit, round and day for reminders, per contact, unit and ISO week for digests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import Unit
from quizzes.models import Round


class UnitReminder(models.Model):
    """A reminder a contact sent to the staff of their unit who had not finished a round."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reminders"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="unit_reminders"
    )
    # The local day (Asia/Ho_Chi_Minh) it was sent: one reminder per unit, round and day.
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by_sms = models.PositiveIntegerField(_("text messages sent"), default=0)
    by_email = models.PositiveIntegerField(_("emails sent"), default=0)
    without_address = models.PositiveIntegerField(_("without a verified phone or email"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        verbose_name = _("reminder to a unit's staff")
        verbose_name_plural = _("reminders to units' staff")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "round", "day"], name="campaign_unitreminder_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.round} ({self.day:%d/%m/%Y})"

    @property
    def sent(self) -> int:
        return self.by_sms + self.by_email


class UnitDigest(models.Model):
    """The weekly digest one contact received about one unit."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="digests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="unit_digests",
    )
    # ISO year and week of the local date it was sent, "2026-W49": a rerun that week skips it.
    week = models.CharField(_("week"), max_length=8)
    channel = models.CharField(_("sent by"), max_length=5, choices=Channel.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly unit digest")
        verbose_name_plural = _("weekly unit digests")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user", "week"], name="campaign_unitdigest_once_a_week"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.week}"
