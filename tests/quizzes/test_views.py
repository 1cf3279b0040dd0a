import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Round
from quizzes.services.attempts import attempt_start
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import correct_keys, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def round():
    return make_round(prediction=Round.Prediction.PERFECT)


@pytest.fixture
def player(client, participant):
    client.force_login(participant.user)
    return client


def start(client, round) -> Attempt:
    response = client.post(reverse("quizzes:round-start", args=[round.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(token=response["Location"].split("/")[-2])


def test_rules_page_shows_the_round_and_the_attempts_left(player, round):
    html = player.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode()
    assert round.title in html
    assert reverse("quizzes:round-start", args=[round.pk]) in html


def test_answer_key_never_reaches_the_browser_while_the_round_is_open(player, round):
    attempt = start(player, round)
    explanation = "Theo Nghị quyết 76/NQ-CP."
    pages = [reverse("quizzes:round-detail", args=[round.pk])]
    pages += [
        reverse("quizzes:attempt-detail", args=[attempt.token]) + f"?q={n}"
        for n in range(1, attempt.question_count + 1)
    ]
    pages.append(reverse("quizzes:attempt-review", args=[attempt.token]))
    bodies = [player.get(page).content.decode() for page in pages]
    item = attempt.items.first()
    bodies.append(
        player.post(
            reverse("quizzes:attempt-answer", args=[attempt.token]),
            {"position": item.position, "choice": correct_keys(item)},
        ).content.decode()
    )
    player.post(reverse("quizzes:attempt-review", args=[attempt.token]), {"prediction": "3"})
    bodies.append(
        player.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    )
    for body in bodies:
        assert explanation not in body
        assert "is_correct" not in body
        # Choice values are per-attempt keys, never database ids.
        for value in re.findall(r'name="choice" value="([^"]+)"', body):
            assert not value.isdigit()


def test_result_shows_answers_after_the_round_closes(player, participant):
    round = make_round(
        prediction=Round.Prediction.NONE,
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - timedelta(minutes=1),
    )
    attempt = take(round, participant, start=round.opens_at, seconds=60)
    html = player.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    assert "Theo Nghị quyết 76/NQ-CP." in html


def test_another_participants_attempt_is_not_found(client, round):
    owner = ParticipantFactory()
    attempt = attempt_start(participant=owner, round=round)
    intruder = ParticipantFactory()
    client.force_login(intruder.user)
    item = attempt.items.first()
    for url in [
        reverse("quizzes:attempt-detail", args=[attempt.token]),
        reverse("quizzes:attempt-review", args=[attempt.token]),
        reverse("quizzes:attempt-result", args=[attempt.token]),
    ]:
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("quizzes:attempt-answer", args=[attempt.token]),
        {"position": item.position, "choice": correct_keys(item)},
    )
    assert response.status_code == 404
    assert client.post(reverse("quizzes:attempt-review", args=[attempt.token])).status_code == 404
    item.refresh_from_db()
    assert item.selected == []


def test_plain_form_saves_the_answer_and_moves_on_without_javascript(player, round):
    attempt = start(player, round)
    item = attempt.items.get(position=1)
    url = reverse("quizzes:attempt-detail", args=[attempt.token])
    response = player.post(
        f"{url}?q=1", {"position": 1, "choice": correct_keys(item), "go": "next"}
    )
    assert response["Location"].endswith("?q=2")
    item.refresh_from_db()
    assert item.selected


def test_autosave_answers_json_and_refuses_late_answers_with_a_message(player, round):
    attempt = start(player, round)
    item = attempt.items.first()
    url = reverse("quizzes:attempt-answer", args=[attempt.token])
    ok = player.post(url, {"position": item.position, "choice": correct_keys(item)})
    assert ok.status_code == 200 and ok.json()["ok"]
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=1),
        deadline=timezone.now() - timedelta(minutes=5),
    )
    late = player.post(url, {"position": item.position, "choice": []})
    assert late.status_code in (404, 409)
    attempt.refresh_from_db()
    assert attempt.finish_reason == Attempt.Finish.TIMED_OUT
    assert attempt.score == 1


def test_submitting_without_the_prediction_keeps_the_attempt_open(player, round):
    attempt = start(player, round)
    url = reverse("quizzes:attempt-review", args=[attempt.token])
    response = player.post(url, {"prediction": "nhiều"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.finished_at is None
    response = player.post(url, {"prediction": "12"})
    assert response["Location"] == reverse("quizzes:attempt-result", args=[attempt.token])


def test_result_page_gives_score_time_attempts_left_and_live_rank(player, participant, round):
    other = ParticipantFactory()
    take(round, other, start=timezone.now() - timedelta(minutes=30), seconds=30, prediction=1)
    attempt = start(player, round)
    player.post(reverse("quizzes:attempt-review", args=[attempt.token]), {"prediction": "2"})
    html = player.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    assert "0/5" in html
    assert "2/2" in html  # ranked 2 of 2


def test_start_needs_a_profile(client, user, round):
    client.force_login(user)
    response = client.post(reverse("quizzes:round-start", args=[round.pk]))
    assert reverse("contest:profile-edit") in response["Location"]
    assert not Attempt.objects.exists()


def test_starting_is_rate_limited_per_account(player, round, settings):
    statuses = [
        player.post(reverse("quizzes:round-start", args=[round.pk])).status_code
        for _ in range(settings.QUIZ_START_RATE["user"][0] + 1)
    ]
    assert statuses[-1] == 429
    assert Attempt.objects.count() == 1


def test_published_results_show_short_names_and_no_phones(client, participant):
    from quizzes.services.ranking import round_close, round_publish

    round = make_round(
        prediction=Round.Prediction.NONE,
        opens_at=timezone.now() - timedelta(days=2),
        closes_at=timezone.now() - timedelta(hours=1),
    )
    take(round, participant, start=round.opens_at, seconds=60)
    round_close(round=round)
    url = reverse("quizzes:round-results", args=[round.pk])
    assert client.get(url).status_code == 404  # not published yet
    round_publish(round=round)
    html = client.get(url).content.decode()
    assert "Nguyễn V. A." in html
    assert participant.phone not in html


def test_autosave_without_a_question_number_is_refused(player, round):
    attempt = start(player, round)
    response = player.post(reverse("quizzes:attempt-answer", args=[attempt.token]), {"choice": "x"})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_question"


def test_autosave_is_rate_limited_per_attempt(player, round, settings):
    settings.QUIZ_ANSWER_RATE = (3, 60)
    attempt = start(player, round)
    item = attempt.items.first()
    url = reverse("quizzes:attempt-answer", args=[attempt.token])
    statuses = [
        player.post(url, {"position": item.position, "choice": correct_keys(item)}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
