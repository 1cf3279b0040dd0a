from quizzes.models import Attempt, Choice
from quizzes.services.attempts import answer_save


def correct_keys(item) -> list[str]:
    right = set(
        Choice.objects.filter(question_id=item.question_id, is_correct=True).values_list(
            "id", flat=True
        )
    )
    return [key for key, choice_id in item.choice_keys if choice_id in right]


def wrong_keys(item) -> list[str]:
    right = set(correct_keys(item))
    return [next(key for key, _id in item.choice_keys if key not in right)]


def answer(attempt: Attempt, *, wrong: int = 0, now=None) -> None:
    """Answer every question, the first `wrong` of them wrongly."""
    for item in attempt.items.all():
        keys = wrong_keys(item) if item.position <= wrong else correct_keys(item)
        answer_save(attempt=attempt, position=item.position, keys=keys, now=now)


def take(round, participant, *, start, seconds, wrong=0, prediction=None):
    """A whole attempt: started at `start`, finished `seconds` later."""
    from datetime import timedelta

    from quizzes.services.attempts import attempt_finish, attempt_start

    attempt = attempt_start(participant=participant, round=round, now=start)
    answer(attempt, wrong=wrong, now=start)
    return attempt_finish(
        attempt=attempt, now=start + timedelta(seconds=seconds), prediction=prediction
    )
