"""The Redis cache is Django's own, and the counters on it use only its public API."""

import os
import threading

import pytest
import redis
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from config.cache import count

pytestmark = pytest.mark.scaleout


def raw() -> redis.Redis:
    return redis.Redis.from_url(os.environ["REDIS_URL"])


def test_the_cache_is_djangos_redis_cache_and_reads_writes_and_counts():
    assert type(caches["default"]) is RedisCache
    cache.set("shared-cache-test", {"ý kiến": "đúng"}, 30)
    assert cache.get("shared-cache-test") == {"ý kiến": "đúng"}
    assert cache.add("shared-cache-count", 1, 30)
    assert cache.incr("shared-cache-count") == 2
    cache.delete_many(["shared-cache-test", "shared-cache-count"])
    assert cache.get("shared-cache-test") is None


def test_count_starts_a_counter_with_its_timeout_then_adds_one_each_time():
    cache.delete("shared-cache-window")
    assert [count("shared-cache-window", timeout=30) for _ in range(3)] == [1, 2, 3]
    assert 0 < raw().ttl(cache.make_key("shared-cache-window")) <= 30
    cache.delete("shared-cache-window")


def test_count_from_many_threads_gives_each_hit_its_own_number():
    cache.delete("shared-cache-threads")
    seen, lock = [], threading.Lock()

    def hits():
        for _ in range(25):
            value = count("shared-cache-threads", timeout=30)
            with lock:
                seen.append(value)

    threads = [threading.Thread(target=hits) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 201))
    cache.delete("shared-cache-threads")


def test_a_counter_remade_without_a_timeout_gets_its_timeout_back():
    # What Redis leaves when the key expires between Django's EXISTS and INCRBY.
    key = cache.make_key("shared-cache-race")
    raw().set(key, 0)
    assert raw().ttl(key) == -1  # no timeout
    assert count("shared-cache-race", timeout=30) == 1
    assert 0 < raw().ttl(key) <= 30
    cache.delete("shared-cache-race")
