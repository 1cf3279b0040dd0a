"""Import of the organizers' list of units from .xlsx or .csv, all or nothing."""

import re

import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.models import Unit
from contest.numbers import parse_int

from .tabular import ImportReport, RowError, RowRefused, TableImport, fold

__all__ = ["ImportReport", "RowError", "fold", "units_import", "units_template_workbook"]

MAX_HEADCOUNT = 2_147_483_647  # Unit.headcount is a PositiveIntegerField
# Accepted column titles (compared without case or diacritics).
COLUMNS = {
    "name": ["name", "ten", "ten don vi", "don vi", "unit"],
    "kind": ["kind", "loai", "loai don vi", "type"],
    "headcount": ["headcount", "so nguoi", "so luong", "bien che", "so can bo", "tong so"],
}
# Short words organizers write for a kind, besides the kinds' own names.
KIND_ALIASES = {
    "so": Unit.Kind.DEPARTMENT,
    "ban": Unit.Kind.DEPARTMENT,
    "nganh": Unit.Kind.DEPARTMENT,
    "so/ban/nganh": Unit.Kind.DEPARTMENT,
    "so, ban, nganh": Unit.Kind.DEPARTMENT,
    "ubnd": Unit.Kind.PEOPLES_COMMITTEE,
    "ubnd xa/phuong": Unit.Kind.PEOPLES_COMMITTEE,
    "ubnd xa": Unit.Kind.PEOPLES_COMMITTEE,
    "ubnd phuong": Unit.Kind.PEOPLES_COMMITTEE,
    "xa": Unit.Kind.PEOPLES_COMMITTEE,
    "phuong": Unit.Kind.PEOPLES_COMMITTEE,
    "truong": Unit.Kind.SCHOOL,
    "benh vien": Unit.Kind.HOSPITAL,
    "llvt": Unit.Kind.ARMED_FORCES,
    "cong an": Unit.Kind.ARMED_FORCES,
    "quan su": Unit.Kind.ARMED_FORCES,
    "bao": Unit.Kind.PRESS,
    "dai": Unit.Kind.PRESS,
    "doanh nghiep": Unit.Kind.ENTERPRISE,
    "dn": Unit.Kind.ENTERPRISE,
    "khac": Unit.Kind.OTHER,
    "dang": Unit.Kind.PARTY_MASS,
    "doan the": Unit.Kind.PARTY_MASS,
}


def _kind_lookup() -> dict[str, str]:
    lookup = dict(KIND_ALIASES)
    for kind in Unit.Kind:
        lookup[fold(kind.value)] = kind.value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[fold(str(kind.label))] = kind.value
    return lookup


def _headcount(value) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", text):  # 1.234 or 1,234
        text = re.sub(r"[.,]", "", text)
    return parse_int(text, minimum=1, maximum=MAX_HEADCOUNT)  # BadNumber is a ValueError


class UnitImport(TableImport):
    """Units are matched by name without regard to case: a known name updates its kind and
    headcount, a new name creates a unit."""

    columns = COLUMNS
    no_name_column = gettext_lazy(
        "The first row must name the columns; no “name” column was found."
    )
    empty_name = gettext_lazy("The unit name is empty.")
    long_name = gettext_lazy("The unit name is longer than 200 characters.")

    def __init__(self):
        self.kinds = _kind_lookup()
        self.existing = {u.name.lower(): u for u in Unit.objects.all()}

    def parse(self, name: str, cell):
        kind_text = fold(cell("kind"))
        kind = self.kinds.get(kind_text) if kind_text else Unit.Kind.OTHER
        if kind is None:
            raise RowRefused(
                _("Unknown kind “%(kind)s”. Use one of: %(kinds)s.")
                % {"kind": cell("kind"), "kinds": "; ".join(str(k.label) for k in Unit.Kind)}
            )
        try:
            headcount = _headcount(cell("headcount"))
        except ValueError:
            raise RowRefused(
                _("Headcount “%(value)s” is not a whole number of at least 1.")
                % {"value": cell("headcount")}
            ) from None
        return name, kind, headcount

    def save(self, item) -> bool:
        name, kind, headcount = item
        unit = self.existing.get(name.lower())
        if unit is None:
            Unit.objects.create(name=name, kind=kind, headcount=headcount)
            return True
        unit.kind, unit.headcount = kind, headcount
        unit.save(update_fields=["kind", "headcount"])
        return False


def units_import(*, data: bytes) -> ImportReport:
    """Validate every row, then write all of them or none (see UnitImport)."""
    return UnitImport().run(data)


def units_template_workbook() -> openpyxl.Workbook:
    """The .xlsx organizers download, fill in and import."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    sheet.append(["Tên đơn vị", "Loại đơn vị", "Số người"])
    sheet.append(["Sở Nội vụ", "Sở, ban, ngành", 65])
    sheet.append(["UBND phường Phú Lợi", "UBND xã/phường", 40])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 12
    return book
