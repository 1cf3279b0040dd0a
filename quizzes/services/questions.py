"""Question banks by hand: banks, topics, and questions written, edited, retired, restored.

Answers already given are never re-scored silently: a question that attempts drew is
not changed in place. Drawn only in closed rounds, an edit makes a new version and
retires the old one; drawn in a round still open, the edit is refused.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from contest.services.audit import Action, audit_record, changed
from quizzes.models import AttemptItem, Bank, Choice, Question, Round, Topic
from quizzes.services.bank_io import MAX_CHOICE, MAX_CHOICES, MAX_TEXT, MIN_CHOICES, text_key

LETTERS = "ABCDEF"
MAX_NAME = Bank._meta.get_field("name").max_length


@dataclass(frozen=True)
class OpenRoundUse:
    round_id: int
    title: str
    attempts: int


def open_round_uses(*, question: Question) -> list[OpenRoundUse]:
    """Rounds not yet closed whose attempts drew the question, most attempts first."""
    rows = (
        AttemptItem.objects.filter(question=question, attempt__round__closed_at__isnull=True)
        .values("attempt__round_id", "attempt__round__title")
        .annotate(attempts=Count("attempt", distinct=True))
        .order_by("-attempts", "attempt__round_id")
    )
    return [
        OpenRoundUse(row["attempt__round_id"], row["attempt__round__title"], row["attempts"])
        for row in rows
    ]


def _text(value: str) -> str:
    # Some Vietnamese keyboards send decomposed accents; stored text is always NFC.
    return unicodedata.normalize("NFC", value or "").strip()


def _one_line(value: str) -> str:
    return " ".join(_text(value).split())


def _clean_choices(choices: list[tuple[str, bool]]) -> tuple[list[tuple[str, bool]], list]:
    """The choices to store (blank rows dropped) and the problems found, by form letter."""
    errors = []
    kept: list[tuple[str, str, bool]] = []  # (letter, text, correct)
    for index, (text, correct) in enumerate(choices):
        letter = LETTERS[index] if index < len(LETTERS) else str(index + 1)
        text = _text(text)
        if text:
            kept.append((letter, text, bool(correct)))
        elif correct:
            errors.append(
                ValidationError(
                    _("Choice %(letter)s is marked correct but has no text."),
                    code="empty_correct_choice",
                    params={"letter": letter},
                )
            )
    if not MIN_CHOICES <= len(kept) <= MAX_CHOICES:
        errors.append(
            ValidationError(
                _("A question needs %(min)d to %(max)d choices; this one has %(count)d."),
                code="choice_count",
                params={"min": MIN_CHOICES, "max": MAX_CHOICES, "count": len(kept)},
            )
        )
    seen: dict[str, str] = {}
    for letter, text, _correct in kept:
        if len(text) > MAX_CHOICE:
            errors.append(
                ValidationError(
                    _("Choice %(letter)s is longer than %(max)d characters."),
                    code="choice_too_long",
                    params={"letter": letter, "max": MAX_CHOICE},
                )
            )
        if text_key(text) in seen:
            errors.append(
                ValidationError(
                    _("Choice %(letter)s repeats choice %(other)s."),
                    code="duplicate_choice",
                    params={"letter": letter, "other": seen[text_key(text)]},
                )
            )
        seen.setdefault(text_key(text), letter)
    if kept and not any(correct for _letter, _choice, correct in kept):
        errors.append(ValidationError(_("No correct answer is given."), code="no_correct"))
    return [(choice, correct) for _letter, choice, correct in kept], errors


def _check(
    *, question: Question | None, bank: Bank, topic: Topic, text: str, difficulty: str
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if topic.bank_id != bank.pk:
        errors["topic"] = [
            ValidationError(
                _("The topic “%(topic)s” belongs to another question bank."),
                code="foreign_topic",
                params={"topic": topic.name},
            )
        ]
    if difficulty not in Question.Difficulty.values:
        errors["difficulty"] = [
            ValidationError(
                _("Unknown difficulty “%(value)s”. Use easy, medium or hard."),
                code="unknown_difficulty",
                params={"value": difficulty},
            )
        ]
    if not text:
        errors["text"] = [ValidationError(_("The question text is empty."), code="empty_text")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [
            ValidationError(
                _("The question text is longer than %(max)d characters."),
                code="text_too_long",
                params={"max": MAX_TEXT},
            )
        ]
    else:
        others = bank.questions.current()
        if question is not None:
            others = others.exclude(pk=question.pk)
        key = text_key(text)
        # The bank is small (hundreds of questions): comparing in Python keeps the
        # same notion of "same question" as the importer.
        if any(text_key(other) == key for other in others.values_list("text", flat=True)):
            errors["text"] = [
                ValidationError(
                    _("The same question is already in the bank."), code="duplicate_in_bank"
                )
            ]
    return errors


def _write_choices(question: Question, choices: list[tuple[str, bool]]) -> None:
    Choice.objects.bulk_create(
        Choice(question=question, text=text, is_correct=correct, position=position)
        for position, (text, correct) in enumerate(choices)
    )


def _unchanged(question: Question, *, topic, text, explanation, difficulty, choices) -> bool:
    stored = [(choice.text, choice.is_correct) for choice in question.choices.all()]
    return (
        question.topic_id == topic.pk
        and question.text == text
        and question.explanation == explanation
        and question.difficulty == difficulty
        and stored == choices
    )


def _drawable_now(question: Question) -> bool:
    """Whether a round not yet closed draws from the question's topic."""
    return Round.objects.filter(
        closed_at__isnull=True, closes_at__gt=timezone.now(), quotas__topic_id=question.topic_id
    ).exists()


