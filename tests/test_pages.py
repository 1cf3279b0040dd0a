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
