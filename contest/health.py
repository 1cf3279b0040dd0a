"""What /healthz checks: the database answers and a message round-trips the channel layer."""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection

logger = logging.getLogger(__name__)
TIMEOUT = 2.0


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("Health check: database unreachable: %s", exc)
        return "error"
    return "ok"


async def _layer_round_trip() -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "health.ping":
        raise RuntimeError("unexpected message")


def channel_layer_status() -> str:
    async def check():
        await asyncio.wait_for(_layer_round_trip(), TIMEOUT)

    try:
        async_to_sync(check)()
    except Exception as exc:
        logger.warning("Health check: channel layer unreachable: %r", exc)
        return "error"
    return "ok"


def health_status() -> dict[str, str]:
    return {"database": database_status(), "channel_layer": channel_layer_status()}
