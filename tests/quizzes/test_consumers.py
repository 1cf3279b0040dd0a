import asyncio
import json
from datetime import timedelta

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from config.asgi import application
from config.routing import websocket_urlpatterns
from contest import events
from contest.models import Contest
from contest.roles import JURORS
from quizzes import live
from quizzes.models import Round
from quizzes.services.attempts import attempt_finish, attempt_start
from quizzes.services.ranking import round_close, round_publish
from tests.factories import OrganizerFactory, ParticipantFactory, UserFactory, make_round

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]


@pytest_asyncio.fixture(autouse=True)
async def _publisher_stopped():
    """After each test, once its viewers have left, the board publisher of this test's event
    loop has stopped: none of its queries may still run when the test database is emptied."""
    yield
    hub = live.hub
    if hub.loop is asyncio.get_running_loop() and not hub.rooms and hub.ticker is not None:
        await asyncio.wait_for(hub.ticker, timeout=5)


def session_cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def connect(round_id, user=None, origin=ORIGIN):
    headers = [origin]
    if user is not None:
        headers.append(await sync_to_async(session_cookie)(user))
    communicator = WebsocketCommunicator(
        application, f"/ws/rounds/{round_id}/board/", headers=headers
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def next_of(communicator, kind, timeout=4):
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["type"] == kind:
            return message


def finish_one(round, participant=None, prediction=3):
    participant = participant or ParticipantFactory()
    attempt = attempt_start(participant=participant, round=round)
    return attempt_finish(attempt=attempt, prediction=prediction)


async def test_viewer_gets_the_whole_state_on_connect():
    round = await sync_to_async(make_round)()
    await sync_to_async(finish_one)(round)
    viewer = await connect(round.pk)
    snapshot = await next_of(viewer, "snapshot")
    assert snapshot["counters"] == {
        "participants": 1,
        "in_progress": 0,
        "finished": 1,
        "perfect": 0,
    }
    assert snapshot["board"][0]["rank"] == 1
    assert snapshot["board"][0]["name"] == "Nguyễn V. A."
    assert {"board", "units", "counters", "timeline", "revealed"} <= set(snapshot)
    await viewer.disconnect()


async def test_update_comes_after_commit_and_never_for_a_rollback():
    round = await sync_to_async(make_round)()
    viewer = await connect(round.pk)
    await next_of(viewer, "snapshot")

    def finish_then_roll_back():
        with transaction.atomic():
            finish_one(round)
            transaction.set_rollback(True)

    await sync_to_async(finish_then_roll_back)()
    assert await viewer.receive_nothing(timeout=2)
    await sync_to_async(finish_one)(round)
    update = await next_of(viewer, "snapshot")
    assert update["counters"]["finished"] == 1
    await viewer.disconnect()


async def test_many_finished_attempts_coalesce_into_few_updates_ending_on_the_latest():
    round = await sync_to_async(make_round)()
    viewer = await connect(round.pk)
    await next_of(viewer, "snapshot")
    for _ in range(15):
        await sync_to_async(finish_one)(round)
    updates = []
    while not await viewer.receive_nothing(timeout=2.5):
        updates.append(json.loads(await viewer.receive_from()))
    assert 1 <= len(updates) <= 4
    assert updates[-1]["counters"]["finished"] == 15
    await viewer.disconnect()


async def test_no_personal_data_travels():
    round = await sync_to_async(make_round)()
    person = await sync_to_async(ParticipantFactory)(phone="0987654321", cccd="094123456789")
    await sync_to_async(finish_one)(round, person)
    viewer = await connect(round.pk, user=person.user)
    texts = [await viewer.receive_from(timeout=4) for _ in range(2)]  # snapshot and own rank
    for text in texts:
        assert "0987654321" not in text and "094123456789" not in text
        assert person.user.email not in text
    await viewer.disconnect()


async def test_participant_sees_their_own_rank():
    round = await sync_to_async(make_round)()
    first = await sync_to_async(ParticipantFactory)()
    await sync_to_async(finish_one)(round)
    await sync_to_async(finish_one)(round, first)
    viewer = await connect(round.pk, user=first.user)
    me = await next_of(viewer, "me")
    assert (me["rank"], me["total"]) in {(1, 2), (2, 2)}
    await viewer.disconnect()


async def test_unknown_round_is_refused_with_a_close_code():
    viewer = WebsocketCommunicator(application, "/ws/rounds/999999/board/", headers=[ORIGIN])
    connected, _ = await viewer.connect()
    assert connected
    closed = await viewer.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4404}
    await viewer.disconnect()


