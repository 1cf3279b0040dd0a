"""One-time codes sent by SMS: to verify a phone (contest setting) and to reset a password.

allauth generates the code (adapter.generate_phone_verification_code, 6 digits from
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT) and sends it (adapter.send_verification_code_sms,
through accounts.sms); this module keeps the rules around it, the same for both uses:

- a code lives ACCOUNT_PHONE_VERIFICATION_TIMEOUT seconds and takes
  ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS wrong tries, then a new one must be asked;
- a number gets one code per PHONE_CODE_COOLDOWN seconds, and PHONE_CODE_SEND_RATE caps
  the codes per number and per client address (contest.ratelimit's counters).

The code waits in the session as a keyed hash, never in clear; cache keys and logs name a
number only by its hash or its last three digits.
"""

import logging
import math
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.sms import mask_phone
from contest.ratelimit import client_ip, rate_limited

logger = logging.getLogger(__name__)

SESSION_KEY = "accounts_phone_codes"
PURPOSES = {"verify", "reset"}


class CodeRefused(Exception):
    """A refusal the page shows as it is; `seconds` is how long to wait, if that helps."""

    def __init__(self, message: str, *, seconds: int = 0, code: str = ""):
        super().__init__(message)
        self.message, self.seconds, self.code = message, seconds, code


@dataclass(frozen=True)
class Sent:
    phone: str
    user_id: int | None


def _digest(value: str) -> str:
    return salted_hmac("accounts.phone_codes", value, algorithm="sha256").hexdigest()[:32]


def _cooldown_key(phone: str) -> str:
    return f"phonecode:cooldown:{_digest(phone)}"


def cooldown_left(phone: str) -> int:
    """Seconds before another code may be sent to `phone` (0: now)."""
    try:
        until = cache.get(_cooldown_key(phone))
    except Exception:
        return 0
    return max(0, math.ceil(until - time.time())) if until else 0


def _wait_message(seconds: int) -> str:
    return ngettext(
        "A code was sent a moment ago. You can ask for a new one in %(seconds)d second.",
        "A code was sent a moment ago. You can ask for a new one in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _check_limits(request, phone: str) -> None:
    cooldown = int(settings.PHONE_CODE_COOLDOWN)
    if cooldown:
        key, now = _cooldown_key(phone), time.time()
        if not cache.add(key, now + cooldown, cooldown):
            # The cooldown ends at the time it holds; its expiry only tidies up (Redis keeps
            # its own clock, and an expiry may lag by a second).
            seconds = cooldown_left(phone)
            if seconds > 0:
                raise CodeRefused(_wait_message(seconds), seconds=seconds, code="cooldown")
            cache.set(key, now + cooldown, cooldown)
    rates = settings.PHONE_CODE_SEND_RATE
    if "phone" in rates:
        limit, period = rates["phone"]
        wait = rate_limited(f"phone_code:phone:{_digest(phone)}", limit=limit, period=period)
        if wait is not None:
            raise CodeRefused(
                ngettext(
                    "Too many codes were sent to this number. Try again in %(minutes)d minute.",
                    "Too many codes were sent to this number. Try again in %(minutes)d minutes.",
                    math.ceil(wait / 60),
                )
                % {"minutes": math.ceil(wait / 60)},
                seconds=wait,
                code="phone_limit",
            )
    if "ip" in rates:
        limit, period = rates["ip"]
        address = _digest(client_ip(request))
        wait = rate_limited(f"phone_code:ip:{address}", limit=limit, period=period)
        if wait is not None:
            raise CodeRefused(
                ngettext(
                    "Too many codes were asked from this network. Try again in %(minutes)d minute.",
                    "Too many codes were asked from this network. Try again in %(minutes)d "
                    "minutes.",
                    math.ceil(wait / 60),
                )
                % {"minutes": math.ceil(wait / 60)},
                seconds=wait,
                code="ip_limit",
            )


def code_send(request, *, purpose: str, phone: str, user) -> None:
    """Send a new code for `purpose` to `phone`, replacing any earlier one.

    `user` None (a reset asked for a number no account has) counts and waits like a real
    send, so the page cannot tell who has an account, but no SMS goes out.
    Raises CodeRefused (cooldown, limits, or the SMS gateway failing).
    """
    from accounts import sms

    assert purpose in PURPOSES  # noqa: S101
    _check_limits(request, phone)
    adapter = get_adapter(request)
    code = adapter.generate_phone_verification_code(user=user, phone=phone)
    codes = request.session.get(SESSION_KEY, {})
    codes[purpose] = {
        "phone": phone,
        "user_id": user.pk if user is not None else None,
        "code": _digest(f"{purpose}:{phone}:{code}") if user is not None else "",
        "at": time.time(),
        "failed": 0,
    }
    if user is not None:
        try:
            adapter.send_verification_code_sms(user=user, phone=phone, code=code)
        except sms.SmsNotSent as exc:
            cache.delete(_cooldown_key(phone))
            logger.warning("phone code for %s not sent: %s", mask_phone(phone), exc)
            raise CodeRefused(exc.message, code="not_sent") from exc
    request.session[SESSION_KEY] = codes
    logger.info("phone code (%s) sent to %s", purpose, mask_phone(phone))


def code_pending(request, purpose: str) -> dict | None:
    """The code waiting for `purpose` (its phone, when sent), or None."""
    return request.session.get(SESSION_KEY, {}).get(purpose)


def _forget(request, purpose: str) -> None:
    codes = request.session.get(SESSION_KEY, {})
    codes.pop(purpose, None)
    request.session[SESSION_KEY] = codes


def code_check(request, *, purpose: str, code: str) -> Sent:
    """The phone and account the right code was sent for; raises CodeRefused otherwise.

    A right code is used up; a wrong one counts, and the last allowed wrong try ends it.
    """
    state = code_pending(request, purpose)
    if not state:
        raise CodeRefused(_("Ask for a code first."), code="no_code")
    if time.time() - state["at"] > settings.ACCOUNT_PHONE_VERIFICATION_TIMEOUT:
        _forget(request, purpose)
        raise CodeRefused(_("This code has expired. Ask for a new one."), code="expired")
    typed = "".join((code or "").split()).replace("-", "")
    expected = state["code"]
    if expected and constant_time_compare(_digest(f"{purpose}:{state['phone']}:{typed}"), expected):
        _forget(request, purpose)
        return Sent(phone=state["phone"], user_id=state["user_id"])
    state["failed"] += 1
    left = settings.ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS - state["failed"]
    if left <= 0:
        _forget(request, purpose)
        raise CodeRefused(
            _("Too many wrong codes. Ask for a new code and try again."), code="too_many"
        )
    codes = request.session[SESSION_KEY]
    codes[purpose] = state
    request.session[SESSION_KEY] = codes
    raise CodeRefused(
        ngettext(
            "The code is not right. You have %(left)d more try.",
            "The code is not right. You have %(left)d more tries.",
            left,
        )
        % {"left": left},
        code="wrong",
    )
