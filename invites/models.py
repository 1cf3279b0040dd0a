"""Personal invite links (/moi/<code>): their visits, the sign-ups they brought, and the
"giải lan tỏa" organizers award from the per-round ranking of inviters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contest.devices import Device
from contest.models import Participant


class InviteVisit(models.Model):
    """One opening of an invite link: no IP address, no user, only what the counts need."""

    inviter = models.ForeignKey(
        Participant, verbose_name=_("inviter"), on_delete=models.CASCADE, related_name="+"
    )
    round = models.ForeignKey(
        "quizzes.Round", verbose_name=_("round"), null=True, blank=True, on_delete=models.SET_NULL
    )
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    device = models.CharField(_("device"), max_length=10, choices=Device.choices)
    # Whether this visit set the browser's first touch (False: it had one, or was a bot).
    first_touch = models.BooleanField(_("first touch"), default=False)

    class Meta:
        verbose_name = _("invite link visit")
        verbose_name_plural = _("invite link visits")

    def __str__(self):
        return f"{self.inviter_id} {self.visited_at:%Y-%m-%d %H:%M}"


class InviteSignup(models.Model):
    """An account created in a browser whose first invite link was `inviter`'s."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="invite_signup",
    )
    inviter = models.ForeignKey(
        Participant,
        verbose_name=_("inviter"),
        on_delete=models.PROTECT,  # participants are anonymised, never deleted
        related_name="invite_signups",
    )
    round = models.ForeignKey(
        "quizzes.Round",
        verbose_name=_("round of the link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up through an invite")
        verbose_name_plural = _("sign-ups through invites")

    def __str__(self):
        return f"{self.user_id} ← {self.inviter_id}"


class InviteAward(models.Model):
    """A "giải lan tỏa" of a round, awarded by an organizer from the ranking of inviters."""

    round = models.ForeignKey(
        "quizzes.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="invite_awards",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="invite_awards",
    )
    place = models.PositiveIntegerField(_("place in the ranking"))
    signups = models.PositiveIntegerField(_("sign-ups brought"), default=0)
    finished = models.PositiveIntegerField(_("of whom finished an attempt"), default=0)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("awarded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spreading-the-word prize")
        verbose_name_plural = _("spreading-the-word prizes")
        ordering = ["round", "place", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="invites_award_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.round} – {self.place}"
