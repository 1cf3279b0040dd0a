"""Events: what a write tells the live screens, sent only once its transaction commits.

Services call these functions inside their transaction; each schedules its own work with
`transaction.on_commit` (Zulip's `send_event_on_commit`), so a rolled-back write tells no
one. This module talks to the cache and the channel layer only: it imports no socket server
and nothing of the apps above it. The socket side (`quizzes.live`) reads what is written
here and registers itself with `on_board_changed` to be woken in its own process.

A board's change is a counter in the cache (Redis when scaled out), not a message: a burst of
changes is one stale board, which the socket side turns into at most one snapshot a second.
A message that must reach every viewer as it is (a prize reveal) goes to the board's group.
"""

import json
import logging
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from config.cache import count

logger = logging.getLogger(__name__)

_board_listeners: list[Callable[[int], None]] = []


def board_group(round_id: int) -> str:
    """The channel-layer group every process with viewers of the round listens to."""
    return f"board.{round_id}"


def board_key(kind: str, round_id: int) -> str:
    """Cache keys of a board: "gen" counts changes, "pub" is the last one published."""
    return f"board:{kind}:{round_id}"


def on_board_changed(listener: Callable[[int], None]) -> Callable[[int], None]:
    """Call `listener(round_id)` in this process after each committed board change."""
    if listener not in _board_listeners:
        _board_listeners.append(listener)
    return listener


def board_changed(round_id: int) -> None:
    """The round's board is stale once the current transaction commits."""
    transaction.on_commit(lambda: _mark_stale(round_id), robust=True)


def reveal(round_id: int, message: dict) -> None:
    """Send `message` (a prize tier's winners) to every viewer of the round after commit,
    then mark the board stale so that newcomers' snapshots include it."""
    text = json.dumps(message, ensure_ascii=False)
    transaction.on_commit(lambda: _send_to_board(round_id, text), robust=True)
    board_changed(round_id)


def _mark_stale(round_id: int) -> None:
    try:
        count(board_key("gen", round_id), timeout=None)
    except Exception:  # Redis restarting: the change is committed; the next one catches up
        logger.warning("board %s: could not mark the board stale", round_id, exc_info=True)
    for listener in _board_listeners:
        listener(round_id)


def _send_to_board(round_id: int, text: str) -> None:
    async_to_sync(get_channel_layer().group_send)(
        board_group(round_id), {"type": "board.text", "text": text}
    )