async def test_foreign_origin_is_refused():
    round = await sync_to_async(make_round)()
    viewer = WebsocketCommunicator(
        application, f"/ws/rounds/{round.pk}/board/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await viewer.connect()
    assert not connected


def published_round():
    now = timezone.now()
    round = make_round(
        prediction=Round.Prediction.NONE,
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
        prizes_first=1,
        prizes_second=0,
        prizes_third=0,
        prizes_consolation=1,
    )
    for _ in range(3):
        attempt = attempt_start(participant=ParticipantFactory(), round=round, now=round.opens_at)
        attempt_finish(attempt=attempt, now=round.opens_at + timedelta(minutes=5))
    round_close(round=round)
    round_publish(round=round)
    return round


async def test_only_organizers_reveal_and_every_viewer_sees_it_at_once():
    round = await sync_to_async(published_round)()
    organizer = await sync_to_async(OrganizerFactory)()
    participant = await sync_to_async(ParticipantFactory)()
    intruder = await connect(round.pk, user=participant.user)
    await next_of(intruder, "snapshot")
    await intruder.send_to(text_data=json.dumps({"type": "reveal", "tier": "first"}))
    assert await intruder.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
    await intruder.disconnect()

    projector = await connect(round.pk)
    control = await connect(round.pk, user=organizer)
    await next_of(projector, "snapshot")
    await next_of(control, "snapshot")
    await control.send_to(text_data=json.dumps({"type": "reveal", "tier": "consolation"}))
    for viewer in (projector, control):
        reveal = await next_of(viewer, "reveal")
        assert reveal["tier"] == "consolation"
        assert len(reveal["winners"]) == 1
    await sync_to_async(round.refresh_from_db)()
    assert round.revealed == ["consolation"]
    # A projector that reconnects shows what was revealed.
    late = await connect(round.pk)
    snapshot = await next_of(late, "snapshot")
    assert [r["tier"] for r in snapshot["revealed"]] == ["consolation"]
    for viewer in (projector, control, late):
        await viewer.disconnect()


async def test_viewers_cannot_send_anything_else():
    round = await sync_to_async(make_round)()
    viewer = await connect(round.pk)
    await next_of(viewer, "snapshot")
    await viewer.send_to(text_data=json.dumps({"type": "answer", "choice": "x"}))
    assert await viewer.receive_output(timeout=3) == {"type": "websocket.close", "code": 4400}
    await viewer.disconnect()


async def test_a_change_in_this_process_is_published_without_waiting_for_the_ticker(
    monkeypatch,
):
    monkeypatch.setattr("quizzes.live.TICK_SECONDS", 60)
    round = await sync_to_async(make_round)()
    viewer = await connect(round.pk)
    await next_of(viewer, "snapshot")
    await sync_to_async(finish_one)(round)
    update = await next_of(viewer, "snapshot", timeout=4)
    assert update["counters"]["finished"] == 1
    await viewer.disconnect()


async def test_the_board_goes_on_after_the_cache_lost_its_change_counter():
    """A counter the cache dropped (culled, evicted, Redis restarted) starts again at 1,
    below the one last published: the board must not wait for it to catch up."""
    round = await sync_to_async(make_round)()
    viewer = await connect(round.pk)
    await next_of(viewer, "snapshot")
    for finished in (1, 2):
        await sync_to_async(finish_one)(round)
        update = await next_of(viewer, "snapshot", timeout=4)
        assert update["counters"]["finished"] == finished
    await cache.aset(events.board_key("pub", round.pk), 50, timeout=None)
    await cache.adelete(events.board_key("gen", round.pk))

    await sync_to_async(finish_one)(round)
    update = await next_of(viewer, "snapshot", timeout=4)
    assert update["counters"]["finished"] == 3
    await viewer.disconnect()


async def test_a_change_starts_the_publisher_again_if_it_had_stopped():
    round = await sync_to_async(make_round)()
    viewer = await connect(round.pk)
    await next_of(viewer, "snapshot")
    live.hub.ticker.cancel()
    await asyncio.sleep(0.1)
    assert live.hub.ticker.done()

    await sync_to_async(finish_one)(round)
    update = await next_of(viewer, "snapshot", timeout=4)
    assert update["counters"]["finished"] == 1
    await viewer.disconnect()


# --- Who may use each socket (the pages' sweep is tests/security/test_authorization.py) ----
SOCKET_RULES = {
    # route: (who may watch a shown round, who may reveal prizes on it)
    "ws/rounds/<int:round_id>/board/": ("everyone", {"organizer"}),
}
SOCKET_ROLES = ("anonymous", "participant", "juror", "organizer", "staff")


async def test_every_websocket_route_has_a_declared_policy():
    assert {str(route.pattern) for route in websocket_urlpatterns} == set(SOCKET_RULES)


def socket_user(role):
    if role == "anonymous":
        return None
    if role == "participant":
        return ParticipantFactory().user
    if role == "organizer":
        return OrganizerFactory()
    user = UserFactory(is_staff=role == "staff")
    if role == "juror":
        user.groups.add(Group.objects.get(name=JURORS))
    return user


@pytest.mark.parametrize("role", SOCKET_ROLES)
async def test_every_role_watches_a_shown_board_and_only_organizers_reveal(role):
    round = await sync_to_async(published_round)()
    hidden = await sync_to_async(make_round)()
    await sync_to_async(Contest.objects.filter(pk=hidden.contest_id).update)(is_active=False)
    user = await sync_to_async(socket_user)(role)

    refused = await connect(hidden.pk, user=user)
    assert await refused.receive_output(timeout=3) == {"type": "websocket.close", "code": 4404}
    await refused.disconnect()

    viewer = await connect(round.pk, user=user)
    await next_of(viewer, "snapshot")
    await viewer.send_to(text_data=json.dumps({"type": "reveal", "tier": "consolation"}))
    if role in SOCKET_RULES["ws/rounds/<int:round_id>/board/"][1]:
        assert (await next_of(viewer, "reveal"))["tier"] == "consolation"
    else:
        assert await viewer.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
    await viewer.disconnect()
    await sync_to_async(round.refresh_from_db)()
    assert round.revealed == (["consolation"] if role == "organizer" else [])
