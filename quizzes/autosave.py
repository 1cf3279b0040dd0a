"""The autosave request (one answer, or the prediction), whichever door it comes through.

Both the Django view and the lean ASGI lane (quizzes/answer_lane.py) call `autosave`,
so the rules live in one place: ownership, the time limit, the rate limit, the services.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contest.numbers import BadNumber, parse_int
from contest.ratelimit import rate_limited

from .models import Attempt
from .services.attempts import answer_save, attempt_expire_if_due, prediction_save

CLOSED_CODES = {"too_late", "finished"}
MAX_POSITION = 32767  # AttemptItem.position is a PositiveSmallIntegerField


@dataclass
class Reply:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)


def autosave(*, user_id: int | None, token: str, post) -> Reply:
    """Save what `post` carries into the user's attempt `token`; `post` is a QueryDict."""
    attempt = (
        Attempt.objects.filter(token=token, participant__user_id=user_id).first()
        if user_id
        else None
    )
    if attempt is None:  # nobody learns whether another person's attempt exists
        message = _(
            "Your session has ended (or this attempt is not yours). Sign in again: "
            "the answers already saved are kept."
        )
        return Reply(404, {"ok": False, "error": "not_found", "message": message})
    limit, period = settings.QUIZ_ANSWER_RATE
    if wait := rate_limited(f"answer:{attempt.pk}", limit=limit, period=period):
        body = {"ok": False, "error": "rate_limited", "retry_after": wait}
        return Reply(429, body, {"Retry-After": str(wait)})
    try:
        attempt = attempt_expire_if_due(attempt=attempt)
        if "prediction" in post:
            prediction_save(attempt=attempt, value=post["prediction"])
        else:
            try:
                position = parse_int(post.get("position"), minimum=1, maximum=MAX_POSITION)
            except BadNumber:
                position = 0  # refused by answer_save as a question not in the attempt
            answer_save(attempt=attempt, position=position, keys=post.getlist("choice"))
    except ValidationError as exc:
        code = exc.error_list[0].code
        body = {"ok": False, "error": code, "message": " ".join(exc.messages)}
        return Reply(409 if code in CLOSED_CODES else 400, body)
    return Reply(200, {"ok": True, "remaining": attempt.remaining_seconds()})
