"""Banners checked in the field: the state an organizer or unit contact found, a photo, where."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banners.models import Banner, BannerCheck
from contest.services.audit import Action, audit_record
from gallery import images

# Checks photos kept: the small one for lists, the large one to look at (gallery widths).
PHOTO_SIZES = {"small": 0, "large": -1}


def photo_store(processed: images.Processed) -> dict:
    """Write a cleaned photo (gallery.images.read_poster) to the private storage."""
    key = uuid.uuid4().hex
    storage = images.private_storage()
    sizes = {name: processed.renditions[index] for name, index in PHOTO_SIZES.items()}
    for name, (_width, _height, data) in sizes.items():
        storage.save(BannerCheck(photo_key=key).photo_name(name), ContentFile(data))
    _width, _height, _data = sizes["large"]
    return {"photo_key": key, "photo_width": _width, "photo_height": _height}


def photo_delete(check: BannerCheck) -> None:
    if check.photo_key:
        storage = images.private_storage()
        for name in PHOTO_SIZES:
            storage.delete(check.photo_name(name))


def banner_check_record(
    *,
    banner: Banner,
    state: str,
    actor,
    note: str = "",
    photo: images.Processed | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    accuracy_m: int | None = None,
) -> BannerCheck:
    """Record what `actor` found at `banner`; audited without the note, photo or position
    (the position of a phone is its owner's)."""
    previous = banner.checks.order_by("-checked_at", "-id").first()
    check = BannerCheck(
        banner=banner,
        state=state,
        note=note.strip(),
        checked_at=timezone.now(),
        checked_by=actor if getattr(actor, "pk", None) else None,
    )
    if latitude is not None and longitude is not None:
        check.latitude, check.longitude, check.accuracy_m = latitude, longitude, accuracy_m
    if photo is not None:
        for name, value in photo_store(photo).items():
            setattr(check, name, value)
    try:
        with transaction.atomic():
            check.full_clean(exclude=["banner", "checked_by"])
            check.save()
            audit_record(
                actor=actor,
                action=Action.BANNER_CHECK,
                target=banner,
                changes=_audit_changes(check, previous),
            )
    except BaseException:
        photo_delete(check)  # a check not saved leaves no file behind
        raise
    return check


def _audit_changes(check: BannerCheck, previous: BannerCheck | None) -> dict:
    """In words, in the site's language whoever checked: "Còn tốt → Hư hỏng", "ảnh: có"."""
    with translation.override(settings.LANGUAGE_CODE):
        words = {True: _("yes"), False: _("no")}
        return {
            "state": [previous.get_state_display() if previous else "", check.get_state_display()],
            "photo": words[bool(check.photo_key)],
            "position": words[check.has_position],
        }
