"""A lean ASGI lane for answer saves, the request deadline night is made of.

Django's ASGI handler starts and joins a thread for every request (asgiref's
thread-sensitive context), which costs more than the save itself. This lane
answers POST /bai-thi/<token>/tra-loi/ before Django's handler, with Django's own
parts: the request object, the session, `get_user`, CSRF middleware's checks,
then `quizzes.autosave.autosave` on a small pool of long-lived threads. Every
other request goes on to Django unchanged.
"""

import io
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connection
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .autosave import Reply, autosave

ANSWER_PATH = re.compile(r"^/bai-thi/(?P<token>[A-Za-z0-9_-]{8,64})/tra-loi/$")
MAX_BODY = 16 * 1024
# A session seen recently skips the session and user queries for this long.
SESSION_MEMORY_SECONDS = 30
SESSION_MEMORY_SIZE = 50_000


class _Sessions:
    """session key -> (user id, until): a short in-process memory of verified sessions."""

    def __init__(self):
        self.known: dict[str, tuple[int, float]] = {}

    def user_id(self, request) -> int | None:
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not key:
            return None
        now = time.monotonic()
        known = self.known.get(key)
        if known and known[1] > now:
            return known[0]
        engine = import_string(settings.SESSION_ENGINE)
        request.session = engine.SessionStore(key)
        user = get_user(request)  # verifies the session's password hash, as Django does
        if not user.is_authenticated:
            self.known.pop(key, None)
            return None
        if len(self.known) >= SESSION_MEMORY_SIZE:
            self.known = {k: v for k, v in self.known.items() if v[1] > now}
        self.known[key] = (user.pk, now + SESSION_MEMORY_SECONDS)
        return user.pk


def _csrf_refusal(request) -> bool:
    """Django's CSRF middleware decides: the Origin or Referer, and the token."""
    middleware = CsrfViewMiddleware(lambda r: None)
    middleware.process_request(request)
    return middleware.process_view(request, None, (), {}) is not None


class AnswerLane:
    def __init__(self, django_app):
        self.django_app = django_app
        self.sessions = _Sessions()
        # SQLite has one writer: one thread queues the saves in order. Other databases
        # take a few threads, each taking a connection from the process's pool per save.
        workers = 1 if connection.vendor == "sqlite" else settings.QUIZ_ANSWER_THREADS
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answers")
        self.handle = sync_to_async(self._handle, thread_sensitive=False, executor=self.pool)

    async def __call__(self, scope, receive, send):
        match = None
        if scope["type"] == "http" and scope["method"] == "POST":
            match = ANSWER_PATH.match(scope["path"])
        if match is None:
            return await self.django_app(scope, receive, send)
        body = await self._read_body(receive)
        if body is None:
            reply = Reply(413, {"ok": False, "error": "too_large"})
        else:
            reply = await self.handle(scope, body, match["token"])
        await self._send(send, reply)

    async def _read_body(self, receive) -> bytes | None:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b""
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def _handle(self, scope, body: bytes, token: str) -> Reply:
        # Like a request's start and end: health checks and CONN_MAX_AGE. The SQLite
        # thread keeps its connection, which costs more to open than a save.
        if connection.vendor == "sqlite":
            return self._answer(scope, body, token)
        close_old_connections()
        try:
            return self._answer(scope, body, token)
        finally:
            close_old_connections()

    def _answer(self, scope, body: bytes, token: str) -> Reply:
        request = ASGIRequest(scope, io.BytesIO(body))
        try:
            request.get_host()  # ALLOWED_HOSTS
        except DisallowedHost:
            return Reply(400, {"ok": False, "error": "bad_host"})
        try:
            request.POST  # noqa: B018 (parsed here: a body Django refuses is an answer, not a crash)
        except (RequestDataTooBig, TooManyFieldsSent):
            return Reply(413, {"ok": False, "error": "too_large"})
        except (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError):
            return Reply(400, {"ok": False, "error": "bad_request"})
        language = translation.get_language_from_request(request)
        with translation.override(language):
            if _csrf_refusal(request):
                message = _(
                    "This page is out of date. Reload it: the answers already saved are kept."
                )
                return Reply(403, {"ok": False, "error": "csrf", "message": message})
            return autosave(user_id=self.sessions.user_id(request), token=token, post=request.POST)

    async def _send(self, send, reply: Reply) -> None:
        body = json.dumps(reply.body, ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"),
            *((name.lower().encode(), value.encode()) for name, value in reply.headers.items()),
        ]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
