"""Authors' writes: submit, edit and withdraw entries."""

import hashlib
import re
import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gallery import images
from gallery.models import Entry, GalleryConfig, when
from gallery.services.jury import check_may_submit

TEXT_FIELDS = ("title", "pen_name", "explanation", "poem")


def normalize_poem(text: str) -> str:
    """Line breaks kept (one blank line between stanzas at most), trailing spaces dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def poem_lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def poem_fingerprint(text: str) -> str:
    """Same poem whatever its case, spacing and punctuation (diacritics are kept)."""
    folded = unicodedata.normalize("NFC", text).casefold()
    letters = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    return hashlib.sha256(" ".join(letters.split()).encode()).hexdigest()


def _check_open(gallery: GalleryConfig) -> None:
    if not gallery.submissions_open():
        raise ValidationError(
            _("Submissions are closed: they are accepted from %(start)s to %(end)s.")
            % {
                "start": when(gallery.submissions_open_at),
                "end": when(gallery.submissions_close_at),
            },
            code="closed",
        )


def _text_fields(kind: str, data: dict) -> dict:
    fields = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    if kind == Entry.Kind.POEM:
        fields["poem"] = normalize_poem(data.get("poem") or "")
        fields["text_fingerprint"] = poem_fingerprint(fields["poem"])
    else:
        fields["poem"] = ""
    return fields


def _check_limit(gallery: GalleryConfig, author, *, lock: bool = True) -> None:
    # Lock the author's row: two submissions at once cannot both pass the limit.
    if lock:
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    used = Entry.objects.active().filter(gallery=gallery, author=author).count()
    if used >= gallery.max_entries_per_author:
        raise ValidationError(
            ngettext(
                "You have reached the limit of %(limit)d entry per author.",
                "You have reached the limit of %(limit)d entries per author.",
                gallery.max_entries_per_author,
            )
            % {"limit": gallery.max_entries_per_author},
            code="limit",
        )


def entry_submit_precheck(*, gallery: GalleryConfig, author, lock: bool = False) -> None:
    """What entry_submit refuses whatever the file: checked before an upload is decoded,
    without the lock; entry_submit checks again under it."""
    check_may_submit(gallery=gallery, author=author)
    _check_open(gallery)
    if not hasattr(author, "participant"):
        raise ValidationError(_("Fill in your participant profile first."), code="no_profile")
    _check_limit(gallery, author, lock=lock)


def entry_update_precheck(*, entry: Entry, author) -> None:
    """What entry_update refuses whatever the file: checked before an upload is decoded."""
    check_may_submit(gallery=entry.gallery, author=author)
    _check_open(entry.gallery)
    if entry.status == Entry.Status.REJECTED:
        _check_limit(entry.gallery, author, lock=False)


@transaction.atomic
def entry_submit(*, gallery: GalleryConfig, author, kind: str, data: dict, processed=None) -> Entry:
    """Save a new entry (pending moderation). A poster needs `processed` from read_poster."""
    entry_submit_precheck(gallery=gallery, author=author, lock=True)
    if kind == Entry.Kind.POSTER and processed is None:
        raise ValidationError(_("Choose the poster's image file."), code="no_image")
    now = timezone.now()
    fields = _text_fields(kind, data)
    stored = images.store(processed) if kind == Entry.Kind.POSTER else {}
    try:
        return Entry.objects.create(
            gallery=gallery,
            author=author,
            kind=kind,
            pledged_at=now,
            display_consent_at=now,
            **fields,
            **stored,
        )
    except Exception:
        images.delete_files(stored)
        raise


@transaction.atomic
def entry_update(*, entry: Entry, author, data: dict, processed=None) -> Entry:
    """Change an entry the author still may (pending or rejected): it waits for moderation again."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.author_id != author.pk:
        raise ValidationError(_("This is not your entry."), code="not_author")
    check_may_submit(gallery=entry.gallery, author=author)
    if not entry.editable:
        raise ValidationError(
            _("An approved entry can no longer be changed. Contact the organizers."),
            code="not_editable",
        )
    _check_open(entry.gallery)
    if entry.status == Entry.Status.REJECTED:  # sent again: it counts against the limit again
        _check_limit(entry.gallery, author)
    old_files = None
    for name, value in _text_fields(entry.kind, data).items():
        setattr(entry, name, value)
    if processed is not None and entry.is_poster:
        old_files = {
            "original_name": entry.original_name,
            "master_name": entry.master_name,
            "renditions": entry.renditions,
        }
        for name, value in images.store(processed).items():
            setattr(entry, name, value)
    entry.status = Entry.Status.PENDING
    entry.moderation_reason = ""
    entry.save()
    if old_files:
        transaction.on_commit(lambda: images.delete_files(old_files))
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, author) -> Entry:
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.author_id != author.pk:
        raise ValidationError(_("This is not your entry."), code="not_author")
    if not entry.editable:
        raise ValidationError(
            _("An approved entry can no longer be withdrawn here. Contact the organizers."),
            code="not_editable",
        )
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    return entry
