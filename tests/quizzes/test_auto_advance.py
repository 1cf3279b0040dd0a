"""The organizers' setting that moves to the next question after a single answer, and the
attempt page's compact header (the clock as mm:ss without JavaScript, where one is)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import AuditEntry, Contest
from quizzes.models import Round
from quizzes.services.attempts import attempt_start
from tests.factories import ParticipantFactory, make_round

pytestmark = pytest.mark.django_db


def form_data(round, **changes):
    data = {
        "title": round.title,
        "bank": round.bank_id,
        "opens_at": timezone.localtime(round.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(round.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "time_limit_minutes": round.time_limit_minutes,
        "max_attempts": round.max_attempts,
        "shuffle_choices": "on",
        "prediction": round.prediction,
        "ranking_order": round.ranking_order,
        "answers_shown": round.answers_shown,
        "prizes_first": 1,
        "prizes_second": 2,
        "prizes_third": 3,
        "prizes_consolation": 10,
        "quotas-TOTAL_FORMS": 1,
        "quotas-INITIAL_FORMS": 1,
        "quotas-0-id": round.quotas.first().pk,
        "quotas-0-round": round.pk,
        "quotas-0-topic": round.quotas.first().topic_id,
        "quotas-0-count": round.quotas.first().count,
    }
    data.update(changes)
    return data


def test_auto_advance_is_off_by_default():
    assert make_round().auto_advance is False


def test_organizers_turn_auto_advance_on_in_the_round_form_and_it_is_audited(client, organizer):
    contest = Contest.objects.create(title="Cuộc thi", slug="cuoc-thi")
    round = make_round(contest=contest, questions_per_topic=(3,))
    client.force_login(organizer)
    edit = reverse("quizzes:round-edit", args=[round.pk])
    assert 'name="auto_advance"' in client.get(edit).content.decode()
    response = client.post(edit, form_data(round, auto_advance="on"))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.auto_advance is True
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.ROUND_EDIT).latest("pk")
    assert entry.changes["auto_advance"] == [False, True]


def attempt_page(client, round, q=1):
    participant = ParticipantFactory()
    attempt = attempt_start(participant=participant, round=round)
    client.force_login(participant.user)
    url = reverse("quizzes:attempt-detail", args=[attempt.token]) + f"?q={q}"
    return client.get(url).content.decode()


def test_the_attempt_page_tells_its_script_to_move_on_only_when_the_setting_is_on(client):
    assert 'data-auto-advance="1"' not in attempt_page(client, make_round())
    on = make_round(auto_advance=True, title="Đợt tự chuyển")
    assert 'data-auto-advance="1"' in attempt_page(client, on)


def test_the_attempt_header_is_the_clock_and_where_one_is(client):
    html = attempt_page(
        client, make_round(time_limit_minutes=15, prediction=Round.Prediction.NONE), q=3
    )
    header = html[html.index('<header class="attempt-header">') : html.index("</header>")]
    # Without JavaScript the clock reads minutes and seconds, from the server.
    assert ">15:00<" in header or ">14:59<" in header
    assert 'Câu <span class="current-number">3</span>/5' in header
    assert "Thoát" in header
    assert 'aria-live="polite"' in header and "Còn 1 phút" in header
    assert 'class="site-header"' not in html  # the site's own header is gone
