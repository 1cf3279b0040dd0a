"""Issue 14: a closed round's answers must not give away an open round's questions."""

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contest.models import AuditEntry
from quizzes.models import Attempt, Choice, Question, Round, TopicQuota
from quizzes.selectors import key_shown_ids, keys_held_back
from quizzes.services.attempts import attempt_start
from quizzes.services.ranking import round_close
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db


def _distinct_texts(round):
    """Every choice and explanation unique, so a page can be searched for one question's key."""
    for question in Question.objects.filter(bank=round.bank):
        question.explanation = f"Giải thích riêng của câu {question.pk}."
        question.save(update_fields=["explanation"])
        for choice in question.choices.all():
            choice.text = f"Câu {question.pk} phương án {choice.position + 1}"
            choice.save(update_fields=["text"])


@pytest.fixture
def weeks(participant):
    """Week 1 (its attempt taken, then closed) and week 2 (open) drawing from one bank."""
    now = timezone.now()
    week1 = make_round(
        title="Tuần 1",
        prediction=Round.Prediction.NONE,
        questions_per_topic=(3,),
        bank_size=6,
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
    )
    _distinct_texts(week1)
    week2 = Round.objects.create(
        contest=week1.contest,
        bank=week1.bank,
        title="Tuần 2",
        prediction=Round.Prediction.NONE,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=6),
    )
    TopicQuota.objects.create(round=week2, topic=week1.quotas.get().topic, count=3)
    attempt = take(week1, participant, start=week1.opens_at, seconds=60, wrong=1)
    round_close(round=week1)
    week1.refresh_from_db()
    return week1, week2, attempt


@pytest.fixture
def player(client, participant):
    client.force_login(participant.user)
    return client


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


def _keys(attempt):
    """For each question of the attempt: its correct choices' texts and its explanation."""
    for item in attempt.items.all():
        question = Question.objects.get(pk=item.question_id)
        right = Choice.objects.filter(question=question, is_correct=True)
        yield question, [c.text for c in right], question.explanation


def _participant_reachable(client, attempt, round):
    bodies = [
        client.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode(),
        client.get(reverse("quizzes:round-detail", args=[round.pk])).content.decode(),
        client.get(reverse("campaign:personal-data")).content.decode(),
    ]
    data = json.loads(client.get(reverse("campaign:personal-data-json")).content)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("campaign:personal-data-xlsx")).content)
    )
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    return bodies, data, sheets


def test_closed_rounds_answers_stay_hidden_while_an_open_round_draws_the_same_bank(player, weeks):
    week1, week2, attempt = weeks
    assert week1.answers_visible()  # the old rule would show everything now
    bodies, data, sheets = _participant_reachable(player, attempt, week1)
    cells = " ".join(
        str(value) for rows in sheets for row in rows for value in row if value is not None
    )
    result = bodies[0]
    for _question, right, explanation in _keys(attempt):
        for text in right:
            assert f"✔ {text}" not in result
        for body in bodies:
            assert explanation not in body
        assert explanation not in cells
    answers = data["attempts"][0]["answers"]
    assert {answer["correct"] for answer in answers} == {None}
    [(header, *answer_rows)] = [rows for rows in sheets if rows and "Đúng" in rows[0]]
    column = header.index("Đúng")
    assert len(answer_rows) == attempt.question_count
    assert {row[column] for row in answer_rows} == {None}
    assert "chưa được hiện" in result  # the participant is told why
    assert not Question.objects.filter(key_shown_at__isnull=False).exists()


def test_answers_appear_once_no_round_can_draw_them_any_more(player, weeks):
    week1, week2, attempt = weeks
    week2.closes_at = timezone.now() - timedelta(minutes=5)
    week2.opens_at = week2.closes_at - timedelta(days=1)
    week2.save()
    round_close(round=week2)
    result = player.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    for _question, right, explanation in _keys(attempt):
        assert explanation in result
        for text in right:
            assert f"✔ {text}" in result
    data = json.loads(player.get(reverse("campaign:personal-data-json")).content)
    assert None not in {answer["correct"] for answer in data["attempts"][0]["answers"]}
    drawn = attempt.items.values_list("question_id", flat=True)
    assert Question.objects.filter(pk__in=drawn, key_shown_at__isnull=True).count() == 0


def test_a_coming_round_holds_the_key_back_as_an_open_one_does(weeks):
    week1, week2, attempt = weeks
    week2.opens_at = timezone.now() + timedelta(days=3)
    week2.closes_at = timezone.now() + timedelta(days=10)
    week2.save()
    drawn = list(attempt.items.values_list("question_id", flat=True))
    assert key_shown_ids(week1, drawn) == set()


def test_topics_the_open_round_does_not_draw_show_their_answers(player, participant):
    now = timezone.now()
    week1 = make_round(
        prediction=Round.Prediction.NONE,
        questions_per_topic=(2, 2),
        bank_size=2,
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
    )
    _distinct_texts(week1)
    shared, own = week1.quotas.order_by("id")
    week2 = Round.objects.create(
        contest=week1.contest,
        bank=week1.bank,
        title="Tuần 2",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=6),
    )
    TopicQuota.objects.create(round=week2, topic=shared.topic, count=1)
    attempt = take(week1, participant, start=week1.opens_at, seconds=60)
    round_close(round=week1)
    result = player.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    for question, right, explanation in _keys(attempt):
        hidden = question.topic_id == shared.topic_id
        assert (explanation in result) is not hidden
        assert (f"✔ {right[0]}" in result) is not hidden


