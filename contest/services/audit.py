"""The audit log of organizer actions that matter for fairness (see docs/audit.md).

Services call `audit_record` inside their own transaction: an action rolled back leaves
no entry, and an entry is never missing for an action that was committed.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import openpyxl
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_duration
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.models import AuditEntry
from contest.xlsx import DATETIME_FORMAT, append_row, local_datetime

Action = AuditEntry.Action


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "email", "") or str(actor)


def audit_record(*, actor, action: str, target, changes: dict | None = None) -> AuditEntry:
    """Record `action` by `actor` (None: the system) on `target`, with its changes.

    `changes` maps a field to [before, after], or holds other facts of the action (counts,
    ids, a reason). Personal data (phones, CCCD, names of participants) never goes here.
    """
    assert transaction.get_connection().in_atomic_block, "audit inside the action's transaction"
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor)[:254],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=getattr(target, "pk", None),
        target_label=str(target)[:200] if target is not None else "",
        changes=changes or {},
    )


def _plain(value):
    """A field value as JSON can keep it: ids for objects, text for times and durations."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, date | timedelta):
        return str(value)
    return value


def snapshot(obj: models.Model, fields) -> dict:
    """The current values of `fields`, to compare before and after a change.

    A foreign key is kept as its id and name, so the log reads "Đợt 1 → Đợt 2", not ids.
    """
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        if field.is_relation and value is not None:
            value = {"id": value, "name": str(getattr(obj, name))}
        values[name] = value
    return values


