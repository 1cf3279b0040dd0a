import os
import threading

import pytest
import redis
from channels.layers import get_channel_layer
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse

from contest.models import Participant
from contest.services.participants import participant_save
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.scaleout


def test_environment_selects_postgresql_redis_layer_and_redis_cache():
    assert connection.vendor == "postgresql"
    assert type(get_channel_layer()).__name__ == "RedisPubSubChannelLayer"
    assert isinstance(caches["default"], RedisCache)


@pytest.mark.django_db
def test_healthz_answers_through_postgresql_and_redis(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "database": "ok", "channel_layer": "ok"}


@pytest.mark.django_db(transaction=True)
def test_ten_accounts_racing_for_one_phone_leave_exactly_one_profile():
    unit = UnitFactory()
    users = [UserFactory() for _ in range(10)]
    data = {
        "full_name": "Lê Văn Bình",
        "phone": "0912345678",
        "participant_type": "citizen",
        "unit": unit,
    }
    queue = list(users)
    outcomes = _at_once(len(users), lambda: participant_save(user=queue.pop(), data=data))
    assert sum(isinstance(o, Participant) for o in outcomes) == 1
    assert [sorted(o.message_dict) for o in outcomes if isinstance(o, ValidationError)] == [
        ["phone"]
    ] * 9
    assert Participant.objects.filter(phone="0912345678").count() == 1


@pytest.mark.django_db
def test_login_throttle_is_kept_in_redis_where_every_process_sees_it(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "sai"})
    # Another process sees the same counters: read them over a connection of our own.
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert server.keys("*signin:tries:*")  # accounts/throttle.py


def _at_once(count, work):
    """Run `work` in `count` threads released together; return what each returned or raised."""
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as exc:  # the outcome under test
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_never_exceed_the_attempts_allowed():
    from quizzes.models import Attempt
    from quizzes.services.attempts import attempt_finish, attempt_start
    from tests.factories import ParticipantFactory, make_round

    round = make_round(max_attempts=2, prediction="none")
    person = ParticipantFactory()
    for _ in range(2):
        outcomes = _at_once(10, lambda: attempt_start(participant=person, round=round).pk)
        assert len(set(outcomes)) == 1, outcomes  # every tab got the same running attempt
        attempt_finish(attempt=Attempt.objects.get(pk=outcomes[0]))
    outcomes = _at_once(10, lambda: attempt_start(participant=person, round=round))
    assert all(isinstance(o, ValidationError) for o in outcomes)
    assert Attempt.objects.filter(participant=person).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_finishes_score_an_attempt_once():
    from quizzes.models import Attempt
    from quizzes.services.attempts import attempt_finish, attempt_start
    from tests.factories import ParticipantFactory, make_round

    round = make_round(prediction="none")
    attempt = attempt_start(participant=ParticipantFactory(), round=round)
    outcomes = _at_once(8, lambda: attempt_finish(attempt=attempt).finished_at)
    assert len(set(outcomes)) == 1
    assert Attempt.objects.filter(is_best=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_participants_finishing_at_once_do_not_wait_for_each_other():
    from quizzes.services.attempts import attempt_finish, attempt_start
    from tests.factories import ParticipantFactory, make_round

    round = make_round(prediction="none")
    first, second = (attempt_start(participant=ParticipantFactory(), round=round) for _ in range(2))
    first_in_flight, release = threading.Event(), threading.Event()

    def finish_first_and_hold():  # its transaction stays open until released
        try:
            with transaction.atomic():
                attempt_finish(attempt=first)
                first_in_flight.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=finish_first_and_hold)
    holder.start()
    try:
        assert first_in_flight.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # waiting for the first fails the test
        finished = attempt_finish(attempt=second)
    finally:
        release.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert finished.finished_at is not None and finished.is_best
    first.refresh_from_db()
    assert first.finished_at is not None and first.is_best
