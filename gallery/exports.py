"""The organizers' .xlsx of the three rankings and the vote tally."""

import openpyxl
from django.utils.translation import gettext as _

from contest.models import AuditEntry
from contest.services.audit import audit_sheet
from contest.xlsx import COUNT_FORMAT, DECIMAL_FORMAT, append_row

from .models import Vote
from .selectors import rankings


def gallery_audit_entries(gallery):
    """Audit entries about the gallery's settings, its entries and their votes."""
    entries = AuditEntry.objects
    votes = Vote.objects.filter(entry__gallery=gallery).values("pk")
    return (
        entries.about("gallery.galleryconfig", [gallery.pk])
        | entries.about("gallery.entry", gallery.entries.values("pk"))
        | entries.about("gallery.vote", votes)
    )


def _author(entry) -> str:
    participant = getattr(entry.author, "participant", None)
    return participant.full_name if participant else entry.author.email


def rankings_workbook(gallery) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    titles = {
        "jury": _("Jury"),
        "popular": _("Popular vote"),
        "blend": _("Blended"),
    }
    first = True
    for name, rows in rankings(gallery).items():
        if name == "blend" and gallery.blend_jury_percent is None:
            continue
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = titles[name]
        append_row(
            sheet,
            [
                _("Rank"),
                _("Entry"),
                _("Kind"),
                _("Title"),
                _("Author"),
                _("Pen name"),
                _("Email"),
                _("Jury score"),
                _("Jurors"),
                _("Counted votes"),
                _("Voided votes"),
                _("Blended score"),
                _("May win"),
            ],
        )
        for rank, row in enumerate(rows, start=1):
            entry = row.entry
            append_row(
                sheet,
                [
                    rank,
                    entry.pk,
                    entry.get_kind_display(),
                    entry.title,
                    _author(entry),
                    entry.pen_name,
                    entry.author.email,
                    round(row.jury, 2) if row.jury is not None else None,
                    row.reviews,
                    row.votes,
                    row.voided,
                    round(row.blend, 2) if row.blend is not None else None,
                    _("yes") if row.eligible else _("no (organizer or juror)"),
                ],
                formats={
                    **dict.fromkeys((1, 2, 9, 10, 11), COUNT_FORMAT),
                    8: DECIMAL_FORMAT,
                    12: DECIMAL_FORMAT,
                },
            )
    audit_sheet(book, gallery_audit_entries(gallery))
    return book
