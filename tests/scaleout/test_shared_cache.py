"""The Redis cache shares one cache client, and one redis client per server, in a process
(Django's builds one per operation, and each thread gets a cache object of its own)."""

import os
import threading

import pytest
import redis
from django.core.cache import cache, caches

from config.cache import count

pytestmark = pytest.mark.scaleout


def test_every_thread_and_operation_uses_the_same_redis_client():
    cache_clients = [cache._cache, cache._cache]
    clients = [cache._cache.get_client(), cache._cache.get_client(write=True)]

    def other_thread():
        other = caches["default"]
        assert other is not cache  # Django's handler: one cache object per thread
        cache_clients.append(other._cache)
        clients.append(other._cache.get_client())

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert len({id(client) for client in cache_clients}) == 1
    assert len({id(client) for client in clients}) == 1


def test_the_shared_client_reads_writes_and_counts():
    cache.set("shared-cache-test", {"ý kiến": "đúng"}, 30)
    assert cache.get("shared-cache-test") == {"ý kiến": "đúng"}
    assert cache.add("shared-cache-count", 1, 30)
    assert cache.incr("shared-cache-count") == 2
    cache.delete_many(["shared-cache-test", "shared-cache-count"])
    assert cache.get("shared-cache-test") is None


def test_incr_is_one_round_trip_refuses_a_missing_key_and_keeps_the_timeout():
    client = cache._cache.get_client(write=True)
    sent = []
    original = client.execute_command

    def counting(*args, **kwargs):
        sent.append(args[0])
        return original(*args, **kwargs)

    client.execute_command = counting
    try:
        with pytest.raises(ValueError):
            cache.incr("shared-cache-missing")  # as Django's: a missing key is not created
        assert cache.get("shared-cache-missing") is None
        cache.set("shared-cache-counter", 5, 30)
        sent.clear()
        assert cache.incr("shared-cache-counter") == 6
        assert sent == ["EVALSHA"]
    finally:
        del client.execute_command
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert 0 < raw.ttl(cache.make_key("shared-cache-counter")) <= 30
    cache.delete("shared-cache-counter")


def test_count_starts_a_counter_with_its_timeout_then_adds_one_each_time():
    cache.delete("shared-cache-window")
    assert [count("shared-cache-window", timeout=30) for _ in range(3)] == [1, 2, 3]
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert 0 < raw.ttl(cache.make_key("shared-cache-window")) <= 30
    cache.delete("shared-cache-window")
