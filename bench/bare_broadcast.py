#!/usr/bin/env python
"""The fan-out ceiling for bench/board_fanout.py: a bare `websockets` broadcast server.

    .venv/bin/python bench/bare_broadcast.py --port 9100 --size 3000 [--interval 1]

No Django, no Channels: every connection is kept in a set; on each tick one text of --size bytes
(JSON: {"type": "snapshot", "seq": id * 1,000,000 + n, "t": <time.monotonic() at the tick>,
"pad": "..."}) is
built once and written to every open connection with websockets.broadcast(). A new connection
gets the latest text at once, as the site's board sends its snapshot on connect. Compression is
off (the site's daphne does not negotiate permessage-deflate either) and keepalive pings are
every 20 s, as daphne's.

The clients measure receipt − t (CLOCK_MONOTONIC is shared by all processes on Linux).
Stops by itself after --max-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import time

from websockets.asyncio.server import broadcast, serve


def message(seq: int, size: int) -> str:
    head = json.dumps({"type": "snapshot", "seq": seq, "t": round(time.monotonic(), 6), "pad": ""})
    return head[:-2] + "x" * max(0, size - len(head)) + '"}'


async def main(args) -> None:
    connections: set = set()
    latest = message(args.id * 1_000_000, args.size)

    async def handler(ws):
        connections.add(ws)
        try:
            await ws.send(latest)
            await ws.wait_closed()
        finally:
            connections.discard(ws)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serve(
        handler,
        args.host,
        args.port,
        compression=None,
        ping_interval=20,
        ping_timeout=30,
        max_size=2**16,
        backlog=args.backlog,
    ):
        print(f"bare broadcast server on {args.host}:{args.port}, pid {os.getpid()}", flush=True)
        seq = args.id * 1_000_000
        next_tick = time.monotonic() + args.interval
        deadline = time.monotonic() + args.max_seconds
        while not stop.is_set() and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), max(0.0, next_tick - time.monotonic()))
            if stop.is_set():
                break
            next_tick += args.interval
            seq += 1
            latest = message(seq, args.size)  # serialised once
            broadcast(connections, latest)  # written to every connection, no per-viewer await


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--size", type=int, default=2048, help="bytes per message")
    p.add_argument("--id", type=int, default=1, help="server number, in every seq")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between broadcasts")
    p.add_argument("--backlog", type=int, default=50, help="listen backlog (daphne's is 50)")
    p.add_argument("--max-seconds", type=float, default=1500)
    args = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(main(args))
