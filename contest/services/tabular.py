"""Reading organizers' .xlsx/.csv lists, and the one all-or-nothing loop every import runs.

Excel workbooks or CSV (UTF-8, or code page 1258 as Vietnamese Windows saves it; comma,
semicolon or tab), a first row of column titles in Vietnamese or English compared without
case or diacritics, blank rows skipped but counted so that reports name the sheet's rows.
An import (units here, banners in banners/) is a `TableImport`: its columns, how one row
becomes an item, how an item is saved; `TableImport.run` does the rest.
"""

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int  # as numbered in the spreadsheet; 0 for the file itself
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, row: int, message: str) -> None:
        self.errors.append(RowError(row, message))


def row_name(
    cell, number: int, report: ImportReport, seen: dict[str, int], *, empty: str, too_long: str
) -> str | None:
    """The row's name with its spaces folded, or None after reporting why the row is refused
    (empty, longer than 200 characters, or a name an earlier row already has)."""
    name = " ".join(str(cell("name")).split())
    if not name:
        report.fail(number, empty)
        return None
    if len(name) > 200:
        report.fail(number, too_long)
        return None
    if name.lower() in seen:
        report.fail(
            number,
            _("“%(name)s” already appears in row %(row)d.")
            % {"name": name, "row": seen[name.lower()]},
        )
        return None
    seen[name.lower()] = number
    return name


def fold(text: str) -> str:
    """Lower case without diacritics: 'Loại Đơn vị' -> 'loai don vi'."""
    text = unicodedata.normalize("NFD", str(text).strip().lower()).replace("đ", "d")
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_rows(data: bytes) -> list[list]:
    if data[:4] == b"PK\x03\x04":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data[:2] in UTF16_BOMS:  # Excel's "Unicode Text": UTF-16 with tabs
            text = data.decode("utf-16")
        else:  # Excel on Vietnamese Windows saves "CSV" in code page 1258.
            text = data.decode("cp1258", errors="strict")
    # cp1258 (and some Mac tools) write tone marks as separate combining characters.
    text = unicodedata.normalize("NFC", text)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


Cell = Callable[[str], object]


def read_table(
    *, data: bytes, report: ImportReport, columns: dict[str, list[str]], no_name_column: str
) -> list[tuple[int, Cell]] | None:
    """The data rows as (spreadsheet row number, cell(column key)); None after a file error.

    `columns` maps each key to its accepted titles (folded); the "name" column is required
    and `no_name_column` says so when it is missing. A missing cell reads as "".
    """
    if len(data) > MAX_BYTES:
        report.fail(0, _("The file is larger than 5 MB."))
        return None
    try:
        rows = read_rows(data)
    except UnicodeDecodeError:
        report.fail(0, _("The file is neither an Excel workbook nor a CSV text file."))
        return None
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        report.fail(0, _("The file could not be read. Save it again as .xlsx or CSV UTF-8."))
        return None

    # Keep the spreadsheet's own row numbers, blank rows skipped but counted.
    rows = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if any(str(c).strip() for c in row if c is not None)
    ]
    if not rows:
        report.fail(0, _("The file is empty."))
        return None
    header_number, header_row = rows[0]
    header = [fold(c) if c is not None else "" for c in header_row]
    index = {
        key: next((i for i, title in enumerate(header) if title in titles), None)
        for key, titles in columns.items()
    }
    if index["name"] is None:
        report.fail(header_number, no_name_column)
        return None
    if len(rows) - 1 > MAX_ROWS:
        report.fail(0, _("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
        return None

    def reader(row) -> Cell:
        def cell(key: str):
            i = index[key]
            if i is None or i >= len(row) or row[i] is None:
                return ""
            return row[i]

        return cell

    return [(number, reader(row)) for number, row in rows[1:]]


class RowRefused(Exception):
    """Raised by `TableImport.parse`: the row's problem, reported under its row number."""


class TableImport:
    """One kind of all-or-nothing import of a list whose rows are named (units, banners).

    A subclass sets `columns` (the "name" column is required) and the texts below, and
    writes `parse` (a row to an item, or RowRefused) and `save` (an item to the database,
    True when it created a row). Every row is checked first; then all are written in one
    transaction, or none when any row was refused.
    """

    columns: dict[str, list[str]]
    no_name_column = ""  # the file's error when it has no "name" column
    empty_name = ""  # a row's error when its name is empty
    long_name = ""  # a row's error when its name is past 200 characters

    def parse(self, name: str, cell: Cell):
        raise NotImplementedError

    def save(self, item) -> bool:
        raise NotImplementedError

    def run(self, data: bytes) -> ImportReport:
        report = ImportReport()
        rows = read_table(
            data=data, report=report, columns=self.columns, no_name_column=str(self.no_name_column)
        )
        if rows is None:
            return report
        seen: dict[str, int] = {}
        parsed = []
        for number, cell in rows:
            report.rows += 1
            name = row_name(
                cell,
                number,
                report,
                seen,
                empty=str(self.empty_name),
                too_long=str(self.long_name),
            )
            if name is None:
                continue
            try:
                parsed.append(self.parse(name, cell))
            except RowRefused as refused:
                report.fail(number, str(refused))
        if report.errors:
            return report
        with transaction.atomic():
            for item in parsed:
                if self.save(item):
                    report.created += 1
                else:
                    report.updated += 1
        return report
