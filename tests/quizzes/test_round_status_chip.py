"""The round page's status chip: coming, open until a time (the site's time zone), closed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_round

pytestmark = pytest.mark.django_db
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")


def chip(client, round) -> str:
    html = client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode()
    start = html.index('class="chip ')
    return html[start : html.index("</span>", start)]


def test_a_round_yet_to_open_says_it_opens_soon(client):
    round = make_round(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=3)
    )
    assert "chip-upcoming" in chip(client, round)
    assert "Sắp mở" in chip(client, round)


def test_an_open_round_says_until_when_in_the_sites_time_zone(client):
    # 15:00 UTC is 22:00 in Vietnam.
    closes = datetime(timezone.now().year + 1, 10, 15, 22, 0, tzinfo=SAIGON)
    round = make_round(closes_at=closes)
    text = chip(client, round)
    assert "chip-open" in text
    assert "Đang mở đến 22:00 15/10" in text


def test_a_closed_round_says_so(client):
    round = make_round(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(hours=1)
    )
    assert "chip-closed" in chip(client, round)
    assert "Đã đóng" in chip(client, round)


def test_a_round_closed_early_by_the_organizers_is_closed_not_open(client):
    round = make_round(closed_at=timezone.now())
    assert "Đã đóng" in chip(client, round)


def test_english_visitors_read_the_chip_in_english(client):
    round = make_round(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=3)
    )
    client.cookies["django_language"] = "en"
    assert "Opens soon" in chip(client, round)


def test_the_start_button_comes_before_the_folded_rules(client):
    round = make_round()
    html = client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode()
    start = html.index(reverse("quizzes:round-start", args=[round.pk]))
    assert start < html.index('<details class="card rules">')
    assert 'class="start-bar"' in html
