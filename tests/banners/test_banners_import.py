import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banners.models import Banner
from banners.services.imports import banners_import, banners_template_workbook
from tests.contest.test_units_import import to_cp1258, xlsx
from tests.factories import UnitFactory, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    UnitFactory(name="Văn phòng UBND thành phố")
    return make_round(title="Đợt 1")


def test_template_as_downloaded_imports_cleanly(places):
    buffer = io.BytesIO()
    banners_template_workbook().save(buffer)
    report = banners_import(data=buffer.getvalue())
    assert report.ok, report.errors
    assert report.created == 3
    centre = Banner.objects.get(name__startswith="Trung tâm Phục vụ")
    assert centre.target == Banner.Target.ROUND and centre.round == places
    assert centre.unit.name == "Văn phòng UBND thành phố" and centre.commune == "Phường Phú Lợi"
    assert Banner.objects.get(name__startswith="Chợ").target == Banner.Target.GALLERY
    home = Banner.objects.get(name__startswith="Trường")
    assert (home.target, home.path) == (Banner.Target.PAGE, "/")
    assert len({b.code for b in Banner.objects.all()}) == 3


def test_malformed_file_imports_nothing_and_reports_every_bad_row_in_vietnamese(places):
    data = xlsx(
        [
            ["Địa điểm", "Đơn vị", "Trỏ đến", "Đợt thi", "Đang dùng"],
            ["Chợ Sóc Trăng – cổng chính", "", "thư viện", "", "có"],
            ["", "", "đợt thi", "Đợt 1", ""],
            ["Bến xe – pano", "Sở Không Có", "", "", ""],
            ["Trường THPT – bảng tin", "", "đợt thi", "", ""],
            ["Nhà văn hóa", "", "https://lua-dao.example/", "", ""],
            ["Bưu điện", "", "", "Đợt 9", ""],
            ["Chợ Sóc Trăng – cổng chính", "", "", "", ""],
            ["Công viên", "", "sân bay", "", "có lẽ"],
        ]
    )
    report = banners_import(data=data)
    assert not report.ok and Banner.objects.count() == 0
    problems = {error.row: error.message for error in report.errors}
    assert set(problems) == {3, 4, 5, 6, 7, 8, 9}
    assert "để trống" in problems[3]
    assert "Sở Không Có" in problems[4] and "danh sách đơn vị" in problems[4]
    assert "cần một đợt thi" in problems[5]
    assert "Không hiểu nơi trỏ đến" in problems[6]
    assert "Đợt 9" in problems[7]
    assert "dòng 2" in problems[8]
    assert "sân bay" in problems[9]


def test_file_without_a_name_column_is_refused_with_the_reason():
    report = banners_import(data="Đơn vị;Xã\nSở Nội vụ;Phú Lợi\n".encode())
    assert not report.ok and report.errors[0].row == 1
    assert "cột" in report.errors[0].message


def test_cp1258_csv_reimport_updates_and_keeps_printed_codes(places):
    first = "Tên;Trỏ đến;Đợt thi\nChợ Sóc Trăng – cổng chính;đợt thi;Đợt 1\n"
    assert banners_import(data=to_cp1258(first)).created == 1
    code = Banner.objects.get().code
    again = "name,target,active\nchợ sóc trăng – cổng chính,/ho-so/,không\n"
    report = banners_import(data=again.encode())
    assert (report.created, report.updated) == (0, 1)
    banner = Banner.objects.get()
    assert banner.code == code and banner.path == "/ho-so/" and not banner.is_active
    assert banner.round is None


def test_import_page_shows_the_report_and_keeps_the_form(client, organizer, places):
    client.force_login(organizer)
    data = xlsx([["Tên"], [""], ["x" * 201]])
    response = client.post(
        reverse("banners:banner-import"),
        {"file": SimpleUploadedFile("bang-ron.xlsx", data)},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Chưa nhập dữ liệu nào" in body
    assert "dài quá 200 ký tự" in body
    good = xlsx([["Tên"], ["Bến xe khách – pano"]])
    response = client.post(
        reverse("banners:banner-import"), {"file": SimpleUploadedFile("b.xlsx", good)}
    )
    assert response.status_code == 302 and Banner.objects.filter(name="Bến xe khách – pano")
    template = client.get(reverse("banners:banner-template"))
    assert openpyxl.load_workbook(io.BytesIO(template.content)).active["A1"].value
