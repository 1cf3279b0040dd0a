import io
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from contest.models import Unit
from contest.services.tabular import RowRefused, TableImport
from contest.services.units import units_import

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: â ê ô ă ơ ư precomposed, the five tone marks combining."""
    out = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return out


def test_xlsx_with_vietnamese_headers_creates_units():
    data = xlsx(
        [
            ["Tên đơn vị", "Loại đơn vị", "Số người"],
            ["Sở Nội vụ", "Sở, ban, ngành", 62],
            ["UBND phường Phú Lợi", "UBND xã/phường", 40.0],
            ["Trường THPT Hoàng Diệu", "Trường", None],
        ]
    )
    report = units_import(data=data)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.rows) == (3, 0, 3)
    assert Unit.objects.get(name="Sở Nội vụ").kind == Unit.Kind.DEPARTMENT
    assert Unit.objects.get(name="UBND phường Phú Lợi").headcount == 40
    assert Unit.objects.get(name="Trường THPT Hoàng Diệu").headcount is None


def test_csv_in_utf8_with_semicolons_and_thousands_separator():
    data = "name;kind;headcount\nĐài Phát thanh và Truyền hình;press;1.250\n".encode("utf-8-sig")
    report = units_import(data=data)
    assert report.ok, report.errors
    assert Unit.objects.get().headcount == 1250


def test_csv_saved_by_vietnamese_windows_excel_is_read():
    text = "Tên đơn vị,Loại,Số người\nTrường Tiểu học Mỹ Xuyên,Trường,74\n"
    report = units_import(data=to_cp1258(text))
    assert report.ok, report.errors
    assert Unit.objects.get().name == "Trường Tiểu học Mỹ Xuyên"


def test_known_unit_is_updated_not_duplicated(unit):
    report = units_import(data="name,kind,headcount\nsở nội vụ,department,70\n".encode())
    assert (report.created, report.updated) == (0, 1)
    unit.refresh_from_db()
    assert unit.headcount == 70
    assert Unit.objects.count() == 1


def test_one_bad_row_imports_nothing_and_names_each_problem():
    data = xlsx(
        [
            ["Tên đơn vị", "Loại đơn vị", "Số người"],
            ["Sở Nội vụ", "Sở", 62],
            [None, "Sở", 10],
            ["Sở Tư pháp", "Sở", "nhiều"],
            ["Sở Y tế", "hành tinh", 12],
            ["sở nội vụ", "Sở", 3],
            ["Sở Xây dựng", "Sở", 0],
        ]
    )
    report = units_import(data=data)
    assert not report.ok
    assert Unit.objects.count() == 0
    rows = {error.row: error.message for error in report.errors}
    assert sorted(rows) == [3, 4, 5, 6, 7]
    assert rows[3] == "Tên đơn vị đang để trống."
    assert "“nhiều”" in rows[4]
    assert "“hành tinh”" in rows[5]
    assert "dòng 2" in rows[6]
    assert "“0”" in rows[7]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04 this is not really a workbook",
        "Số người,Loại\n12,Sở\n".encode(),
    ],
    ids=["empty", "image", "broken-xlsx", "no-name-column"],
)
def test_unreadable_file_is_refused_with_a_message(data):
    report = units_import(data=data)
    assert not report.ok
    assert report.errors[0].message
    assert Unit.objects.count() == 0


def test_organizer_page_shows_the_report_in_vietnamese(client, organizer):
    client.force_login(organizer)
    upload = SimpleUploadedFile("don-vi.csv", "name,kind,headcount\n,Sở,3\n".encode())
    response = client.post(reverse("contest:unit-import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa nhập dữ liệu nào: có 1 lỗi cần sửa." in html
    assert "Tên đơn vị đang để trống." in html


def test_organizer_page_imports_a_good_file(client, organizer):
    client.force_login(organizer)
    upload = SimpleUploadedFile("don-vi.csv", "name,kind,headcount\nSở Nội vụ,Sở,62\n".encode())
    response = client.post(reverse("contest:unit-import"), {"file": upload}, follow=True)
    assert Unit.objects.filter(name="Sở Nội vụ").exists()
    assert "Sở Nội vụ" in response.content.decode()


def test_template_download_imports_as_it_is(client, organizer):
    client.force_login(organizer)
    response = client.get(reverse("contest:unit-template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    report = units_import(data=response.content)
    assert report.ok and report.created == 2


def test_participant_cannot_use_the_import_page(client, participant):
    client.force_login(participant.user)
    assert client.get(reverse("contest:unit-import")).status_code == 403


def test_management_command_imports_and_fails_loudly(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("name,kind,headcount\nSở Nội vụ,Sở,62\n")
    call_command("import_units", str(good))
    assert Unit.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind,headcount\nSở Y tế,Sở,-4\n")
    with pytest.raises(CommandError):
        call_command("import_units", str(bad))
    assert Unit.objects.count() == 1


def test_row_numbers_match_the_spreadsheet_when_rows_are_blank():
    data = xlsx([["Tên đơn vị", "Loại", "Số người"], [None, None, None], ["Sở Y tế", "Sở", "x"]])
    report = units_import(data=data)
    assert [error.row for error in report.errors] == [3]


class _Letters(TableImport):
    """A list of names whose "value" column must be one letter: the shared loop on its own."""

    columns = {"name": ["name"], "value": ["value"]}
    no_name_column = "no name column"
    empty_name = "empty name"
    long_name = "long name"

    def __init__(self):
        self.saved = []

    def parse(self, name, cell):
        if len(str(cell("value"))) != 1:
            raise RowRefused(f"{name}: one letter")
        return name

    def save(self, item):
        self.saved.append(item)
        return item.startswith("new")


def test_the_shared_import_loop_writes_every_row_or_none_and_names_each_refusal():
    bad = _Letters()
    report = bad.run(b"name,value\nnew a,x\n,y\nnew a,z\nb,long\n")
    assert [e.row for e in report.errors] == [3, 4, 5]  # the sheet's rows, header is 1
    assert report.errors[0].message == "empty name" and "new a" in report.errors[1].message
    assert report.errors[2].message == "b: one letter"
    assert report.rows == 4 and bad.saved == []

    good = _Letters()
    report = good.run(b"name,value\nnew a,x\nold b,y\n")
    assert report.ok and (report.created, report.updated) == (1, 1)
    assert good.saved == ["new a", "old b"]


def test_units_and_banners_are_imported_through_the_same_page(client, organizer):
    client.force_login(organizer)
    pages = [reverse("contest:unit-import"), reverse("banners:banner-import")]
    responses = [client.get(url) for url in pages]
    assert all(r.templates[0].name == "contest/table_import.html" for r in responses)
    assert "Nhập danh sách đơn vị" in responses[0].content.decode()
    assert "Nhập danh sách băng rôn" in responses[1].content.decode()
