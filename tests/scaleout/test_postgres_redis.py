import os
import threading

import pytest
import redis
from channels.layers import get_channel_layer
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from contest.models import Participant
from contest.services.participants import participant_save
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.scaleout


def test_environment_selects_postgresql_redis_layer_and_redis_cache():
    assert connection.vendor == "postgresql"
    assert type(get_channel_layer()).__name__ == "RedisPubSubChannelLayer"
    assert type(caches["default"]).__name__ == "RedisCache"


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
    barrier = threading.Barrier(len(users))
    outcomes = []

    def save(user):
        try:
            barrier.wait()
            participant_save(user=user, data=data)
            outcomes.append("saved")
        except ValidationError as exc:
            outcomes.append(sorted(exc.message_dict))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 1
    assert outcomes.count(["phone"]) == 9
    assert Participant.objects.filter(phone="0912345678").count() == 1


@pytest.mark.django_db
def test_login_throttle_is_kept_in_redis_where_every_process_sees_it(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "sai"})
    # Another process sees the same counters: read them over a connection of our own.
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert server.keys("*allauth:rl:*login_failed*")
