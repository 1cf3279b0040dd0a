"""The demo campaign `make run` loads: the contest's base, then each app's part on it."""

from banners.demo import seed_banners
from contest.demo import seed_contest
from contest.models import Participant, Unit
from gallery.demo import seed_gallery
from quizzes.demo import seed_quizzes


def seed_demo() -> list[str]:
    """Load every part of the demo (idempotent); one summary line per part."""
    contest = seed_contest()
    quizzes = seed_quizzes(contest)  # the quiz demo needs the participants above
    banners = seed_banners(contest)  # and the banners the quiz rounds
    return [
        f"Demo contest “{contest.title}”: {Unit.objects.count()} units, "
        f"{Participant.objects.count()} participants, {quizzes}, {banners}.",
        seed_gallery(contest),
    ]
