import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Round, TopicQuota
from quizzes.selectors import question_statistics
from quizzes.services.ranking import round_close
from tests.factories import ParticipantFactory, TopicFactory, make_question, make_round
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db


def past_round(**fields):
    now = timezone.now()
    fields.setdefault("prediction", Round.Prediction.PERFECT)
    return make_round(
        opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1), **fields
    )


@pytest.fixture
def desk(client, organizer):
    client.force_login(organizer)
    return client


def test_organizer_pages_open_for_organizers_only(client, desk, participant):
    round = past_round()
    names = ["round-dashboard", "round-ranking", "round-stats", "round-edit"]
    for name in names:
        assert desk.get(reverse(f"quizzes:{name}", args=[round.pk])).status_code == 200
    assert desk.get(reverse("quizzes:organizer-rounds")).status_code == 200
    client.force_login(participant.user)
    for name in names:
        assert client.get(reverse(f"quizzes:{name}", args=[round.pk])).status_code == 403


def test_close_then_publish_from_the_dashboard(desk):
    round = past_round()
    take(round, ParticipantFactory(), start=round.opens_at, seconds=60, prediction=1)
    desk.post(reverse("quizzes:round-close", args=[round.pk]))
    round.refresh_from_db()
    assert round.closed_at is not None and round.prediction_target == 1
    desk.post(reverse("quizzes:round-publish", args=[round.pk]))
    round.refresh_from_db()
    assert round.published_at is not None


def test_closing_an_open_round_is_refused_with_a_message(desk):
    round = make_round()
    response = desk.post(reverse("quizzes:round-close", args=[round.pk]), follow=True)
    round.refresh_from_db()
    assert round.closed_at is None
    assert response.context["messages"]


def test_export_has_every_column_with_phones_and_neutralised_formulas(desk):
    round = past_round(prizes_first=1)
    person = ParticipantFactory(full_name="=Nguyễn Văn An", phone="0912345678")
    take(round, person, start=round.opens_at, seconds=75, prediction=3)
    round_close(round=round)
    response = desk.get(reverse("quizzes:round-ranking-export", args=[round.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[2]) == 13  # header: rank … prize, decided by
    first = rows[3]
    assert first[0] == 1
    assert first[1] == "'=Nguyễn Văn An"
    assert first[3] == "0912345678"
    assert (first[5], first[6]) == (5, 5)  # score and questions, as numbers
    assert first[7] == timedelta(seconds=75)
    assert first[8] == 3 and first[9] == 2


def test_export_waits_for_the_official_ranking(desk):
    round = make_round()
    response = desk.get(reverse("quizzes:round-ranking-export", args=[round.pk]))
    assert response.status_code == 302


def test_statistics_flag_a_question_that_weak_attempts_get_right(db):
    round = past_round(prediction=Round.Prediction.NONE, questions_per_topic=(1,), bank_size=1)
    strong, weak = [ParticipantFactory() for _ in range(2)]
    take(round, strong, start=round.opens_at, seconds=60)
    take(round, weak, start=round.opens_at, seconds=60, wrong=1)
    round_close(round=round)
    [stats] = question_statistics(round)
    assert stats.drawn == 2 and stats.correct == 1
    assert stats.facility == 0.5
    assert stats.discrimination == 1.0


def test_round_form_saves_quotas_and_refuses_a_topic_of_another_bank(desk, db):
    from contest.models import Contest

    Contest.objects.create(title="Cuộc thi", slug="cuoc-thi")
    round = make_round()
    foreign = TopicFactory()
    make_question(foreign)
    data = {
        "title": "Đợt 3",
        "bank": round.bank_id,
        "opens_at": "2026-12-01T07:00",
        "closes_at": "2026-12-08T22:00",
        "time_limit_minutes": 15,
        "max_attempts": 3,
        "prediction": "perfect",
        "ranking_order": "score,error,time",
        "answers_shown": "close",
        "prizes_first": 1,
        "prizes_second": 2,
        "prizes_third": 3,
        "prizes_consolation": 5,
        "quotas-TOTAL_FORMS": 1,
        "quotas-INITIAL_FORMS": 0,
        "quotas-0-topic": foreign.pk,
        "quotas-0-count": 1,
    }
    response = desk.post(reverse("quizzes:round-create"), data)
    assert response.status_code == 200
    assert Round.objects.count() == 1
    data["quotas-0-topic"] = round.quotas.first().topic_id
    response = desk.post(reverse("quizzes:round-create"), data)
    assert response.status_code == 302
    new = Round.objects.get(title="Đợt 3")
    assert list(TopicQuota.objects.filter(round=new).values_list("count", flat=True)) == [1]


def test_quotas_cannot_change_once_attempts_exist(desk):
    from django.core.exceptions import ValidationError

    from quizzes.services.rounds import round_save

    round = make_round()
    take(round, ParticipantFactory(), start=timezone.now(), seconds=10, prediction=1)
    topic = round.quotas.first().topic
    with pytest.raises(ValidationError):
        round_save(round=round, quotas=[(topic, 1)])
