"""The projector says what state the round is in, and calls people to join only while
they can."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.boards import snapshot
from quizzes.models import Round
from quizzes.services.ranking import round_end_now
from tests.factories import make_round

pytestmark = pytest.mark.django_db


def screen(client, round):
    return client.get(reverse("quizzes:round-screen", args=[round.pk])).content.decode()


def join_shown(html: str) -> bool:
    start = html.index("data-join")
    return "hidden" not in html[start : html.index(">", start)]


@pytest.mark.parametrize(
    "opens, closes, label, joining",
    [
        (timedelta(hours=2), timedelta(days=1), "Sắp mở", True),
        (timedelta(hours=-2), timedelta(days=1), "Đang diễn ra", True),
        (timedelta(days=-2), timedelta(days=-1), "Đã kết thúc", False),
    ],
)
def test_the_projector_shows_the_rounds_state(client, opens, closes, label, joining):
    now = timezone.now()
    round = make_round(opens_at=now + opens, closes_at=now + closes)
    html = screen(client, round)
    assert f">{label}</p>" in html
    assert join_shown(html) is joining
    assert snapshot(round)["round"]["phase"] == round.phase()


def test_a_round_ended_now_drops_the_join_call(client, organizer):
    now = timezone.now()
    round = make_round(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1))
    assert join_shown(screen(client, round))
    round_end_now(round=round, actor=organizer)
    html = screen(client, Round.objects.get(pk=round.pk))
    assert ">Đã kết thúc</p>" in html and not join_shown(html)


def test_the_ceremony_shows_as_announcing_the_prizes(client):
    now = timezone.now()
    round = make_round(opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    Round.objects.filter(pk=round.pk).update(revealed=["consolation"])
    round.refresh_from_db()
    assert round.phase() == "revealing"
    html = screen(client, round)
    assert ">Đang công bố giải</p>" in html and not join_shown(html)
