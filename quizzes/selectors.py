"""Reads for the attempt pages; the answer key is attached only when it may be shown."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Attempt, AttemptItem, Choice, Question, Round, TopicQuota


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
    key_shown: bool = False


def attempt_items_for_display(
    attempt: Attempt, *, key_for: Collection[int] = ()
) -> list[ShownItem]:
    """The attempt's questions in its order, choices in its order, under its opaque keys.

    Correctness and explanations are attached only for the questions in `key_for`
    (see `key_shown_ids`); every other question keeps its key on the server.
    Two queries whatever the number of questions (the items with their questions' texts,
    then the choices), read as rows (no model instances).
    """
    items = list(
        attempt.items.order_by("position").values_list(
            "position",
            "question_id",
            "multiple",
            "selected",
            "is_correct",
            "choice_keys",
            "question__text",
            "question__explanation",
        )
    )
    question_ids = [row[1] for row in items]
    choices = {
        pk: (text, is_correct)
        for pk, text, is_correct in Choice.objects.filter(question_id__in=question_ids)
        .order_by()
        .values_list("pk", "text", "is_correct")
    }
    shown = []
    for position, question_id, multiple, selected, is_correct, choice_keys, *texts in items:
        text, explanation = texts
        with_key = question_id in key_for
        chosen = set(selected)
        entry = ShownItem(
            position=position,
            text=text,
            multiple=multiple,
            selected=selected,
            is_correct=is_correct if with_key else None,
            explanation=explanation if with_key else "",
            key_shown=with_key,
        )
        for key, choice_id in choice_keys:
            choice_text, correct = choices[choice_id]
            entry.choices.append(
                ShownChoice(
                    key=key,
                    text=choice_text,
                    selected=choice_id in chosen,
                    is_correct=correct if with_key else None,
                )
            )
        shown.append(entry)
    return shown


def attempt_unanswered(attempt: Attempt) -> tuple[int, list[int]]:
    """(questions answered, positions of those not answered yet), in one small query."""
    rows = list(attempt.items.order_by("position").values_list("position", "selected"))
    unanswered = [position for position, selected in rows if not selected]
    return len(rows) - len(unanswered), unanswered


# --- Whether a question's answer may be shown ------------------------------------------
# Rounds usually draw from the same bank: the answers of a closed round are the answers of
# the open round's questions too. So a key is shown only when no round can still ask it.


def rounds_still_drawing(*, now: datetime | None = None) -> QuerySet[Round]:
    """Rounds open, yet to open, or still taking their last answers (deadline plus grace)."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.QUIZ_ANSWER_GRACE_SECONDS)
    return Round.objects.filter(closed_at__isnull=True, closes_at__gt=now - grace)


def question_versions(question_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each question with all its versions: an edit keeps the answer, so they share a key."""
    wanted = set(question_ids)
    if not wanted:
        return {}
    links: dict[int, set[int]] = {}
    banks = Question.objects.filter(pk__in=wanted).values("bank_id")
    for pk, previous in Question.objects.filter(bank_id__in=banks).values_list(
        "pk", "previous_version_id"
    ):
        links.setdefault(pk, set())
        if previous:
            links[pk].add(previous)
            links.setdefault(previous, set()).add(pk)
    families = {}
    for pk in wanted:
        family, todo = set(), [pk]
        while todo:
            current = todo.pop()
            if current not in family:
                family.add(current)
                todo.extend(links.get(current, ()))
        families[pk] = family
    return families


def drawable_question_ids(
    rounds: QuerySet[Round], *, among: Collection[int] | None = None
) -> set[int]:
    """Questions these rounds can still put before a participant: the current questions of
    their topics, and those their unfinished attempts already drew."""
    current = Question.objects.current().filter(
        topic__in=TopicQuota.objects.filter(round__in=rounds).values("topic")
    )
    held = AttemptItem.objects.filter(attempt__round__in=rounds, attempt__finished_at__isnull=True)
    if among is not None:
        current, held = current.filter(pk__in=among), held.filter(question_id__in=among)
    return set(current.values_list("pk", flat=True)) | set(
        held.values_list("question_id", flat=True)
    )


def keys_held_back(question_ids: Iterable[int], *, now: datetime | None = None) -> set[int]:
    """Of these questions, those a round still drawing can ask (in any of their versions)."""
    families = question_versions(question_ids)
    everyone = set().union(*families.values()) if families else set()
    drawable = drawable_question_ids(rounds_still_drawing(now=now), among=everyone)
    return {pk for pk, family in families.items() if family & drawable}


def key_shown_ids(
    round: Round, question_ids: Iterable[int], *, now: datetime | None = None
) -> set[int]:
    """Of the round's questions, those whose correct choices and explanation may reach a
    participant: once the round shows its answers, the ones no open or coming round can
    still draw, or all of them if the organizers released the round's answers."""
    if not round.answers_visible():
        return set()
    wanted = set(question_ids)
    if round.answers_released_at:
        return wanted
    return wanted - keys_held_back(wanted, now=now)


def keys_out_since(question_ids: Iterable[int]) -> dict[int, datetime]:
    """When each question's answer (of any of its versions) first reached a participant;
    questions whose answer never did are left out."""
    families = question_versions(question_ids)
    everyone = set().union(*families.values()) if families else set()
    shown = dict(
        Question.objects.filter(pk__in=everyone, key_shown_at__isnull=False).values_list(
            "pk", "key_shown_at"
        )
    )
    out = {}
    for pk, family in families.items():
        moments = [shown[member] for member in family if member in shown]
        if moments:
            out[pk] = min(moments)
    return out


def round_pool_ids(*, bank_id: int | None, topic_ids: Iterable[int]) -> set[int]:
    """The questions a round with these topics can draw (its pool)."""
    return set(
        Question.objects.current()
        .filter(bank_id=bank_id, topic_id__in=list(topic_ids))
        .values_list("pk", flat=True)
    )


@dataclass
class BurntPool:
    """How many of the questions a round can draw already have their answers out."""

    pool: int
    burnt: int


def burnt_pool(*, bank_id: int | None, topic_ids: Iterable[int]) -> BurntPool:
    pool = round_pool_ids(bank_id=bank_id, topic_ids=topic_ids)
    return BurntPool(pool=len(pool), burnt=len(keys_out_since(pool)))


def keys_released_early(round: Round, *, now: datetime | None = None) -> int:
    """How many of the round's drawn questions releasing its answers would show while a
    round still drawing them can ask them."""
    drawn = AttemptItem.objects.filter(attempt__round=round).values_list("question_id", flat=True)
    return len(keys_held_back(set(drawn), now=now))


@dataclass
class QuestionStats:
    question: Question
    drawn: int
    correct: int
    facility: float | None  # share of attempts that drew it and got it right
    discrimination: float | None  # facility among the top 27% minus among the bottom 27%
    # Its answer reached participants before the round closed: right answers may be copied.
    burnt_since: datetime | None = None


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
    questions = Question.objects.select_related("topic").in_bulk(list(tally))
    until = round.closed_at or timezone.now()
    burnt = {pk: at for pk, at in keys_out_since(pk for pk in tally if pk).items() if at < until}
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
                burnt_since=burnt.get(question_id),
            )
        )
    return sorted(stats, key=lambda s: (s.facility if s.facility is not None else 2, s.question.id))


def round_half_up(value: float) -> int:
    return int(value + 0.5)
