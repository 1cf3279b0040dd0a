"""Answer saves from many phones at once through `make run`'s server on SQLite: daphne hands
them to Django's WSGI handler on its thread pool (config/asgi.py) and SQLite takes one
writer at a time (BEGIN IMMEDIATE, busy timeout). None may fail, none may be lost."""

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.servers import Daphne, manage, server_env

PARTICIPANTS = 8
CHANGES = 3  # each answer changed this many times: the last one sent must be the one kept

SET_UP = f"""
import json
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from quizzes.services.attempts import attempt_start
from tests.factories import ParticipantFactory, make_round

round = make_round(questions_per_topic=(5,), bank_size=5, prediction="none")
attempts = []
for _ in range({PARTICIPANTS}):
    participant = ParticipantFactory()
    attempt = attempt_start(participant=participant, round=round)
    client = Client()
    client.force_login(participant.user)
    items = [[item.position, [key for key, _ in item.choice_keys]] for item in attempt.items.all()]
    attempts.append(
        {{"token": attempt.token, "session": client.cookies["sessionid"].value, "items": items}}
    )
print(json.dumps({{"csrf": get_token(RequestFactory().get("/")), "attempts": attempts}}))
"""

SAVED = """
import json
from quizzes.models import AttemptItem

print(json.dumps([
    [item.attempt.token, item.position, sorted(
        key for key, choice_id in item.choice_keys if choice_id in item.selected
    )]
    for item in AttemptItem.objects.select_related("attempt")
]))
"""


def shell_json(env, code: str):
    """What `code` prints last, run by `manage.py shell` on the server's database."""
    return json.loads(manage(env, "shell", "--no-imports", "-c", code).splitlines()[-1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("answers")
    env = server_env(
        DJANGO_DEBUG="1", SQLITE_PATH=str(workdir / "db.sqlite3"), MEDIA_ROOT=str(workdir / "m")
    )
    manage(env, "migrate", "--noinput")
    world = shell_json(env, SET_UP)
    daphne = Daphne(env, workdir / "daphne.log")
    yield daphne, env, world
    daphne.stop()


def save(url, host, csrf, session, data) -> int:
    request = urllib.request.Request(
        url,
        data=urlencode(data, doseq=True).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Origin": host,
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
        assert body["ok"], body
        return response.status


def test_saves_from_many_phones_at_once_all_succeed_and_the_last_answer_is_kept(server):
    daphne, env, world = server
    start = threading.Barrier(PARTICIPANTS)

    def take_part(attempt) -> list[int]:
        url = f"{daphne.url}/bai-thi/{attempt['token']}/tra-loi/"
        start.wait()  # every phone sends its first save at the same moment
        statuses = []
        for change in range(CHANGES):
            for position, keys in attempt["items"]:
                data = {"position": position, "choice": keys[change % len(keys)]}
                statuses.append(save(url, daphne.url, world["csrf"], attempt["session"], data))
        return statuses

    with ThreadPoolExecutor(PARTICIPANTS) as pool:
        results = list(pool.map(take_part, world["attempts"]))
    assert [set(statuses) for statuses in results] == [{200}] * PARTICIPANTS

    saved = {(token, position): keys for token, position, keys in shell_json(env, SAVED)}
    expected = {
        (attempt["token"], position): [keys[(CHANGES - 1) % len(keys)]]
        for attempt in world["attempts"]
        for position, keys in attempt["items"]
    }
    assert saved == expected
    assert "database is locked" not in daphne.log_path.read_text()
