"""The kind of browser behind a visit, and a typed or scanned code as a code.

Banners' scans and invite links' visits both count people, not bots and link previews, and
both take codes that chat apps and phones pass on with punctuation around them.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Device(models.TextChoices):
    PHONE = "phone", _("Phone")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Computer")
    BOT = "bot", _("Bot or link preview")


BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|headless|curl|wget|python-|"
    r"go-http|okhttp|java/|httpclient|scrapy|lighthouse",
    re.IGNORECASE,
)
TABLET_RE = re.compile(r"ipad|tablet|kindle|silk|playbook", re.IGNORECASE)
PHONE_RE = re.compile(
    r"mobi|iphone|ipod|android|windows phone|opera mini|blackberry|zalo", re.IGNORECASE
)
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def device_class(user_agent: str) -> str:
    if not user_agent.strip() or BOT_RE.search(user_agent):
        return Device.BOT
    lowered = user_agent.lower()
    # Android tablets leave "Mobile" out of their user agent.
    if TABLET_RE.search(user_agent) or ("android" in lowered and "mobi" not in lowered):
        return Device.TABLET
    if PHONE_RE.search(user_agent):
        return Device.PHONE
    return Device.DESKTOP


def normalize_code(text: str) -> str:
    """What was typed or scanned, as a code: upper case, punctuation chat apps add removed."""
    return _NOT_CODE.sub("", (text or "").upper())[:32]
