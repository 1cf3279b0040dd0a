"""The lean lane for answer saves, driven as daphne drives it: through the ASGI application."""

import json
from urllib.parse import urlencode

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from config.asgi import application
from quizzes.models import AttemptItem
from quizzes.services.attempts import attempt_start
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import correct_keys

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
HOST = "127.0.0.1"


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


@database_sync_to_async
def started_attempt():
    participant = ParticipantFactory()
    attempt = attempt_start(participant=participant, round=make_round(prediction="none"))
    item = attempt.items.first()
    client = Client()
    client.force_login(participant.user)
    token = get_token(RequestFactory().get("/"))
    return attempt, item, client.cookies["sessionid"].value, token, correct_keys(item)


def headers(session=None, csrf=None, origin=f"http://{HOST}", extra=()):
    cookies = []
    if session:
        cookies.append(f"sessionid={session}")
    if csrf:
        cookies.append(f"csrftoken={csrf}")
    result = [(b"host", HOST.encode()), (b"content-type", b"application/x-www-form-urlencoded")]
    if cookies:
        result.append((b"cookie", "; ".join(cookies).encode()))
    if csrf:
        result.append((b"x-csrftoken", csrf.encode()))
    if origin:
        result.append((b"origin", origin.encode()))
    return result + list(extra)


async def post(token, data, hdrs):
    communicator = HttpCommunicator(
        application,
        "POST",
        f"/bai-thi/{token}/tra-loi/",
        body=urlencode(data, doseq=True).encode(),
        headers=hdrs,
    )
    response = await communicator.get_response(timeout=5)
    return response["status"], json.loads(response["body"] or b"{}")


@database_sync_to_async
def selected(item):
    return AttemptItem.objects.get(pk=item.pk).selected


async def test_answer_is_saved_through_the_lane():
    attempt, item, session, csrf, keys = await started_attempt()
    status, body = await post(
        attempt.token, {"position": item.position, "choice": keys}, headers(session, csrf)
    )
    assert status == 200 and body["ok"]
    assert await selected(item)


async def test_request_without_the_csrf_token_is_refused_and_saves_nothing():
    attempt, item, session, csrf, keys = await started_attempt()
    hdrs = [h for h in headers(session, csrf) if h[0] != b"x-csrftoken"]
    status, body = await post(attempt.token, {"position": item.position, "choice": keys}, hdrs)
    assert (status, body["error"]) == (403, "csrf")
    assert await selected(item) == []


async def test_request_from_another_site_is_refused():
    attempt, item, session, csrf, keys = await started_attempt()
    hdrs = headers(session, csrf, origin="https://evil.example")
    status, _ = await post(attempt.token, {"position": item.position, "choice": keys}, hdrs)
    assert status == 403
    assert await selected(item) == []


async def test_someone_elses_attempt_and_no_session_are_not_found():
    attempt, item, _session, csrf, keys = await started_attempt()
    _other, _item, other_session, _csrf, _keys = await started_attempt()
    data = {"position": item.position, "choice": keys}
    assert (await post(attempt.token, data, headers(other_session, csrf)))[0] == 404
    status, body = await post(attempt.token, data, headers(None, csrf))
    assert status == 404
    assert "đăng nhập lại" in body["message"]  # the page tells the person what to do
    assert await selected(item) == []


async def test_oversized_body_is_refused():
    attempt, item, session, csrf, _keys = await started_attempt()
    status, _ = await post(
        attempt.token, {"position": item.position, "choice": "x" * 20_000}, headers(session, csrf)
    )
    assert status == 413


async def test_messages_follow_the_language_cookie():
    attempt, item, session, csrf, _keys = await started_attempt()
    hdrs = headers(session, csrf)
    hdrs = [
        (b"cookie", value + b"; django_language=en") if name == b"cookie" else (name, value)
        for name, value in hdrs
    ]
    status, body = await post(attempt.token, {"position": 99, "choice": "x"}, hdrs)
    assert status == 400
    assert body["message"] == "This question is not part of your attempt."


async def test_other_requests_go_on_to_django():
    communicator = HttpCommunicator(
        application, "GET", "/healthz", headers=[(b"host", HOST.encode())]
    )
    response = await communicator.get_response(timeout=5)
    assert response["status"] == 200
