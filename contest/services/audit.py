"""The audit log of organizer actions that matter for fairness (see docs/audit.md).

Services call `audit_record` inside their own transaction: an action rolled back leaves
no entry, and an entry is never missing for an action that was committed.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import openpyxl
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.models import AuditEntry
from contest.xlsx import append_row

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
}


def _label(entry: AuditEntry, key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    try:
        model = apps.get_model(entry.target_type)
        return str(model._meta.get_field(key).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return key


def actor_text(entry: AuditEntry) -> str:
    return (
        _("the system")
        if entry.actor_label == "system" and not entry.actor_id
        else entry.actor_label
    )


def changes_text(entry: AuditEntry) -> str:
    """One line per change: "field: before → after", or "key: value"."""
    lines = []
    for key, value in entry.changes.items():
        label = _label(entry, key)
        if isinstance(value, list) and len(value) == 2 and key != "vote_ids":
            lines.append(f"{label}: {_show(value[0])} → {_show(value[1])}")
        else:
            lines.append(f"{label}: {_show(value)}")
    return "\n".join(lines)


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    if isinstance(value, list):
        return ", ".join(_show(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def audit_sheet(book, entries, *, title: str | None = None) -> None:
    """Append a sheet of `entries` (newest first) to `book`; cells are formula-safe."""
    sheet = book.create_sheet((title or _("Audit log"))[:31])
    append_row(sheet, [_("Time"), _("By"), _("Action"), _("Object"), _("Changes")])
    for entry in entries:
        append_row(
            sheet,
            [
                date_format(timezone.localtime(entry.at), "d/m/Y H:i:s"),
                actor_text(entry),
                entry.get_action_display(),
                entry.target_label,
                changes_text(entry),
            ],
        )
    for column, width in zip("ABCDE", [20, 30, 30, 40, 80], strict=True):
        sheet.column_dimensions[column].width = width
    return sheet


def audit_workbook(entries) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    audit_sheet(book, entries)
    return book
