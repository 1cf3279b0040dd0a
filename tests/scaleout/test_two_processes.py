"""Two daphne processes on PostgreSQL and Redis: a change through one reaches the other."""

import asyncio
import http.cookiejar
import json
import os
import re
import time
import urllib.parse
import urllib.request

import pytest
import websockets
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from quizzes.models import Attempt, Round
from quizzes.services.attempts import attempt_start
from tests.factories import ParticipantFactory, make_round
from tests.servers import Daphne, manage, server_env

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_servers(tmp_path):
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = server_env(
        DATABASE_URL=url,
        REDIS_URL=os.environ["REDIS_URL"],
        DJANGO_DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        SECRET_KEY=settings.SECRET_KEY,  # the sessions this test makes must be valid there
    )
    manage(env, "collectstatic", "--noinput")
    servers = [Daphne(env, tmp_path / f"daphne-{name}.log") for name in "ab"]
    yield servers
    for server in servers:
        server.stop()
    # Their database sessions end a moment after the processes; the test database
    # can only be dropped once they have.
    with connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if not cursor.fetchone()[0]:
                break

            time.sleep(0.1)


def logged_in_opener(user, base_url):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    jar = http.cookiejar.CookieJar()
    host = urllib.parse.urlsplit(base_url).hostname
    jar.set_cookie(
        http.cookiejar.Cookie(
            0,
            "sessionid",
            session.session_key,
            None,
            False,
            host,
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def finish_through(server, attempt, opener):
    url = f"{server.url}/bai-thi/{attempt.token}/nop-bai/"
    page = opener.open(url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "prediction": "5"}).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    opener.open(request).read()


async def snapshot_with(server, round_id, finished, timeout=10):
    uri = f"ws://127.0.0.1:{server.port}/ws/rounds/{round_id}/board/"
    async with websockets.connect(uri, origin=server.url) as socket:
        first = json.loads(await asyncio.wait_for(socket.recv(), timeout))
        assert first["type"] == "snapshot"

        async def until():
            while True:
                message = json.loads(await socket.recv())
                if message["type"] == "snapshot" and message["counters"]["finished"] >= finished:
                    return message

        return first, await asyncio.wait_for(until(), timeout)


def test_attempt_finished_through_process_a_updates_a_viewer_of_process_b(two_servers):
    a, b = two_servers
    round = make_round(prediction=Round.Prediction.PERFECT)
    person = ParticipantFactory()
    attempt = attempt_start(participant=person, round=round)
    opener = logged_in_opener(person.user, a.url)  # here: the session is written in this thread

    async def scenario():
        viewer = asyncio.ensure_future(snapshot_with(b, round.pk, finished=1))
        await asyncio.sleep(1.5)  # the viewer is connected and has its first snapshot
        await asyncio.to_thread(finish_through, a, attempt, opener)
        return await viewer

    first, update = asyncio.run(scenario())
    assert first["counters"]["finished"] == 0
    assert update["counters"]["finished"] == 1
    assert update["board"][0]["score"] == 0
    assert Attempt.objects.get(pk=attempt.pk).finished_at is not None
