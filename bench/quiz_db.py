"""Django side of bench/quiz_load.py and bench/soak.py: build the benchmark database, and check
it after the load.

Imported only after the environment (DJANGO_SETTINGS_MODULE=bench.settings_bench, SQLITE_PATH or
DATABASE_URL, ...) is set and django.setup() has run. build() and check() use the ORM only, so
they work on SQLite and PostgreSQL alike; KeyReader reads SQLite (quiz_load's shortcut).
"""

from __future__ import annotations

import json
import sqlite3
import string
from collections import Counter
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string

from contest.models import Contest, Participant
from quizzes.demo import _bank
from quizzes.models import Attempt, AttemptItem, Choice, Round, TopicQuota

CSRF_CHARS = string.ascii_letters + string.digits
PER_TOPIC = 4  # the demo bank has 5 topics: 20 questions per attempt


def make_participants(
    count: int, *, prefix: str, name: str, phone: str, password: str | None
) -> list:
    """`count` users with verified emails and participant profiles, in email order."""
    User = get_user_model()
    hashed = make_password(password)
    User.objects.bulk_create(
        User(email=f"{prefix}{i:05d}@example.org", password=hashed) for i in range(count)
    )
    users = list(User.objects.filter(email__startswith=prefix).order_by("email"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    now = timezone.now()
    Participant.objects.bulk_create(
        Participant(
            user=user,
            full_name=f"{name} {i:05d}",
            phone=f"{phone}{i:08d}",
            participant_type=Participant.Type.CIVIL_SERVANT,
            unit_other="Đơn vị benchmark",
            consent_given_at=now,
        )
        for i, user in enumerate(users)
    )
    return users


def build(*, participants: int, rounds: tuple[str, ...]) -> dict:
    """Migrate, collect static files, create users with sessions and the rounds.

    Returns {"users": [{"id", "sessionid", "csrftoken"}...], "rounds": {name: round id}}.
    """
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    now = timezone.now()
    with transaction.atomic():
        contest = Contest.objects.create(
            title="Benchmark contest", slug="bench", starts_at=now - timedelta(days=1)
        )
        bank = _bank()  # the demo bank: 64 real questions in 5 topics
        questions = PER_TOPIC * bank.topics.count()
        round_ids = {}
        for name in rounds:
            round = Round.objects.create(
                contest=contest,
                title=f"Benchmark – {name}",
                bank=bank,
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=1),
                time_limit_minutes=240,
                max_attempts=1,
                prediction=Round.Prediction.PERFECT,
            )
            TopicQuota.objects.bulk_create(
                TopicQuota(round=round, topic=topic, count=PER_TOPIC) for topic in bank.topics.all()
            )
            round_ids[name] = round.pk
        users = make_participants(
            participants, prefix="bench", name="Thí sinh", phone="09", password="bench-only"
        )
        out = []
        SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
        for user in users:
            # What a login leaves in the session (django.contrib.auth.login), written directly.
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            out.append(
                {
                    "id": user.pk,
                    "sessionid": session.session_key,
                    "csrftoken": get_random_string(32, CSRF_CHARS),
                }
            )
    connections.close_all()
    return {"users": out, "rounds": round_ids, "questions": questions}


class KeyReader:
    """Reads an attempt's choice keys straight from SQLite (the load generator's shortcut for
    what a browser reads from the question pages). A read-only plain sqlite3 connection: no ORM
    in the load loop."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, timeout=20, check_same_thread=False)
        self.db.execute("PRAGMA query_only=1")

    def keys(self, token: str) -> dict[int, list[str]]:
        rows = self.db.execute(
            "SELECT i.position, i.choice_keys FROM quizzes_attemptitem i "
            "JOIN quizzes_attempt a ON a.id = i.attempt_id WHERE a.token = ?",
            (token,),
        ).fetchall()
        return {position: [key for key, _id in json.loads(raw)] for position, raw in rows}

    def keys_for_round(self, round_id: int) -> dict[str, dict[int, list[str]]]:
        out: dict[str, dict[int, list[str]]] = {}
        for token, position, raw in self.db.execute(
            "SELECT a.token, i.position, i.choice_keys FROM quizzes_attemptitem i "
            "JOIN quizzes_attempt a ON a.id = i.attempt_id WHERE a.round_id = ?",
            (round_id,),
        ):
            out.setdefault(token, {})[position] = [key for key, _id in json.loads(raw)]
        return out

    def close(self):
        self.db.close()


def check(ledgers: dict, *, round_ids: dict) -> dict:
    """Compare the database with what the clients were told.

    ledgers: {token: Ledger} (see quiz_load.Ledger). Returns {"problems": [...] lost or wrong
    data, "incomplete": [...] attempts left unfinished whose client never had a finish
    acknowledged (a failed request stopped it: an error it was told of, not lost data),
    "attempts", "items"}.
    """
    problems: list[str] = []
    incomplete: list[str] = []
    correct: dict[int, set[int]] = {}
    for question_id, choice_id in Choice.objects.filter(is_correct=True).values_list(
        "question_id", "id"
    ):
        correct.setdefault(question_id, set()).add(choice_id)
    attempts = {
        a.token: a
        for a in (
            Attempt.objects.filter(round_id__in=round_ids.values())
            .select_related("participant")
            .prefetch_related("items")
        )
    }
    checked_items = 0
    for token, ledger in ledgers.items():
        attempt = attempts.get(token)
        if attempt is None:
            problems.append(f"attempt {token}: acknowledged start but no attempt in the database")
            continue
        if attempt.participant.user_id != ledger.user_id:
            problems.append(f"attempt {token}: belongs to another user")
        items = {item.position: item for item in attempt.items.all()}
        for position, sends in ledger.answers.items():
            item = items.get(position)
            if item is None:
                problems.append(f"attempt {token} q{position}: no such item")
                continue
            mapping = dict(item.choice_keys)
            allowed = _allowed(sends, empty=[])
            allowed_ids = [sorted(mapping[k] for k in keys) for keys in allowed]
            checked_items += 1
            if sorted(item.selected) not in allowed_ids:
                problems.append(
                    f"attempt {token} q{position}: stored {item.selected}, "
                    f"acknowledged {allowed_ids[0]} (allowed {allowed_ids})"
                )
        for position, item in items.items():
            if position not in ledger.answers and item.selected:
                problems.append(f"attempt {token} q{position}: answer stored but never sent")
        if ledger.predictions:
            allowed = _allowed(ledger.predictions, empty=None)
            if attempt.prediction not in allowed:
                problems.append(
                    f"attempt {token}: prediction {attempt.prediction}, expected one of {allowed}"
                )
        if attempt.finished_at is None:
            if ledger.finished_ack:
                problems.append(f"attempt {token}: finish acknowledged but attempt not finished")
            else:
                incomplete.append(f"attempt {token}: not finished (no finish acknowledged)")
        if attempt.finished_at is not None:
            expected = sum(
                set(item.selected) == correct.get(item.question_id, set())
                for item in items.values()
            )
            flags = sum(bool(item.is_correct) for item in items.values())
            if attempt.score != expected or flags != expected:
                problems.append(
                    f"attempt {token}: score {attempt.score} (item flags {flags}), "
                    f"expected {expected} from the stored answers"
                )
            if attempt.finish_reason != Attempt.Finish.SUBMITTED:
                problems.append(f"attempt {token}: finished as {attempt.finish_reason}")
            if not attempt.is_best:
                problems.append(f"attempt {token}: the only attempt is not marked best")
    for name, round_id in round_ids.items():
        per_person = Counter(
            Attempt.objects.filter(round_id=round_id).values_list("participant_id", flat=True)
        )
        over = [pid for pid, count in per_person.items() if count > 1]
        if over:
            problems.append(f"round {name}: {len(over)} participants with more than 1 attempt")
        tokens = set(Attempt.objects.filter(round_id=round_id).values_list("token", flat=True))
        mine = {t for t, ledger in ledgers.items() if ledger.round == name}
        if tokens - mine:
            problems.append(f"round {name}: {len(tokens - mine)} attempts no client was told of")
    return {
        "problems": problems,
        "incomplete": incomplete,
        "attempts": len(ledgers),
        "items": checked_items,
    }


def tamper(ledgers: dict) -> None:
    """Self-test of check(): lose an answer, mis-score an attempt, un-finish another."""
    tokens = [t for t, ledger in ledgers.items() if ledger.finished_ack and ledger.answers]
    first, second, third = tokens[:3]
    position = next(iter(ledgers[first].answers))
    AttemptItem.objects.filter(attempt__token=first, position=position).update(selected=[])
    Attempt.objects.filter(token=second).update(score=F("score") + 1)
    Attempt.objects.filter(token=third).update(finished_at=None, is_best=False)


def _allowed(sends: list[tuple], *, empty):
    """Values the database may hold: the last acknowledged one, or anything sent after it
    without an acknowledgement (it may or may not have landed)."""
    last_ack = None
    for index, (_value, acked) in enumerate(sends):
        if acked:
            last_ack = index
    if last_ack is None:
        return [empty] + [value for value, _acked in sends]
    return [value for value, _acked in sends[last_ack:]]
