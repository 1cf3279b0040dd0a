from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from quizzes.models import AttemptItem, Bank, Question, RankingEntry, Topic
from quizzes.services.attempts import attempt_start
from quizzes.services.questions import (
    bank_create,
    question_restore,
    question_retire,
    question_save,
    topic_create,
)
from quizzes.services.ranking import round_close
from tests.factories import (
    BankFactory,
    ParticipantFactory,
    TopicFactory,
    make_question,
    make_round,
)
from tests.quizzes.helpers import take

pytestmark = pytest.mark.django_db

CHOICES = [("Nghị định 61/2018/NĐ-CP", True), ("Nghị định 63/2010/NĐ-CP", False)]


@pytest.fixture
def topic():
    return TopicFactory(name="Cải cách thủ tục hành chính")


def save(question=None, *, topic, **fields):
    arguments = {
        "question": question,
        "bank": fields.pop("bank", topic.bank),
        "topic": topic,
        "text": "Cơ chế một cửa được quy định tại văn bản nào?",
        "explanation": "",
        "difficulty": Question.Difficulty.MEDIUM,
        "choices": CHOICES,
    }
    arguments.update(fields)
    return question_save(**arguments)


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def choices_of(question) -> list[tuple[str, bool]]:
    return [(c.text, c.is_correct) for c in question.choices.all()]


def drawn_question(round):
    """A question the round's attempts drew, and every item that drew it."""
    item = AttemptItem.objects.filter(attempt__round=round).first()
    return item.question, AttemptItem.objects.filter(question=item.question)


def close(round):
    return round_close(round=round, now=round.closes_at + timedelta(minutes=5))


# --- Creating and editing -------------------------------------------------------------


def test_new_question_is_saved_with_its_choices_in_order_and_blank_rows_dropped(topic):
    question = save(
        topic=topic,
        text="  Cơ chế một cửa được quy định tại văn bản nào?  ",
        explanation="Nghị định 61/2018/NĐ-CP, 23/4/2018.",
        difficulty=Question.Difficulty.EASY,
        choices=[("Nghị định 61", True), ("", False), ("Nghị định 63", False), ("", False)],
    )
    assert question.text == "Cơ chế một cửa được quy định tại văn bản nào?"
    assert (question.difficulty, question.retired_at) == ("easy", None)
    assert [(c.text, c.is_correct, c.position) for c in question.choices.all()] == [
        ("Nghị định 61", True, 0),
        ("Nghị định 63", False, 1),
    ]


def test_question_never_drawn_is_edited_in_place_with_its_choices_replaced(topic):
    question = save(topic=topic)
    other = TopicFactory(bank=topic.bank)
    saved = save(
        question,
        topic=other,
        text="Văn bản nào quy định cơ chế một cửa liên thông?",
        difficulty=Question.Difficulty.HARD,
        choices=[("A", False), ("B", True), ("C", True)],
    )
    assert saved.pk == question.pk
    assert Question.objects.count() == 1
    question.refresh_from_db()
    assert (question.topic, question.difficulty, question.retired_at) == (other, "hard", None)
    assert choices_of(question) == [("A", False), ("B", True), ("C", True)]


def test_question_drawn_only_in_closed_rounds_gets_a_new_version_and_the_old_one_retires():
    round = make_round(questions_per_topic=(2,), bank_size=2)
    start = round.opens_at + timedelta(hours=1)
    attempts = [
        take(round, ParticipantFactory(), start=start, seconds=60 + n, wrong=n, prediction=1)
        for n in range(2)
    ]
    close(round)
    old, items = drawn_question(round)
    old_choices = choices_of(old)
    items_before = list(items.values_list("attempt_id", "selected", "is_correct"))
    scores_before = [(a.pk, a.score, a.is_best) for a in attempts]
    ranking_before = list(RankingEntry.objects.values_list("rank", "attempt_id", "score"))

    new = save(
        old,
        topic=old.topic,
        text=old.text + " (sửa)",
        choices=[("Đáp án mới đúng", True), ("Đáp án mới sai", False)],
    )

    assert new.pk != old.pk
    assert (new.previous_version, new.retired_at) == (old, None)
    assert choices_of(new) == [("Đáp án mới đúng", True), ("Đáp án mới sai", False)]
    old.refresh_from_db()
    assert old.retired_at is not None
    assert choices_of(old) == old_choices
    assert list(items.values_list("attempt_id", "selected", "is_correct")) == items_before
    for attempt in attempts:
        attempt.refresh_from_db()
    assert [(a.pk, a.score, a.is_best) for a in attempts] == scores_before
    assert list(RankingEntry.objects.values_list("rank", "attempt_id", "score")) == ranking_before
    assert new in Question.objects.current()
    assert old not in Question.objects.current()


