"""Certificates: issued from the published results, printed as PDF, checked by QR code."""

import io
import re
import time
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaign.certificate_pdf import Art, certificate_pdf, certificates_zip, verification_url
from campaign.models import Certificate, CertificateTemplate
from campaign.services.certificates import (
    certificate_revoke,
    certificates_issue_gallery,
    certificates_issue_round,
    certificates_notify,
    template_for,
)
from contest.models import AuditEntry
from gallery.models import Entry, GalleryConfig
from invites.models import InviteAward
from quizzes.services.ranking import round_close, round_publish
from tests.factories import (
    PASSWORD,
    ContestFactory,
    ParticipantFactory,
    UnitFactory,
    UserFactory,
    make_round,
)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db
BASE = "https://cchc.soctrang.gov.vn"
OPENED = timezone.now() - timedelta(days=3)
WINNER = "Trần Thị Ánh Tuyết"
WINNER_PHONE = "0912345678"
WINNER_CCCD = "079188001234"
WINNER_EMAIL = "anh.tuyet@example.org"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_BASE_URL = BASE


@pytest.fixture
def contest(db):
    return ContestFactory(organizer_name="Sở Nội vụ tỉnh Sóc Trăng")


@pytest.fixture
def people(contest):
    unit = UnitFactory(name="Sở Tư pháp", headcount=5)
    winner = ParticipantFactory(
        full_name=WINNER,
        phone=WINNER_PHONE,
        cccd=WINNER_CCCD,
        unit=unit,
        user=UserFactory(email=WINNER_EMAIL),
    )
    second = ParticipantFactory(full_name="Lê Văn Đức", unit=unit)
    third = ParticipantFactory(full_name="Phạm Ngọc Hường", unit=unit)
    return winner, second, third


@pytest.fixture
def published_round(contest, people):
    """Three people of one unit: first and second prizes, the unit's collective prize."""
    round = make_round(
        contest=contest,
        title="Đợt 1: Cải cách thủ tục hành chính",
        opens_at=OPENED,
        closes_at=OPENED + timedelta(days=1),
        prizes_first=1,
        prizes_second=1,
        prizes_third=0,
        prizes_consolation=0,
        collective_prizes=1,
        collective_min_rate=10,
        prediction="none",
    )
    for wrong, person in enumerate(people):
        take(round, person, start=OPENED, seconds=60 + wrong, wrong=wrong * 2)
    round_close(round=round, now=round.closes_at + timedelta(minutes=5))
    round_publish(round=round)
    return round


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_page(data: bytes, scale: float = 2):
    (page,) = list(pypdfium2.PdfDocument(data))
    return page, page.render(scale=scale).to_pil()


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def winner_certificate(round) -> Certificate:
    return Certificate.objects.get(round=round, kind="individual", name_printed=WINNER)


# --- The PDF and the public check -----------------------------------------------------
def test_pdf_prints_the_holder_in_vietnamese_and_its_qr_leads_to_a_valid_page(
    client, published_round
):
    certificates_issue_round(round=published_round)
    certificate = winner_certificate(published_round)
    data = certificate_pdf(certificate)
    assert b"/FontFile2" in data  # the TTF travels in the file: diacritics print anywhere
    page, image = pdf_page(data)
    assert page.get_width() > page.get_height()  # landscape
    assert round(page.get_width() / 72 * 25.4) == 297
    text = page.get_textpage().get_text_range()
    assert WINNER in text
    assert "Giải Nhất" in text and "Đợt 1: Cải cách thủ tục hành chính" in text
    assert certificate.serial in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text

    (url,) = decode(image)
    assert url == f"{BASE}/xac-minh/{certificate.code}/"
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    html = response.content.decode()
    assert WINNER in html and "Hợp lệ" in html and certificate.serial in html
    assert "Giải Nhất" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_check_page_shows_no_phone_cccd_or_email(client, published_round):
    certificates_issue_round(round=published_round)
    html = client.get(verification_url(winner_certificate(published_round))).content.decode()
    for secret in (WINNER_PHONE, WINNER_CCCD, WINNER_EMAIL, WINNER_PHONE[1:]):
        assert secret not in html


