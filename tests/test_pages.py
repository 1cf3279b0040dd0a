import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ContestFactory

pytestmark = pytest.mark.django_db


def test_home_page_with_its_css_and_scripts_weighs_under_100_kb(client):
    ContestFactory(description="Cuộc thi trực tuyến " * 40)
    html = client.get(reverse("home")).content
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+)"', html):
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(handle.read())
    assert total < 100 * 1024


def test_home_page_presents_the_current_contest(client):
    ContestFactory(title="Cuộc thi tìm hiểu CCHC năm 2026")
    response = client.get(reverse("home"))
    assert "Cuộc thi tìm hiểu CCHC năm 2026" in response.content.decode()


def test_home_page_asks_a_logged_in_person_without_profile_to_fill_it(client, user):
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert reverse("contest:profile-edit") in html


def test_pages_load_no_asset_from_another_host(client):
    html = client.get(reverse("home")).content.decode()
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


def test_unknown_page_answers_404_in_vietnamese_in_the_site_layout(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'class="site-header"' in html


def test_password_reset_mails_a_vietnamese_link_that_sets_a_new_password(client, user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "mật khẩu" in body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", body).group(1)
    form_url = client.get(link).url  # allauth moves the key into the session first
    response = client.post(
        form_url, {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026")
