"""Django side of bench/board_fanout.py: build the benchmark round, and check the database after.

Imported only after the environment (DJANGO_SETTINGS_MODULE, SQLITE_PATH or DATABASE_URL,
REDIS_URL) is set and django.setup() has run.
"""

from __future__ import annotations

import random
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from bench import quiz_db
from contest.models import Contest
from quizzes.demo import _bank
from quizzes.models import Attempt, AttemptItem, Round, TopicQuota
from quizzes.services.attempts import attempt_finish, attempt_start

CSRF_CHARS = string.ascii_letters + string.digits
PER_TOPIC = 4  # the demo bank has 5 topics: 20 questions per attempt


def build(*, participants: int, prefinished: int, seed: int = 2026) -> dict:
    """Migrate; one open round (20 questions, one attempt each, no prediction question);
    `participants` users with profiles, each with a started attempt whose answers are saved
    (picked at random, so scores differ); the first `prefinished` of them finished here, so that
    the board's top 20 is full from the start; ready-made logged-in sessions for the others.

    Returns {"round": id, "prefinished": [tokens], "to_finish": [{"token", "sessionid",
    "csrftoken"}...]}.
    """
    rng = random.Random(seed)
    call_command("migrate", "--noinput", verbosity=0)
    now = timezone.now()
    with transaction.atomic():
        contest = Contest.objects.create(
            title="Benchmark contest (board)", slug="bench-board", starts_at=now - timedelta(days=1)
        )
        bank = _bank()  # the demo bank: 64 real questions in 5 topics
        round = Round.objects.create(
            contest=contest,
            title="Benchmark – live board",
            bank=bank,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
            time_limit_minutes=240,
            max_attempts=1,
            prediction=Round.Prediction.NONE,
        )
        TopicQuota.objects.bulk_create(
            TopicQuota(round=round, topic=topic, count=PER_TOPIC) for topic in bank.topics.all()
        )
        # No usable password: nobody logs in with one here (sessions are written directly).
        users = quiz_db.make_participants(
            participants, prefix="board", name="Người xem", phone="08", password=None
        )
    finished_here, to_finish = [], []
    for i, user in enumerate(users):
        attempt = attempt_start(participant=user.participant, round=round)
        items = list(attempt.items.all())
        for item in items:
            keys = item.choice_keys
            if rng.random() < 0.9:  # most questions answered; a few left blank
                item.selected = [rng.choice(keys)[1]]
                item.answered_at = timezone.now()
        AttemptItem.objects.bulk_update(items, ["selected", "answered_at"])
        if i < prefinished:
            attempt_finish(attempt=attempt)
            finished_here.append(attempt.token)
            continue
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        to_finish.append(
            {
                "token": attempt.token,
                "sessionid": session.session_key,
                "csrftoken": get_random_string(32, CSRF_CHARS),
            }
        )
    connections.close_all()
    return {"round": round.pk, "prefinished": finished_here, "to_finish": to_finish}


def finished_count(round_id: int) -> int:
    count = Attempt.objects.filter(round_id=round_id, finished_at__isnull=False).count()
    connections.close_all()
    return count


def check(round_id: int, *, expected_finished: set[str], participants: int) -> list[str]:
    """The database holds exactly the attempts finished (set-up + acknowledged HTTP finishes)."""
    problems = []
    attempts = Attempt.objects.filter(round_id=round_id)
    total = attempts.count()
    if total != participants:
        problems.append(f"{total} attempts in the round, expected {participants}")
    finished = set(attempts.filter(finished_at__isnull=False).values_list("token", flat=True))
    if finished - expected_finished:
        problems.append(f"{len(finished - expected_finished)} finished attempts nobody finished")
    if expected_finished - finished:
        problems.append(f"{len(expected_finished - finished)} acknowledged finishes not stored")
    not_best = attempts.filter(finished_at__isnull=False, is_best=False).count()
    if not_best:
        problems.append(f"{not_best} finished attempts (the only one each) not marked best")
    unscored = attempts.filter(finished_at__isnull=False, score__isnull=True).count()
    if unscored:
        problems.append(f"{unscored} finished attempts without a score")
    connections.close_all()
    return problems
