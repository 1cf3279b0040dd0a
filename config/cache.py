"""Django's Redis cache with one client per server and process.

Django's `RedisCache` builds a new `redis.Redis` (and its table of response callbacks) for
every operation, and each thread or request context gets a cache object with connection
pools of its own. Under daphne, where each request runs in a thread of its own, that was
13 % of a worker's time in the soak (docs/reliability.md). A `redis.Redis` over a connection
pool is safe to share between threads, so one per server is enough.
"""

import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_clients: dict[str, object] = {}
_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        server = self._servers[self._get_connection_pool_index(write)]
        client = _clients.get(server)
        if client is None:
            with _lock:
                client = _clients.get(server)
                if client is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    client = _clients[server] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient
