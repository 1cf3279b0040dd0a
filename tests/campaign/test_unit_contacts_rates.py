"""The organizers' page of every unit's participation rate: a chosen round, sortable, the
units below the threshold marked in words."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganizerFactory, make_round

from . import contacts_world

world = contacts_world.world  # the fixture

pytestmark = pytest.mark.django_db


def _units(html: str) -> list[str]:
    """The units' names in the order of the table's rows."""
    return re.findall(r'<td data-label="Đơn vị"><a href="[^"]+">([^<]+)</a>', html)


def _rows(html: str) -> dict[str, str]:
    rows = re.findall(r"<tr[^>]*>\s*<td data-label=\"Đơn vị\">.*?</tr>", html, re.S)
    return {_units(row)[0]: row for row in rows}


@pytest.fixture
def organizer_client(client, world):
    client.force_login(OrganizerFactory())
    return client


def test_rates_are_sorted_by_rate_highest_first_by_default(organizer_client, world):
    html = organizer_client.get(reverse("campaign:unit-rates")).content.decode()
    assert _units(html) == [
        "UBND phường Phú Lợi",
        "Sở Y tế",
        "Sở Công Thương",
        "Sở Tư pháp",
        "Sở Xây dựng",
    ]


@pytest.mark.parametrize(
    "sort,expected",
    [
        ("rate", ["Sở Xây dựng", "Sở Tư pháp", "Sở Công Thương", "Sở Y tế", "UBND phường Phú Lợi"]),
        ("name", ["Sở Công Thương", "Sở Tư pháp", "Sở Xây dựng", "Sở Y tế", "UBND phường Phú Lợi"]),
        (
            "-name",
            ["UBND phường Phú Lợi", "Sở Y tế", "Sở Xây dựng", "Sở Tư pháp", "Sở Công Thương"],
        ),
        # 5, 3, 2, 1, 0 participants.
        (
            "-participants",
            ["UBND phường Phú Lợi", "Sở Công Thương", "Sở Y tế", "Sở Tư pháp", "Sở Xây dựng"],
        ),
    ],
)
def test_rates_sort_by_the_column_chosen(organizer_client, world, sort, expected):
    html = organizer_client.get(reverse("campaign:unit-rates"), {"sort": sort}).content.decode()
    assert _units(html) == expected


def test_a_sort_that_does_not_exist_is_a_400_in_vietnamese(organizer_client, world):
    response = organizer_client.get(reverse("campaign:unit-rates"), {"sort": "password"})
    assert response.status_code == 400
    assert "Không thể sắp xếp danh sách theo cách này" in response.content.decode()


def test_a_round_that_is_not_a_number_is_a_400_and_an_unknown_one_a_404(organizer_client, world):
    url = reverse("campaign:unit-rates")
    assert organizer_client.get(url, {"round": "1; DROP"}).status_code == 400
    assert organizer_client.get(url, {"round": "999999"}).status_code == 404


def test_units_below_the_threshold_are_marked_in_words(organizer_client, world):
    html = organizer_client.get(reverse("campaign:unit-rates")).content.decode()
    rows = _rows(html)
    # Threshold 25%: Sở Tư pháp (10%) and Sở Xây dựng (0%) are below it.
    for name in ("Sở Tư pháp", "Sở Xây dựng"):
        assert "Dưới ngưỡng" in rows[name] and 'class="flag"' in rows[name]
    for name in ("Sở Y tế", "Sở Công Thương", "UBND phường Phú Lợi"):
        assert "Dưới ngưỡng" not in rows[name] and "Đạt" in rows[name]
    assert "Ngưỡng xét giải tập thể: 25%. Có 2 đơn vị dưới ngưỡng." in html
    assert "10,0%" in rows["Sở Tư pháp"] and "50,0%" in rows["Sở Y tế"]


def test_another_round_is_shown_when_chosen_with_its_own_threshold(organizer_client, world):
    earlier = make_round(
        contest=world.contest,
        title="Đợt 0",
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=10),
        collective_min_rate=0,
    )
    html = organizer_client.get(
        reverse("campaign:unit-rates"), {"round": earlier.pk, "sort": "name"}
    ).content.decode()
    assert "Ngưỡng xét giải tập thể: 0%. Có 0 đơn vị dưới ngưỡng." in html
    assert all("0,0%" in row for row in _rows(html).values())
    # The default is the open round.
    html = organizer_client.get(reverse("campaign:unit-rates")).content.decode()
    assert f'<option value="{world.round.pk}" selected>' in html
