"""Round set-up by the organizers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contest.services.audit import Action, audit_record, changed, snapshot
from quizzes.models import Round, Topic, TopicQuota

# Every field the organizers' round form can change, audited field by field.
AUDITED_FIELDS = [
    "title",
    "bank",
    "opens_at",
    "closes_at",
    "time_limit_minutes",
    "max_attempts",
    "shuffle_choices",
    "prediction",
    "ranking_order",
    "answers_shown",
    "prizes_first",
    "prizes_second",
    "prizes_third",
    "prizes_consolation",
    "collective_prizes",
    "collective_min_rate",
]


@transaction.atomic
def round_save(*, round: Round, quotas: list[tuple[Topic, int]], actor=None) -> Round:
    """Save a round and its questions per topic, auditing every field that changed.

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
    stored = Round.objects.filter(pk=round.pk).first() if round.pk else None
    before = snapshot(stored, AUDITED_FIELDS) if stored else {}
    quotas_before = dict(round.quotas.values_list("topic_id", "count")) if stored else {}
    round.save()
    round.quotas.exclude(topic_id__in=wanted).delete()
    for topic_id, count in wanted.items():
        TopicQuota.objects.update_or_create(
            round=round, topic_id=topic_id, defaults={"count": count}
        )
    changes = changed(before, snapshot(round, AUDITED_FIELDS))
    if quotas_before != wanted:
        changes["quotas"] = [_quota_text(quotas_before), _quota_text(wanted)]
    if changes:
        action = Action.ROUND_EDIT if stored else Action.ROUND_CREATE
        audit_record(actor=actor, action=action, target=round, changes=changes)
    return round


def _quota_text(quotas: dict) -> dict:
    names = dict(Topic.objects.filter(pk__in=quotas).values_list("pk", "name"))
    return {names.get(topic_id, str(topic_id)): count for topic_id, count in quotas.items()}
