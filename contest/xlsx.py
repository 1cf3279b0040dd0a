"""Spreadsheet helpers shared by every export.

Numbers, durations and times go into typed cells with a number format, so organizers can
sum, sort and filter them in Excel; only text is text.
"""

from datetime import datetime, timedelta

import openpyxl
from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
DAY_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
DURATION_FORMAT = "[h]:mm:ss"


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is stored as plain text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def append_row(sheet, values, *, formats: dict[int, str] | None = None) -> None:
    """Append `values`; `formats` gives number formats by column (1-based)."""
    sheet.append([safe_cell(value) for value in values])
    for column, number_format in (formats or {}).items():
        sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def local_datetime(moment: datetime | None) -> datetime | None:
    """`moment` in the site's time zone, to the second, without its zone: Excel holds none."""
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def duration_cell(value: timedelta | None) -> timedelta | None:
    """A duration to the whole second, for a DURATION_FORMAT cell."""
    if value is None:
        return None
    return timedelta(seconds=int(value.total_seconds()))


def workbook_response(book: openpyxl.Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    book.save(response)
    return response