def test_question_drawn_in_an_open_round_cannot_be_edited():
    round = make_round(title="Đợt 3 – tháng 10", questions_per_topic=(2,), bank_size=2)
    for _n in range(2):
        attempt_start(participant=ParticipantFactory(), round=round)
    question, _items = drawn_question(round)
    before = (question.text, choices_of(question))

    with pytest.raises(ValidationError) as refused:
        save(question, topic=question.topic, text="Câu hỏi đã sửa?")

    error = refused.value.error_list[0]
    assert error.code == "drawn_in_open_round"
    assert error.params == {"count": 2, "round": "Đợt 3 – tháng 10"}
    with translation.override("en"):
        message = refused.value.messages[0]
    assert "2 attempts" in message and "“Đợt 3 – tháng 10”" in message
    question.refresh_from_db()
    assert (question.text, choices_of(question)) == before
    assert Question.objects.count() == 2


def test_question_drawn_in_an_open_round_and_saved_unchanged_is_left_alone():
    round = make_round(questions_per_topic=(1,), bank_size=1)
    attempt_start(participant=ParticipantFactory(), round=round)
    question, _items = drawn_question(round)
    saved = save(
        question,
        topic=question.topic,
        text=question.text,
        explanation=question.explanation,
        choices=choices_of(question),
    )
    assert saved.pk == question.pk
    assert Question.objects.count() == 1


def test_question_of_a_round_past_its_closing_time_but_not_yet_closed_is_still_locked():
    round = make_round(questions_per_topic=(1,), bank_size=1)
    attempt_start(participant=ParticipantFactory(), round=round)
    round.closes_at = timezone.now() - timedelta(minutes=1)
    round.save()
    question, _items = drawn_question(round)
    with pytest.raises(ValidationError) as refused:
        save(question, topic=question.topic, text="Sửa sau giờ đóng?")
    assert codes(refused.value) == {"drawn_in_open_round"}


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ([("Chỉ một phương án", True)], "choice_count"),
        ([(f"Phương án {n}", n == 0) for n in range(7)], "choice_count"),
        ([("", True), ("", False)], "choice_count"),
        ([("Bộ Nội vụ", True), ("  bộ   nội vụ ", False)], "duplicate_choice"),
        ([("Bộ Nội vụ", False), ("Bộ Tư pháp", False)], "no_correct"),
        ([("Bộ Nội vụ", False), ("Bộ Tư pháp", False), ("", True)], "empty_correct_choice"),
        ([("x" * 501, True), ("Bộ Tư pháp", False)], "choice_too_long"),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_saved(topic, choices, code):
    with pytest.raises(ValidationError) as refused:
        save(topic=topic, choices=choices)
    assert code in codes(refused.value)
    assert set(refused.value.error_dict) == {"choices"}
    assert not Question.objects.exists()


def test_every_problem_is_reported_at_once_beside_its_field(topic):
    foreign = TopicFactory()
    with pytest.raises(ValidationError) as refused:
        save(
            topic=foreign,
            bank=topic.bank,
            text="   ",
            difficulty="rất khó",
            choices=[("Một", False)],
        )
    problems = refused.value.error_dict
    assert {field: [e.code for e in errors] for field, errors in problems.items()} == {
        "topic": ["foreign_topic"],
        "difficulty": ["unknown_difficulty"],
        "text": ["empty_text"],
        "choices": ["choice_count", "no_correct"],
    }


def test_same_question_twice_in_a_bank_is_refused_but_its_own_text_is_not_a_duplicate(topic):
    question = save(topic=topic, text="Cơ quan nào công bố PAR INDEX?")
    with pytest.raises(ValidationError) as refused:
        save(topic=topic, text="cơ quan nào  công bố PAR INDEX?")
    assert codes(refused.value) == {"duplicate_in_bank"}
    assert save(
        question, topic=topic, text="Cơ quan nào công bố PAR INDEX?", explanation="Bộ Nội vụ"
    )


def test_too_long_question_text_is_refused(topic):
    with pytest.raises(ValidationError) as refused:
        save(topic=topic, text="x" * 2001)
    assert codes(refused.value) == {"text_too_long"}


