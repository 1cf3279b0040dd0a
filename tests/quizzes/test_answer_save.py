"""Answer saves through the site's ASGI application, as daphne drives it: one ordinary view
behind Django's WSGI handler and all its middleware (config/asgi.py)."""

import json
from urllib.parse import urlencode

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.contrib.sessions.models import Session
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from config.asgi import application
from quizzes.models import Attempt, AttemptItem
from quizzes.services.attempts import attempt_start
from tests.factories import ParticipantFactory, make_round
from tests.quizzes.helpers import correct_keys

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
HOST = "127.0.0.1"


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


@database_sync_to_async
def started_attempt(prediction="none"):
    participant = ParticipantFactory()
    attempt = attempt_start(participant=participant, round=make_round(prediction=prediction))
    item = attempt.items.first()
    client = Client()
    client.force_login(participant.user)
    token = get_token(RequestFactory().get("/"))
    return attempt, item, client.cookies["sessionid"].value, token, correct_keys(item)


def headers(session=None, csrf=None, origin=f"http://{HOST}", language=None, header_token=True):
    cookies = []
    if session:
        cookies.append(f"sessionid={session}")
    if csrf:
        cookies.append(f"csrftoken={csrf}")
    if language:
        cookies.append(f"django_language={language}")
    result = [(b"host", HOST.encode()), (b"content-type", b"application/x-www-form-urlencoded")]
    if cookies:
        result.append((b"cookie", "; ".join(cookies).encode()))
    if csrf and header_token:
        result.append((b"x-csrftoken", csrf.encode()))
    if origin:
        result.append((b"origin", origin.encode()))
    return result


async def post(token, data, hdrs, raw: bytes | None = None):
    body = raw if raw is not None else urlencode(data, doseq=True).encode()
    hdrs = [*hdrs, (b"content-length", str(len(body)).encode())]  # as a browser sends it
    communicator = HttpCommunicator(
        application, "POST", f"/bai-thi/{token}/tra-loi/", body=body, headers=hdrs
    )
    response = await communicator.get_response(timeout=10)
    content_type = dict(response["headers"]).get(b"content-type", b"")
    assert content_type.startswith(b"application/json"), (response["status"], content_type)
    return response["status"], json.loads(response["body"])


@database_sync_to_async
def selected(item) -> list[str]:
    """The keys of the choices saved for the item, as the page sent them."""
    ids = AttemptItem.objects.get(pk=item.pk).selected
    return [key for key, choice_id in item.choice_keys if choice_id in ids]


@database_sync_to_async
def log_out(session_key):
    """What the sign-out view does to the session: it is gone from the database."""
    Session.objects.filter(session_key=session_key).delete()


async def test_an_answer_is_saved_and_the_time_left_comes_back():
    attempt, item, session, csrf, keys = await started_attempt()
    status, body = await post(
        attempt.token, {"position": item.position, "choice": keys}, headers(session, csrf)
    )
    assert status == 200 and body["ok"] and body["remaining"] > 0
    assert await selected(item) == keys


async def test_a_prediction_is_saved():
    attempt, _item, session, csrf, _keys = await started_attempt(prediction="participants")
    status, body = await post(attempt.token, {"prediction": "42"}, headers(session, csrf))
    assert (status, body["ok"]) == (200, True)
    saved = await database_sync_to_async(lambda: Attempt.objects.get(pk=attempt.pk).prediction)()
    assert saved == 42


async def test_a_session_that_logged_out_can_no_longer_save():
    attempt, item, session, csrf, keys = await started_attempt()
    first = keys[:1]
    second = [key for key, _choice in item.choice_keys if key not in first][:1]
    status, _ = await post(
        attempt.token, {"position": item.position, "choice": first}, headers(session, csrf)
    )
    assert status == 200
    await log_out(session)
    status, body = await post(
        attempt.token, {"position": item.position, "choice": second}, headers(session, csrf)
    )
    assert (status, body["error"]) == (404, "not_found")
    assert "đăng nhập lại" in body["message"]
    assert await selected(item) == first


async def test_a_request_without_the_csrf_token_is_refused_in_json_and_saves_nothing():
    attempt, item, session, csrf, keys = await started_attempt()
    hdrs = headers(session, csrf, header_token=False)
    status, body = await post(attempt.token, {"position": item.position, "choice": keys}, hdrs)
    assert (status, body["error"]) == (403, "csrf")
    assert body["message"].startswith("Trang này đã cũ")
    assert await selected(item) == []


async def test_a_request_from_another_site_is_refused():
    attempt, item, session, csrf, keys = await started_attempt()
    hdrs = headers(session, csrf, origin="https://evil.example")
    status, body = await post(attempt.token, {"position": item.position, "choice": keys}, hdrs)
    assert (status, body["error"]) == (403, "csrf")
    assert await selected(item) == []


async def test_someone_elses_attempt_and_no_session_are_not_found():
    attempt, item, _session, csrf, keys = await started_attempt()
    _other, _item, other_session, _csrf, _keys = await started_attempt()
    data = {"position": item.position, "choice": keys}
    assert (await post(attempt.token, data, headers(other_session, csrf)))[0] == 404
    status, body = await post(attempt.token, data, headers(None, csrf))
    assert status == 404  # JSON, not a redirect to the sign-in page the script would take as saved
    assert "đăng nhập lại" in body["message"]
    assert await selected(item) == []


async def test_an_oversized_body_is_refused_with_413_in_json():
    attempt, item, session, csrf, _keys = await started_attempt()
    status, body = await post(
        attempt.token,
        {"position": item.position, "choice": "x" * 3_000_000},
        headers(session, csrf),
    )
    assert (status, body["error"]) == (413, "too_large")
    assert body["message"] == "Gửi quá nhiều dữ liệu một lần"


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b"a&" * 8000, b"application/x-www-form-urlencoded", 413),  # past Django's field limit
        (b"position=1", b"application/x-www-form-urlencoded; charset=latin-1", 400),
        (b"--zz\r\nposition", b"multipart/form-data; boundary=zz", 400),
        (b"\xff\xfe\x00garbage", b"multipart/form-data", 400),
    ],
    ids=["too-many-fields", "latin-1", "broken-multipart", "no-boundary"],
)
async def test_a_body_django_cannot_read_is_refused_in_json_not_a_500(raw, content_type, status):
    attempt, item, session, csrf, _keys = await started_attempt()
    hdrs = [h for h in headers(session, csrf) if h[0] != b"content-type"]
    got, body = await post(attempt.token, None, [*hdrs, (b"content-type", content_type)], raw)
    assert got == status and not body["ok"] and body["message"]
    assert await selected(item) == []


async def test_messages_are_vietnamese_and_follow_the_language_cookie():
    attempt, _item, session, csrf, _keys = await started_attempt()
    data = {"position": 99, "choice": "x"}
    status, body = await post(attempt.token, data, headers(session, csrf))
    assert status == 400
    assert body["message"] == "Câu hỏi này không thuộc lượt thi của bạn."
    status, body = await post(attempt.token, data, headers(session, csrf, language="en"))
    assert body["message"] == "This question is not part of your attempt."


async def test_other_requests_go_through_the_same_handler():
    communicator = HttpCommunicator(
        application, "GET", "/healthz", headers=[(b"host", HOST.encode())]
    )
    response = await communicator.get_response(timeout=10)
    assert response["status"] == 200
