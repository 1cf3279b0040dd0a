"""Fixed-window request counters in the cache (Redis when scaled out)."""

import logging
import time

from django.core.cache import cache
from django.shortcuts import render

from config.cache import count

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(key: str, *, limit: int, period: int) -> int | None:
    """Count one hit on `key`; return the seconds to wait when past `limit`, else None.

    When the cache cannot be reached (Redis restarting) the request goes through uncounted:
    a limiter must not turn a saved answer into an error page.
    """
    now = time.time()
    cache_key = f"rl:{key}:{int(now // period)}"
    try:
        hits = count(cache_key, timeout=period + 1)
    except Exception:
        logger.warning("rate limit %s not counted: the cache is unreachable", key, exc_info=True)
        return None
    if hits > limit:
        return max(1, int(period - now % period))
    return None


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


# allauth throttles sign-up and password resets itself and renders 429.html with no context;
# config/urls.py points its handler429 here so the page can say how long to wait. Failed
# sign-ins are throttled by accounts/throttle.py (a form error), not by allauth.
ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
}


def allauth_retry_after(request) -> int | None:
    """Seconds until allauth lets this client try the page again, or None if unknown."""
    from django.urls import Resolver404, resolve

    try:
        action = ALLAUTH_ACTIONS.get(resolve(request.path_info).url_name)
    except Resolver404:
        return None
    if action is None:
        return None
    email = (request.POST.get("email") or "").strip().lower() if request.method == "POST" else ""
    return allauth_wait(request, action, key=email or None)


def allauth_wait(request, action: str, *, key: str | None = None) -> int | None:
    """Seconds until allauth's counters for `action` let this client through, or None.

    Reads allauth's own counters (a list of hit times per key, newest first); a rate blocks
    until its oldest counted hit ages out.
    """
    from allauth.account import app_settings
    from allauth.core.internal import ratelimit as allauth_ratelimit
    from django.core.exceptions import ImproperlyConfigured

    now, waits = time.time(), []
    rates = allauth_ratelimit.get_rates(
        app="allauth.account", action=action, config=app_settings.RATE_LIMITS
    )
    for rate in rates:
        try:
            cache_key = allauth_ratelimit.get_cache_key(
                request,
                app="allauth.account",
                action=action,
                rate=rate,
                key=key,
                user=request.user if request.user.is_authenticated else None,
            )
        except (ImproperlyConfigured, ValueError):
            continue
        history = [hit for hit in cache.get(cache_key, []) if hit > now - rate.duration]
        if len(history) >= rate.amount:
            waits.append(history[rate.amount - 1] + rate.duration - now)
    return max(1, int(max(waits)) + 1) if waits else None


def allauth_too_many_requests(request):
    retry_after = allauth_retry_after(request)
    if retry_after is None:
        return render(request, "429.html", {}, status=429)
    return too_many_requests(request, retry_after)
