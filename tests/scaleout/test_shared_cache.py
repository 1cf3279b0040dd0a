"""The Redis cache shares one cache client, and one redis client per server, in a process
(Django's builds one per operation, and each thread gets a cache object of its own)."""

import threading

import pytest
from django.core.cache import cache, caches

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
