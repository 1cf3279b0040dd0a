"""Live boards: each change is serialised once and sent once per process.

A finished attempt bumps the round's generation counter after commit (in the
cache, Redis when scaled out). In every process that has viewers of the round a
ticker notices the new generation; one of them (a short cache lock elects it, at
most once a second) computes the snapshot and sends it to the round's group on
the channel layer. Each process subscribes to that group once, not once per
viewer, and writes the ready-made text to its own connections. A change made in
this process wakes the ticker at once, so the first update after a quiet spell
goes out as soon as its snapshot is read.
"""

import asyncio
import contextlib
import contextvars
import functools
import gc
import json
import logging

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from twisted.internet import tcp  # daphne's; importing it installs no reactor

from config.cache import count

from . import boards
from .models import Round

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.1
PUBLISH_EVERY_SECONDS = 1
OWN_RANK_EVERY_SECONDS = 3


def group_name(round_id: int) -> str:
    return f"board.{round_id}"


def _key(kind: str, round_id: int) -> str:
    return f"board:{kind}:{round_id}"


def board_changed(round_id: int) -> None:
    """Mark the round's board stale; call it from `transaction.on_commit`."""
    key = _key("gen", round_id)
    try:
        count(key, timeout=None)
    except Exception:  # Redis restarting: the change is committed; the next one catches up
        logger.warning("board %s: could not mark the board stale", round_id, exc_info=True)
    hub.wake()


def broadcast(round_id: int, message: dict) -> None:
    """Send a message to every viewer of the round in every process (sync callers)."""
    text = json.dumps(message, ensure_ascii=False)
    async_to_sync(get_channel_layer().group_send)(
        group_name(round_id), {"type": "board.text", "text": text}
    )


@database_sync_to_async
def _snapshot_text(round_id: int) -> str | None:
    round = Round.objects.select_related("contest").filter(pk=round_id).first()
    if round is None:
        return None
    return json.dumps(boards.snapshot(round), ensure_ascii=False)


@database_sync_to_async
def _own_ranks(round_id: int, user_ids: set[int]) -> dict[int, tuple[int, int]]:
    return boards.own_ranks(Round(pk=round_id), user_ids)


def _daphne_protocol(viewer):
    """The autobahn protocol behind a consumer's send, when daphne serves it (else None).

    The send passes through Channels' session wrapper (`real_send`) to daphne's
    `partial(handle_reply, protocol)`.
    """
    send = getattr(getattr(viewer, "base_send", None), "__self__", None)
    send = getattr(send, "real_send", None)
    protocol = send.args[0] if isinstance(send, functools.partial) and send.args else None
    return protocol if hasattr(protocol, "sendPreparedMessage") else None


def _write_now(protocol, frame: bytes) -> None:
    """Write a ready websocket frame to the viewer's socket now.

    Twisted queues every write for a later turn of its loop and registers the socket
    for writing meanwhile (two epoll calls per connection and message); a bare
    asyncio server tries the socket at once. When nothing is waiting to go out on
    the connection, this sends straight away and queues only what the socket did not
    take, so the order of bytes on the wire is kept.
    """
    transport = protocol.transport
    if (
        protocol.send_queue
        or protocol._perMessageCompress is not None
        or not isinstance(transport, tcp.Connection)
        or transport._tempDataBuffer
        or transport.offset != len(transport.dataBuffer)
        or not transport.connected
        or transport.disconnecting
    ):
        protocol.sendData(frame)
        return
    sent = transport.writeSomeData(frame)
    if not isinstance(sent, int):  # connection lost: twisted's own write path closes it
        sent = 0
    if sent < len(frame):
        transport.write(frame[sent:])


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
        # viewer -> its daphne protocol (or None), resolved once when it joins
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
    reaches every viewer that much later (docs/benchmarks-board.md). So, right after
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
            await layer.group_add(group_name(round_id), room.channel)
            room.reader = _watched_task(self._read(round_id, room), f"reader of round {round_id}")
        room.viewers[viewer] = _daphne_protocol(viewer)
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
            await get_channel_layer().group_discard(group_name(round_id), room.channel)
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
        # Under daphne the frame is built once (autobahn's prepared messages) and its
        # bytes written to every open socket at once, as a bare broadcast server does;
        # elsewhere (tests, other servers) each viewer sends through its consumer.
        prepared = None
        for viewer, protocol in list(room.viewers.items()):
            try:
                if protocol is None:
                    await viewer.send(text_data=text)
                elif protocol.state == protocol.STATE_OPEN:
                    if prepared is None:
                        prepared = protocol.factory.prepareMessage(text.encode())
                    _write_now(protocol, prepared.payloadHybi)
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
        known = await cache.aget_many([_key("gen", round_id), _key("pub", round_id)])
        generation = known.get(_key("gen", round_id), 0)
        published = known.get(_key("pub", round_id), 0)
        # Not "<=": a counter the cache dropped (culled, evicted, Redis restarted) starts
        # again from 1, below what was published, and the board would stop for good.
        if generation == published:
            return
        # One process publishes per second; the others hear it through the group.
        if not await cache.aadd(_key("lock", round_id), 1, timeout=PUBLISH_EVERY_SECONDS):
            return
        text = await _snapshot_text(round_id)
        if text is None:
            return
        await cache.aset(_key("pub", round_id), generation, timeout=None)
        await get_channel_layer().group_send(
            group_name(round_id), {"type": "board.text", "text": text, "snapshot": True}
        )


hub = Hub()
