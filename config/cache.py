"""Counters in the cache, through Django's public cache API only.

`count` is the counter the rate limits, the sign-in throttle and the live boards keep. The
cache itself is Django's own `RedisCache` (or `LocMemCache` embedded): HTTP runs on
long-lived WSGI threads, so each thread builds its cache client once and keeps it.
"""

from django.core.cache import cache


def count(key: str, timeout: float | None) -> int:
    """Add one to the counter `key` of the default cache, creating it (with `timeout`) at 1.

    Two round trips to Redis for every hit but a window's first (Django's `incr` asks
    whether the key exists, then increments it), one more for the first.
    """
    try:
        hits = cache.incr(key)
    except ValueError:  # the first hit, or the counter expired or was evicted
        if cache.add(key, 1, timeout=timeout):
            return 1
        hits = cache.incr(key)  # another request's first hit came in between
    if hits == 1:
        # The key expired between Redis's EXISTS and INCRBY, which then made it anew
        # without a timeout (a counter here never holds 0): give it its timeout back.
        cache.touch(key, timeout=timeout)
    return hits
