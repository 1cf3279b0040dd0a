"""Django's Redis cache with one client per server and process.

Django's `RedisCache` builds a new `redis.Redis` (and its table of response callbacks) for
every operation, and each thread or request context gets a cache object of its own, which
builds a `RedisCacheClient` (redis-py's driver info reads the installed package's metadata
from disk each time). Under daphne, where each request runs in a context of its own, the
two were 13 % and then 10 % of a worker's time in the soak (docs/reliability.md). A
`redis.Redis` over a connection pool is safe to share between threads, so one cache client
and one `redis.Redis` per server are enough for the process.
"""

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_lock = threading.Lock()
_cache_clients: dict[tuple, "SharedRedisCacheClient"] = {}


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[str, object] = {}

    def get_client(self, key=None, *, write=False):
        server = self._servers[self._get_connection_pool_index(write)]
        client = self._clients.get(server)
        if client is None:
            with _lock:
                client = self._clients.get(server)
                if client is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    client = self._clients[server] = self._client(connection_pool=pool)
        return client


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
