"""The "send it again" buttons of the "check your email" pages, with their cooldown.

The page that says an email is on its way remembers, in the session, which address it went
to and when; its button stays disabled, counting down, until the cooldown has passed, and the
server refuses an earlier press. The phone codes have their own (accounts/phone_codes.py).
"""

import math
import time

from django.conf import settings

SESSION_KEY = "accounts_email_sent"


def cooldown(purpose: str) -> int:
    """Seconds between two emails of `purpose` ("reset", "verify") to one address."""
    return settings.ACCOUNT_EMAIL_RESEND_COOLDOWN[purpose]


def record(request, purpose: str, email: str) -> None:
    """`email` was just sent a `purpose` email from this browser."""
    sent = request.session.get(SESSION_KEY, {})
    sent[purpose] = {"email": email, "at": time.time()}
    request.session[SESSION_KEY] = sent


def state(request, purpose: str) -> tuple[str, int]:
    """The address this browser last had a `purpose` email sent to ("" if none), and the
    seconds left before it may ask again (0: now)."""
    last = request.session.get(SESSION_KEY, {}).get(purpose)
    if not last:
        return "", 0
    left = last["at"] + cooldown(purpose) - time.time()
    return last["email"], max(0, math.ceil(left))
