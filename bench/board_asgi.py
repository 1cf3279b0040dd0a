"""The site's ASGI application (config.asgi) with a timestamp probe on the live board.

Used by bench/board_fanout.py only: `daphne bench.board_asgi:application`. Nothing in the
request or websocket path changes; when BOARD_PROBE_LOG is set, two functions of quizzes.live
are wrapped to append one line per event to that file (O_APPEND, one write per line):

  <pid> snap  <monotonic> <finished>            a snapshot was computed (quizzes.live._snapshot_text
                                                returned; in the window measured this is the
                                                publisher, just before its group_send)
  <pid> send0 <monotonic> <finished> <viewers>  this process starts writing it to its viewers
  <pid> send1 <monotonic> <finished> <viewers>  ... and has written it to all of them

  <pid> gc    <monotonic> <generation> <seconds>  a garbage collection of 10 ms or more ended

That is one json.loads and three small writes per publish (once a second at most), whatever
the number of viewers, and a callback per garbage collection.
"""

import json
import os
import time

from config.asgi import application  # noqa: F401 (sets Django up first)
from quizzes import live

_LOG = os.environ.get("BOARD_PROBE_LOG")

if _LOG:
    _fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    _pid = os.getpid()

    def _write(kind: str, finished, extra="") -> None:
        os.write(_fd, f"{_pid} {kind} {time.monotonic():.6f} {finished} {extra}\n".encode())

    def _finished(text: str):
        try:
            return json.loads(text)["counters"]["finished"]
        except (ValueError, KeyError, TypeError):
            return -1

    _snapshot_text = live._snapshot_text

    async def _probed_snapshot_text(round_id):
        text = await _snapshot_text(round_id)
        if text:
            _write("snap", _finished(text))
        return text

    _send_all = live.Hub._send_all

    async def _probed_send_all(self, room, text):
        finished = _finished(text)
        _write("send0", finished, len(room.viewers))
        await _send_all(self, room, text)
        _write("send1", finished, len(room.viewers))

    live._snapshot_text = _probed_snapshot_text
    live.Hub._send_all = _probed_send_all

    # Garbage-collector pauses of 10 ms or more: "<pid> gc <end> <generation> <seconds>".
    import gc

    _gc_started = [0.0]

    def _gc_probe(phase, info):
        now = time.monotonic()
        if phase == "start":
            _gc_started[0] = now
        elif now - _gc_started[0] >= 0.010:
            _write("gc", info.get("generation", -1), f"{now - _gc_started[0]:.4f}")

    gc.callbacks.append(_gc_probe)


# --- Experiment (bench only; NOT the application): BOARD_EXPERIMENT=connect -----------------
# What bench/board_fanout.py --experiment connect measures: the connection path of the board
# as docs/benchmarks-board.md proposes to change it in the application, applied here in-process
# so that the proposal's effect is measured rather than guessed. The fan-out is unchanged.
#  1. BoardConsumer gets no channel of its own (channels' AsyncConsumer creates one per consumer
#     and waits on it: one Redis SUBSCRIBE per viewer with channels_redis, an O(channels) sweep
#     per receive with the in-memory layer); the hub already listens once per process.
#  2. No close_old_connections() thread hop before every handler (AsyncConsumer.dispatch does it
#     for each message; the handlers that touch the database use database_sync_to_async, which
#     does it anyway).
#  3. The round's visibility is kept for a few seconds per process instead of one query (and a
#     fresh SQLite connection, since CONN_MAX_AGE is 0) per viewer; anonymous viewers need no
#     database at all. (Only for the code before commit 6ed4b57, which does this itself.)
#  4. No thread hop to resolve the user when the request carries no session cookie.
if "connect" in os.environ.get("BOARD_EXPERIMENT", "").split(","):
    from channels import auth as channels_auth
    from channels.db import database_sync_to_async
    from django.contrib.auth.models import AnonymousUser

    from contest.roles import is_organizer
    from quizzes import consumers
    from quizzes.models import Round

    consumers.BoardConsumer.channel_layer_alias = "(none: the hub listens for the process)"

    async def _dispatch(self, message):
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None or message["type"].startswith("_"):
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    consumers.BoardConsumer.dispatch = _dispatch

    _visible: dict[int, tuple[float, bool]] = {}

    @database_sync_to_async
    def _round_visible(round_id):
        return Round.objects.filter(pk=round_id, contest__is_active=True).exists()

    @database_sync_to_async
    def _person(user):
        participant = hasattr(user, "participant")
        return (user.pk if participant else None), is_organizer(user)

    async def _viewer(round_id, user):
        now = time.monotonic()
        hit = _visible.get(round_id)
        if hit is None or hit[0] < now:
            hit = _visible[round_id] = (now + 5, await _round_visible(round_id))
        if not user.is_authenticated:
            return hit[1], None, False
        user_id, organizer = await _person(user)
        return hit[1], user_id, organizer

    if hasattr(consumers, "_viewer"):  # the connect path before commit 6ed4b57
        consumers._viewer = _viewer

    _get_user = channels_auth.get_user

    async def _get_user_unless_anonymous(scope):
        session = scope.get("session")
        if session is not None and session.session_key is None:
            return AnonymousUser()
        return await _get_user(scope)

    channels_auth.get_user = _get_user_unless_anonymous


# --- Experiments (bench only): BOARD_EXPERIMENT=queued, BOARD_EXPERIMENT=public ------------
# The frame path's A/B runs, on the same machine and code otherwise (docs/benchmarks-board.md):
# "queued" hands the prepared frame to twisted's write queue (autobahn's public
# sendPreparedMessage) instead of writing it to the idle socket at once; "public" turns the
# adapter off, so every viewer is sent to through its consumer (public APIs only).
_experiments = os.environ.get("BOARD_EXPERIMENT", "").split(",")
if "queued" in _experiments:
    from quizzes import ws_adapter

    ws_adapter.FrameWriter.write = lambda self, prepared: self.protocol.sendPreparedMessage(
        prepared
    )
if "public" in _experiments:
    from quizzes import ws_adapter

    ws_adapter.ENABLED = False
