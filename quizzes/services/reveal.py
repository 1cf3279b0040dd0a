"""The winners' reveal at the closing ceremony, tier by tier."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contest import events
from contest.roles import is_organizer
from contest.services.audit import Action, audit_record
from quizzes import boards
from quizzes.models import Round

# Revealed from the smallest prize to the greatest, collective prizes last.
TIERS = ["consolation", "third", "second", "first", "collective"]


def round_reveal(*, round_id: int, tier: str, user) -> dict:
    """Reveal one tier of a published round to every board; revealing again repeats it."""
    if not is_organizer(user):
        raise ValidationError(_("Only the organizers may reveal the winners."), code="forbidden")
    if tier not in TIERS:
        raise ValidationError(_("Unknown prize tier."), code="bad_tier")
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("contest").get(pk=round_id)
        if round.published_at is None:
            raise ValidationError(
                _("Publish the results before revealing the winners."), code="not_published"
            )
        if tier not in round.revealed:
            round.revealed = [*round.revealed, tier]
            round.save(update_fields=["revealed"])
            audit_record(
                actor=user, action=Action.ROUND_REVEAL, target=round, changes={"tier": tier}
            )
        message = boards.reveal_message(round, tier)
        events.reveal(round_id, message)
    return message
