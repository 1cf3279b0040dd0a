import io
import zipfile
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from banners.models import Banner, Scan
from banners.printables import (
    banner_png,
    banner_svg,
    poster_pdf,
    posters_zip,
    public_base_url,
    short_url,
)
from banners.services.banners import banner_save
from tests.factories import ContestFactory, make_round

pytestmark = pytest.mark.django_db
BASE = "https://cchc.soctrang.gov.vn"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_BASE_URL = BASE
    settings.BANNER_LOGO_PATH = ""


@pytest.fixture
def logo(tmp_path, settings):
    """A busy, colourful emblem: the worst case for the modules it covers."""
    image = Image.new("RGB", (400, 400), "#c8102e")
    for i in range(0, 400, 40):
        image.paste("#ffcd00", (i, i, i + 20, 400 - i))
    path = tmp_path / "logo.png"
    image.save(path)
    settings.BANNER_LOGO_PATH = str(path)
    return path


@pytest.fixture
def banner(db):
    round = make_round(contest=ContestFactory(organizer_name="Sở Nội vụ tỉnh Sóc Trăng"))
    return banner_save(
        banner=Banner(
            name="Trung tâm Phục vụ hành chính công tỉnh – sảnh chính",
            target=Banner.Target.ROUND,
            round=round,
        )
    )


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_pages(data: bytes, scale: float = 2):
    pdf = pypdfium2.PdfDocument(data)
    return [(page, page.render(scale=scale).to_pil()) for page in pdf]


def follow(client, url):
    """Open a decoded short link as a phone would: the 302, then the target page."""
    before = Scan.objects.count()
    response = client.get(urlsplit(url).path, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert Scan.objects.count() == before + 1
    return response["Location"]


@pytest.mark.parametrize("with_logo", [False, True])
def test_png_is_print_sized_and_decodes_to_exactly_the_short_link(client, banner, logo, with_logo):
    image = Image.open(io.BytesIO(banner_png(banner, with_logo=with_logo)))
    assert image.width >= 1200 and image.width == image.height
    assert decode(image) == [f"{BASE}/b/{banner.code}"]
    target = follow(client, decode(image)[0])
    assert target == reverse("quizzes:round-detail", args=[banner.round_id])


def test_png_with_a_logo_still_reads_when_part_of_it_is_dirty(banner, logo):
    image = Image.open(io.BytesIO(banner_png(banner))).convert("RGB")
    # A smudge over a corner strip of the data area, on top of the logo.
    w = image.width
    image.paste("#555555", (int(w * 0.62), int(w * 0.7), int(w * 0.78), int(w * 0.78)))
    assert decode(image) == [short_url(banner)]


def test_svg_holds_the_code_at_level_h_with_a_white_background(banner, logo):
    svg = banner_svg(banner)
    assert svg.startswith("<?xml") and 'fill="#fff"' in svg
    assert "data:image/png;base64," in svg  # the logo travels inside the file
    # Decoding the rendered SVG is in tests/browser/test_banners.py (Chromium draws it).


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_pdf_poster_decodes_to_the_short_link_and_prints_vietnamese(client, banner, logo, size):
    data = poster_pdf(banner, size=size)
    assert b"/FontFile2" in data  # the TTF is embedded: diacritics print on any printer
    ((page, image),) = pdf_pages(data, scale=1.5 if size == "a4" else 1)
    width_mm = page.get_width() / 72 * 25.4
    assert round(width_mm) == (210 if size == "a4" else 297)
    assert decode(image) == [short_url(banner)]
    text = page.get_textpage().get_text_range()
    assert "Quét mã để tham gia cuộc thi trực tuyến" in text
    assert f"cchc.soctrang.gov.vn/b/{banner.code}" in text
    assert "SỞ NỘI VỤ TỈNH SÓC TRĂNG" in text
    follow(client, decode(image)[0])


def test_zip_holds_one_poster_per_chosen_banner(banner):
    other = banner_save(banner=Banner(name="Chợ Sóc Trăng – cổng chính", path="/", target="page"))
    archive = zipfile.ZipFile(io.BytesIO(posters_zip([banner, other], size="a3")))
    names = archive.namelist()
    assert len(names) == 2 and all(name.endswith("-a3.pdf") for name in names)
    for name in names:
        ((_page, image),) = pdf_pages(archive.read(name), scale=1)
        code = name.split("-")[2]
        assert decode(image) == [f"{BASE}/b/{code}"]


@pytest.mark.parametrize(
    "base",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://0.0.0.0",
        "http://[::1]:8000",
        "http://may-chu.local",
        "cchc.soctrang.gov.vn",
    ],
)
def test_local_public_address_is_refused_with_the_setting_to_change(settings, base):
    settings.SITE_BASE_URL = base
    with pytest.raises(ValidationError) as error:
        public_base_url()
    assert "SITE_BASE_URL" in error.value.messages[0]
    assert "không điện thoại nào mở được" in error.value.messages[0]


def test_print_views_refuse_a_local_address_and_say_why(client, organizer, banner, settings):
    settings.SITE_BASE_URL = "http://127.0.0.1:8000"
    client.force_login(organizer)
    detail = reverse("banners:banner-detail", args=[banner.pk])
    for name, args in [
        ("banners:banner-png", [banner.pk]),
        ("banners:banner-svg", [banner.pk]),
        ("banners:banner-poster", [banner.pk, "a4"]),
    ]:
        response = client.get(reverse(name, args=args), follow=True)
        assert response.redirect_chain[-1][0] == detail
        assert "SITE_BASE_URL" in response.content.decode()
    page = client.get(detail).content.decode()
    assert "127.0.0.1:8000" in page and "SITE_BASE_URL" in page


def test_print_files_download_for_organizers_only(client, organizer, participant, banner):
    urls = [
        reverse("banners:banner-png", args=[banner.pk]),
        reverse("banners:banner-svg", args=[banner.pk]),
        reverse("banners:banner-poster", args=[banner.pk, "a3"]),
        reverse("banners:banner-posters-zip") + f"?banner={banner.pk}&size=a4",
    ]
    client.force_login(participant.user)
    assert all(client.get(url).status_code == 403 for url in urls)
    client.force_login(organizer)
    types = [client.get(url)["Content-Type"] for url in urls]
    assert types == ["image/png", "image/svg+xml", "application/pdf", "application/zip"]
    response = client.get(reverse("banners:banner-posters-zip") + "?size=a4", follow=True)
    assert "Hãy chọn ít nhất một băng rôn." in response.content.decode()


def test_unreadable_logo_is_explained_and_codes_come_without_it(
    client, organizer, banner, settings
):
    settings.BANNER_LOGO_PATH = "/khong/co/logo.png"
    client.force_login(organizer)
    url = reverse("banners:banner-png", args=[banner.pk])
    response = client.get(url, follow=True)
    assert "BANNER_LOGO_PATH" in response.content.decode()
    plain = client.get(url + "?logo=0")
    assert plain["Content-Type"] == "image/png"
    assert decode(Image.open(io.BytesIO(plain.content))) == [short_url(banner)]


def test_zip_of_all_banners_in_use(client, organizer, banner):
    banner_save(banner=Banner(name="Bến xe – pano", path="/", target="page", is_active=False))
    client.force_login(organizer)
    response = client.get(reverse("banners:banner-posters-zip") + "?all=1&size=a3")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"ap-phich-{banner.code}-trung-tam-phuc-vu-hanh-chinh-cong-tinh-s-a3.pdf"]