def test_retired_question_cannot_be_edited_until_restored(topic):
    question = question_retire(question=save(topic=topic))
    with pytest.raises(ValidationError) as refused:
        save(question, topic=topic, text="Câu hỏi khác?")
    assert codes(refused.value) == {"retired"}
    question_restore(question=question)
    assert save(question, topic=topic, text="Câu hỏi khác?").text == "Câu hỏi khác?"


# --- Retire and restore ----------------------------------------------------------------


def test_retired_question_is_not_drawn_by_a_new_attempt():
    round = make_round(questions_per_topic=(2,), bank_size=3)
    retired = Question.objects.filter(bank=round.bank).first()
    question_retire(question=retired)
    for _n in range(5):
        attempt = attempt_start(participant=ParticipantFactory(), round=round)
        drawn = set(attempt.items.values_list("question_id", flat=True))
        assert drawn == set(
            Question.objects.filter(bank=round.bank)
            .exclude(pk=retired.pk)
            .values_list("id", flat=True)
        )


def test_retiring_twice_keeps_the_first_time_and_leaves_attempts_that_drew_it_alone():
    round = make_round(questions_per_topic=(1,), bank_size=1)
    attempt = attempt_start(participant=ParticipantFactory(), round=round)
    question, _items = drawn_question(round)
    first = question_retire(question=question).retired_at
    assert first is not None
    assert question_retire(question=question).retired_at == first
    assert list(attempt.items.values_list("question_id", flat=True)) == [question.pk]


def test_restored_question_is_drawn_again():
    round = make_round(questions_per_topic=(1,), bank_size=1)
    question = Question.objects.get(bank=round.bank)
    question_retire(question=question)
    with pytest.raises(ValidationError):
        attempt_start(participant=ParticipantFactory(), round=round)
    restored = question_restore(question=question)
    assert restored.retired_at is None
    attempt = attempt_start(participant=ParticipantFactory(), round=round)
    assert attempt.items.get().question == question


def test_earlier_version_cannot_be_restored_once_a_newer_one_replaced_it():
    round = make_round(questions_per_topic=(1,), bank_size=1)
    take(round, ParticipantFactory(), start=round.opens_at + timedelta(hours=1), seconds=30,
         prediction=1)  # fmt: skip
    close(round)
    old, _items = drawn_question(round)
    save(old, topic=old.topic, text="Phiên bản mới?")
    with pytest.raises(ValidationError) as refused:
        question_restore(question=old)
    assert codes(refused.value) == {"replaced"}


# --- Banks and topics ------------------------------------------------------------------


def test_bank_names_are_unique_whatever_their_case():
    bank = bank_create(name="  Ngân hàng   CCHC 2026 ")
    assert bank.name == "Ngân hàng CCHC 2026"
    with pytest.raises(ValidationError) as refused:
        bank_create(name="NGÂN HÀNG cchc 2026")
    assert codes(refused.value) == {"duplicate_bank"}
    assert Bank.objects.count() == 1


@pytest.mark.parametrize(("name", "code"), [("   ", "empty_name"), ("x" * 121, "name_too_long")])
def test_bank_and_topic_names_must_be_filled_in_and_short(name, code):
    with pytest.raises(ValidationError) as refused:
        bank_create(name=name)
    assert codes(refused.value) == {code}
    with pytest.raises(ValidationError) as refused:
        topic_create(bank=BankFactory(), name=name)
    assert codes(refused.value) == {code}


def test_topic_names_are_unique_per_bank_whatever_their_case():
    bank, other = BankFactory(), BankFactory()
    topic_create(bank=bank, name="Chính quyền số")
    with pytest.raises(ValidationError) as refused:
        topic_create(bank=bank, name="CHÍNH QUYỀN SỐ")
    assert codes(refused.value) == {"duplicate_topic"}
    assert topic_create(bank=other, name="Chính quyền số").bank == other
    assert Topic.objects.filter(bank=bank).count() == 1


def test_editing_keeps_other_questions_of_the_topic_drawable(topic):
    first = make_question(topic)
    second = save(topic=topic)
    save(second, topic=topic, text="Một câu hỏi khác hẳn?")
    assert set(Question.objects.current()) == {first, second}


def test_question_a_coming_round_may_draw_is_never_changed_in_place():
    # An attempt starting while the edit runs could otherwise hold the old choices.
    round = make_round(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=8)
    )
    question = round.bank.questions.first()
    saved = save(question, topic=question.topic, text="Một câu hỏi đã sửa về Nghị định 61?")
    assert saved.pk != question.pk
    assert saved.previous_version == question
    question.refresh_from_db()
    assert question.retired_at is not None
    assert question.choices.count() == 4
