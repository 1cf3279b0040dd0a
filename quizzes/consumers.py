import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import ValidationError

from contest.roles import is_organizer

from .live import hub
from .models import Round
from .services.reveal import round_reveal

CLOSE_UNKNOWN_ROUND = 4404
CLOSE_FORBIDDEN = 4403
CLOSE_BAD_MESSAGE = 4400


@database_sync_to_async
def _round_shown(round_id: int) -> bool:
    return Round.objects.filter(pk=round_id, contest__is_active=True).exists()


@database_sync_to_async
def _may_reveal(user) -> bool:
    return is_organizer(user)


class BoardConsumer(AsyncWebsocketConsumer):
    """A round's live board. Viewers only listen; organizers may also reveal prizes."""

    user_id = None
    # No channel per viewer (with Redis, one SUBSCRIBE each): the hub listens once per process.
    channel_layer_alias = "none"

    async def connect(self):
        # Cheap on purpose: a thousand phones connect in the same seconds after a QR scan.
        self.round_id = int(self.scope["url_route"]["kwargs"]["round_id"])
        user = self.scope["user"]
        # Signed-in viewers get their own rank when they have one (sent by the hub).
        self.user_id = user.pk if user.is_authenticated else None
        exists = hub.watched(self.round_id) or await _round_shown(self.round_id)
        await self.accept()
        if not exists:
            # Accept first: a close code reaches the browser only on an open socket.
            await self.close(code=CLOSE_UNKNOWN_ROUND)
            return
        await hub.join(self.round_id, self)
        self.joined = True
        text = await hub.current_text(self.round_id)
        if text:
            await self.send(text_data=text)

    async def disconnect(self, code):
        if getattr(self, "joined", False):
            await hub.leave(self.round_id, self)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            message = json.loads(text_data or "")
        except ValueError:
            await self.close(code=CLOSE_BAD_MESSAGE)
            return
        if not isinstance(message, dict) or message.get("type") != "reveal":
            await self.close(code=CLOSE_BAD_MESSAGE)
            return
        if not await _may_reveal(self.scope["user"]):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        try:
            await database_sync_to_async(round_reveal)(
                round_id=self.round_id, tier=str(message.get("tier", "")), user=self.scope["user"]
            )
        except ValidationError as exc:
            error = {"type": "error", "message": " ".join(exc.messages)}
            await self.send(text_data=json.dumps(error, ensure_ascii=False))

    async def send_own_rank(self, rank: int, total: int):
        await self.send(text_data=json.dumps({"type": "me", "rank": rank, "total": total}))
