"""Import of banners from an .xlsx or .csv list of places, all or nothing."""

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banners.models import Banner, validate_site_path
from contest.models import Unit
from contest.numbers import BadNumber, parse_id
from contest.services.tabular import ImportReport, RowRefused, TableImport, fold
from quizzes.models import Round

from .banners import banner_save

COLUMNS = {
    "name": [
        "name",
        "ten",
        "ten va dia diem",
        "ten, dia diem",
        "ten bang ron",
        "dia diem",
        "noi dat",
        "noi treo",
        "vi tri",
        "place",
        "banner",
    ],
    "unit": ["unit", "don vi", "ten don vi"],
    "commune": ["commune", "xa", "phuong", "xa phuong", "xa/phuong", "xa, phuong"],
    "target": ["target", "tro den", "tro toi", "dan den", "dich", "trang dich"],
    "round": ["round", "dot thi", "dot", "vong thi"],
    "active": ["active", "dang dung", "hoat dong", "kich hoat"],
}
TARGET_WORDS = {
    "round": Banner.Target.ROUND,
    "dot thi": Banner.Target.ROUND,
    "vong thi": Banner.Target.ROUND,
    "thi": Banner.Target.ROUND,
    "du thi": Banner.Target.ROUND,
    "board": Banner.Target.BOARD,
    "bang xep hang": Banner.Target.BOARD,
    "xep hang": Banner.Target.BOARD,
    "truc tiep": Banner.Target.BOARD,
    "gallery": Banner.Target.GALLERY,
    "thu vien": Banner.Target.GALLERY,
    "trien lam": Banner.Target.GALLERY,
    "tac pham": Banner.Target.GALLERY,
    "binh chon": Banner.Target.GALLERY,
    "home": Banner.Target.PAGE,
    "trang chu": Banner.Target.PAGE,
}
YES = {"", "x", "1", "yes", "co", "true", "dang dung", "active"}
NO = {"0", "no", "khong", "false", "ngung", "ngung dung", "inactive"}


def _target(text: str) -> tuple[str, str] | None:
    """(target, path) from the target cell: a word, or a page address starting with /."""
    raw = str(text).strip()
    if raw.startswith("/"):
        return Banner.Target.PAGE, raw
    word = fold(raw)
    if word in TARGET_WORDS:
        target = TARGET_WORDS[word]
        return target, "/" if target == Banner.Target.PAGE else ""
    return None


def _round(value, rounds: list[Round]) -> Round | list[Round] | None:
    """The round named by its number (id) or title; a list when the title is ambiguous."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    try:
        number = parse_id(text)
    except BadNumber:  # not a number ("²", "Đợt 2"): a title
        pass
    else:
        return next((r for r in rounds if r.pk == number), None)
    matches = [r for r in rounds if fold(r.title) == fold(text)]
    return matches[0] if len(matches) == 1 else (matches or None)


class BannerImport(TableImport):
    """A name already in the list (without regard to case) updates that banner and keeps its
    code, since it may be printed already; a new name creates a banner with a new code."""

    columns = COLUMNS
    no_name_column = gettext_lazy(
        "The first row must name the columns; no column for the banner's name and place was found."
    )
    empty_name = gettext_lazy("The banner's name and place is empty.")
    long_name = gettext_lazy("The banner's name is longer than 200 characters.")

    def __init__(self, *, actor=None):
        self.actor = actor
        self.units = {fold(u.name): u for u in Unit.objects.all()}
        self.rounds = list(Round.objects.order_by("-opens_at"))
        self.existing = {b.name.lower(): b for b in Banner.objects.all()}

    def parse(self, name: str, cell) -> Banner:
        unit = None
        if unit_name := str(cell("unit")).strip():
            unit = self.units.get(fold(unit_name))
            if unit is None:
                raise RowRefused(
                    _(
                        "Unit “%(unit)s” is not in the list of units: add it there first, "
                        "correct the name, or leave the cell empty."
                    )
                    % {"unit": unit_name}
                )

        round_cell = cell("round")
        round = None
        if str(round_cell).strip():
            round = _round(round_cell, self.rounds)
            if isinstance(round, list):
                raise RowRefused(
                    _("Several rounds are named “%(round)s”: write the round's number instead.")
                    % {"round": round_cell}
                )
            if round is None:
                raise RowRefused(
                    _("No round is named or numbered “%(round)s”.") % {"round": round_cell}
                )

        target_cell = cell("target")
        if str(target_cell).strip():
            target_path = _target(target_cell)
            if target_path is None:
                raise RowRefused(
                    _(
                        "Unknown target “%(target)s”. Write one of: đợt thi, bảng xếp hạng, "
                        "thư viện, trang chủ, or a page address starting with /."
                    )
                    % {"target": target_cell}
                )
        else:
            # No target: the round if one is named, else the contest's home page.
            target_path = (Banner.Target.ROUND, "") if round else (Banner.Target.PAGE, "/")
        target, path = target_path
        if target in (Banner.Target.ROUND, Banner.Target.BOARD) and round is None:
            raise RowRefused(_("This target needs a round: fill in the round column."))
        if target == Banner.Target.PAGE:
            try:
                path = validate_site_path(path)
            except ValidationError as exc:
                raise RowRefused(" ".join(exc.messages)) from None

        active = fold(cell("active"))
        if active not in YES | NO:
            raise RowRefused(
                _("Write “có” or “không” in the active column, not “%(value)s”.")
                % {"value": cell("active")}
            )

        banner = self.existing.get(name.lower()) or Banner(name=name)
        banner.unit = unit
        banner.commune = " ".join(str(cell("commune")).split())[:120]
        banner.target, banner.path = target, path
        banner.round = round if target in (Banner.Target.ROUND, Banner.Target.BOARD) else None
        banner.is_active = active in YES
        return banner

    def save(self, banner: Banner) -> bool:
        is_new = banner.pk is None
        banner_save(banner=banner, actor=self.actor)
        return is_new


def banners_import(*, data: bytes, actor=None) -> ImportReport:
    """Validate every row, then write all of them or none (see BannerImport)."""
    return BannerImport(actor=actor).run(data)


def banners_template_workbook() -> openpyxl.Workbook:
    """The .xlsx organizers download, fill in and import."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Băng rôn"
    sheet.append(["Tên và địa điểm", "Đơn vị", "Xã/phường", "Trỏ đến", "Đợt thi", "Đang dùng"])
    sheet.append(
        [
            "Trung tâm Phục vụ hành chính công thành phố – sảnh chính",
            "Văn phòng UBND thành phố",
            "Phường Phú Lợi",
            "đợt thi",
            "Đợt 1",
            "có",
        ]
    )
    sheet.append(["Chợ Sóc Trăng – cổng chính", "", "Phường Sóc Trăng", "thư viện", "", "có"])
    sheet.append(["Trường Chính trị thành phố – bảng tin", "", "", "trang chủ", "", "có"])
    for column, width in zip("ABCDEF", [54, 30, 22, 18, 18, 12], strict=True):
        sheet.column_dimensions[column].width = width
    return book
