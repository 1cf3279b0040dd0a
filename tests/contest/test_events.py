"""contest.events: a write tells the live screens only once it has committed, and the module
(like every service that calls it) stays clear of the socket server."""

import asyncio
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

from contest import events

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def heard(monkeypatch):
    """Board changes this process's listeners were told of."""
    heard = []
    monkeypatch.setattr(events, "_board_listeners", [*events._board_listeners, heard.append])
    return heard


@pytest_asyncio.fixture
async def board_channel():
    """A channel in round 7's board group, read in the test's own event loop (the writes run
    in a thread, whose on-commit sends come back to this loop, as consumers' do)."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(events.board_group(7), channel)

    async def receive(timeout=0.5):
        try:
            return await asyncio.wait_for(layer.receive(channel), timeout)
        except TimeoutError:
            return None

    yield receive
    await layer.group_discard(events.board_group(7), channel)


def stale_count():
    return cache.get(events.board_key("gen", 7), 0)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_rolled_back_change_tells_no_one(heard, board_channel):
    def write_then_roll_back():
        with transaction.atomic():
            events.board_changed(7)
            events.reveal(7, {"type": "reveal", "tier": "first", "winners": []})
            transaction.set_rollback(True)

    await sync_to_async(write_then_roll_back)()
    assert await sync_to_async(stale_count)() == 0
    assert heard == []
    assert await board_channel() is None


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_nothing_is_sent_before_the_commit_and_everything_after_it(heard, board_channel):
    # One receive, never cancelled (the Redis layer may drop a message for a cancelled one).
    received = asyncio.ensure_future(board_channel(timeout=5))

    def write():
        with transaction.atomic():
            events.reveal(7, {"type": "reveal", "tier": "first", "winners": ["Lê T. B."]})
            time.sleep(0.3)  # what was sent now would have arrived
            return stale_count(), list(heard), received.done()

    assert await sync_to_async(write)() == (0, [], False)
    message = await received
    assert message["type"] == "board.text"
    assert message["text"] == '{"type": "reveal", "tier": "first", "winners": ["Lê T. B."]}'
    assert await sync_to_async(stale_count)() == 1
    assert heard == [7]


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_fails_does_not_break_the_committed_write(heard, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis restarting")

    monkeypatch.setattr(events, "count", down)
    with transaction.atomic():
        events.board_changed(7)
    assert heard == [7], "the local hub still looks (and the next change catches up)"


def test_listeners_are_registered_once(monkeypatch):
    monkeypatch.setattr(events, "_board_listeners", [])

    def listener(round_id):
        pass

    events.on_board_changed(listener)
    events.on_board_changed(listener)
    assert events._board_listeners == [listener]


SOCKET_SIDE = ("twisted", "daphne", "autobahn", "quizzes.live", "quizzes.consumers")


def test_the_events_module_and_every_service_import_no_socket_server():
    """Imported in a fresh process (without the `daphne` app, whose start-up loads twisted),
    neither contest.events nor any module under an app's services/ may load the socket side."""
    services = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in ROOT.glob("*/services/*.py")
        if path.name != "__init__.py"
    )
    assert "quizzes.services.attempts" in services
    script = textwrap.dedent(
        f"""
        import importlib, os, sys, types
        import config.settings.test as base

        settings = types.ModuleType("events_check_settings")
        settings.__dict__.update({{k: v for k, v in vars(base).items() if k.isupper()}})
        settings.INSTALLED_APPS = [app for app in base.INSTALLED_APPS if app != "daphne"]
        sys.modules[settings.__name__] = settings
        os.environ["DJANGO_SETTINGS_MODULE"] = settings.__name__
        import django

        forbidden = {SOCKET_SIDE!r}

        def loaded():
            return sorted(m for m in sys.modules if m.startswith(forbidden))

        django.setup()
        assert not loaded(), f"django.setup() already loaded {{loaded()}}: cannot tell"
        for name in ["contest.events", *{services!r}]:
            importlib.import_module(name)
            assert not loaded(), f"importing {{name}} loaded {{loaded()[:5]}}"
        print("clean", len({services!r}) + 1)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("clean")
