"""The organizers' preview of a round: sample questions drawn as an attempt would, unsaved.

A read only: nothing is written, no attempt exists, and no answer key is shown, so the
preview is what a participant would see and nothing more.
"""

import random
from dataclasses import dataclass

from .models import Choice, Question, Topic


@dataclass(frozen=True)
class SampleQuestion:
    position: int
    text: str
    multiple: bool  # several correct choices: checkboxes, as in an attempt
    choices: list[str]


def sample_questions(
    *, bank_id: int, quotas: list[tuple[Topic, int]], shuffle_choices: bool
) -> list[SampleQuestion]:
    """One attempt's worth of questions: `count` from each topic, in a random order.

    Drawn like quizzes.services.attempts._draw (questions in use only; choices shuffled if
    the round shuffles them), but a topic short of questions gives what it has.
    """
    drawn: list[int] = []
    for topic, count in quotas:
        pool = list(
            Question.objects.current()
            .filter(bank_id=bank_id, topic_id=topic.pk)
            .values_list("id", flat=True)
        )
        drawn += random.sample(pool, min(count, len(pool)))
    random.shuffle(drawn)
    texts = dict(Question.objects.filter(pk__in=drawn).values_list("pk", "text"))
    choices: dict[int, list[tuple[str, bool]]] = {pk: [] for pk in drawn}
    for question_id, text, correct in (
        Choice.objects.filter(question_id__in=drawn)
        .order_by("position", "id")
        .values_list("question_id", "text", "is_correct")
    ):
        choices[question_id].append((text, correct))
    samples = []
    for position, pk in enumerate(drawn, start=1):
        options = choices[pk]
        if shuffle_choices:
            random.shuffle(options)
        samples.append(
            SampleQuestion(
                position=position,
                text=texts[pk],
                multiple=sum(correct for _text, correct in options) > 1,
                choices=[text for text, _correct in options],
            )
        )
    return samples
