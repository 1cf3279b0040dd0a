"""The banners' analytics and checks as an .xlsx workbook (text cells neutralised against
formulas; counts, days and times in numeric and date cells with their number formats)."""

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.xlsx import append_row

from .selectors import Report, all_checks

COUNT_FORMAT = "#,##0"
DAY_FORMAT = "DD/MM/YYYY"
TIME_FORMAT = "DD/MM/YYYY HH:MM"
DEGREES_FORMAT = "0.000000"
# Sheet names as organizers read them (Excel allows 31 characters, no : \ / ? * [ ]).
SHEETS = {
    "banners": "Băng rôn",
    "days": "Theo ngày",
    "orphans": "Mã không dẫn tới đâu",
    "checks": "Lượt kiểm tra",
}


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _formats(sheet, formats: dict[int, str]) -> None:
    """Number formats of the last row's cells, by column (1-based)."""
    for column, number_format in formats.items():
        sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def banner_report_workbook(report: Report, checks=None) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEETS["banners"]
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
            _("State"),
            _("Last check"),
            _("Checked by"),
        ],
    )
    for row in report.rows:
        banner, check = row.banner, row.last_check
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
                None if row.voted is None else row.voted,
                check.get_state_display() if check else _("Never checked"),
                _local(check.checked_at) if check else None,
                check.checker_name if check else "",
            ],
        )
        _formats(sheet, {**dict.fromkeys(range(6, 13), COUNT_FORMAT), 14: TIME_FORMAT})
    for column, width in {"B": 50, "C": 30, "M": 16, "N": 18, "O": 30}.items():
        sheet.column_dimensions[column].width = width

    # One row per day: the totals, then each banner's scans in a column headed by its code.
    days = book.create_sheet(SHEETS["days"])
    banners = [row.banner for row in report.rows]
    append_row(days, [_("Day"), _("Scans"), _("Unique browsers"), *(b.code for b in banners)])
    for day, scans, unique in report.days:
        by_banner = [report.by_banner_day.get((b.pk, day), 0) for b in banners]
        append_row(days, [day, scans, unique, *by_banner])
        _formats(
            days,
            {1: DAY_FORMAT, **dict.fromkeys(range(2, len(banners) + 4), COUNT_FORMAT)},
        )
    days.column_dimensions["A"].width = 12

    orphans = book.create_sheet(SHEETS["orphans"])
    append_row(orphans, [_("Code as typed"), _("Banner out of use"), _("Scans"), _("Last")])
    for orphan in report.orphans:
        append_row(
            orphans,
            [orphan["code"], orphan["banner__name"] or "", orphan["scans"], _local(orphan["last"])],
        )
        _formats(orphans, {3: COUNT_FORMAT, 4: TIME_FORMAT})
    orphans.column_dimensions["D"].width = 18

    sheet_checks = book.create_sheet(SHEETS["checks"])
    append_row(
        sheet_checks,
        [
            _("Time"),
            _("Code"),
            _("Banner"),
            _("Unit"),
            _("State"),
            _("Checked by"),
            _("Note"),
            _("Photo"),
            _("Latitude"),
            _("Longitude"),
            _("Accuracy (m)"),
            _("Map"),
        ],
    )
    if checks is None:
        checks = all_checks([b.pk for b in banners]).select_related("banner__unit")
    for check in checks:
        banner = check.banner
        append_row(
            sheet_checks,
            [
                _local(check.checked_at),
                banner.code,
                banner.name,
                banner.unit.name if banner.unit else "",
                check.get_state_display(),
                check.checker_name,
                check.note,
                _("yes") if check.photo_key else _("no"),
                float(check.latitude) if check.has_position else None,
                float(check.longitude) if check.has_position else None,
                check.accuracy_m,
                check.osm_url if check.has_position else "",
            ],
        )
        _formats(
            sheet_checks, {1: TIME_FORMAT, 9: DEGREES_FORMAT, 10: DEGREES_FORMAT, 11: COUNT_FORMAT}
        )
    for column, width in {"A": 18, "C": 45, "D": 30, "F": 30, "G": 50, "L": 50}.items():
        sheet_checks.column_dimensions[column].width = width
    return book