def test_a_new_version_of_the_question_in_the_open_round_still_hides_the_old_ones_key(weeks):
    week1, week2, attempt = weeks
    week2.quotas.all().delete()
    other = week1.bank.topics.create(name="Chủ đề mới")
    TopicQuota.objects.create(round=week2, topic=other, count=1)
    item = attempt.items.first()
    old = Question.objects.get(pk=item.question_id)
    drawn = set(attempt.items.values_list("question_id", flat=True))
    assert keys_held_back(drawn) == set()  # week 2 no longer draws the shared topic
    # The organizers edit the question (same answer) and move the new version to week 2's topic.
    Question.objects.filter(pk=old.pk).update(retired_at=timezone.now())
    Question.objects.create(bank=old.bank, topic=other, text=old.text, previous_version=old)
    assert keys_held_back(drawn) == {old.pk}


def test_an_unfinished_attempt_keeps_a_retired_questions_key_hidden(weeks):
    week1, week2, attempt = weeks
    late = attempt_start(participant=ParticipantFactory(), round=week2)
    drawn_now = set(late.items.values_list("question_id", flat=True))
    Question.objects.filter(pk__in=drawn_now).update(retired_at=timezone.now())
    assert drawn_now <= keys_held_back(drawn_now)
    Attempt.objects.filter(pk=late.pk).update(finished_at=timezone.now())
    assert keys_held_back(drawn_now) == set()


def test_organizers_can_release_a_rounds_answers_with_an_audit_entry(
    desk, organizer, participant, weeks
):
    week1, week2, attempt = weeks
    dashboard = desk.get(reverse("quizzes:round-dashboard", args=[week1.pk])).content.decode()
    assert "Đáp án của 3 câu hỏi của đợt này chưa hiện cho thí sinh" in dashboard
    assert "Tuần 2" in dashboard
    url = reverse("quizzes:round-answers-release", args=[week1.pk])
    desk.post(url)  # no confirmation: refused
    week1.refresh_from_db()
    assert week1.answers_released_at is None
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ROUND_KEY_RELEASE).exists()

    desk.post(url, {"confirm": "1"})
    week1.refresh_from_db()
    assert week1.answers_released_at is not None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROUND_KEY_RELEASE)
    assert entry.actor == organizer and entry.target_id == week1.pk
    assert entry.changes == {"questions": 3}

    desk.force_login(participant.user)
    result = desk.get(reverse("quizzes:attempt-result", args=[attempt.token])).content.decode()
    for _question, right, explanation in _keys(attempt):
        assert explanation in result and f"✔ {right[0]}" in result


def test_an_open_round_cannot_have_its_answers_released(desk):
    round = make_round()
    response = desk.post(
        reverse("quizzes:round-answers-release", args=[round.pk]), {"confirm": "1"}, follow=True
    )
    assert "chưa đến lúc hiện đáp án" in response.content.decode()
    round.refresh_from_db()
    assert round.answers_released_at is None


def test_round_form_warns_with_numbers_when_answers_of_its_pool_are_out(desk, participant):
    now = timezone.now()
    week1 = make_round(
        prediction=Round.Prediction.NONE,
        questions_per_topic=(3,),
        bank_size=6,
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
    )
    attempt = take(week1, participant, start=week1.opens_at, seconds=60)
    round_close(round=week1)
    reader = Client()
    reader.force_login(participant.user)
    reader.get(reverse("quizzes:attempt-result", args=[attempt.token]))  # no other round yet
    topic = week1.quotas.get().topic
    week2 = Round.objects.create(
        contest=week1.contest,
        bank=week1.bank,
        title="Tuần 2",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
    )
    TopicQuota.objects.create(round=week2, topic=topic, count=3)
    form = desk.get(reverse("quizzes:round-edit", args=[week2.pk])).content.decode()
    assert "3 trong số 6 câu hỏi mà đợt thi này có thể rút đã bị lộ đáp án" in form
    dashboard = desk.get(reverse("quizzes:round-dashboard", args=[week2.pk])).content.decode()
    assert "3 trong số 6 câu hỏi" in dashboard


def test_statistics_mark_questions_whose_answers_were_out_before_the_round_closed(
    desk, participant, weeks
):
    week1, week2, attempt = weeks
    week1.answers_released_at = timezone.now()
    week1.save(update_fields=["answers_released_at"])
    # A participant reads week 1's answers while week 2 runs; then week 2 is taken and closed.
    week2.quotas.update(count=6)
    reader = Client()
    reader.force_login(participant.user)
    reader.get(reverse("quizzes:attempt-result", args=[attempt.token]))
    seen = set(attempt.items.values_list("question_id", flat=True))
    take(week2, ParticipantFactory(), start=timezone.now(), seconds=30)
    week2.closes_at = timezone.now() + timedelta(seconds=1)
    Round.objects.filter(pk=week2.pk).update(closes_at=week2.closes_at)
    round_close(round=week2, now=week2.closes_at + timedelta(minutes=1))
    page = desk.get(reverse("quizzes:round-stats", args=[week2.pk])).content.decode()
    drawn2 = set(Attempt.objects.get(round=week2).items.values_list("question_id", flat=True))
    burnt = len(seen & drawn2)
    assert burnt == 3
    assert f"{burnt} câu hỏi đã bị lộ đáp án" in page
    assert page.count("<strong>đã lộ đáp án</strong>") == burnt
    # Week 1's own statistics: its answers came out after it closed, so nothing is burnt.
    page1 = desk.get(reverse("quizzes:round-stats", args=[week1.pk])).content.decode()
    assert "<strong>đã lộ đáp án</strong>" not in page1
