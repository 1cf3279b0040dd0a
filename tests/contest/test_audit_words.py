"""The audit log reads in words: labels for codes, có/không, local times, names for ids."""

import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from banners.models import Banner
from banners.services.banners import banner_save
from contest.models import AuditEntry
from contest.services.audit import audit_record, audit_workbook, changes_text
from gallery.services.moderation import entry_approve
from gallery.services.votes import vote_cast, vote_void
from quizzes.models import Round
from quizzes.services.questions import question_retire, question_save
from quizzes.services.ranking import round_close, round_publish
from quizzes.services.reveal import round_reveal
from quizzes.services.rounds import round_save
from tests.factories import ParticipantFactory, make_round
from tests.gallery.conftest import gallery, make_poem  # noqa: F401 (fixture)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action
CODES = ("True", "False", "None", "first", "pending", "approved", "easy", "hard", "T0")


def last(action) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")


def quotas(round):
    return [(quota.topic, quota.count) for quota in round.quotas.select_related("topic")]


def test_a_revealed_prize_tier_reads_as_its_prize(organizer):
    now = timezone.now()
    round = make_round(opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1))
    take(round, ParticipantFactory(), start=round.opens_at, seconds=60, prediction=1)
    round_close(round=round, actor=organizer)
    round_publish(round=round, actor=organizer)
    round_reveal(round_id=round.pk, tier="first", user=organizer)
    round_reveal(round_id=round.pk, tier="collective", user=organizer)
    first, collective = AuditEntry.objects.filter(action=Action.ROUND_REVEAL).order_by("id")
    assert first.changes == {"tier": "first"}  # the code is stored, the words are shown
    assert changes_text(first) == "hạng giải: Giải Nhất"
    assert changes_text(collective) == "hạng giải: Giải tập thể"


def test_a_moderation_decision_reads_as_the_statuses_names(gallery, organizer):  # noqa: F811
    entry = make_poem(gallery, approve=False)
    entry_approve(entry=entry, by=organizer, notify=False)
    text = changes_text(last(Action.ENTRY_MODERATE))
    # PostgreSQL's jsonb keeps the keys in its own order: look for the line, not its place.
    assert any(line.endswith(": Chờ duyệt → Đã duyệt") for line in text.splitlines())
    assert "pending" not in text and "approved" not in text


def test_a_new_banner_lists_booleans_as_co_and_choices_by_label(organizer):
    with transaction.atomic():
        banner_save(
            banner=Banner(name="Bến xe", target=Banner.Target.PAGE, path="/"), actor=organizer
        )
    lines = changes_text(last(Action.BANNER_SAVE)).splitlines()
    assert "đang hoạt động: — → có" in lines
    assert "True" not in "\n".join(lines)
    target = Banner._meta.get_field("target")
    shown = str(dict(target.flatchoices)[Banner.Target.PAGE])
    assert f"{target.verbose_name}: — → {shown}" in lines


def test_round_times_read_day_month_year_in_local_time_and_booleans_as_words(organizer):
    round = make_round(
        opens_at=datetime(2025, 9, 15, 0, 0, tzinfo=UTC),  # 07:00 in Hà Nội
        closes_at=datetime(2025, 10, 15, 15, 0, tzinfo=UTC),
        shuffle_choices=True,
    )
    round.opens_at = datetime(2025, 9, 16, 1, 30, tzinfo=UTC)
    round.shuffle_choices = False
    round.prediction = (
        Round.Prediction.NONE
        if round.prediction == Round.Prediction.PERFECT
        else Round.Prediction.PERFECT
    )
    round_save(round=round, quotas=quotas(round), actor=organizer)
    text = changes_text(last(Action.ROUND_EDIT))
    assert ": 15/09/2025 07:00 → 16/09/2025 08:30" in text
    assert ": có → không" in text
    prediction = Round._meta.get_field("prediction")
    labels = [str(label) for _code, label in prediction.flatchoices]
    line = next(row for row in text.splitlines() if row.startswith(str(prediction.verbose_name)))
    before, after = line.split(": ", 1)[1].split(" → ")
    assert before in labels and after in labels
    assert not any(code in text.split() for code in CODES)


def test_a_retired_question_shows_when_and_its_difficulty_by_name(organizer):
    round = make_round(opens_at=timezone.now() + timedelta(days=1))
    question = round.bank.questions.first()
    question.difficulty = "easy"
    question.save()
    saved = question_save(
        question=question,
        bank=round.bank,
        topic=question.topic,
        text=question.text,
        explanation=question.explanation,
        difficulty="hard",
        choices=[(c.text, c.is_correct) for c in question.choices.order_by("position")],
        actor=organizer,
    )
    assert "mức độ: Dễ → Khó" in changes_text(last(Action.QUESTION_EDIT))
    question_retire(question=saved, actor=organizer)
    retired = last(Action.QUESTION_RETIRE)
    at = timezone.localtime(type(saved).objects.get(pk=saved.pk).retired_at)
    assert changes_text(retired).endswith(f": — → {at:%d/%m/%Y %H:%M}")


def test_an_object_kept_by_id_reads_by_its_name(gallery, organizer):  # noqa: F811
    entry = make_poem(gallery, title="Một cửa thân thiện")
    vote = vote_cast(voter=ParticipantFactory().user, entry=entry, ip="203.0.113.7")
    vote_void(vote=vote, by=organizer, reason="Tài khoản ảo")
    entry_line = [
        line
        for line in changes_text(last(Action.VOTE_VOID)).splitlines()
        if line.startswith("tác phẩm")
    ]
    assert entry_line == ["tác phẩm: Một cửa thân thiện"]


def test_a_list_of_two_names_is_not_read_as_before_and_after(organizer):
    round = make_round()
    with transaction.atomic():
        entry = audit_record(
            actor=organizer,
            action=Action.QUESTIONS_IMPORT,
            target=round.bank,
            changes={"file": "a.xlsx", "questions": 2, "topics_created": ["Một cửa", "PAPI"]},
        )
    assert "chủ đề được tạo: Một cửa, PAPI" in changes_text(entry)


def test_the_export_holds_the_same_words_and_a_real_time(organizer, client):
    now = timezone.now()
    round = make_round(opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1))
    take(round, ParticipantFactory(), start=round.opens_at, seconds=60, prediction=1)
    round_close(round=round, actor=organizer)
    round_publish(round=round, actor=organizer)
    round_reveal(round_id=round.pk, tier="second", user=organizer)
    client.force_login(organizer)
    response = client.get(reverse("contest:audit-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    reveal = next(row for row in rows if row[2] == "Công bố người đoạt giải")
    assert reveal[4] == "hạng giải: Giải Nhì"
    assert isinstance(reveal[0], datetime)
    entry = last(Action.ROUND_REVEAL)
    assert reveal[0] == timezone.localtime(entry.at).replace(tzinfo=None, microsecond=0)
    assert sheet.cell(row=2, column=1).number_format == "DD/MM/YYYY HH:MM"
    closing = next(row for row in rows if row[2] == "Đóng đợt thi")
    assert "None" not in closing[4] and "T" not in closing[4].split(": ", 1)[1][:12]
    # The page says the same as the export.
    page = client.get(reverse("contest:audit-log")).content.decode()
    assert "hạng giải: Giải Nhì" in page
    assert audit_workbook(AuditEntry.objects.all()).active.max_row == len(rows) + 1
