import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner, Scan
from banners.services.banners import banner_save
from contest.models import AuditEntry
from tests.factories import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def banner(db):
    return banner_save(
        banner=Banner(name="Chợ Sóc Trăng – cổng chính", target=Banner.Target.PAGE, path="/")
    )


def test_banner_pages_are_for_organizers_only(client, participant, banner):
    urls = [
        reverse("banners:banner-list"),
        reverse("banners:banner-create"),
        reverse("banners:banner-detail", args=[banner.pk]),
        reverse("banners:banner-import"),
        reverse("banners:banner-export"),
    ]
    assert all(client.get(url).status_code == 302 for url in urls)  # to the login page
    client.force_login(participant.user)
    assert all(client.get(url).status_code == 403 for url in urls)


def test_create_form_keeps_what_was_typed_and_says_what_is_wrong(organizer_client, banner):
    url = reverse("banners:banner-create")
    response = organizer_client.post(
        url,
        {
            "name": "chợ sóc trăng – cổng chính",
            "commune": "Phường Sóc Trăng",
            "target": "page",
            "path": "https://lua-dao.example/",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and Banner.objects.count() == 1
    assert "Đã có băng rôn khác mang tên này" in body
    assert "Chỉ được trỏ đến các trang của chính trang web này" in body
    assert 'value="Phường Sóc Trăng"' in body and "https://lua-dao.example/" in body

    response = organizer_client.post(url, {"name": "Sân vận động tỉnh", "target": "round"})
    assert "Chọn đợt thi mà băng rôn này trỏ đến." in response.content.decode()


def test_create_then_edit_keeps_the_code(organizer_client):
    round = make_round()
    response = organizer_client.post(
        reverse("banners:banner-create"),
        {"name": "Sân vận động tỉnh", "target": "round", "round": round.pk, "is_active": "on"},
    )
    banner = Banner.objects.get()
    assert response["Location"] == reverse("banners:banner-detail", args=[banner.pk])
    organizer_client.post(
        reverse("banners:banner-edit", args=[banner.pk]),
        {"name": "Sân vận động tỉnh – cổng A", "target": "board", "round": round.pk},
    )
    edited = Banner.objects.get()
    assert edited.code == banner.code and edited.target == "board" and not edited.is_active


def test_an_edit_audits_the_fields_it_changed_and_the_round_its_new_target_drops(
    organizer_client,
):
    round = make_round()
    url = reverse("banners:banner-create")
    form = {"name": "Bến xe khách", "target": "round", "round": round.pk, "is_active": "on"}
    organizer_client.post(url, form)
    banner = Banner.objects.get()
    created = AuditEntry.objects.get(action=AuditEntry.Action.BANNER_SAVE)
    assert created.changes["name"] == [None, "Bến xe khách"]  # created: every field, from none
    assert created.changes["round"][1]["id"] == round.pk

    # The round is still chosen in the form, unchanged: the model drops it for the gallery.
    edit = reverse("banners:banner-edit", args=[banner.pk])
    # A new target is a re-pointing, in words (tests/banners/test_banner_checks.py).
    organizer_client.post(edit, {**form, "target": "gallery", "commune": "Phường Phú Lợi"})
    repointed = AuditEntry.objects.get(action=AuditEntry.Action.BANNER_REPOINT)
    assert repointed.changes == {"target": [round.title, "Thư viện tranh cổ động và thơ"]}
    edited = AuditEntry.objects.filter(action=AuditEntry.Action.BANNER_SAVE).first()
    assert edited.pk != created.pk and set(edited.changes) == {"commune"}

    organizer_client.post(edit, {**form, "target": "gallery", "commune": "Phường Phú Lợi"})
    assert AuditEntry.objects.count() == 3  # nothing changed: no entry


def test_list_shows_counts_chart_orphans_and_the_detail_shows_the_qr(
    organizer_client, banner, settings
):
    settings.SITE_BASE_URL = "https://cchc.soctrang.gov.vn"
    passer_by = Client()  # staff scans are checks, not counted (test_banner_checks.py)
    passer_by.get(f"/b/{banner.code}", HTTP_USER_AGENT="iPhone Mobile")
    passer_by.get("/b/ABCDX", HTTP_USER_AGENT="iPhone Mobile")
    body = organizer_client.get(reverse("banners:banner-list")).content.decode()
    assert banner.name in body and banner.code in body
    assert '<svg viewBox="0 0 600 184" class="columns"' in body
    assert "ABCDX" in body  # the orphan code as typed
    detail = organizer_client.get(reverse("banners:banner-detail", args=[banner.pk]))
    text = detail.content.decode()
    assert f"cchc.soctrang.gov.vn/b/{banner.code}" in text
    assert "1 lượt quét" in text


def test_export_has_banners_days_and_orphans(organizer_client, banner):
    Scan.objects.create(
        banner=banner, code=banner.code, scanned_at=timezone.now(), device="phone", visitor="a"
    )
    Scan.objects.create(
        code="=HYPERLINK(1)",
        redirected=False,
        scanned_at=timezone.now(),
        device="phone",
        visitor="b",
    )
    response = organizer_client.get(reverse("banners:banner-export") + "?days=7")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    banners, days, orphans, _checks = book.worksheets
    assert banners["B2"].value == banner.name and banners["F2"].value == 1
    assert days.max_row == 8  # header and seven days
    assert days["D1"].value == banner.code and days["D8"].value == 1  # today, this banner
    assert orphans["A2"].value == "'=HYPERLINK(1)"  # never run as a formula


def test_round_page_shows_its_own_share_code_without_counting_a_scan(client, settings):
    settings.SITE_BASE_URL = "https://cchc.soctrang.gov.vn"
    round = make_round()
    body = client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode()
    url = f"https://cchc.soctrang.gov.vn/dot-thi/{round.pk}/"
    assert f'value="{url}"' in body and "<svg" in body
    assert "Chia sẻ trang này" in body
    assert Scan.objects.count() == 0


def test_admin_creates_a_banner_with_a_code_and_lists_scans(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="admin@example.org", password="x")
    client.force_login(admin)
    response = client.post(
        reverse("admin:banners_banner_add"),
        {"name": "Bưu điện tỉnh – sảnh", "target": "page", "path": "/", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    banner = Banner.objects.get()
    assert len(banner.code) == 5
    Client().get(f"/b/{banner.code}", HTTP_USER_AGENT="iPhone Mobile")  # a passer-by
    assert banner.code in client.get(reverse("admin:banners_scan_changelist")).content.decode()