def changed(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value differs."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


# --- Auditing a save: the fields come from the form, not from a list kept beside it ------
def model_fields(model) -> list[str]:
    """Every field of `model` a save can change: for a save that has no form."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key
    ]


def form_fields(form, *, also: Iterable[str] = ()) -> list[str]:
    """The fields an audited save of the ModelForm `form` lists, plus `also`.

    Editing: the model fields in the form's `changed_data` (a disabled field never is).
    Creating: every model field the form has, as the change from nothing. `also` names the
    fields the service sets itself, outside the form.
    """
    names = form.changed_data if form.instance.pk is not None else list(form.fields)
    own = set(model_fields(type(form.instance)))
    return list(dict.fromkeys([*(name for name in names if name in own), *also]))


class Tracked:
    """The stored values of an object's audited fields, taken before the save."""

    def __init__(self, instance: models.Model, fields: Iterable[str]):
        self.instance = instance
        self.fields = list(fields)
        manager = type(instance)._default_manager
        stored = manager.filter(pk=instance.pk).first() if instance.pk is not None else None
        self.created = stored is None
        self.before = snapshot(stored, self.fields) if stored is not None else {}

    def changes(self) -> dict:
        """{field: [before, after]} for the tracked fields the save changed."""
        return changed(self.before, snapshot(self.instance, self.fields))


def track(instance: models.Model, *, fields: Iterable[str] | None = None) -> Tracked:
    """Take `fields` of `instance`'s stored row (default: every field) before saving it."""
    return Tracked(instance, model_fields(type(instance)) if fields is None else fields)


def track_form(form, *, also: Iterable[str] = ()) -> Tracked:
    """Before saving a valid ModelForm: the stored values of the fields it changes."""
    return Tracked(form.instance, form_fields(form, also=also))


# --- Showing and exporting ---------------------------------------------------------
# Keys of `changes` that are not fields of the target's model.
LABELS = {
    "quotas": gettext_lazy("questions per topic"),
    "certificates": gettext_lazy("certificates issued"),
    "serials": gettext_lazy("serial numbers (first, last)"),
    "reason": gettext_lazy("reason"),
    "votes": gettext_lazy("votes"),
    "vote_ids": gettext_lazy("vote ids"),
    "voters": gettext_lazy("accounts"),
    "ip_hash": gettext_lazy("address (keyed hash)"),
    "entry": gettext_lazy("entry"),
    "tier": gettext_lazy("prize tier"),
    "ranked": gettext_lazy("people ranked"),
    "prizes": gettext_lazy("prizes awarded"),
    "prediction_target": gettext_lazy("N (the number to predict)"),
    "new_version": gettext_lazy("new version"),
    "choices": gettext_lazy("choices"),
    "criteria": gettext_lazy("jury criteria"),
    "file": gettext_lazy("file"),
    "questions": gettext_lazy("questions"),
    "topics_created": gettext_lazy("topics created"),
    "attempts": gettext_lazy("attempts kept"),
    "ranking_rows": gettext_lazy("ranking rows kept"),
    "votes_kept": gettext_lazy("votes kept"),
    "entries_withdrawn": gettext_lazy("entries withdrawn"),
    "entries_kept_published": gettext_lazy("published entries kept"),
    # Unit contacts and their reminders (campaign.services.contacts).
    "contact": gettext_lazy("contact person"),
    "reminded_round": gettext_lazy("round"),
    "by_sms": gettext_lazy("text messages sent"),
    "by_email": gettext_lazy("emails sent"),
    "without_address": gettext_lazy("without a verified phone or email"),
    "failed": gettext_lazy("failed"),
}


# Keys that are not fields of the target's model but hold a field's codes: the field
# ("app_label.model.field") whose choices name them, and words for codes it lacks.
VALUES = {
    "tier": ("quizzes.rankingentry.prize", {"collective": gettext_lazy("Collective prize")}),
}
# Keys whose list is one value (several ids or names), not a [before, after] pair.
NOT_PAIRS = {"vote_ids", "topics_created"}
ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _target_model(entry: AuditEntry):
    try:
        return apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    """The concrete field `name` of `model` (None if it has none: a fact, not a field)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field  # not a reverse one


def _label(entry: AuditEntry, key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    field = _field(_target_model(entry), key)
    return str(field.verbose_name) if field is not None else key


def actor_text(entry: AuditEntry) -> str:
    return (
        _("the system")
        if entry.actor_label == "system" and not entry.actor_id
        else entry.actor_label
    )


def _meaning(entry: AuditEntry, key: str):
    """(field, words): what names the values of `key` in `entry` (either may be None)."""
    if key in VALUES:
        path, words = VALUES[key]
        app_label, model_name, name = path.split(".")
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            model = None
        return _field(model, name), words
    return _field(_target_model(entry), key), None


def changes_text(entry: AuditEntry) -> str:
    """One line per change, in words: "field: before → after", or "key: value".

    Codes read as their labels ("giải Nhất", "đã duyệt"), booleans as có/không, times as
    dd/mm/yyyy HH:MM in the site's time zone, related objects by name.
    """
    lines = []
    for key, value in entry.changes.items():
        label = _label(entry, key)
        field, words = _meaning(entry, key)
        if isinstance(value, list) and len(value) == 2 and key not in NOT_PAIRS:
            before, after = (_show(item, field, words) for item in value)
            lines.append(f"{label}: {before} → {after}")
        else:
            lines.append(f"{label}: {_show(value, field, words)}")
    return "\n".join(lines)


def _moment(value: str) -> str | None:
    """An ISO date-time or date as the log shows it, or None if `value` is neither."""
    if ISO_DATETIME.match(value):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "d/m/Y H:i")
    if ISO_DATE.match(value):
        day = parse_date(value)
        if day is not None:
            return date_format(day, "d/m/Y")
    return None


def _duration(value) -> str | None:
    duration = parse_duration(value) if isinstance(value, str) else None
    if duration is None:
        return None
    seconds = int(duration.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _related_name(field, value) -> str | None:
    try:
        related = field.related_model._default_manager.filter(pk=value).first()
    except (TypeError, ValueError):
        return None
    return str(related) if related is not None else None


def _show(value, field=None, words=None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if words and isinstance(value, str) and value in words:
        return str(words[value])
    if isinstance(value, list):
        return ", ".join(_show(item, field, words) for item in value)
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        return ", ".join(f"{key}: {_show(item)}" for key, item in value.items())
    if field is not None:
        if field.choices:
            labels = {str(code): label for code, label in field.flatchoices}
            if str(value) in labels:
                return str(labels[str(value)])
        if isinstance(field, models.DurationField) and (text := _duration(value)):
            return text
        if field.is_relation and isinstance(value, int):
            return _related_name(field, value) or f"#{value}"
    if isinstance(value, str) and (text := _moment(value)):
        return text
    return str(value)


def audit_sheet(book, entries, *, title: str | None = None) -> None:
    """Append a sheet of `entries` (newest first) to `book`; cells are formula-safe."""
    sheet = book.create_sheet((title or _("Audit log"))[:31])
    append_row(sheet, [_("Time"), _("By"), _("Action"), _("Object"), _("Changes")])
    for entry in entries:
        append_row(
            sheet,
            [
                local_datetime(entry.at),
                actor_text(entry),
                entry.get_action_display(),
                entry.target_label,
                changes_text(entry),
            ],
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = DATETIME_FORMAT
    for column, width in zip("ABCDE", [18, 30, 30, 40, 80], strict=True):
        sheet.column_dimensions[column].width = width
    return sheet


def audit_workbook(entries) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    audit_sheet(book, entries)
    return book
