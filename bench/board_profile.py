#!/usr/bin/env python
"""Summarise a py-spy raw profile of a site process taken by bench/board_fanout.py --py-spy.

    .venv/bin/python bench/board_profile.py /tmp/board-embedded-*/py-spy.embedded.2000.ramp.*.txt

Prints, as a markdown table, the share of samples (all threads, non-idle) whose stack contains
each of a few frames that matter for the live board -- the connection path and the fan-out --
and the CPU seconds they stand for (py-spy samples at 200 Hz here). Shares overlap: a frame's
callees are inside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

RATE = 200  # samples per second, as bench/board_fanout.py runs py-spy

FRAMES = [
    ("connection path", None),
    ("HTTP upgrade + autobahn handshake (processHandshake)", "processHandshake (autobahn"),
    ("  of which autobahn's pformat of its options (debug log built anyway)", "pformat (pprint"),
    ("daphne access log lines", "AccessLogGenerator"),
    ("channels AuthMiddleware get_user (thread hop)", "get_user (channels/auth"),
    ("AsyncConsumer.dispatch → aclose_old_connections (thread hop)", "aclose_old_connections"),
    ("in-memory layer receive → _clean_expired (per consumer channel)", "_clean_expired"),
    ("channels_redis per-consumer channel subscribe", "_subscribe_to_channel"),
    ("BoardConsumer.connect (on the event loop)", "BoardConsumer.connect"),
    ("quizzes.consumers._viewer (round check, in the database thread)", "_viewer (quizzes"),
    ("  new DB connection (get_new_connection: SQLite open + PRAGMAs)", "get_new_connection"),
    ("close_old_connections (any thread hop)", "close_old_connections"),
    ("fan-out", None),
    ("Hub._send_all (the write loop over viewers)", "_probed_send_all"),
    ("  daphne Server.handle_reply → autobahn sendMessage", "handle_reply (daphne/server"),
    ("  autobahn sendPreparedMessage (frame built once per publish)", "sendPreparedMessage"),
    ("  twisted transport.write → addWriter (epoll_ctl)", "FileDescriptor.write (twisted"),
    ("twisted doWrite (each socket flushed on a later loop turn)", "doWrite (twisted"),
    ("epoll_ctl modify (add/remove writer)", "_PollLikeSelector.modify"),
    ("daphne keepalive pings", "_sendAutoPing"),
    ("daphne timeout_checker / application_checker", "_checker (daphne/server"),
    ("the rest", None),
    ("snapshot computed (quizzes.live._snapshot_text)", "_snapshot_text"),
    ("the finish request (attempt_review_view)", "attempt_review_view"),
    ("uvicorn websockets-sansio send", "websockets_sansio_impl"),
]


def summarise(path: Path) -> str:
    total = 0
    counts: dict[str, int] = {}
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for _label, needle in FRAMES:
            if needle and needle in stack:
                counts[needle] = counts.get(needle, 0) + int(count)
    lines = [
        f"`{path.name}`: {total} samples = {total / RATE:.1f} CPU-seconds",
        "",
        "| frame on the stack | share of samples | CPU s |",
        "|---|---:|---:|",
    ]
    for label, needle in FRAMES:
        if needle is None:
            lines.append(f"| **{label}** | | |")
        elif counts.get(needle):
            n = counts[needle]
            lines.append(f"| {label} | {n / total:.1%} | {n / RATE:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(summarise(Path(name)))
        print()
