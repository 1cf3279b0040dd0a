"""Live boards, the socket side of `contest.events`: each change is serialised once and
sent once per process.

A committed change bumps the round's generation counter in the cache (Redis when scaled
out; `contest.events.board_changed`). In every process that has viewers of the round a
ticker notices the new generation; one of them (a short cache lock elects it, at most once
a second) computes the snapshot and sends it to the round's group on the channel layer. Each
process subscribes to that group once, not once per viewer, and writes the ready-made text
to its own connections. A change made in this process wakes the ticker at once (this module
registers itself with `contest.events` when imported), so the first update after a quiet
spell goes out as soon as its snapshot is read.

Coalescing, building each frame once and the garbage-collection policy live here. Viewers
are written to through their consumer's `send` (public APIs only), except under daphne with
the versions `quizzes.ws_adapter` was checked against: there one frame is written to every
socket at once, the measured fast path, and only that module knows the servers' insides.
"""

import asyncio
import contextlib
import contextvars
import gc
import json
import logging

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache

from contest import events

from . import boards, ws_adapter
from .models import Round

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.1
PUBLISH_EVERY_SECONDS = 1
OWN_RANK_EVERY_SECONDS = 3


@database_sync_to_async
def _snapshot_text(round_id: int) -> str | None:
    round = Round.objects.select_related("contest").filter(pk=round_id).first()
    if round is None:
        return None
    return json.dumps(boards.snapshot(round), ensure_ascii=False)


@database_sync_to_async
def _own_ranks(round_id: int, user_ids: set[int]) -> dict[int, tuple[int, int]]:
    return boards.own_ranks(Round(pk=round_id), user_ids)


