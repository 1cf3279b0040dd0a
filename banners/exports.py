"""The banners' analytics as an .xlsx workbook (text cells neutralised against formulas)."""

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.xlsx import append_row

from .selectors import Report


def banner_report_workbook(report: Report) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bang ron"
    append_row(
        sheet,
        [
            _("Code"),
            _("Banner"),
            _("Unit"),
            _("Commune or ward"),
            _("Active"),
            _("Scans"),
            _("Unique browsers"),
            _("From phones"),
            _("Bots and previews"),
            _("Signed up"),
            _("Finished an attempt"),
            _("Voted in the gallery"),
        ],
    )
    for row in report.rows:
        banner = row.banner
        append_row(
            sheet,
            [
                banner.code,
                banner.name,
                banner.unit.name if banner.unit else "",
                banner.commune,
                _("yes") if banner.is_active else _("no"),
                row.scans,
                row.unique,
                row.phones,
                row.bots,
                row.signups,
                row.finished,
                "" if row.voted is None else row.voted,
            ],
        )
    sheet.column_dimensions["B"].width = 50

    # One row per day: the totals, then each banner's scans in a column headed by its code.
    days = book.create_sheet("Theo ngay")
    banners = [row.banner for row in report.rows]
    append_row(days, [_("Day"), _("Scans"), _("Unique browsers"), *(b.code for b in banners)])
    for day, scans, unique in report.days:
        by_banner = [report.by_banner_day.get((b.pk, day), 0) for b in banners]
        append_row(days, [day, scans, unique, *by_banner])
        days.cell(row=days.max_row, column=1).number_format = "DD/MM/YYYY"

    orphans = book.create_sheet("Ma khong dung")
    append_row(orphans, [_("Code as typed"), _("Banner out of use"), _("Scans"), _("Last")])
    for orphan in report.orphans:
        append_row(
            orphans,
            [
                orphan["code"],
                orphan["banner__name"] or "",
                orphan["scans"],
                timezone.localtime(orphan["last"]).replace(tzinfo=None),
            ],
        )
        orphans.cell(row=orphans.max_row, column=4).number_format = "DD/MM/YYYY HH:MM"
    return book
