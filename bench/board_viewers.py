#!/usr/bin/env python
"""Viewer process for bench/board_fanout.py: many lean asyncio websocket clients in one process.

Driven by bench/board_fanout.py over stdin/stdout, one JSON object per line:

  {"op": "connect", "n": 2500, "targets": [[url, origin], ...], "t0": <monotonic>,
   "rate": 250, "src": "127.3.1.1", "mode": "site"|"bare", "timeout": 60}
      open n connections, the i-th at t0 + i/rate, to targets[i % len(targets)], from source
      address src; answer when every one has its first message, failed, or timed out.
  {"op": "dump", "path": "/tmp/..json"}   write every viewer's record there
  {"op": "close"}                         close every connection (answer when done)
  {"op": "exit"}

A viewer's record: started, opened (handshake done), first (first message), log and end.
For the site, log holds [receipt, counters.finished] for every snapshot; for the bare server
[receipt, seq, tick time]. end is null while the connection is open, else [time, what].
Every time is time.monotonic(), which is CLOCK_MONOTONIC and shared by all processes on Linux.
Each message is parsed with json.loads, for the site and the bare server alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import time

from websockets.asyncio.client import connect


class Viewer:
    __slots__ = ("started", "opened", "first", "log", "end", "other", "ws", "closing")

    def __init__(self):
        self.started = self.opened = self.first = None
        self.log: list = []
        self.end = None
        self.other = 0
        self.ws = None
        self.closing = False

    def record(self) -> list:
        return [self.started, self.opened, self.first, self.log, self.end, self.other]


async def run_viewer(
    v: Viewer,
    url: str,
    origin: str,
    src: str,
    mode: str,
    start_at: float,
    timeout: float,
    ready: asyncio.Event,
) -> None:
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    v.started = time.monotonic()
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
            v.opened = time.monotonic()
            async for text in ws:
                t = time.monotonic()
                data = json.loads(text)
                if v.first is None:
                    v.first = t
                    ready.set()
                if mode == "site":
                    if data.get("type") == "snapshot":
                        v.log.append((t, data["counters"]["finished"]))
                    else:
                        v.other += 1
                else:
                    v.log.append((t, data["seq"], data["t"]))
            code = ws.close_code
            v.end = [time.monotonic(), "closed by us" if v.closing else f"closed {code}"]
    except Exception as exc:  # noqa: BLE001 (every failure is recorded and reported)
        v.end = [time.monotonic(), f"{type(exc).__name__}: {exc}"[:200]]
    finally:
        ready.set()


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