def test_after_revocation_the_page_says_revoked_with_the_date_and_the_log_has_the_reason(
    client, published_round, organizer
):
    certificates_issue_round(round=published_round)
    certificate = winner_certificate(published_round)
    certificate_revoke(certificate=certificate, reason="Vi phạm thể lệ", actor=organizer)
    html = client.get(urlsplit(verification_url(certificate)).path).content.decode()
    assert "Đã thu hồi" in html and "Hợp lệ" not in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html
    assert "Vi phạm thể lệ" not in html  # the reason is for the audit log, not the public
    entry = AuditEntry.objects.get(target_type="campaign.certificate", target_id=certificate.pk)
    assert entry.changes["reason"] == "Vi phạm thể lệ" and entry.actor == organizer
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, reason="Lần hai", actor=organizer)


def test_revoking_needs_a_reason(published_round, organizer):
    certificates_issue_round(round=published_round)
    with pytest.raises(ValidationError) as refused:
        certificate_revoke(
            certificate=winner_certificate(published_round), reason="  ", actor=organizer
        )
    assert "lý do" in " ".join(refused.value.messages)


def test_an_unknown_code_is_a_vietnamese_404_that_is_not_indexed(client, published_round):
    response = client.get("/xac-minh/khong-co-ma-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy giấy chứng nhận" in html and "noindex" in html
    assert client.get("/xac-minh/" + "a" * 500 + "/").status_code == 404


def test_the_check_page_is_rate_limited_per_address(client, published_round, settings):
    settings.CERTIFICATE_VERIFY_RATE = {"ip": (3, 60)}
    statuses = [client.get(f"/xac-minh/doan-ma-{i}/").status_code for i in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_codes_are_long_random_url_safe_and_unique(published_round):
    issued = certificates_issue_round(round=published_round, participation_min_score=0)
    codes = [c.code for c in Certificate.objects.all()]
    assert issued.created == len(codes) >= 6
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", code)


# --- Issuing --------------------------------------------------------------------------
def test_round_winners_get_individual_and_collective_certificates_numbered_in_order(
    published_round,
):
    issued = certificates_issue_round(round=published_round)
    rows = list(
        Certificate.objects.order_by("number").values_list(
            "kind", "name_printed", "prize_label", "serial"
        )
    )
    year = timezone.localdate().year
    assert issued.created == 3
    assert rows == [
        ("individual", WINNER, "Giải Nhất", f"CCHC-{year}-000001"),
        ("individual", "Lê Văn Đức", "Giải Nhì", f"CCHC-{year}-000002"),
        ("collective", "Sở Tư pháp", "Giải tập thể", f"CCHC-{year}-000003"),
    ]
    collective = Certificate.objects.get(kind="collective")
    assert collective.participant is None and collective.unit.name == "Sở Tư pháp"


def test_issuing_twice_makes_nothing_twice(published_round, organizer):
    first = certificates_issue_round(round=published_round, actor=organizer)
    again = certificates_issue_round(round=published_round, actor=organizer)
    assert (first.created, again.created, again.existing) == (3, 0, 3)
    assert Certificate.objects.count() == 3
    # Participation later: only the new kind is added, the prizes are not made again.
    later = certificates_issue_round(round=published_round, participation_min_score=0)
    assert (later.created, later.existing) == (3, 3)
    assert Certificate.objects.count() == 6


def test_participation_certificates_go_to_those_at_or_above_the_score(published_round):
    scores = dict(published_round.ranking.values_list("full_name", "score"))
    threshold = scores["Lê Văn Đức"]
    certificates_issue_round(round=published_round, participation_min_score=threshold)
    names = set(
        Certificate.objects.filter(kind="participation").values_list("name_printed", flat=True)
    )
    assert names == {name for name, score in scores.items() if score >= threshold}
    assert "Phạm Ngọc Hường" not in names
    label = Certificate.objects.filter(kind="participation").first().prize_label
    assert label == "Chứng nhận tham gia"


def test_the_spreading_the_word_prize_gets_its_own_certificate_once(published_round, people):
    inviter = people[2]
    InviteAward.objects.create(
        round=published_round, participant=inviter, place=1, signups=4, finished=3
    )
    first = certificates_issue_round(round=published_round)
    again = certificates_issue_round(round=published_round)
    certificate = Certificate.objects.get(kind="invite")
    assert (certificate.name_printed, certificate.prize_label) == (
        "Phạm Ngọc Hường",
        "Giải lan tỏa",
    )
    assert certificate.round == published_round and certificate.unit == inviter.unit
    assert (first.created, again.created) == (4, 0)


def test_certificates_wait_for_the_published_results(contest, people):
    round = make_round(
        contest=contest, opens_at=OPENED, closes_at=OPENED + timedelta(days=1), prediction="none"
    )
    take(round, people[0], start=OPENED, seconds=30)
    round_close(round=round, now=round.closes_at + timedelta(minutes=5))
    with pytest.raises(ValidationError) as refused:
        certificates_issue_round(round=round)
    assert "Công bố kết quả" in " ".join(refused.value.messages)
    assert not Certificate.objects.exists()


def test_the_gallery_winner_gets_a_certificate_once_results_are_published(contest, people):
    now = timezone.now()
    gallery = GalleryConfig.objects.create(
        contest=contest,
        title="Tranh cổ động cải cách hành chính",
        submissions_open_at=now - timedelta(days=9),
        submissions_close_at=now - timedelta(days=5),
        voting_opens_at=now - timedelta(days=4),
        voting_closes_at=now - timedelta(days=1),
        winners_per_ranking=1,
    )
    Entry.objects.create(
        gallery=gallery,
        author=people[0].user,
        kind=Entry.Kind.POEM,
        title="Một cửa",
        poem="Dòng một\nDòng hai",
        status=Entry.Status.APPROVED,
        pledged_at=now,
        display_consent_at=now,
    )
    with pytest.raises(ValidationError):
        certificates_issue_gallery(gallery=gallery)
    gallery.results_published_at = now
    gallery.save()
    issued = certificates_issue_gallery(gallery=gallery)
    again = certificates_issue_gallery(gallery=gallery)
    assert (issued.created, again.created) == (1, 0)
    certificate = Certificate.objects.get(kind="gallery")
    assert certificate.name_printed == WINNER
    assert certificate.prize_label == "Giải bình chọn, hạng 1"
    text = pdf_page(certificate_pdf(certificate))[0].get_textpage().get_text_range()
    assert "Tranh cổ động cải cách hành chính" in " ".join(text.split())


# --- Who downloads ------------------------------------------------------------------------
def test_only_the_holder_or_an_organizer_downloads_the_pdf(client, published_round, organizer):
    certificates_issue_round(round=published_round)
    certificate = winner_certificate(published_round)
    url = reverse("campaign:certificate-pdf", args=[certificate.code])
    assert client.get(url).status_code == 302  # to the login page
    holder, other = certificate.participant.user, ParticipantFactory().user
    login(client, other)
    assert client.get(url).status_code == 404
    login(client, holder)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    login(client, organizer)
    assert client.get(url).status_code == 200


def test_my_certificates_lists_only_mine_with_download_links(client, published_round):
    certificates_issue_round(round=published_round)
    mine = winner_certificate(published_round)
    other = Certificate.objects.get(name_printed="Lê Văn Đức")
    login(client, mine.participant.user)
    html = client.get(reverse("campaign:my-certificates")).content.decode()
    assert "Giấy chứng nhận của tôi" in html
    assert reverse("campaign:certificate-pdf", args=[mine.code]) in html
    assert other.code not in html


# --- Organizer pages --------------------------------------------------------------------
ORGANIZER_PAGES = [
    ("get", "campaign:certificate-list", []),
    ("get", "campaign:certificate-template", []),
    ("get", "campaign:certificate-preview", []),
    ("get", "campaign:certificate-zip", []),
    ("post", "campaign:certificate-issue", []),
    ("post", "campaign:certificate-notify", []),
    ("get", "campaign:certificate-revoke", [1]),
]


@pytest.mark.parametrize(("method", "name", "args"), ORGANIZER_PAGES)
def test_a_non_organizer_cannot_reach_organizer_pages(client, published_round, method, name, args):
    url = reverse(name, args=args)
    assert getattr(client, method)(url).status_code == 302  # anonymous: to the login page
    login(client, ParticipantFactory().user)
    assert getattr(client, method)(url).status_code == 403


def test_the_zip_holds_one_pdf_per_certificate_of_the_round(client, published_round, organizer):
    certificates_issue_round(round=published_round, participation_min_score=0)
    login(client, organizer)
    response = client.get(
        reverse("campaign:certificate-zip"), {"source": f"round-{published_round.pk}"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    serials = set(Certificate.objects.values_list("serial", flat=True))
    assert len(names) == len(serials) == 6
    assert {"-".join(name.split("-")[:3]) for name in names} == serials
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


def test_a_few_hundred_certificates_render_in_seconds(published_round):
    """One PDF's time, measured: the ZIP of a round of a few hundred must not take minutes."""
    certificates_issue_round(round=published_round)
    certificates = list(Certificate.objects.all())
    template = template_for(published_round.contest)
    certificates_zip(certificates, template)  # fonts registered, code paths warm
    art = Art.of(template)
    start = time.perf_counter()
    for certificate in certificates * 10:
        certificate_pdf(certificate, art=art)
    per_pdf = (time.perf_counter() - start) / (len(certificates) * 10)
    print(f"one certificate PDF: {per_pdf * 1000:.1f} ms")
    assert per_pdf < 0.25  # 300 certificates in well under 75 s even on a busy machine


def test_organizer_issues_lists_and_revokes_through_the_pages(client, published_round, organizer):
    login(client, organizer)
    source = f"round-{published_round.pk}"
    page = client.get(reverse("campaign:certificate-list")).content.decode()
    assert published_round.title in page
    response = client.post(
        reverse("campaign:certificate-issue"),
        {"source": source, "participation": "on", "min_score": "0"},
        follow=True,
    )
    assert "6 giấy chứng nhận" in response.content.decode()
    certificate = winner_certificate(published_round)
    revoke = reverse("campaign:certificate-revoke", args=[certificate.pk])
    refused = client.post(revoke, {"reason": ""})
    assert refused.status_code == 200 and "lý do" in refused.content.decode()
    client.post(revoke, {"reason": "Khai sai đơn vị"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_by == organizer
    assert certificate.revoke_reason == "Khai sai đơn vị"


def test_the_organizer_home_links_the_certificates(client, organizer):
    login(client, organizer)
    html = client.get(reverse("campaign:organizer-home")).content.decode()
    assert reverse("campaign:certificate-list") in html


# --- The template -------------------------------------------------------------------------
TEMPLATE_POST = {
    "title": "GIẤY CHỨNG NHẬN",
    "issuer": "Sở Nội vụ tỉnh Sóc Trăng",
    "body": "Đã đạt {prize} tại {round}.",
    "participation_body": "Đã hoàn thành {round}.",
    "place": "Sóc Trăng",
    "signer_title": "Giám đốc",
    "signer_name": "Nguyễn Văn Bình",
    "serial_prefix": "CCHC",
}


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("Đã đạt {giai} tại {round}.", "{giai}"),
        ("Xin chào {name.__class__}", "{name.__class__}"),
        ("Đạt {prize!r}", "{prize!r}"),
        ("Đã đạt {prize tại {round}", "dấu ngoặc"),
    ],
)
def test_bad_placeholders_are_a_vietnamese_form_error(client, contest, organizer, body, shown):
    login(client, organizer)
    response = client.post(
        reverse("campaign:certificate-template"), {**TEMPLATE_POST, "body": body}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert shown in html
    if shown != "dấu ngoặc":
        assert "Nội dung chỉ được dùng {name}, {unit}, {prize}, {round}, {date}" in html
    assert not CertificateTemplate.objects.exists()


def test_template_saves_with_a_cleaned_signature_and_the_pdf_carries_it(
    client, published_round, organizer
):
    login(client, organizer)
    image = Image.new("RGB", (600, 300), "white")
    image.paste("#c8102e", (200, 50, 400, 250))
    exif = Image.Exif()
    exif[0x010F] = "Camera of the seal"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("con-dau.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(
        reverse("campaign:certificate-template"), {**TEMPLATE_POST, "signature": upload}
    )
    assert response.status_code == 302
    template = CertificateTemplate.objects.get()
    assert template.signature_name.endswith("-signature.jpg")
    from campaign.services.certificates import image_bytes

    stored = image_bytes(template.signature_name)
    assert b"Camera of the seal" not in stored
    certificates_issue_round(round=published_round)
    data = certificate_pdf(winner_certificate(published_round))
    assert b"/Subtype /Image" in data
    text = pdf_page(data)[0].get_textpage().get_text_range()
    assert "NGUYỄN VĂN BÌNH" in text.upper() and "Sóc Trăng, ngày" in text
    preview = client.get(reverse("campaign:certificate-preview"))
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")


def test_a_file_that_is_not_an_image_is_refused_in_vietnamese(client, contest, organizer):
    login(client, organizer)
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = client.post(
        reverse("campaign:certificate-template"), {**TEMPLATE_POST, "logo": upload}
    )
    assert response.status_code == 200
    assert "Tệp này không phải ảnh được chấp nhận" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


# --- Telling the holders ------------------------------------------------------------------
def test_notice_by_email_reaches_holders_with_an_email_and_skips_the_unit(published_round):
    certificates_issue_round(round=published_round)
    result = certificates_notify(certificates=Certificate.objects.all(), channel="email")
    assert (result.sent, result.skipped, result.failed) == (2, 1, 0)
    to_winner = next(m for m in mail.outbox if m.to == [WINNER_EMAIL])
    assert f"{BASE}/ho-so/giay-chung-nhan/" in to_winner.body and WINNER in to_winner.body
    assert Certificate.objects.filter(notified_at__isnull=False).count() == 2
    again = certificates_notify(certificates=Certificate.objects.all(), channel="email")
    assert again.sent == 0 and len(mail.outbox) == 2  # a second press tells no one twice


def test_notice_by_sms_goes_through_the_platform_sender(published_round, settings, capsys):
    settings.SMS_BACKEND = "console"
    certificates_issue_round(round=published_round)
    result = certificates_notify(
        certificates=Certificate.objects.filter(kind="individual"), channel="sms"
    )
    assert result.sent == 2
    out = capsys.readouterr().out
    assert f"SMS to: {WINNER_PHONE}" in out and "/ho-so/giay-chung-nhan/" in out


def test_revoked_certificates_get_no_notice(published_round, organizer):
    certificates_issue_round(round=published_round)
    certificate_revoke(
        certificate=winner_certificate(published_round), reason="Sai", actor=organizer
    )
    certificates_notify(certificates=Certificate.objects.all(), channel="email")
    assert all(m.to != [WINNER_EMAIL] for m in mail.outbox)


def test_the_demo_issues_its_certificates_once():
    """The certificates' part of seed_demo, run twice on the quiz demo (its published round)."""
    from campaign.demo import seed_certificates
    from contest.demo import seed_contest
    from quizzes.demo import seed_quizzes

    contest = seed_contest()
    seed_quizzes(contest)
    seed_certificates(contest)
    first = list(Certificate.objects.order_by("number").values_list("serial", "code"))
    assert first and CertificateTemplate.objects.get().signature_name
    seed_certificates(contest)
    assert list(Certificate.objects.order_by("number").values_list("serial", "code")) == first
    assert CertificateTemplate.objects.count() == 1


# --- Personal data ------------------------------------------------------------------------
def test_the_holders_data_download_lists_their_certificates(published_round):
    from campaign.services.personal_data import personal_data, personal_data_workbook

    certificates_issue_round(round=published_round)
    certificate = winner_certificate(published_round)
    data = personal_data(user=certificate.participant.user)
    assert [row["serial"] for row in data["certificates"]] == [certificate.serial]
    assert "Giấy chứng nhận" in personal_data_workbook(data).sheetnames


def test_deleting_ones_data_takes_the_name_off_the_check_page(client, published_round):
    from campaign.services.personal_data import personal_data_delete

    certificates_issue_round(round=published_round)
    certificate = winner_certificate(published_round)
    personal_data_delete(user=certificate.participant.user, confirmation="xoá dữ liệu")
    html = client.get(urlsplit(verification_url(certificate)).path).content.decode()
    assert WINNER not in html and "Thí sinh đã xoá" in html


def test_preview_as_typed_draws_the_unsaved_text_and_saves_nothing(client, contest, organizer):
    login(client, organizer)
    response = client.post(
        reverse("campaign:certificate-template"),
        {**TEMPLATE_POST, "body": "Đạt {prize} – bản nháp thử", "preview": "1"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_page(response.content)[0].get_textpage().get_text_range()
    assert "bản nháp thử" in text and "Giải Nhất" in text
    assert not CertificateTemplate.objects.exists()
