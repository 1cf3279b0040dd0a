"""A winner whose contest asks for more before a prize (a verified phone, a CCCD) is told so
on the result page, with the link that does it; nobody else is."""

import pytest
from django.urls import reverse

from contest.models import Contest
from quizzes.services.ranking import round_publish
from tests.quizzes.test_official_wording import finished_round  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def result_page(client, attempt) -> str:
    return client.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()


def test_a_winner_with_an_unverified_phone_is_sent_to_verify_it(client, finished_round):  # noqa: F811
    round, attempt = finished_round
    Contest.objects.filter(pk=round.contest_id).update(
        phone_verification=Contest.PhoneVerification.BEFORE_PRIZE, prize_requires_cccd=True
    )
    attempt.participant.phone_verified_at = None
    attempt.participant.cccd = ""
    attempt.participant.save()
    round_publish(round=round)

    html = result_page(client, attempt)

    assert "Để nhận giải, hãy xác minh số điện thoại" in html
    assert f"{reverse('accounts:phone-verify')}?next=" in html
    assert "Để nhận giải, hãy bổ sung số CCCD vào hồ sơ của bạn." in html


def test_nothing_is_asked_when_the_contest_asks_nothing_more(client, finished_round):  # noqa: F811
    round, attempt = finished_round
    Contest.objects.filter(pk=round.contest_id).update(
        phone_verification=Contest.PhoneVerification.NEVER
    )
    round_publish(round=round)

    assert "Để nhận giải" not in result_page(client, attempt)
