import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-rat-manh-2026"


def test_new_person_signs_up_on_one_screen_with_name_phone_and_password_on_a_phone(
    site_server, phone
):
    phone.goto(site_server.url + "/")
    phone.get_by_role("link", name="Đăng ký").first.click()
    expect(phone).to_have_url(re.compile(r"/accounts/signup/"))

    # One screen; no email asked for (it is optional) and no second password.
    expect(phone.locator("#id_email")).to_have_value("")
    expect(phone.locator("#id_password2")).to_have_count(0)
    phone.fill("#id_full_name", "Trần Thị Mai")
    phone.fill("#id_phone", "09123")  # a digit short
    phone.fill("#id_password1", PASSWORD)
    phone.locator(".password-toggle").click()  # shows what was typed
    expect(phone.locator("#id_password1")).to_have_attribute("type", "text")
    # A citizen gives a commune; the unit list is only for the types that have one.
    expect(phone.locator("#id_unit_choice")).to_be_hidden()
    phone.get_by_label("Người dân").check()
    expect(phone.locator("#id_unit_choice")).to_be_hidden()
    phone.fill("#id_commune", "Phường Phú Lợi")
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Đăng ký và bắt đầu").click()

    expect(phone.locator("#id_phone_error")).to_contain_text(
        "Vui lòng nhập số điện thoại gồm 10 chữ số"
    )
    expect(phone.locator("[role=alert]").first).to_contain_text("Vui lòng sửa")
    # What was typed is still there (the password excepted, as everywhere).
    expect(phone.locator("#id_phone")).to_have_value("09123")
    expect(phone.locator("#id_full_name")).to_have_value("Trần Thị Mai")
    expect(phone.get_by_label("Người dân")).to_be_checked()
    expect(phone.locator("#id_commune")).to_have_value("Phường Phú Lợi")
    expect(phone.locator("#id_commune")).to_be_visible()
    expect(phone.get_by_label(re.compile("Tôi đồng ý"))).to_be_checked()

    phone.fill("#id_phone", "0388 100 001")
    phone.fill("#id_password1", PASSWORD)
    phone.get_by_role("button", name="Đăng ký và bắt đầu").click()

    # Signed in, on the home page (no ?next=), with no email to confirm first.
    expect(phone).to_have_url(site_server.url + "/")
    expect(phone.get_by_role("heading", name="Xin chào Trần Thị Mai")).to_be_visible()
    expect(phone.get_by_role("button", name="Đăng xuất")).to_be_visible()

    # The number, however it was typed, is the account's: it signs in with it.
    phone.get_by_role("button", name="Đăng xuất").click()
    phone.goto(site_server.url + "/accounts/login/")
    phone.fill("#id_login", "+84 388 100 001")
    phone.fill("#id_password", PASSWORD)
    phone.locator("form.stack button[type=submit]").click()
    expect(phone.get_by_role("heading", name="Xin chào Trần Thị Mai")).to_be_visible()


def test_sign_up_follows_next_back_to_the_page_the_person_came_from(site_server, phone):
    phone.goto(site_server.url + "/accounts/signup/?next=/thu-vien/")
    phone.fill("#id_full_name", "Lâm Văn Tâm")
    phone.fill("#id_phone", "0388100004")
    phone.fill("#id_password1", PASSWORD)
    phone.get_by_label("Người dân").check()
    phone.fill("#id_commune", "Xã Tài Văn")
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Đăng ký và bắt đầu").click()
    expect(phone).to_have_url(site_server.url + "/thu-vien/")
    expect(phone.get_by_role("button", name="Đăng xuất")).to_be_visible()
