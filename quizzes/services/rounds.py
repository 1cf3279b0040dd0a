"""Round set-up by the organizers."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contest.services.audit import Action, audit_record, track
from quizzes.models import Round, Topic, TopicQuota


@transaction.atomic
def round_save(
    *,
    round: Round,
    quotas: list[tuple[Topic, int]],
    fields: Iterable[str] | None = None,
    actor=None,
) -> Round:
    """Save a round and its questions per topic, auditing every field that changed.

    `fields` are the ones the organizer changed: `form_fields(form)` of the round's form
    (contest.services.audit); None compares every field of the round with its stored row.

    Once attempts exist the draw is fixed: the quotas may not change, so every
    participant of a round answers the same number of questions from each topic.
    """
    wanted = {topic.pk: count for topic, count in quotas}
    if len(wanted) != len(quotas):
        raise ValidationError(_("Each topic may appear only once."), code="duplicate_topic")
    if any(topic.bank_id != round.bank_id for topic, _count in quotas):
        raise ValidationError(
            _("Every topic must belong to the round's question bank."), code="foreign_topic"
        )
    if round.pk and round.attempts.exists():
        current = dict(round.quotas.values_list("topic_id", "count"))
        if current != wanted:
            raise ValidationError(
                _(
                    "Participants have already started this round, so the questions per topic "
                    "can no longer change."
                ),
                code="draw_locked",
            )
    tracked = track(round, fields=fields)
    quotas_before = {} if tracked.created else dict(round.quotas.values_list("topic_id", "count"))
    round.save()
    round.quotas.exclude(topic_id__in=wanted).delete()
    for topic_id, count in wanted.items():
        TopicQuota.objects.update_or_create(
            round=round, topic_id=topic_id, defaults={"count": count}
        )
    changes = tracked.changes()
    if quotas_before != wanted:
        changes["quotas"] = [_quota_text(quotas_before), _quota_text(wanted)]
    if changes:
        action = Action.ROUND_CREATE if tracked.created else Action.ROUND_EDIT
        audit_record(actor=actor, action=action, target=round, changes=changes)
    return round


def _quota_text(quotas: dict) -> dict:
    names = dict(Topic.objects.filter(pk__in=quotas).values_list("pk", "name"))
    return {names.get(topic_id, str(topic_id)): count for topic_id, count in quotas.items()}
