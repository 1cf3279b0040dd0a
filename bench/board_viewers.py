#!/usr/bin/env python
"""Viewer process for bench/board_fanout.py: many lean asyncio websocket clients in one process.

Driven by bench/board_fanout.py over stdin/stdout, one JSON object per line:

  {"op": "connect", "n": 2500, "targets": [[url, origin], ...], "t0": <monotonic>,
   "rate": 250, "src": "127.3.1.1", "mode": "site"|"bare", "timeout": 60}
      open n connections, the i-th at t0 + i/rate, to targets[i % len(targets)], from source
      address src; answer when every one has its first message, failed, or timed out.
      With "reconnect": true (bench/soak.py) a viewer whose connection ends opens a new one
      as static/js/board.js does: after min(30 s, 2^tries s) x (0.5 + random), tries reset
      by every successful open, stopping only on the board's final close codes.
  {"op": "dump", "path": "/tmp/..json"}   write every viewer's record there
  {"op": "close"}                         close every connection (answer when done)
  {"op": "exit"}

A viewer's record: started, opened (handshake done), first (first message), log, end, other
(messages that are not snapshots), last and sessions. For the site, log holds
[receipt, counters.finished] for every snapshot and last the latest snapshot's counters; for the
bare server log holds [receipt, seq, tick time]. end is null while the connection is open, else
[time, what]. sessions has one [opened, first message, ended, what] per connection (reconnect).
Every time is time.monotonic(), which is CLOCK_MONOTONIC and shared by all processes on Linux.
Each message is parsed with json.loads, for the site and the bare server alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import resource
import sys
import time

from websockets.asyncio.client import connect

FINAL_CODES = {4400, 4403, 4404}  # the board's own refusals: static/js/board.js stops there


class Viewer:
    __slots__ = (
        "started",
        "opened",
        "first",
        "log",
        "end",
        "other",
        "ws",
        "closing",
        "last",
        "sessions",
    )

    def __init__(self):
        self.started = self.opened = self.first = None
        self.log: list = []
        self.end = None
        self.other = 0
        self.ws = None
        self.closing = False
        self.last = None
        self.sessions: list = []

    def record(self) -> list:
        return [
            self.started,
            self.opened,
            self.first,
            self.log,
            self.end,
            self.other,
            self.last,
            self.sessions,
        ]


async def run_viewer(
    v: Viewer,
    url: str,
    origin: str,
    src: str,
    mode: str,
    start_at: float,
    timeout: float,
    ready: asyncio.Event,
    reconnect: bool = False,
) -> None:
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    v.started = time.monotonic()
    tries = 0
    try:
        while True:
            session = [None, None, None, None]
            v.sessions.append(session)
            code = await _one_connection(v, session, url, origin, src, mode, timeout, ready)
            if not reconnect or v.closing or code in FINAL_CODES:
                return
            if session[0] is not None:
                tries = 0
            await asyncio.sleep(min(30.0, 2.0**tries) * (0.5 + random.random()))
            tries += 1
            if v.closing:
                return
            v.end = None
    finally:
        ready.set()


async def _one_connection(v, session, url, origin, src, mode, timeout, ready) -> int | None:
    """One websocket connection; fills session = [opened, first message, ended, what] and
    returns the close code (None when the connection failed)."""
    code = None
    try:
        async with connect(
            url,
            origin=origin,
            compression=None,
            proxy=None,
            open_timeout=timeout,
            ping_interval=None,  # the server pings; the client answers
            close_timeout=5,
            max_size=2**20,
            local_addr=(src, 0),
        ) as ws:
            v.ws = ws
            session[0] = time.monotonic()
            if v.opened is None:
                v.opened = session[0]
            async for text in ws:
                t = time.monotonic()
                data = json.loads(text)
                if session[1] is None:
                    session[1] = t
                if v.first is None:
                    v.first = t
                    ready.set()
                if mode == "site":
                    if data.get("type") == "snapshot":
                        v.log.append((t, data["counters"]["finished"]))
                        v.last = data["counters"]
                    else:
                        v.other += 1
                else:
                    v.log.append((t, data["seq"], data["t"]))
            code = ws.close_code
            what = "closed by us" if v.closing else f"closed {code}"
    except Exception as exc:  # noqa: BLE001 (every failure is recorded and reported)
        what = f"{type(exc).__name__}: {exc}"[:200]
    v.end = [time.monotonic(), what]
    session[2], session[3] = v.end
    ready.set()
    return code


async def lag_watch(lags: list) -> None:
    while True:
        t = time.monotonic()
        await asyncio.sleep(0.05)
        now = time.monotonic()
        lags.append((now, now - t - 0.05))


async def main() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    viewers: list[Viewer] = []
    tasks: list[asyncio.Task] = []
    lags: list = []
    lag_task = asyncio.create_task(lag_watch(lags))

    def reply(obj) -> None:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = json.loads(line)
        op = cmd["op"]
        if op == "connect":
            viewers, tasks = [], []
            targets, n, rate = cmd["targets"], cmd["n"], cmd["rate"]
            viewers = [Viewer() for _ in range(n)]
            events = [asyncio.Event() for _ in range(n)]
            for i, v in enumerate(viewers):
                url, origin = targets[i % len(targets)]
                tasks.append(
                    asyncio.create_task(
                        run_viewer(
                            v,
                            url,
                            origin,
                            cmd["src"],
                            cmd["mode"],
                            cmd["t0"] + i / rate,
                            cmd["timeout"],
                            events[i],
                            cmd.get("reconnect", False),
                        )
                    )
                )
            deadline = cmd["t0"] + n / rate + cmd["timeout"] + 5
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.gather(*(e.wait() for e in events)),
                    max(1.0, deadline - time.monotonic()),
                )
            reply(
                {
                    "opened": sum(v.opened is not None for v in viewers),
                    "served": sum(v.first is not None for v in viewers),
                    "failed": sum(v.end is not None for v in viewers),
                }
            )
        elif op == "dump":
            with open(cmd["path"], "w") as f:
                json.dump({"viewers": [v.record() for v in viewers], "lags": lags}, f)
            lags.clear()
            reply({"ok": True})
        elif op == "close":
            for v in viewers:
                v.closing = True
            open_ws = [v.ws for v in viewers if v.ws is not None and v.end is None]
            results = await asyncio.gather(*(ws.close() for ws in open_ws), return_exceptions=True)
            await asyncio.wait(tasks, timeout=15) if tasks else None
            for t in tasks:
                t.cancel()
            reply(
                {
                    "closed": len(open_ws),
                    "errors": sum(isinstance(r, BaseException) for r in results),
                }
            )
        elif op == "exit":
            break
    lag_task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
