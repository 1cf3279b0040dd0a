import base64
import io
import re

import pytest
import zxingcpp
from django.test import override_settings
from PIL import Image
from playwright.sync_api import expect

from banners.models import Banner
from banners.printables import banner_svg
from tests.browser.test_quiz_round import sign_in

pytestmark = pytest.mark.browser
BASE = "https://cchc.soctrang.gov.vn"
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


@pytest.fixture
def logo(tmp_path):
    image = Image.new("RGB", (300, 300), "#c8102e")
    image.paste("#ffcd00", (60, 60, 240, 240))
    path = tmp_path / "logo.png"
    image.save(path)
    return str(path)


@pytest.mark.parametrize("with_logo", [False, True])
def test_svg_rendered_by_chromium_decodes_to_exactly_the_short_link(browser, logo, with_logo):
    banner = Banner(code="K7QXM", name="Chợ Sóc Trăng – cổng chính")  # no database needed
    with override_settings(SITE_BASE_URL=BASE, BANNER_LOGO_PATH=logo):
        svg = banner_svg(banner, with_logo=with_logo)
    page = browser.new_page(viewport={"width": 700, "height": 700})
    # As a file opened by an image viewer or a print shop's tool: an <img> of the SVG.
    data = base64.b64encode(svg.encode()).decode()
    page.set_content(
        f'<body style="margin:0;background:#fff"><img id="qr" width="600" height="600" '
        f'src="data:image/svg+xml;base64,{data}"></body>'
    )
    page.wait_for_function("document.getElementById('qr').complete")
    png = page.locator("#qr").screenshot()
    page.close()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.text for r in results] == [f"{BASE}/b/K7QXM"]


def test_scan_lands_on_the_round_and_the_organizer_sees_it_and_the_signup(site_server, browser):
    # Headless Chromium names itself in its user agent and would be counted as a bot.
    street = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_UA,
    )
    phone = street.new_page()
    # A passer-by scans the demo banner at the public-service centre (code K7QXM).
    phone.goto(site_server.url + "/b/k7qxm")  # typed in lower case from the poster
    expect(phone).to_have_url(re.compile(r"/dot-thi/\d+/$"))
    expect(phone.locator("details.share summary")).to_contain_text("Chia sẻ trang này")
    # Then signs up in the same browser, by phone (no email).
    phone.get_by_role("link", name="Đăng ký").first.click()
    phone.fill("#id_full_name", "Võ Thị Quét")
    phone.fill("#id_phone", "0388100002")
    phone.fill("#id_password1", "Mat-khau-rat-manh-2026")
    phone.get_by_label("Người dân").check()
    phone.fill("#id_commune", "Phường Phú Lợi")
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Đăng ký và bắt đầu").click()
    expect(phone.get_by_role("button", name="Đăng xuất")).to_be_visible()

    # A mistyped code: a friendly page that leads to the contest.
    phone.goto(site_server.url + "/b/K7QX0")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mã này không dẫn tới đâu")
    phone.get_by_role("link", name="Đến trang cuộc thi").click()
    expect(phone).to_have_url(site_server.url + "/")

    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = office.new_page()
    sign_in(desk, site_server.url, "bantochuc@example.org")
    desk.goto(site_server.url + "/ban-to-chuc/bang-ron/?days=7")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Băng rôn và mã QR")
    expect(desk.locator("table").last).to_contain_text("K7QX0")
    desk.get_by_role("link", name=re.compile("Trung tâm Phục vụ hành chính công thành phố")).click()
    # The demo credits three sign-ups to this banner; the phone's is the fourth.
    expect(desk.locator("main")).to_contain_text("Đăng ký sau đó: 4")
    # The demo server's address is local: printing is refused, with the setting to change.
    expect(desk.locator("main [role=alert]")).to_contain_text("SITE_BASE_URL")
    office.close()
    street.close()
