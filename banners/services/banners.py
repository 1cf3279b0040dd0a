"""Banners: codes, saving, and recording the scans of their short links."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banners.models import (
    BANNER_CODE_ALPHABET,
    BANNER_CODE_LENGTH,
    Banner,
    Scan,
    ScanSignup,
    banner_target_words,
)
from contest.devices import device_class
from contest.services.audit import Action, audit_record, track

logger = logging.getLogger(__name__)

# The scanning browser's random id and the banner it scanned first, signed.
SCAN_COOKIE = "cchc_scan"
SCAN_COOKIE_SALT = "contest.banners.scan"  # kept: browsers hold cookies signed with it
SCAN_COOKIE_MAX_AGE = 2 * 365 * 24 * 3600
CODE_ATTEMPTS = 10


def new_code() -> str:
    return "".join(secrets.choice(BANNER_CODE_ALPHABET) for _ in range(BANNER_CODE_LENGTH))


# Banner.clean() sets these from the target: audited with whatever fields the form changed.
CLEANED_FIELDS = ("round", "path")
# What a banner points to: changing any of them on a saved banner is a re-pointing.
TARGET_FIELDS = ("target", "round", "path")


@transaction.atomic
def banner_save(*, banner: Banner, fields: Iterable[str] | None = None, actor=None) -> Banner:
    """Validate and save a banner; a new one gets a fresh random code (retried on collision).

    `fields` are the ones the organizer changed: `form_fields(form)` of the banner's form
    (contest.services.audit); None (an import) compares every field with the stored row.
    """
    banner.full_clean(exclude=["code"])
    tracked = track(banner, fields=None if fields is None else [*fields, *CLEANED_FIELDS])
    stored = None if tracked.created else Banner.objects.select_related("round").get(pk=banner.pk)
    if banner.code:
        banner.save()
    else:
        _save_with_new_code(banner)
    changes = tracked.changes()
    if stored is not None and any(name in changes for name in TARGET_FIELDS):
        # Re-pointed: the printed code stays, the log says where to and from, in words.
        for name in TARGET_FIELDS:
            changes.pop(name, None)
        with translation.override(settings.LANGUAGE_CODE):  # the log reads the same for all
            words = [banner_target_words(stored), banner_target_words(banner)]
        if words[0] != words[1]:
            audit_record(
                actor=actor, action=Action.BANNER_REPOINT, target=banner, changes={"target": words}
            )
    if changes:
        audit_record(actor=actor, action=Action.BANNER_SAVE, target=banner, changes=changes)
    return banner


def _save_with_new_code(banner: Banner) -> None:
    for _attempt in range(CODE_ATTEMPTS):
        banner.code = new_code()
        try:
            with transaction.atomic():
                banner.save()
        except IntegrityError:
            if not Banner.objects.filter(code=banner.code).exists():
                raise  # another constraint: not a code collision
            banner.pk = None
            continue
        return
    raise ValidationError(_("No free banner code was found; please try again."))


# --- Scans: the QR-burst hot path ---------------------------------------------------


@dataclass
class ScanVisitor:
    """The browser behind a scan, as its cookie tells."""

    id: str
    first_banner_id: int | None
    returning: bool

    def cookie_value(self) -> str:
        return signing.dumps([self.id, self.first_banner_id], salt=SCAN_COOKIE_SALT, compress=False)


def read_visitor(cookie: str | None) -> ScanVisitor | None:
    if not cookie:
        return None
    try:
        visitor_id, first_banner_id = signing.loads(cookie, salt=SCAN_COOKIE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(visitor_id, str) or not (
        first_banner_id is None or isinstance(first_banner_id, int)
    ):
        return None
    return ScanVisitor(visitor_id[:32], first_banner_id, returning=True)


def scan_record(
    *, code: str, banner: Banner | None, user_agent: str, cookie: str | None
) -> ScanVisitor:
    """Record one scan and return the browser's (new or updated) visitor.

    Never raises because of the database: the visitor is still sent on to the target.
    """
    visitor = read_visitor(cookie) or ScanVisitor(
        secrets.token_hex(16), first_banner_id=None, returning=False
    )
    redirected = banner is not None and banner.is_active
    if redirected and visitor.first_banner_id is None:
        visitor.first_banner_id = banner.pk
    scan = Scan(
        banner=banner,
        code=code,
        redirected=redirected,
        scanned_at=timezone.now(),
        device=device_class(user_agent),
        visitor=visitor.id,
        returning=visitor.returning,
        first_banner_id=visitor.first_banner_id,
    )
    try:
        scan.save(force_insert=True)
    except DatabaseError:
        logger.exception("scan of %s not recorded", code)
    return visitor


def scan_signup_record(*, user, cookie: str | None) -> ScanSignup | None:
    """Credit a new account to the banner its browser scanned first, if it scanned one."""
    visitor = read_visitor(cookie)
    if visitor is None or visitor.first_banner_id is None:
        return None
    if not Banner.objects.filter(pk=visitor.first_banner_id).exists():
        return None
    signup, _ = ScanSignup.objects.get_or_create(
        user=user, defaults={"banner_id": visitor.first_banner_id, "visitor": visitor.id}
    )
    return signup
