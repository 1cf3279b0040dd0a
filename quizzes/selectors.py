"""Reads for the attempt pages; the answer key is attached only when it may be shown."""

from dataclasses import dataclass, field

from .models import Attempt, Choice, Question


@dataclass
class ShownChoice:
    key: str
    text: str
    selected: bool
    is_correct: bool | None = None  # None while the key must stay on the server


@dataclass
class ShownItem:
    position: int
    text: str
    multiple: bool
    selected: list[int]
    choices: list[ShownChoice] = field(default_factory=list)
    is_correct: bool | None = None
    explanation: str = ""


def attempt_items_for_display(attempt: Attempt, *, with_key: bool = False) -> list[ShownItem]:
    """The attempt's questions in its order, choices in its order, under its opaque keys."""
    items = list(attempt.items.all())
    question_ids = [item.question_id for item in items]
    questions = {
        q.id: q for q in Question.objects.filter(id__in=question_ids).only("text", "explanation")
    }
    choices = {
        c.id: c
        for c in Choice.objects.filter(question_id__in=question_ids).only("text", "is_correct")
    }
    shown = []
    for item in items:
        question = questions[item.question_id]
        entry = ShownItem(
            position=item.position,
            text=question.text,
            multiple=item.multiple,
            selected=item.selected,
            is_correct=item.is_correct if with_key else None,
            explanation=question.explanation if with_key else "",
        )
        for key, choice_id in item.choice_keys:
            choice = choices[choice_id]
            entry.choices.append(
                ShownChoice(
                    key=key,
                    text=choice.text,
                    selected=choice_id in item.selected,
                    is_correct=choice.is_correct if with_key else None,
                )
            )
        shown.append(entry)
    return shown


@dataclass
class QuestionStats:
    question: Question
    drawn: int
    correct: int
    facility: float | None  # share of attempts that drew it and got it right
    discrimination: float | None  # facility among the top 27% minus among the bottom 27%


def question_statistics(round) -> list[QuestionStats]:
    """Item analysis over the round's finished attempts, hardest questions first."""
    scores = list(round.attempts.finished().order_by("score", "id").values_list("id", "score"))
    group = max(1, round_half_up(len(scores) * 0.27)) if scores else 0
    lower = {attempt_id for attempt_id, _s in scores[:group]}
    upper = {attempt_id for attempt_id, _s in scores[-group:]} if group else set()
    tally: dict[int, dict[str, int]] = {}
    rows = (
        round.attempts.finished()
        .values_list("items__question_id", "id", "items__is_correct")
        .order_by()
    )
    for question_id, attempt_id, is_correct in rows:
        counts = tally.setdefault(
            question_id, dict.fromkeys(["n", "ok", "un", "uok", "ln", "lok"], 0)
        )
        counts["n"] += 1
        counts["ok"] += bool(is_correct)
        if attempt_id in upper:
            counts["un"] += 1
            counts["uok"] += bool(is_correct)
        if attempt_id in lower:
            counts["ln"] += 1
            counts["lok"] += bool(is_correct)
    questions = Question.objects.in_bulk(list(tally))
    stats = []
    for question_id, c in tally.items():
        discrimination = None
        if c["un"] and c["ln"]:
            discrimination = c["uok"] / c["un"] - c["lok"] / c["ln"]
        stats.append(
            QuestionStats(
                question=questions[question_id],
                drawn=c["n"],
                correct=c["ok"],
                facility=c["ok"] / c["n"] if c["n"] else None,
                discrimination=discrimination,
            )
        )
    return sorted(stats, key=lambda s: (s.facility if s.facility is not None else 2, s.question.id))


def round_half_up(value: float) -> int:
    return int(value + 0.5)
