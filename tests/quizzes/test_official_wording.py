"""Once the results are published, a participant's pages give the official rank and prize,
never the live board's wording."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from quizzes.models import RankingEntry, Round
from quizzes.services.ranking import round_close, round_publish
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def finished_round(client, settings):
    grace = timedelta(seconds=settings.QUIZ_ANSWER_GRACE_SECONDS)
    round = make_round(
        prediction=Round.Prediction.NONE,
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - grace - timedelta(minutes=1),
        prizes_first=1,
    )
    me, other = ParticipantFactory(), ParticipantFactory()
    attempt = take(round, me, start=round.opens_at, seconds=60)
    take(round, other, start=round.opens_at, seconds=90, wrong=1)
    round_close(round=round)
    client.force_login(me.user)
    return round, attempt


def pages(client, round, attempt):
    return {
        "round": client.get(reverse("quizzes:round-detail", args=[round.pk])),
        "result": client.get(reverse("quizzes:attempt-result", args=[attempt.token])),
        "review": client.get(reverse("quizzes:attempt-review", args=[attempt.token]), follow=True),
    }


def test_before_publication_the_result_gives_the_live_rank_and_the_board(client, finished_round):
    round, attempt = finished_round
    body = main_of(client.get(reverse("quizzes:attempt-result", args=[attempt.token])))
    assert "trực tiếp" in body
    assert reverse("quizzes:round-board", args=[round.pk]) in body


def test_after_publication_every_page_says_the_official_rank_and_prize(client, finished_round):
    round, attempt = finished_round
    round_publish(round=round)
    entry = RankingEntry.objects.get(round=round, participant=attempt.participant)
    assert entry.rank == 1 and entry.prize == RankingEntry.Prize.FIRST
    for name, response in pages(client, round, attempt).items():
        body = main_of(response)
        assert "trực tiếp" not in body, name
        assert reverse("quizzes:round-board", args=[round.pk]) not in body, name
        assert "Xếp hạng chính thức: 1" in body, name
        assert "Giải Nhất" in body, name


def test_after_publication_the_english_pages_say_official_not_live(client, finished_round):
    round, attempt = finished_round
    round_publish(round=round)
    client.cookies["django_language"] = "en"
    for name, response in pages(client, round, attempt).items():
        body = main_of(response)
        assert "live" not in strip_tags(body).lower(), name  # the words, not aria-live
        assert "Official rank: 1" in body, name