@transaction.atomic
def question_save(
    *,
    question: Question | None,
    bank: Bank,
    topic: Topic,
    text: str,
    explanation: str,
    difficulty: str,
    choices: list[tuple[str, bool]],
    actor=None,
) -> Question:
    """Create a question (`question=None`) or edit one; returns the question now current.

    `choices` are (text, correct) pairs in display order; blank ones are dropped.
    A question never drawn is edited in place. One drawn only in closed rounds is
    kept as it is for their results: the edit becomes a new version and the old one
    retires. One drawn in a round not yet closed is refused, since its attempts
    would be scored against answers the participants never saw.
    Field problems are raised together, keyed "topic", "text", "difficulty", "choices".
    """
    text = _text(text)
    explanation = _text(explanation)
    if question is not None:
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.bank_id != bank.pk:
            raise ValidationError(
                _("This question belongs to another question bank."), code="other_bank"
            )
        if question.retired_at is not None:
            raise ValidationError(
                _("This question is retired. Restore it before editing it."), code="retired"
            )
    cleaned, choice_errors = _clean_choices(choices)
    if question is not None:
        if _unchanged(
            question,
            topic=topic,
            text=text,
            explanation=explanation,
            difficulty=difficulty,
            choices=cleaned,
        ):
            return question
        uses = open_round_uses(question=question)
        if uses:
            count = uses[0].attempts
            raise ValidationError(
                ngettext_lazy(
                    "This question was drawn by %(count)d attempt in the open round "
                    "“%(round)s”: editing it would change that attempt's score. "
                    "Retire it and add a new question instead.",
                    "This question was drawn by %(count)d attempts in the open round "
                    "“%(round)s”: editing it would change their scores. "
                    "Retire it and add a new question instead.",
                    count,
                ),
                code="drawn_in_open_round",
                params={"count": count, "round": uses[0].title},
            )
    errors = _check(question=question, bank=bank, topic=topic, text=text, difficulty=difficulty)
    if choice_errors:
        errors["choices"] = choice_errors
    if errors:
        raise ValidationError(errors)

    fields = {
        "topic": topic,
        "text": text,
        "explanation": explanation,
        "difficulty": difficulty,
    }
    edited = question
    before = _audit_values(question) if question is not None else {}
    if question is None:
        question = Question.objects.create(bank=bank, **fields)
    elif AttemptItem.objects.filter(question=question).exists() or _drawable_now(question):
        # Closed rounds keep their frozen results and reviews on the old version. A
        # question a running or coming round may draw is never changed in place either:
        # an attempt starting meanwhile could hold its old choices.
        old = question
        question = Question.objects.create(bank=bank, previous_version=old, **fields)
        old.retired_at = timezone.now()
        old.save(update_fields=["retired_at"])
    else:
        for name, value in fields.items():
            setattr(question, name, value)
        question.save(update_fields=list(fields))
        question.choices.all().delete()
    _write_choices(question, cleaned)
    changes = changed(before, _audit_values(question))
    if edited is not None and edited.pk != question.pk:
        changes["new_version"] = question.pk
    audit_record(
        actor=actor,
        action=Action.QUESTION_EDIT if edited else Action.QUESTION_CREATE,
        target=edited or question,
        changes=changes,
    )
    return question


