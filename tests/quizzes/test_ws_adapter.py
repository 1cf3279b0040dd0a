"""quizzes.ws_adapter: the board's fast path under daphne, checked against pinned versions."""

import asyncio
import json
import re
import subprocess
import sys
import time

import pytest
import websockets

from quizzes import ws_adapter
from tests.servers import ROOT, Daphne, manage, server_env


def test_the_installed_servers_are_the_versions_the_adapter_was_checked_against():
    """When daphne, twisted or autobahn change, read quizzes/ws_adapter.py against the new
    versions, measure again (docs/benchmarks-board.md), then update CHECKED and the pins."""
    assert ws_adapter.installed_versions() == ws_adapter.CHECKED
    assert ws_adapter.ENABLED
    pins = dict(
        re.findall(r"^([A-Za-z][\w.-]*)==([\w.]+)", (ROOT / "requirements.txt").read_text(), re.M)
    )
    pinned = {name.lower(): version for name, version in pins.items()}
    assert {name: pinned.get(name) for name in ws_adapter.CHECKED} == ws_adapter.CHECKED


SEED = """
from datetime import timedelta
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from quizzes.models import Round
from quizzes.services.attempts import attempt_finish, attempt_start
from quizzes.services.ranking import round_close, round_publish
from tests.factories import OrganizerFactory, ParticipantFactory, make_round

now = timezone.now()
round = make_round(
    prediction=Round.Prediction.NONE, opens_at=now - timedelta(days=2),
    closes_at=now - timedelta(hours=1), prizes_first=1, prizes_second=0, prizes_third=0,
    prizes_consolation=1,
)
for _ in range(3):
    attempt = attempt_start(participant=ParticipantFactory(), round=round, now=round.opens_at)
    attempt_finish(attempt=attempt, now=round.opens_at + timedelta(minutes=5))
round_close(round=round)
round_publish(round=round)
organizer = OrganizerFactory()
session = SessionStore()
session[SESSION_KEY] = str(organizer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = organizer.get_session_auth_hash()
session.create()
print(round.pk, session.session_key)
"""


@pytest.fixture
def daphne_with_a_published_round(tmp_path):
    env = server_env(
        DJANGO_DEBUG="1",
        LOG_LEVEL="DEBUG",
        ALLOWED_HOSTS="127.0.0.1",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage(env, "migrate", "--noinput")
    seeded = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    round_id, session_key = seeded.stdout.split()[-2:]
    server = Daphne(env, tmp_path / "daphne.log")
    yield server, int(round_id), session_key
    server.stop()


def test_under_daphne_every_viewer_gets_one_frame_written_for_all(daphne_with_a_published_round):
    server, round_id, session_key = daphne_with_a_published_round
    uri = f"ws://127.0.0.1:{server.port}/ws/rounds/{round_id}/board/"

    async def next_of(socket, kind):
        while True:
            message = json.loads(await asyncio.wait_for(socket.recv(), 10))
            if message["type"] == kind:
                return message

    async def scenario():
        control = await websockets.connect(
            uri, origin=server.url, additional_headers={"Cookie": f"sessionid={session_key}"}
        )
        viewers = [await websockets.connect(uri, origin=server.url) for _ in range(3)]
        everyone = [control, *viewers]
        for socket in everyone:
            await next_of(socket, "snapshot")
        await control.send(json.dumps({"type": "reveal", "tier": "consolation"}))
        reveals = [await next_of(socket, "reveal") for socket in everyone]
        for socket in everyone:
            await socket.close()
        return reveals

    reveals = asyncio.run(scenario())
    assert [reveal["tier"] for reveal in reveals] == ["consolation"] * 4
    assert all(len(reveal["winners"]) == 1 for reveal in reveals)
    deadline = time.monotonic() + 5
    while "board: sent to 4 viewers, one frame" not in server.log_path.read_text():
        assert time.monotonic() < deadline, server.log_path.read_text()[-3000:]
        time.sleep(0.1)
