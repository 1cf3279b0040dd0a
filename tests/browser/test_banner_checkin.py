"""An organizer in the street checks a banner with their phone: scan, mark, photo, done."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.test_quiz_round import sign_in

pytestmark = pytest.mark.browser

# The demo's banner at the provincial school of politics (checked 45 days ago, still fine).
CODE = "P9WDN"
NAME = "Trường Chính trị thành phố – bảng tin"
WHERE = {"latitude": 9.603217, "longitude": 105.980164, "accuracy": 9}


def torn_banner_photo() -> dict:
    image = Image.new("RGB", (1280, 960), "#8a9aa5")
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 300, 1200, 640), fill="#c8102e")
    draw.polygon([(1200, 300), (1000, 300), (1200, 560)], fill="#8a9aa5")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return {"name": "IMG_20261204.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_organizer_scans_a_banner_marks_it_damaged_with_a_photo_and_the_list_shows_it(
    site_server, browser
):
    base = site_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        geolocation=WHERE,
        permissions=["geolocation"],
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    sign_in(phone, base, "bantochuc@example.org")
    expect(phone.get_by_role("button", name="Đăng xuất")).to_be_visible()

    # The QR code on the banner opens its short link: signed in, the check-in page.
    phone.goto(base + "/b/" + CODE.lower())
    expect(phone).to_have_url(re.compile(r"/b/p9wdn$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(phone.locator(".check-last")).to_contain_text("Còn tốt")
    expect(phone.get_by_role("link", name=re.compile("Đi tiếp tới trang đích"))).to_be_visible()
    # The phone tells the page where it is (permission granted).
    expect(phone.locator("[data-position]")).to_contain_text("Vị trí của bạn sẽ được lưu")
    expect(phone.locator("input[name=latitude]")).to_have_value("9.603217")
    # Phone-first: nothing wider than the screen, big state buttons.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    damaged = phone.locator("label.check-state", has_text="Hư hỏng")
    assert damaged.bounding_box()["height"] >= 44

    damaged.tap()
    expect(phone.get_by_label("Hư hỏng")).to_be_checked()
    photo_input = phone.locator("input[type=file][name=photo]")
    expect(photo_input).to_have_attribute("capture", "environment")
    photo_input.set_input_files(torn_banner_photo())
    phone.fill("#id_note", "Góc phải bị rách sau mưa bão.")
    phone.get_by_role("button", name="Lưu kết quả kiểm tra").tap()

    expect(phone.locator(".messages")).to_contain_text("Đã lưu: Hư hỏng")
    expect(phone.locator(".check-last")).to_contain_text("Hư hỏng")

    # The banner list (organizers) shows it, and it is no longer among the unchecked.
    phone.goto(base + "/ban-to-chuc/bang-ron/")
    row = phone.locator("tr", has_text=NAME)
    expect(row).to_contain_text("Hư hỏng")
    phone.goto(base + "/ban-to-chuc/bang-ron/?show=stale&stale_days=30")
    expect(phone.locator("tr", has_text=NAME)).to_have_count(0)

    # Its page has the check with the photo (served to organizers) and a map link.
    phone.goto(base + "/ban-to-chuc/bang-ron/")
    phone.locator("tr", has_text=NAME).get_by_role("link", name=NAME).click()
    latest = phone.locator(".check-history li").first
    expect(latest).to_contain_text("Hư hỏng")
    expect(latest).to_contain_text("Góc phải bị rách sau mưa bão.")
    expect(latest.locator("img")).to_be_visible()
    assert latest.locator("img").evaluate("img => img.naturalWidth") > 0
    expect(latest.get_by_role("link", name=re.compile("OpenStreetMap"))).to_have_attribute(
        "href", re.compile(r"mlat=9\.603217&mlon=105\.980164")
    )
    context.close()