def _audit_values(question: Question) -> dict:
    return {
        "topic": question.topic.name,
        "text": question.text,
        "explanation": question.explanation,
        "difficulty": question.difficulty,
        "choices": [
            f"{'✓' if choice.is_correct else '✗'} {choice.text}"
            for choice in question.choices.order_by("position")
        ],
    }


@transaction.atomic
def question_retire(*, question: Question, actor=None) -> Question:
    """Stop drawing the question in new attempts; attempts that drew it keep it."""
    now = timezone.now()
    if Question.objects.filter(pk=question.pk, retired_at__isnull=True).update(retired_at=now):
        audit_record(
            actor=actor,
            action=Action.QUESTION_RETIRE,
            target=question,
            changes={"retired_at": [None, now]},
        )
    question.refresh_from_db(fields=["retired_at"])
    return question


@transaction.atomic
def question_restore(*, question: Question, actor=None) -> Question:
    """Let new attempts draw a retired question again, unless a newer version replaced it."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.retired_at is None:
        return question
    if Question.objects.filter(previous_version=question).exists():
        raise ValidationError(
            _("A newer version of this question exists; edit that one instead."),
            code="replaced",
        )
    retired_at, question.retired_at = question.retired_at, None
    question.save(update_fields=["retired_at"])
    audit_record(
        actor=actor,
        action=Action.QUESTION_RESTORE,
        target=question,
        changes={"retired_at": [retired_at, None]},
    )
    return question


def _name(name: str) -> str:
    name = _one_line(name)
    if not name:
        raise ValidationError(_("Enter a name."), code="empty_name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("The name is longer than %(max)d characters."),
            code="name_too_long",
            params={"max": MAX_NAME},
        )
    return name


def _taken(name: str, names) -> bool:
    # In Python: SQLite folds the case of ASCII letters only, and names are Vietnamese.
    return any(other.casefold() == name.casefold() for other in names)


@transaction.atomic
def bank_create(*, name: str) -> Bank:
    """A new, empty question bank; names are unique whatever their case."""
    name = _name(name)
    duplicate = ValidationError(
        _("A question bank named “%(name)s” already exists."),
        code="duplicate_bank",
        params={"name": name},
    )
    if _taken(name, Bank.objects.values_list("name", flat=True)):
        raise duplicate
    try:
        with transaction.atomic():
            return Bank.objects.create(name=name)
    except IntegrityError:  # created by someone else in the meantime
        raise duplicate from None


@transaction.atomic
def topic_create(*, bank: Bank, name: str) -> Topic:
    """A new topic of the bank; names are unique within a bank whatever their case."""
    name = _name(name)
    duplicate = ValidationError(
        _("The bank already has a topic named “%(name)s”."),
        code="duplicate_topic",
        params={"name": name},
    )
    if _taken(name, bank.topics.values_list("name", flat=True)):
        raise duplicate
    try:
        with transaction.atomic():
            return Topic.objects.create(bank=bank, name=name)
    except IntegrityError:
        raise duplicate from None
