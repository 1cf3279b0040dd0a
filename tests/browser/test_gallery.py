import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.test_quiz_round import sign_in

pytestmark = pytest.mark.browser

TITLE = "Hồ sơ trực tuyến, dân không phải chờ"


def png(size) -> dict:
    image = Image.new("RGB", size, "#0b4f8a")
    draw = ImageDraw.Draw(image)
    draw.ellipse([size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4], fill="gold")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return {"name": "tranh-co-dong.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def sign_out(page):
    page.context.clear_cookies()


def test_poster_from_a_phone_is_approved_then_voted_for_and_counted(site_server, phone):
    base = site_server.url
    # thisinh08 sends a poster; a first, too small image is refused without losing the text.
    sign_in(phone, base, "thisinh08@example.org")
    phone.goto(base + "/thu-vien/gui/tranh/")
    phone.set_input_files("#id_image", png((1200, 900)))
    phone.fill("#id_title", TITLE)
    phone.fill("#id_explanation", "Người dân nộp hồ sơ trên điện thoại, không phải đi lại.")
    phone.check("#id_pledge")
    phone.check("#id_consent")
    phone.locator("form.card button[type=submit]").click()
    expect(phone.locator(".errorlist")).to_contain_text("1.200 px")
    expect(phone.locator("#id_title")).to_have_value(TITLE)
    expect(phone.locator("#id_explanation")).to_have_value(re.compile("không phải đi lại"))
    phone.set_input_files("#id_image", png((2000, 1500)))
    phone.locator("form.card button[type=submit]").click()
    expect(phone).to_have_url(re.compile("/thu-vien/cua-toi/$"))
    expect(phone.locator(".my-entry", has_text=TITLE)).to_be_visible()

    # The organizer approves it from the moderation queue.
    sign_out(phone)
    sign_in(phone, base, "bantochuc@example.org")
    phone.goto(base + "/ban-to-chuc/thu-vien/kiem-duyet/")
    item = phone.locator(".moderation-item", has_text=TITLE)
    item.locator("button[value=approve]").click()
    expect(phone.locator(".moderation-item", has_text=TITLE)).to_have_count(0)

    # Another participant (verified email) votes for it without a page reload.
    sign_out(phone)
    sign_in(phone, base, "thisinh01@example.org")
    phone.goto(base + "/thu-vien/?kind=poster")
    phone.locator(".entry-card", has_text=TITLE).click()
    expect(phone.locator(".poster img")).to_be_visible()
    expect(phone.locator("[data-count]")).to_have_text("0")
    url = phone.url
    phone.locator(".vote-button").click()
    expect(phone.locator("[data-count]")).to_have_text("1")
    expect(phone.locator("[data-status]")).not_to_be_empty()
    assert phone.url == url
    phone.reload()
    expect(phone.locator("[data-count]")).to_have_text("1")
    expect(phone.locator("input[name=action]")).to_have_value("withdraw")
