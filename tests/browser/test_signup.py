import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_new_person_signs_up_verifies_email_and_fills_profile_on_a_phone(site_server, phone):
    email = "nguoimoi@example.org"
    phone.goto(site_server.url + "/")
    phone.get_by_role("link", name="Đăng ký").first.click()

    phone.fill("#id_email", email)
    phone.fill("#id_password1", "Mat-khau-rat-manh-2026")
    phone.fill("#id_password2", "Mat-khau-rat-manh-2026")
    phone.locator("form.stack button[type=submit]").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Xác minh địa chỉ email")

    message = site_server.mail_to(email)
    assert "Cuộc thi tìm hiểu về cải cách hành chính" in message.get_content()
    link = re.search(r"http://127\.0\.0\.1:\d+/accounts/confirm-email/\S+", message.get_content())
    phone.goto(link.group(0))

    # Verified and signed in: the site asks for the profile before anything else.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Điền hồ sơ dự thi")
    phone.fill("#id_full_name", "Trần Thị Mai")
    phone.fill("#id_phone", "09123")
    phone.get_by_label("Cán bộ, công chức, viên chức (CBCCVC)").check()
    phone.select_option("#id_unit_choice", label="Sở Nội vụ")
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Lưu hồ sơ").click()

    expect(phone.locator("#id_phone_error")).to_contain_text("số điện thoại gồm 10 chữ số")
    # What was typed is still there.
    expect(phone.locator("#id_full_name")).to_have_value("Trần Thị Mai")
    expect(phone.locator("#id_unit_choice option:checked")).to_have_text("Sở Nội vụ")

    phone.fill("#id_phone", "0987 654 321")
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Lưu hồ sơ").click()

    expect(phone).to_have_url(site_server.url + "/")
    expect(phone.get_by_role("heading", name="Xin chào Trần Thị Mai")).to_be_visible()
    expect(phone.get_by_role("button", name="Đăng xuất")).to_be_visible()
