"""Banners checked in the field: the check-in page staff get from a banner's QR code, what it
saves (state, note, cleaned photo, position), the list's filters, the export and re-pointing."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from banners.exports import banner_report_workbook
from banners.models import Banner, BannerCheck, Scan
from banners.selectors import banner_report
from banners.services.banners import SCAN_COOKIE, banner_save
from banners.services.checks import banner_check_record
from contest.models import AuditEntry, UnitContact
from contest.services.audit import changes_text
from gallery import images
from tests.factories import UnitFactory, UserFactory, make_round

pytestmark = pytest.mark.django_db
PHONE_UA = "Mozilla/5.0 (Linux; Android 14; SM-A155F) Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.GALLERY_PRIVATE_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_banner(name="Chợ Sóc Trăng – cổng chính", **fields):
    fields.setdefault("target", Banner.Target.PAGE)
    fields.setdefault("path", "/" if fields["target"] == Banner.Target.PAGE else "")
    return banner_save(banner=Banner(name=name, **fields))


@pytest.fixture
def banner(db):
    return make_banner()


def signed_in(user) -> Client:
    client = Client(HTTP_USER_AGENT=PHONE_UA)
    client.force_login(user)
    return client


def jpeg_with_gps(size=(1200, 900)) -> bytes:
    image = Image.new("RGB", size, "#c8102e")
    ImageDraw.Draw(image).rectangle((100, 100, 600, 400), fill="#ffcd00")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = "Nguyen Van Kiem"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (9.0, 36.0, 10.0), "E", (105.0, 58.0, 20.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def photo(data=None, name="IMG_2026.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data or jpeg_with_gps(), content_type=content_type)


def check_url(banner):
    return reverse("banners:banner-check", args=[banner.pk])


# --- Who gets the check-in page, and what is counted ------------------------------------
def test_an_organizer_scanning_a_banner_gets_its_check_in_page_not_the_redirect(organizer, banner):
    response = signed_in(organizer).get(f"/b/{banner.code.lower()}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kiểm tra băng rôn" in body and banner.name in body
    assert 'capture="environment"' in body and 'accept="image/*"' in body
    assert f'href="{banner.target_url()}"' in body  # go on to the target
    assert "no-store" in response["Cache-Control"]


def test_a_passer_by_and_a_participant_scanning_are_redirected_and_counted(participant, banner):
    assert Client(HTTP_USER_AGENT=PHONE_UA).get(f"/b/{banner.code}").status_code == 302
    assert signed_in(participant.user).get(f"/b/{banner.code}").status_code == 302
    assert Scan.objects.filter(banner=banner).count() == 2


def test_staff_scans_are_not_counted_in_scans_browsers_funnel_or_export(organizer, banner):
    Client(HTTP_USER_AGENT=PHONE_UA).get(f"/b/{banner.code}")  # one passer-by
    staff = signed_in(organizer)
    for _ in range(3):
        response = staff.get(f"/b/{banner.code}")
        assert response.status_code == 200
    assert SCAN_COOKIE not in response.cookies  # the staff's browser is not credited either
    assert Scan.objects.count() == 1
    report = banner_report(days=7)
    assert (report.rows[0].scans, report.rows[0].unique, report.totals.scans) == (1, 1, 1)
    assert sum(scans for _day, scans, _unique in report.days) == 1
    sheet = banner_report_workbook(report)["Băng rôn"]
    assert (sheet["F2"].value, sheet["G2"].value) == (1, 1)


@pytest.fixture
def contact_world(db):
    mine, other = UnitFactory(name="Sở Nội vụ"), UnitFactory(name="Sở Tài chính")
    contact = UserFactory()
    UnitContact.objects.create(unit=mine, user=contact)
    return {
        "contact": contact,
        "mine": make_banner("Sở Nội vụ – cổng", unit=mine),
        "other": make_banner("Sở Tài chính – sảnh", unit=other),
        "none": make_banner("Bến xe – pano"),
    }


def test_a_unit_contact_checks_their_own_units_banners_only(contact_world):
    client = signed_in(contact_world["contact"])
    assert client.get(f"/b/{contact_world['mine'].code}").status_code == 200
    # Banners of other units, or of none: the contact is a passer-by there, and counted.
    for key in ("other", "none"):
        assert client.get(f"/b/{contact_world[key].code}").status_code == 302
        assert client.get(check_url(contact_world[key])).status_code == 403
        assert client.post(check_url(contact_world[key]), {"state": "fine"}).status_code == 403
    assert Scan.objects.filter(banner=contact_world["mine"]).count() == 0
    assert Scan.objects.filter(banner__in=[contact_world["other"], contact_world["none"]]).count()
    response = client.post(check_url(contact_world["mine"]), {"state": "fine"})
    assert response.status_code == 302
    assert BannerCheck.objects.get().checked_by == contact_world["contact"]


def test_the_check_page_is_for_staff_only(client, participant, banner):
    assert client.get(check_url(banner)).status_code == 302  # to the login page
    client.force_login(participant.user)
    assert client.get(check_url(banner)).status_code == 403
    assert client.post(check_url(banner), {"state": "fine"}).status_code == 403
    assert not BannerCheck.objects.exists()


# --- What a check saves -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("installed", "Đã lắp đặt"),
        ("fine", "Còn tốt"),
        ("damaged", "Hư hỏng"),
        ("missing", "Không còn"),
    ],
)
def test_each_state_is_saved_and_audited_without_personal_data(organizer, banner, state, words):
    client = signed_in(organizer)
    note = "Gần cột điện số 12, nhà bà Năm"
    response = client.post(
        check_url(banner),
        {"state": state, "note": note, "latitude": "9.602521", "longitude": "105.973875"},
    )
    assert response.status_code == 302 and response["Location"] == check_url(banner)
    check = BannerCheck.objects.get()
    assert (check.state, check.note, check.checked_by) == (state, note, organizer)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BANNER_CHECK)
    assert entry.target_id == banner.pk and entry.actor == organizer
    assert entry.changes["state"] == ["", words]
    stored = str(entry.changes)
    assert note not in stored and "9.6" not in stored and "105.9" not in stored
    assert words in changes_text(entry)
    page = client.get(check_url(banner)).content.decode()
    assert f"Đã lưu: {words}" in page and words in page


def test_a_check_without_a_state_is_the_form_again_with_the_note_kept(organizer, banner):
    response = signed_in(organizer).post(check_url(banner), {"note": "Bị che khuất"})
    body = response.content.decode()
    assert response.status_code == 200 and not BannerCheck.objects.exists()
    assert "Chọn tình trạng băng rôn bạn thấy." in body and "Bị che khuất" in body


def test_the_photo_is_re_encoded_without_exif_or_gps_and_served_to_staff_only(
    organizer, participant, banner, settings
):
    client = signed_in(organizer)
    client.post(check_url(banner), {"state": "damaged", "photo": photo()})
    check = BannerCheck.objects.get()
    assert check.photo_key and (check.photo_width, check.photo_height) == (1200, 900)
    for size in ("small", "large"):
        response = client.get(reverse("banners:banner-check-photo", args=[check.pk, size]))
        data = b"".join(response.streaming_content)
        assert response.status_code == 200 and response["Content-Type"] == "image/webp"
        stored = Image.open(io.BytesIO(data))
        assert stored.format == "WEBP" and not stored.getexif()
        assert b"PhoneMaker" not in data and b"Nguyen Van Kiem" not in data
    # Kept outside MEDIA_ROOT: never a plain media file.
    assert images.private_storage().exists(check.photo_name("large"))
    assert not list(__import__("pathlib").Path(settings.MEDIA_ROOT).rglob("*.webp"))
    url = reverse("banners:banner-check-photo", args=[check.pk, "large"])
    assert Client().get(url).status_code == 302
    assert signed_in(participant.user).get(url).status_code == 403
    wrong_size = reverse("banners:banner-check-photo", args=[check.pk, "x"])
    assert client.get(wrong_size).status_code == 404
    assert AuditEntry.objects.get(action=AuditEntry.Action.BANNER_CHECK).changes["photo"] == "có"


def test_a_file_that_is_not_an_image_is_refused_and_what_was_typed_is_kept(organizer, banner):
    fake = photo(b"%PDF-1.4 not a photo", name="bien-ban.pdf", content_type="application/pdf")
    response = signed_in(organizer).post(
        check_url(banner), {"state": "damaged", "note": "Rách góc phải", "photo": fake}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not BannerCheck.objects.exists()
    assert "Tệp này không phải ảnh được chấp nhận" in body
    assert "Rách góc phải" in body
    assert re.search(r'<input type="radio" name="state" value="damaged"[^>]* checked>', body)


def test_a_photo_too_large_is_refused_with_its_size(organizer, banner, monkeypatch):
    monkeypatch.setattr("banners.forms.CHECK_PHOTO_MAX_BYTES", 1000)
    response = signed_in(organizer).post(
        check_url(banner), {"state": "fine", "note": "Ổn", "photo": photo()}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not BannerCheck.objects.exists()
    assert "quá lớn" in body and "Ổn" in body


def test_the_position_is_stored_and_a_bad_one_is_dropped(organizer, banner):
    client = signed_in(organizer)
    client.post(
        check_url(banner),
        {"state": "fine", "latitude": "9.6025214", "longitude": "105.97387", "accuracy": "14.6"},
    )
    check = BannerCheck.objects.get()
    assert (str(check.latitude), str(check.longitude), check.accuracy_m) == (
        "9.602521",
        "105.973870",
        15,
    )
    assert check.osm_url.startswith("https://www.openstreetmap.org/?mlat=9.602521&mlon=105.9")
    for bad in [("91", "105"), ("nan", "1"), ("1", ""), ("9,6", "105,9"), ("inf", "1")]:
        client.post(check_url(banner), {"state": "fine", "latitude": bad[0], "longitude": bad[1]})
        assert not BannerCheck.objects.first().has_position
    detail = signed_in(organizer).get(reverse("banners:banner-detail", args=[banner.pk]))
    assert "openstreetmap.org/?mlat=9.602521" in detail.content.decode()
    assert "geo:9.602521,105.973870" in detail.content.decode()


def test_the_check_page_works_without_a_position(organizer, banner):
    response = signed_in(organizer).post(check_url(banner), {"state": "installed"})
    assert response.status_code == 302
    assert BannerCheck.objects.get().latitude is None


# --- The list, its filters and the export ----------------------------------------------
def _checked(banner, state, days_ago, user):
    check = banner_check_record(banner=banner, state=state, actor=user)
    BannerCheck.objects.filter(pk=check.pk).update(
        checked_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def three_banners(organizer):
    recent, old, never = (
        make_banner("Chợ – cổng"),
        make_banner("Bến xe – pano"),
        make_banner("Trường – bảng tin"),
    )
    _checked(old, "fine", 40, organizer)
    _checked(recent, "installed", 40, organizer)
    _checked(recent, "damaged", 2, organizer)
    return recent, old, never


def test_the_list_shows_state_last_check_and_who(organizer, three_banners):
    body = signed_in(organizer).get(reverse("banners:banner-list")).content.decode()
    assert "Hư hỏng" in body and "Còn tốt" in body and "Chưa kiểm tra lần nào" in body
    assert organizer.email in body


def test_the_list_filters_never_checked_and_not_checked_for_n_days(organizer, three_banners):
    recent, old, never = three_banners
    client = signed_in(organizer)
    url = reverse("banners:banner-list")

    def shown(query):
        rows = client.get(url, query).context["rows"]
        return {row.banner for row in rows}

    assert shown({}) == {recent, old, never}
    assert shown({"show": "never"}) == {never}
    assert shown({"show": "stale"}) == {old, never}  # 30 days by default
    assert shown({"show": "stale", "stale_days": "1"}) == {recent, old, never}
    assert shown({"show": "stale", "stale_days": "60"}) == {never}
    assert client.get(url, {"show": "stale", "stale_days": "abc"}).status_code == 400


def test_the_export_has_vietnamese_sheet_names_numbers_dates_and_the_checks(
    organizer, three_banners
):
    recent, _old, _never = three_banners
    Client(HTTP_USER_AGENT=PHONE_UA).get(f"/b/{recent.code}")
    response = signed_in(organizer).get(reverse("banners:banner-export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Băng rôn", "Theo ngày", "Mã không dẫn tới đâu", "Lượt kiểm tra"]
    sheet = book["Băng rôn"]
    header = [cell.value for cell in sheet[1]]
    assert header[-3:] == ["Trạng thái", "Lần kiểm tra gần nhất", "Người kiểm tra"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    row = rows[recent.name]
    assert row[5].value == 1 and row[5].data_type == "n" and row[5].number_format == "#,##0"
    assert row[12].value == "Hư hỏng"
    assert row[13].is_date and row[13].number_format == "DD/MM/YYYY HH:MM"
    assert rows["Trường – bảng tin"][12].value == "Chưa kiểm tra lần nào"
    days = book["Theo ngày"]
    assert days["A2"].is_date and days["B2"].data_type == "n"
    checks = book["Lượt kiểm tra"]
    assert checks.max_row == 1 + 3
    first = [cell for cell in checks[2]]
    assert first[0].is_date and first[1].value == recent.code and first[4].value == "Hư hỏng"


# --- Re-pointing --------------------------------------------------------------------------
def test_re_pointing_keeps_the_code_and_is_audited_in_words(organizer):
    first = make_round(title="Đợt 1")
    second = make_round(title="Đợt 2")
    banner = make_banner("Sân vận động tỉnh", target=Banner.Target.ROUND, round=first)
    code = banner.code
    client = signed_in(organizer)
    edit = reverse("banners:banner-edit", args=[banner.pk])
    form = {"name": banner.name, "target": "board", "round": second.pk, "is_active": "on"}
    assert client.post(edit, form).status_code == 302
    banner.refresh_from_db()
    assert banner.code == code and banner.round == second
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BANNER_REPOINT)
    assert entry.changes == {"target": ["Đợt 1", "Bảng xếp hạng Đợt 2"]}
    assert "Đợt 1 → Bảng xếp hạng Đợt 2" in changes_text(entry)
    # Only the re-pointing was changed: no "banner saved" entry beside the creation's.
    assert AuditEntry.objects.filter(action=AuditEntry.Action.BANNER_SAVE).count() == 1

    client.post(edit, {**form, "target": "gallery"})
    last = AuditEntry.objects.filter(action=AuditEntry.Action.BANNER_REPOINT).first()
    assert last.changes["target"] == ["Bảng xếp hạng Đợt 2", "Thư viện tranh cổ động và thơ"]
    client.post(edit, {**form, "target": "gallery"})  # nothing changed: no new entry
    assert AuditEntry.objects.filter(action=AuditEntry.Action.BANNER_REPOINT).count() == 2

    detail = client.get(reverse("banners:banner-detail", args=[banner.pk])).content.decode()
    assert "mã " + code in detail and "giữ nguyên" in detail
    assert "Bảng xếp hạng Đợt 2 → Thư viện tranh cổ động và thơ" in detail


def test_a_contacts_units_banners_come_with_their_last_check(contact_world):
    from banners.selectors import unit_banners

    mine = contact_world["mine"]
    banner_check_record(banner=mine, state="missing", actor=contact_world["contact"])
    assert unit_banners([mine.unit_id]) == [(mine, BannerCheck.objects.get())]
