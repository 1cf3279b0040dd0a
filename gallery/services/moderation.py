"""Organizers' moderation: approve, reject or hide an entry; the author is told by email."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contest.qr import absolute_url
from contest.services.audit import Action, audit_record
from gallery.models import Entry

Status = Entry.Status
logger = logging.getLogger(__name__)


def _notify(entry: Entry) -> None:
    """Email the author the decision, after the commit (never for a rolled-back decision).

    Written in the site's language (Vietnamese), whatever language the organizer browses in.
    """
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(entry)
    recipient = entry.author.email
    transaction.on_commit(lambda: _send(subject, body, recipient))


def _message(entry: Entry) -> tuple[str, str]:
    subjects = {
        Status.APPROVED: _("Your entry “%(title)s” is approved"),
        Status.REJECTED: _("Your entry “%(title)s” was not accepted"),
        Status.HIDDEN: _("Your entry “%(title)s” is hidden from the gallery"),
    }
    lines = [
        subjects[entry.status] % {"title": entry.title},
        "",
    ]
    if entry.moderation_reason:
        lines += [_("Reason: %(reason)s") % {"reason": entry.moderation_reason}, ""]
    if entry.status == Status.REJECTED:
        lines.append(_("You can change the entry and send it again while submissions are open."))
    lines += [
        _("Your entries: %(url)s") % {"url": absolute_url(reverse("gallery:my-entries"))},
        "",
        settings.SITE_NAME,
    ]
    subject = f"[{settings.SITE_NAME}] " + subjects[entry.status] % {"title": entry.title}
    return subject, "\n".join(lines)


def _send(subject: str, body: str, recipient: str) -> None:
    try:
        send_mail(subject, body, None, [recipient])
    except OSError:  # the decision stands; the author also sees it on their page
        logger.exception("could not email the moderation decision to %s", recipient)


def _decide(entry: Entry, *, by, status: str, reason: str, allowed: set, notify: bool) -> Entry:
    entry = Entry.objects.select_for_update().select_related("author").get(pk=entry.pk)
    if entry.status not in allowed:
        raise ValidationError(
            _("This entry is “%(status)s”: that decision no longer applies.")
            % {"status": entry.get_status_display()},
            code="wrong_status",
        )
    audit_record(
        actor=by,
        action=Action.ENTRY_MODERATE,
        target=entry,
        changes={"status": [entry.status, status], "reason": reason},
    )
    entry.status = status
    entry.moderation_reason = reason
    entry.moderated_at = timezone.now()
    entry.moderated_by = by
    entry.save(update_fields=["status", "moderation_reason", "moderated_at", "moderated_by"])
    if notify:
        _notify(entry)
    return entry


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason: the author reads it."), code="no_reason")
    return reason


@transaction.atomic
def entry_approve(*, entry: Entry, by, notify: bool = True) -> Entry:
    return _decide(
        entry,
        by=by,
        status=Status.APPROVED,
        reason="",
        allowed={Status.PENDING, Status.HIDDEN},
        notify=notify,
    )


@transaction.atomic
def entry_reject(*, entry: Entry, by, reason: str) -> Entry:
    return _decide(
        entry,
        by=by,
        status=Status.REJECTED,
        reason=_reason(reason),
        allowed={Status.PENDING},
        notify=True,
    )


@transaction.atomic
def entry_hide(*, entry: Entry, by, reason: str) -> Entry:
    """Take an approved entry out of the gallery, the jury and the rankings, with a reason."""
    return _decide(
        entry,
        by=by,
        status=Status.HIDDEN,
        reason=_reason(reason),
        allowed={Status.APPROVED},
        notify=True,
    )
