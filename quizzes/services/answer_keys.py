"""Showing a round's answers: what reached participants, and the organizers' early release."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.services.audit import Action, audit_record
from quizzes.models import Question, Round
from quizzes.selectors import keys_released_early


def keys_shown_record(*, question_ids: Iterable[int], now: datetime | None = None) -> None:
    """Note that these questions' answers reached a participant (first time only).

    Read first: after the first view of a result page nothing is written, so the pages
    a whole round opens after closing do not queue for the database's write lock.
    """
    pending = list(
        Question.objects.filter(pk__in=set(question_ids), key_shown_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if pending:
        Question.objects.filter(pk__in=pending, key_shown_at__isnull=True).update(
            key_shown_at=now or timezone.now()
        )


@transaction.atomic
def round_answers_release(*, round: Round, actor, now: datetime | None = None) -> Round:
    """Show all of a closed round's answers, even those that rounds still drawing can ask.

    Audited with the number of such questions: from the first view on, their answers are
    out, and the statistics of the rounds that ask them mark them as burnt.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not round.answers_visible():
        raise ValidationError(
            _("The round does not show its answers yet, so there is nothing to release."),
            code="answers_not_shown",
        )
    if round.answers_released_at:
        return round
    exposed = keys_released_early(round, now=now)
    round.answers_released_at = now or timezone.now()
    round.save(update_fields=["answers_released_at"])
    audit_record(
        actor=actor,
        action=Action.ROUND_KEY_RELEASE,
        target=round,
        changes={"questions": exposed},
    )
    return round
