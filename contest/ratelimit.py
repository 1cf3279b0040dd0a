"""Fixed-window request counters in the cache (Redis when scaled out)."""

import time

from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(key: str, *, limit: int, period: int) -> int | None:
    """Count one hit on `key`; return the seconds to wait when past `limit`, else None."""
    now = time.time()
    cache_key = f"rl:{key}:{int(now // period)}"
    if cache.add(cache_key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            count = 1
    if count > limit:
        return max(1, int(period - now % period))
    return None


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
