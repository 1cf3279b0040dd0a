"""Sign-in throttling that slows the guesser, not the owner.

Failures are counted per guesser and account: the guesser is the browser when it carries a
signed "known device" cookie for that account (set on every successful sign-in), else the
client's address. After `free` failures each further attempt waits a delay that doubles up to
`max_delay`. Two wider limits catch guessing spread over many addresses or many accounts, and
neither refuses a known browser: failures to one account from browsers it does not know, and
failures from one address (an office behind one NAT shares it, so that limit is high).

Only Django's cache API is used (Redis when scaled out). A count is taken before the password
is checked and given back on success, so parallel requests cannot slip past a limit.
"""

import contextlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.utils.crypto import get_random_string, salted_hmac

from config.cache import count
from contest.ratelimit import client_ip

logger = logging.getLogger(__name__)

DEVICE_COOKIE_PREFIX = "signin_device_"
DEFAULTS = {
    "free": 3,  # failures per guesser and account before the delays start
    "first_delay": 5,  # seconds after the first failure past `free`, doubling after each
    "max_delay": 300,
    "forget_after": 3600,  # a guesser's failures are forgotten this long after the last one
    "account": (20, 900),  # failures to one account from unknown browsers, per period (s)
    "address": (100, 600),  # failures from one address to any accounts, per period (s)
    "device_cookie_age": 365 * 24 * 3600,
}


def config() -> dict:
    return {**DEFAULTS, **getattr(settings, "SIGNIN_THROTTLE", {})}


class Throttled(Exception):
    """Refused before the password is checked; `reason` is "guesser", "account" or "address"."""

    def __init__(self, seconds: int, reason: str):
        super().__init__(seconds, reason)
        self.seconds, self.reason = seconds, reason


@dataclass
class Attempt:
    tries_key: str
    gate_key: str | None = None  # held while this attempt decides whether a delay follows
    window_keys: list[str] = field(default_factory=list)  # failure counts given back on success


def delay_after(failures: int, conf: dict) -> int:
    """Seconds the guesser waits after `failures` consecutive failures."""
    past = failures - conf["free"]
    if past < 0:
        return 0
    return min(conf["first_delay"] * 2 ** min(past, 32), conf["max_delay"])


def _digest(value: str) -> str:
    # Keys name no email or address in the cache (Redis keys are visible to operators).
    return salted_hmac("accounts.throttle", value, algorithm="sha256").hexdigest()[:32]


def _address(request) -> str:
    ip = client_ip(request)
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if parsed.version == 6:  # one host may hold a whole /64
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return ip


def _device_salt(user_pk) -> str:
    return f"accounts.known-device:{user_pk}"


def known_device(request, login: str) -> str | None:
    """The id of this browser if it carries a valid device cookie for the account `login`."""
    devices = {}
    for name in request.COOKIES:
        if name.startswith(DEVICE_COOKIE_PREFIX):
            pk = name.removeprefix(DEVICE_COOKIE_PREFIX)
            device = request.get_signed_cookie(
                name, default=None, salt=_device_salt(pk), max_age=config()["device_cookie_age"]
            )
            if device:
                devices[pk] = device
    if not devices or not login:
        return None
    # `login` is an email or a phone already normalised (accounts.adapter.pre_authenticate).
    who = Q(participant__phone=login) if "@" not in login else Q(email__iexact=login)
    match = (
        get_user_model()
        .objects.filter(who, pk__in=list(devices))
        .values_list("pk", flat=True)
        .first()
    )
    return devices.get(str(match)) if match is not None else None


def remember_device(request, response, user) -> None:
    """Give the browser (or renew) its long-lived signed device cookie for `user`."""
    name = f"{DEVICE_COOKIE_PREFIX}{user.pk}"
    salt, age = _device_salt(user.pk), config()["device_cookie_age"]
    device = request.get_signed_cookie(name, default=None, salt=salt, max_age=age)
    response.set_signed_cookie(
        name,
        device or get_random_string(24),
        salt=salt,
        max_age=age,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def begin(request, *, login: str) -> Attempt | None:
    """Count a sign-in attempt before its password is checked; raise `Throttled` to refuse it.

    Returns None when the cache cannot be reached: sign-in then goes through uncounted, like
    every other limit on the site.
    """
    conf, now = config(), time.time()
    account = _digest(login.strip().lower())
    device = known_device(request, login)
    guesser = f"device:{device}" if device else f"address:{_address(request)}"
    attempt = Attempt(tries_key=f"signin:tries:{_digest(guesser)}:{account}")
    try:
        _take_turn(attempt, conf, now)
        if not device:
            _count_failure(attempt, f"address:{_digest(_address(request))}", conf["address"], now)
            _count_failure(attempt, f"account:{account}", conf["account"], now)
    except Throttled:
        raise
    except Exception:
        logger.warning("sign-in attempt not counted: the cache is unreachable", exc_info=True)
        return None
    return attempt


def _take_turn(attempt: Attempt, conf: dict, now: float) -> None:
    tries = count(attempt.tries_key, timeout=conf["forget_after"])
    delay = delay_after(tries, conf)
    if not delay:
        return
    # The attempt that may end in a delay holds the gate for that delay: only one guess at a
    # time gets through, and if it fails the gate stays closed until the delay is over.
    gate_key = attempt.tries_key.replace(":tries:", ":gate:", 1)
    taken = cache.add(gate_key, now + delay, timeout=delay)
    opens_at = None if taken else cache.get(gate_key)
    if not taken and (opens_at is None or opens_at <= now):
        # The gate opens by the time it holds; its timeout only tidies up (and a cache's
        # expiry may lag by a second).
        cache.delete(gate_key)
        taken = cache.add(gate_key, now + delay, timeout=delay)
        opens_at = None if taken else cache.get(gate_key)
    if taken:
        attempt.gate_key = gate_key
        return
    _give_back(attempt.tries_key)  # a refused attempt is not a failure
    raise Throttled(max(1, math.ceil((opens_at or now) - now)), "guesser")


def _count_failure(attempt: Attempt, name: str, rate: tuple[int, int], now: float) -> None:
    limit, period = rate
    key = f"signin:{name}:{int(now // period)}"
    hits = count(key, timeout=period + 1)
    if hits <= limit:
        attempt.window_keys.append(key)
        return
    _give_back(key)
    _undo(attempt)
    reason = name.split(":", 1)[0]
    if cache.add(f"{key}:reported", 1, timeout=period + 1):  # once per window
        logger.warning("sign-in: %s %s reached %d failures in %d s", reason, key, limit, period)
    raise Throttled(max(1, math.ceil(period - now % period)), reason)


def _give_back(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired in between
        cache.decr(key)


def _undo(attempt: Attempt) -> None:
    _give_back(attempt.tries_key)
    for key in attempt.window_keys:
        _give_back(key)
    if attempt.gate_key:
        cache.delete(attempt.gate_key)


def succeeded(attempt: Attempt | None) -> None:
    """The password was right: the guesser's count starts over, and wider counts get it back."""
    if attempt is None:
        return
    try:
        for key in attempt.window_keys:
            _give_back(key)
        cache.delete_many([attempt.tries_key, *filter(None, [attempt.gate_key])])
    except Exception:
        logger.warning("sign-in success not recorded: the cache is unreachable", exc_info=True)


def failed(attempt: Attempt | None) -> None:
    """The password was wrong: the counts stay, and the guesser's count is kept longer."""
    if attempt is None:
        return
    try:
        cache.touch(attempt.tries_key, config()["forget_after"])
    except Exception:
        logger.warning("sign-in failure not refreshed: the cache is unreachable", exc_info=True)
