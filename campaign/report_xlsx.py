"""The report as a workbook: one sheet per section, numbers in numeric cells."""

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Font

from contest.xlsx import append_row

from .services.report import Report

PERCENT = "0.0%"
BOLD = Font(bold=True)


def _sheet(book, title: str, header: list[str], widths: list[int]):
    sheet = book.create_sheet(title[:31])
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = BOLD
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _compare_header(*names: str) -> list[str]:
    out = []
    for name in names:
        out += [name, _("%(figure)s (previous period)") % {"figure": name}, _("Difference")]
    return out


def _pairs(*pairs) -> list:
    return [v for p in pairs for v in (p.current, p.previous, p.diff)]


def _percent(sheet, columns: list[int]) -> None:
    for row in sheet.iter_rows(min_row=2):
        for index in columns:
            row[index - 1].number_format = PERCENT


def _breakdown(book, title, first_column, rows):
    sheet = _sheet(
        book,
        title,
        [first_column, *_compare_header(_("Participants"), _("Attempts"))],
        [40, 14, 18, 12, 14, 18, 12],
    )
    for row in rows:
        append_row(sheet, [row.label, *_pairs(row.participants, row.attempts)])


def report_workbook(report: Report, *, label: str) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    period, previous = report.period, report.previous
    summary = _sheet(
        book,
        pgettext("report sheet", "Summary"),
        [_("Figure"), _("This period"), _("Previous period"), _("Difference")],
        [40, 16, 16, 14],
    )
    append_row(
        summary,
        [
            _("Period"),
            f"{period.first:%d/%m/%Y} – {period.last:%d/%m/%Y}",
            f"{previous.first:%d/%m/%Y} – {previous.last:%d/%m/%Y}",
        ],
    )
    for key, name in total_names().items():
        append_row(summary, [name, *_pairs(report.totals[key])])
    append_row(summary, [_("Collective-prize threshold"), report.threshold / 100])
    summary.cell(summary.max_row, 2).number_format = "0%"

    units = _sheet(
        book,
        pgettext("report sheet", "By unit"),
        [
            _("Unit"),
            _("Headcount"),
            *_compare_header(_("Participants"), _("Attempts"), _("Participation rate")),
            _("Reaches the threshold"),
        ],
        [40, 12, 14, 18, 12, 14, 18, 12, 14, 18, 12, 14],
    )
    for row in report.by_unit:
        append_row(
            units,
            [
                row.label,
                row.headcount,
                *_pairs(row.participants, row.attempts, row.rate),
                _("yes") if row.reaches else (_("no") if row.reaches is not None else ""),
            ],
        )
    _percent(units, [9, 10, 11])
    _breakdown(
        book, pgettext("report sheet", "By participant type"), _("Participant type"), report.by_type
    )
    _breakdown(
        book,
        pgettext("report sheet", "By commune or ward"),
        _("Commune or ward"),
        report.by_commune,
    )

    rounds = _sheet(
        book,
        pgettext("report sheet", "Quiz rounds"),
        [
            _("Round"),
            _("Opens"),
            _("Closes"),
            _("Participants"),
            _("Attempts"),
            _("Finished attempts"),
            _("Prize"),
            _("Winner"),
            _("Unit"),
            _("Score"),
        ],
        [30, 18, 18, 14, 12, 14, 20, 30, 30, 10],
    )
    for summary_row in report.rounds:
        rnd = summary_row.round
        head = [
            rnd.title,
            _local(rnd.opens_at),
            _local(rnd.closes_at),
            summary_row.participants,
            summary_row.attempts,
            summary_row.finished,
        ]
        if not summary_row.published:
            append_row(rounds, [*head, _("results not published")])
        for winner in summary_row.winners:
            append_row(
                rounds, [*head, winner["prize"], winner["name"], winner["unit"], winner["score"]]
            )
        for unit in summary_row.collective:
            append_row(rounds, [*head, _("Collective prize"), unit["unit"], unit["unit"], None])
        if summary_row.published and not summary_row.winners and not summary_row.collective:
            append_row(rounds, head)
    for row in rounds.iter_rows(min_row=2):
        row[1].number_format = row[2].number_format = "dd/mm/yyyy hh:mm"

    if report.gallery is not None:
        gallery = _sheet(
            book,
            pgettext("report sheet", "Poster and poem contest"),
            [_("Figure"), _("This period"), _("Previous period"), _("Difference")],
            [40, 16, 16, 14],
        )
        for key, name in gallery_names().items():
            append_row(gallery, [name, *_pairs(report.gallery["figures"][key])])
        if report.gallery["winners"]:
            append_row(gallery, [])
            append_row(
                gallery, [_("Ranking"), _("Place"), _("Entry"), _("Author"), _("Counted votes")]
            )
            for cell in gallery[gallery.max_row]:
                cell.font = BOLD
            for winner in report.gallery["winners"]:
                append_row(
                    gallery,
                    [
                        ranking_name(winner["ranking"]),
                        winner["place"],
                        winner["title"],
                        winner["author"],
                        winner["votes"],
                    ],
                )

    banners = _sheet(
        book,
        pgettext("report sheet", "Banners"),
        [
            _("Banner"),
            _("Commune or ward"),
            *_compare_header(
                _("Scans"), _("Unique browsers"), _("Sign-ups"), _("Finished attempts")
            ),
        ],
        [36, 20, *[12] * 12],
    )
    for row in report.banners:
        append_row(
            banners,
            [
                row["name"],
                row["commune"],
                *_pairs(row["scans"], row["unique"], row["signups"], row["finished"]),
            ],
        )
    t = report.banner_totals
    append_row(
        banners, [_("Total"), "", *_pairs(t["scans"], t["unique"], t["signups"], t["finished"])]
    )
    for cell in banners[banners.max_row]:
        cell.font = BOLD

    weeks = _sheet(
        book,
        pgettext("report sheet", "Attempts by week"),
        [_("Week from"), _("Attempts")],
        [16, 12],
    )
    for first, count in report.weeks:
        append_row(weeks, [first, count])
        weeks.cell(weeks.max_row, 1).number_format = "dd/mm/yyyy"
    return book


def _local(moment):
    from django.utils import timezone

    return timezone.localtime(moment).replace(tzinfo=None)


def gallery_names() -> dict[str, str]:
    return {
        "entries": _("Entries submitted"),
        "posters": _("Posters"),
        "poems": _("Poems"),
        "approved": _("Entries approved"),
        "counted": _("Votes counted"),
        "voided": _("Votes voided"),
    }


def ranking_name(key: str) -> str:
    return {
        "jury": _("Jury prize"),
        "popular": _("Popular vote prize"),
        "blend": _("Overall prize"),
    }[key]


def total_names() -> dict[str, str]:
    return {
        "participants": _("Participants"),
        "attempts": _("Attempts"),
        "finished": _("Finished attempts"),
        "new_participants": _("New registrations"),
    }


def banner_names() -> dict[str, str]:
    return {
        "scans": _("Scans"),
        "unique": _("Unique browsers"),
        "signups": _("Sign-ups"),
        "finished": _("Finished attempts"),
    }
