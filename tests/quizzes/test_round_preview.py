"""The round page's preview for Zalo and Facebook: og tags and a 1200x630 PNG of the round."""

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from quizzes import og_image
from tests.factories import make_round

pytestmark = pytest.mark.django_db


def og(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta property="og:([a-z:]+)" content="([^"]*)">', html))


def test_the_round_page_carries_the_preview_tags_on_the_public_address(client, settings):
    settings.SITE_BASE_URL = "https://cuocthi.soctrang.gov.vn"
    round = make_round(title="Đợt 2: Lịch sử Đảng bộ")
    tags = og(client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode())
    assert tags["title"].startswith("Đợt 2: Lịch sử Đảng bộ")
    assert tags["description"].startswith("Mở từ ")
    assert tags["url"] == "https://cuocthi.soctrang.gov.vn" + reverse(
        "quizzes:round-detail", args=[round.pk]
    )
    assert tags["image"].startswith(
        "https://cuocthi.soctrang.gov.vn" + reverse("quizzes:round-image", args=[round.pk])
    )
    assert (tags["image:width"], tags["image:height"]) == ("1200", "630")


def test_the_preview_image_is_a_1200_by_630_png_kept_by_caches(client):
    round = make_round(title="Đợt thi “Tìm hiểu lịch sử” – Sóc Trăng")
    response = client.get(reverse("quizzes:round-image", args=[round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"] and "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1200, 630)


def test_the_image_is_drawn_once_until_the_round_changes(client, monkeypatch):
    round = make_round()
    drawn = []
    real = og_image.draw_round_image
    monkeypatch.setattr(og_image, "draw_round_image", lambda r: drawn.append(r.pk) or real(r))
    url = reverse("quizzes:round-image", args=[round.pk])
    client.get(url)
    client.get(url)
    assert drawn == [round.pk]
    before = og_image.image_version(round)
    round.title = "Đợt 1 (sửa)"
    round.save()
    client.get(url)
    assert drawn == [round.pk, round.pk]
    assert og_image.image_version(round) != before  # the page points at the new image


def test_a_debian_truetype_font_draws_the_diacritics_and_pillows_own_font_is_the_fallback(
    monkeypatch,
):
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if dejavu.exists():  # fonts-dejavu-core
        assert og_image._font(og_image.BOLD, 40).path == str(dejavu)
    monkeypatch.setattr(og_image, "FONT_DIRS", ("/nonexistent",))
    assert not hasattr(og_image._font(og_image.BOLD, 40), "path") or "dejavu" not in str(
        og_image._font(og_image.BOLD, 40).path
    )
    round = make_round(title="Đợt thi tìm hiểu")
    image = Image.open(io.BytesIO(og_image.draw_round_image(round)))
    assert image.size == (1200, 630)
