"""The organizers' ranking of inviters on a 360 px phone, with the demo loaded."""

import pytest
from playwright.sync_api import expect

from contest.demo import DEMO_ORGANIZER_EMAIL
from tests.browser.conftest import browser, site_server  # noqa: F401 (fixtures)
from tests.browser.test_quiz_round import sign_in

pytestmark = pytest.mark.browser


def test_an_organizer_awards_the_prize_from_the_ranking_on_a_small_phone(browser, site_server):  # noqa: F811
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, site_server.url, DEMO_ORGANIZER_EMAIL)
    page.goto(site_server.url + "/ban-to-chuc/lan-toa/")
    expect(page.locator("h1")).to_contain_text("Giải lan tỏa")
    rows = page.locator("table.invites tbody tr")
    expect(rows).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/invites_ranking_360.png", full_page=True)
    rows.first.get_by_role("button", name="Trao giải lan tỏa").click()
    expect(page.locator("table.invites tbody tr").first).to_contain_text("Đã trao (hạng 1)")
    rows.first.get_by_role("button", name="Thu hồi").click()  # the demo stays as it was
    expect(rows.first.get_by_role("button", name="Trao giải lan tỏa")).to_be_visible()
    context.close()