def _watched_task(coroutine, name: str) -> asyncio.Task:
    """A task of the hub, which says so in the log if it ends by an error (it is kept
    referenced, so asyncio itself would never report it).

    It runs in a context of its own: not the consumer's or request thread's that started
    it (asgiref would take the ticker for code already inside that thread).
    """

    def report(task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception() is not None:
            logger.error("board %s stopped", name, exc_info=task.exception())

    task = asyncio.create_task(coroutine, context=contextvars.Context())
    task.add_done_callback(report)
    return task


class Room:
    def __init__(self):
        # consumer -> its frame writer under daphne (quizzes.ws_adapter), else None
        self.viewers: dict = {}
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.text: str | None = None  # the latest snapshot, for newcomers
        self.lock = asyncio.Lock()
        self.ranks_at = 0.0
        self.ranks_due = False  # a new snapshot or a new participant viewer


class Collector:
    """Keeps full garbage collections out of the broadcasts.

    CPython's full collection walks every object alive; with a few thousand open
    connections it stops the process for 0.3-0.5 s, and an update caught in it
    reaches every viewer that much later (docs/benchmarks-board.md). So, once start-up
    is done (`after_startup`, called last by config/asgi.py), and right after
    a broadcast, once enough viewers have joined, what is alive moves to the
    permanent generation (`gc.freeze()`) and later full collections scan only what
    is new. Frozen objects are never collected: once enough viewers have left, one
    full collection over everything runs right after a broadcast (the next one is a
    second away), or at once when the last viewer of the process leaves.
    """

    FREEZE_AFTER_JOINS = 200
    SWEEP_AFTER_LEAVES = 1000

    def __init__(self):
        self.joined = self.left = 0

    def after_startup(self) -> None:
        """What start-up loaded (settings, apps, models, URLs) lives as long as the process:
        full collections need not scan it again."""
        gc.freeze()

    def after_broadcast(self, viewers_left: bool = True) -> None:
        if self.left >= self.SWEEP_AFTER_LEAVES or (
            not viewers_left and self.left >= self.FREEZE_AFTER_JOINS
        ):
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.joined = self.left = 0
        elif self.joined >= self.FREEZE_AFTER_JOINS:
            gc.collect(1)  # the young garbage, so that none of it is frozen
            gc.freeze()
            self.joined = 0


class Hub:
    """This process's viewers, by round."""

    def __init__(self):
        self.loop = None
        self.rooms: dict[int, Room] = {}
        self.ticker: asyncio.Task | None = None
        self.woken: asyncio.Event | None = None
        self.collector = Collector()

    def _reset_if_new_loop(self):
        # Tests run each case in a new event loop; a server runs one forever.
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            self.loop, self.rooms, self.ticker = loop, {}, None
            self.woken = asyncio.Event()

    def wake(self) -> None:
        """Have the ticker look for stale boards now (from any thread of this process)."""
        loop = self.loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._wake_ticker)

    def _wake_ticker(self) -> None:
        self.woken.set()
        if self.rooms:
            self._start_ticker()

    def _start_ticker(self) -> None:
        """Start the ticker unless it runs (it ends when the process has no viewers left)."""
        if self.ticker is None or self.ticker.done():
            self.ticker = _watched_task(self._tick(), "ticker")

    def watched(self, round_id: int) -> bool:
        """Whether this process already serves the round (so it is known to exist)."""
        self._reset_if_new_loop()
        return round_id in self.rooms

    async def join(self, round_id: int, viewer) -> None:
        self._reset_if_new_loop()
        room = self.rooms.get(round_id)
        if room is None:
            room = self.rooms[round_id] = Room()
            layer = get_channel_layer()
            room.channel = await layer.new_channel()
            await layer.group_add(events.board_group(round_id), room.channel)
            room.reader = _watched_task(self._read(round_id, room), f"reader of round {round_id}")
        room.viewers[viewer] = ws_adapter.writer_for(viewer.scope)
        self.collector.joined += 1
        if viewer.user_id:
            room.ranks_due = True
        self._start_ticker()

    async def leave(self, round_id: int, viewer) -> None:
        room = self.rooms.get(round_id)
        if room is None:
            return
        room.viewers.pop(viewer, None)
        self.collector.left += 1
        if not room.viewers:
            del self.rooms[round_id]
            room.reader.cancel()
            await get_channel_layer().group_discard(events.board_group(round_id), room.channel)
            if not self.rooms:
                self.woken.set()  # the ticker ends now instead of after its wait
                self.collector.after_broadcast(viewers_left=False)

    async def current_text(self, round_id: int) -> str | None:
        """The latest snapshot; computed once when a burst of viewers arrives together."""
        room = self.rooms[round_id]
        async with room.lock:
            if room.text is None:
                room.text = await _snapshot_text(round_id)
        return room.text

    async def _read(self, round_id: int, room: Room) -> None:
        layer = get_channel_layer()
        while True:
            try:
                message = await layer.receive(room.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarting: wait and listen again
                logger.warning("board %s: channel layer receive failed", round_id, exc_info=True)
                await asyncio.sleep(1)
                continue
            text = message.get("text")
            if not text:
                continue
            # A reveal makes the kept snapshot stale: newcomers get a fresh one.
            room.text = text if message.get("snapshot") else None
            room.ranks_due = room.ranks_due or bool(message.get("snapshot"))
            await self._send_all(room, text)
            self.collector.after_broadcast()

    async def _send_all(self, room: Room, text: str) -> None:
        # The text was serialised once for every viewer of every process. Under daphne its
        # frame is built once here too and written to each socket at once (the measured fast
        # path, quizzes.ws_adapter); elsewhere each consumer sends it (the public API).
        prepared = None
        for viewer, writer in list(room.viewers.items()):
            try:
                if writer is None:
                    await viewer.send(text_data=text)
                    continue
                if prepared is None:
                    prepared = writer.prepare(text)
                writer.write(prepared)
            except Exception:  # a connection closing meanwhile
                room.viewers.pop(viewer, None)
        logger.debug(
            "board: sent to %d viewers, %s",
            len(room.viewers),
            "one frame" if prepared else "per consumer",
        )

    async def _send_own_ranks(self, round_id: int, room: Room) -> None:
        """Participants' own ranks, for all of this process's viewers in one query, every few s."""
        now = asyncio.get_running_loop().time()
        if not room.ranks_due or now - room.ranks_at < OWN_RANK_EVERY_SECONDS:
            return
        room.ranks_at, room.ranks_due = now, False
        people = {v.user_id: v for v in room.viewers if v.user_id}
        if not people:
            return
        ranks = await _own_ranks(round_id, set(people))
        for user_id, (rank, total) in ranks.items():
            viewer = people[user_id]
            if viewer in room.viewers:
                await viewer.send_own_rank(rank, total)

    async def _tick(self) -> None:
        while self.rooms:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.woken.wait(), TICK_SECONDS)
            self.woken.clear()
            for round_id in list(self.rooms):
                try:
                    await self._publish_if_stale(round_id)
                    if round_id in self.rooms:
                        await self._send_own_ranks(round_id, self.rooms[round_id])
                except Exception:
                    logger.warning("board %s: publishing failed", round_id, exc_info=True)

    async def _publish_if_stale(self, round_id: int) -> None:
        gen, pub, lock = (events.board_key(kind, round_id) for kind in ("gen", "pub", "lock"))
        known = await cache.aget_many([gen, pub])
        generation = known.get(gen, 0)
        published = known.get(pub, 0)
        # Not "<=": a counter the cache dropped (culled, evicted, Redis restarted) starts
        # again from 1, below what was published, and the board would stop for good.
        if generation == published:
            return
        # One process publishes per second; the others hear it through the group.
        if not await cache.aadd(lock, 1, timeout=PUBLISH_EVERY_SECONDS):
            return
        text = await _snapshot_text(round_id)
        if text is None:
            return
        await cache.aset(pub, generation, timeout=None)
        await get_channel_layer().group_send(
            events.board_group(round_id), {"type": "board.text", "text": text, "snapshot": True}
        )


hub = Hub()


def _wake_local_hub(round_id: int) -> None:
    hub.wake()


def after_startup() -> None:
    """The process has loaded what it keeps for good (config/asgi.py calls this last)."""
    hub.collector.after_startup()


events.on_board_changed(_wake_local_hub)
