"""Fixed-window request limits, counted in the cache (Redis when scaled out).

One mechanism for every limited page: `@rate_limit(...)` on a view, or `limit_response(...)`
inside one when the counted thing is only known there (an attempt). Both count through
`rate_limited` and refuse with `too_many_requests`: our 429 page in the user's language
saying how long to wait, or JSON for a script, with `Retry-After` either way.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy, ngettext

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


# --- Who a rate counts ----------------------------------------------------------------
def _user(request) -> str | None:
    user = getattr(request, "user", None)
    return str(user.pk) if user is not None and user.is_authenticated else None


def _ip(request) -> str | None:
    return client_ip(request) or None


def _email(request) -> str | None:
    """The address typed into the form (a password reset's mailbox), hashed for the key."""
    email = (request.POST.get("email") or "").strip().lower()
    return hashlib.sha256(email.encode()).hexdigest()[:32] if email else None


# A scope that has nobody to count (a user scope on an anonymous request) is skipped.
SCOPES: dict[str, Callable] = {"user": _user, "ip": _ip, "email": _email}


def _rates(setting: str, scope: str) -> dict[str, tuple[int, int]]:
    """`settings.<setting>`: {scope: (limit, seconds)}, or one (limit, seconds) for `scope`."""
    value = getattr(settings, setting)
    if not value:
        return {}
    return dict(value) if isinstance(value, dict) else {scope: tuple(value)}


def wants_json(request) -> bool:
    """A script's request (fetch with X-Requested-With, or asking for JSON first)."""
    if request.headers.get("X-Requested-With") in {"fetch", "XMLHttpRequest"}:
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def limit_response(
    request,
    name: str,
    *,
    setting: str,
    scope: str = "user",
    key=None,
    json: bool | None = None,
    message=None,
):
    """Count this request under every rate of `settings.<setting>`; a 429 when one is past.

    `key` (e.g. an attempt's id) counts one thing whoever asks, instead of the scopes.
    Returns None when the request may go on.
    """
    wait, rates = None, _rates(setting, scope)
    for rate_scope, (limit, period) in rates.items():
        if key is not None:
            counted = f"{name}:{key}" if len(rates) == 1 else f"{name}:{rate_scope}:{key}"
        else:
            who = SCOPES[rate_scope](request)
            if who is None:
                continue
            counted = f"{name}:{rate_scope}:{who}"
        if (wait := rate_limited(counted, limit=limit, period=period)) is not None:
            break
    if wait is None:
        return None
    if json if json is not None else wants_json(request):
        return too_many_requests_json(wait, message=message)
    return too_many_requests(request, wait)


def rate_limit(
    name: str,
    *,
    setting: str,
    scope: str = "user",
    methods: Iterable[str] = ("POST",),
    json: bool | None = None,
    message=None,
):
    """Limit a view's `methods` requests to the rates of `settings.<setting>`.

        @rate_limit("start", setting="QUIZ_START_RATE")  # {"user": (10, 60), "ip": (300, 60)}
        @rate_limit("submit", setting="GALLERY_SUBMIT_RATE", scope="user")  # (20, 3600)

    Scopes: "user" (the signed-in account; anonymous requests are not counted under it),
    "ip" (the client's address), "email" (the address posted in the form). The setting is
    read on each request. A refusal is our 429 page, or JSON when the client is a script
    (`json=None`: detected; True/False: always/never) with `message` (`%(seconds)d`).
    """
    methods = {method.upper() for method in methods}

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method in methods:
                refused = limit_response(
                    request, name, setting=setting, scope=scope, json=json, message=message
                )
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return limited

    return decorator


# --- The refusals ---------------------------------------------------------------------
DEFAULT_JSON_MESSAGE = gettext_lazy("Too many requests in a short time.")


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def too_many_requests_json(retry_after: int, *, message=None):
    """{"ok": false, "error": "rate_limited", "message", "retry_after"} and Retry-After."""
    if message is not None:
        text = str(message) % {"seconds": retry_after}
    else:
        text = " ".join(
            [
                str(DEFAULT_JSON_MESSAGE),
                ngettext(
                    "Try again in %(seconds)d second.",
                    "Try again in %(seconds)d seconds.",
                    retry_after,
                )
                % {"seconds": retry_after},
            ]
        )
    body = {"ok": False, "error": "rate_limited", "message": text, "retry_after": retry_after}
    return JsonResponse(body, status=429, headers={"Retry-After": str(retry_after)})


def allauth_too_many_requests(request):
    """config/urls.py's handler429: allauth's own limits, without a known wait.

    The pages where people meet a limit (sign-up, password reset and change) are limited by
    `rate_limit` (accounts/urls.py), which says the wait; what allauth still limits itself
    renders our page asking for a minute.
    """
    return render(request, "429.html", {}, status=429)
