"""The user-agent classes and code normalisation the banners use, for invite links.

A copy of banners.services.banners.device_class/normalize_code: the layers contract keeps
invites from importing banners (siblings). To be moved to one contest-level module both
import (reported to the lead); keep the two in step until then.
"""

import re

from .models import Device

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
    if TABLET_RE.search(user_agent) or ("android" in lowered and "mobi" not in lowered):
        return Device.TABLET
    if PHONE_RE.search(user_agent):
        return Device.PHONE
    return Device.DESKTOP


def normalize_code(text: str) -> str:
    """What was typed or pasted, as a code: upper case, punctuation chat apps add removed."""
    return _NOT_CODE.sub("", (text or "").upper())[:32]
