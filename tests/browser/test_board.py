import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_quiz_round import shown, sign_in

pytestmark = pytest.mark.browser


def test_projector_shows_a_new_finisher_without_reloading(site_server, browser, phone):
    hall = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    projector = hall.new_page()
    projector.goto(site_server.url + "/")
    round_path = projector.locator("a.round-card.open").first.get_attribute("href")
    round_id = re.search(r"/dot-thi/(\d+)/", round_path).group(1)
    projector.goto(f"{site_server.url}/rounds/{round_id}/screen/")
    expect(projector.locator("[data-status]")).to_have_class(re.compile("live"))
    finished = projector.locator("[data-counter=finished]")
    expect(finished).not_to_have_text("–")
    before = int(finished.inner_text().replace(".", ""))
    assert "Đặng V. H." not in projector.locator("[data-board-rows]").inner_text()

    # thisinh09 (Đặng Văn Hùng) has not taken the open round yet.
    sign_in(phone, site_server.url, "thisinh09@example.org")
    phone.goto(site_server.url + round_path)
    phone.locator("form.card button[type=submit]").click()
    shown(phone).locator(".choice").first.click()
    expect(shown(phone).locator(".save-status")).to_have_text("Đã lưu")
    shown(phone).locator("button[name=go][value=review]").click()
    phone.fill("#id_prediction", "4")
    phone.locator("form.card button[type=submit]").click()
    expect(phone.locator(".big-score")).to_be_visible()

    # The projector updates by itself, within a few seconds.
    expect(finished).to_have_text(str(before + 1), timeout=10_000)
    expect(projector.locator("[data-board-rows]")).to_contain_text("Đặng V. H.")
    hall.close()


def test_projector_tells_the_rounds_state_and_calls_to_join_only_while_open(site_server, browser):
    hall = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    projector = hall.new_page()
    projector.goto(site_server.url + "/")
    open_path = projector.locator("a.round-card.open").first.get_attribute("href")
    closed_path = projector.locator("a.round-card:not(.open)").first.get_attribute("href")
    for path, phase, joining in (
        (open_path, "Đang diễn ra", True),
        (closed_path, "Đã kết thúc", False),
    ):
        round_id = re.search(r"/dot-thi/(\d+)/", path).group(1)
        projector.goto(f"{site_server.url}/rounds/{round_id}/screen/")
        # After the socket's first snapshot, as the script keeps it.
        expect(projector.locator("[data-status]")).to_have_class(re.compile("live"))
        expect(projector.locator("[data-phase]")).to_have_text(phase)
        join = projector.locator("[data-join]")
        (expect(join).to_be_visible if joining else expect(join).to_be_hidden)()
    hall.close()
