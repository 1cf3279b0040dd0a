import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_quiz_round import sign_in

pytestmark = pytest.mark.browser

# A demo participant no other browser test signs in as: this test deletes them.
EMAIL = "thisinh07@example.org"


def test_participant_downloads_then_deletes_their_data_on_a_phone(site_server, phone):
    sign_in(phone, site_server.url, EMAIL)
    phone.goto(site_server.url + "/ho-so/")
    phone.get_by_role("link", name="Dữ liệu cá nhân của tôi").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Dữ liệu cá nhân của tôi")

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải về (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    phone.get_by_role("link", name="Xoá dữ liệu của tôi…").click()
    expect(phone.get_by_role("heading", name="Những gì được giữ lại, và vì sao")).to_be_visible()
    phone.fill("#id_confirmation", "xoa het")
    phone.get_by_role("button", name="Xoá vĩnh viễn dữ liệu của tôi").click()
    expect(phone.get_by_role("alert").first).to_contain_text("Chưa có gì bị xoá")
    expect(phone.locator("#id_confirmation")).to_have_value("xoa het")

    phone.fill("#id_confirmation", "xoá dữ liệu")
    phone.get_by_role("button", name="Xoá vĩnh viễn dữ liệu của tôi").click()
    expect(phone).to_have_url(site_server.url + "/")
    expect(phone.locator(".messages")).to_contain_text("Dữ liệu cá nhân của bạn đã được xoá")
    expect(phone.get_by_role("link", name="Đăng nhập").first).to_be_visible()

    sign_in(phone, site_server.url, EMAIL)
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    expect(phone.locator("form.stack")).to_contain_text("không đúng")
