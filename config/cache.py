"""Django's Redis cache with one client per server and process, and counters in one trip.

Django's `RedisCache` builds a new `redis.Redis` (and its table of response callbacks) for
every operation, and each thread or request context gets a cache object of its own, which
builds a `RedisCacheClient` (redis-py's driver info reads the installed package's metadata
from disk each time). Under daphne, where each request runs in a context of its own, the
two were 13 % and then 10 % of a worker's time in the soak (docs/reliability.md). A
`redis.Redis` over a connection pool is safe to share between threads, so one cache client
and one `redis.Redis` per server are enough for the process.

Django's `incr` asks Redis whether the key exists, then increments it: two round trips. Here
it is one script. `count` is the counter the rate limits and live boards keep: one round trip
for every hit but a window's first.
"""

import threading

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# INCRBY alone would create a missing key without its timeout: Django's incr refuses instead.
INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return false
"""


def count(key: str, timeout: float | None) -> int:
    """Add one to the counter `key` of the default cache, creating it (with `timeout`) at 1."""
    try:
        return cache.incr(key)
    except ValueError:  # the first hit, or the counter expired or was evicted
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)  # another request's first hit came in between


_lock = threading.Lock()
_cache_clients: dict[tuple, "SharedRedisCacheClient"] = {}


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[str, tuple] = {}  # server -> (redis.Redis, its incr script)

    def _client_and_incr(self, write: bool) -> tuple:
        server = self._servers[self._get_connection_pool_index(write)]
        found = self._clients.get(server)
        if found is None:
            with _lock:
                found = self._clients.get(server)
                if found is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    client = self._client(connection_pool=pool)
                    found = self._clients[server] = (
                        client,
                        client.register_script(INCR_IF_EXISTS),
                    )
        return found

    def get_client(self, key=None, *, write=False):
        return self._client_and_incr(write)[0]

    def incr(self, key, delta):
        client, incr_if_exists = self._client_and_incr(write=True)
        value = incr_if_exists(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class SharedRedisCache(RedisCache):
    @property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        client = _cache_clients.get(key)
        if client is None:
            with _lock:
                client = _cache_clients.get(key)
                if client is None:
                    client = SharedRedisCacheClient(self._servers, **self._options)
                    _cache_clients[key] = client
        return client
