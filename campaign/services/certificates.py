"""Certificates: the template's images, issuing to winners, revoking, notifying holders.

Who wins is never decided here: the round's frozen ranking and unit results
(quizzes.services.ranking.round_close) and the gallery's `selectors.winners` say it, and
only once the results are published. Issuing is idempotent (one certificate per holder and
award, enforced by unique constraints) and serialised per contest by a lock on the
template's row, which also hands out the serial numbers in order.
"""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.sms import SmsNotSent, send_sms
from campaign.models import Certificate, CertificateTemplate
from contest.models import AuditEntry, Contest
from contest.qr import absolute_url
from contest.services.audit import audit_record
from gallery import images
from gallery import selectors as gallery_selectors
from gallery.models import GalleryConfig
from quizzes.models import RankingEntry, Round

IMAGE_DIR = "certificates"
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MIN_LONG_SIDE = 120


# --- The template ---------------------------------------------------------------------
def template_for(contest: Contest) -> CertificateTemplate:
    """The contest's template, or an unsaved one with the default wording."""
    template = CertificateTemplate.objects.filter(contest=contest).first()
    if template is None:
        template = CertificateTemplate(contest=contest, issuer=contest.organizer_name)
    return template


def image_read(upload) -> images.Processed:
    """An uploaded signature, seal or logo checked and re-encoded as gallery posters are
    (EXIF and anything appended dropped); ValidationError says what to change."""
    return images.read_poster(upload, max_bytes=IMAGE_MAX_BYTES, min_long_side=IMAGE_MIN_LONG_SIDE)


def image_bytes(name: str) -> bytes | None:
    if not name:
        return None
    try:
        with images.private_storage().open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _store_image(processed: images.Processed, kind: str) -> str:
    name = f"{IMAGE_DIR}/{uuid.uuid4().hex}-{kind}.jpg"
    return images.private_storage().save(name, ContentFile(processed.master))


@transaction.atomic
def template_save(
    *,
    template: CertificateTemplate,
    signature: images.Processed | None = None,
    logo: images.Processed | None = None,
    clear_signature: bool = False,
    clear_logo: bool = False,
    actor=None,
) -> CertificateTemplate:
    """Save the template (its text validated), storing new images and dropping old ones."""
    template.full_clean()
    stale = []
    for processed, clear, attribute, kind in (
        (signature, clear_signature, "signature_name", "signature"),
        (logo, clear_logo, "logo_name", "logo"),
    ):
        if processed is not None or clear:
            if getattr(template, attribute):
                stale.append(getattr(template, attribute))
            setattr(template, attribute, _store_image(processed, kind) if processed else "")
    template.save()
    storage = images.private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in stale])
    return template


# --- Issuing -----------------------------------------------------------------------------
@dataclass
class Issued:
    created: int = 0
    existing: int = 0
    certificates: list[Certificate] = field(default_factory=list)


def _label(message: str, **params) -> str:
    """A prize label as printed: in the site's language, whoever presses the button."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % params if params else _(message)


def prize_label(prize: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(RankingEntry.Prize(prize).label)


GALLERY_LABELS = {
    "jury": gettext_noop("Jury prize, place %(place)d"),
    "popular": gettext_noop("Popular vote prize, place %(place)d"),
    "blend": gettext_noop("Overall prize, place %(place)d"),
}


def _key(certificate: Certificate) -> tuple:
    """What makes a certificate the same award as another (the unique constraints)."""
    if certificate.kind == Certificate.Kind.COLLECTIVE:
        return (certificate.kind, certificate.unit_id, certificate.round_id)
    if certificate.kind == Certificate.Kind.GALLERY:
        return (
            certificate.kind,
            certificate.participant_id,
            certificate.entry_id,
            certificate.prize,
        )
    return (certificate.kind, certificate.participant_id, certificate.round_id)


def _round_awards(round: Round, participation_min_score: int | None) -> list[Certificate]:
    wanted = []
    for entry in round.ranking.exclude(prize="").select_related("participant").order_by("rank"):
        wanted.append(
            Certificate(
                kind=Certificate.Kind.INDIVIDUAL,
                participant_id=entry.participant_id,
                unit_id=entry.participant.unit_id,
                name_printed=entry.full_name,
                unit_printed=entry.unit_name,
                prize=entry.prize,
                prize_label=prize_label(entry.prize),
                round=round,
            )
        )
    for result in round.unit_results.filter(prize=True).order_by("rank"):
        wanted.append(
            Certificate(
                kind=Certificate.Kind.COLLECTIVE,
                unit_id=result.unit_id,
                name_printed=result.unit_name,
                unit_printed=result.unit_name,
                prize="collective",
                prize_label=_label(gettext_noop("Collective prize")),
                round=round,
            )
        )
    if participation_min_score is not None:
        finished = round.ranking.filter(eligible=True, score__gte=participation_min_score)
        for entry in finished.select_related("participant").order_by("rank"):
            if entry.participant.deleted_at is not None:
                continue
            wanted.append(
                Certificate(
                    kind=Certificate.Kind.PARTICIPATION,
                    participant_id=entry.participant_id,
                    unit_id=entry.participant.unit_id,
                    name_printed=entry.full_name,
                    unit_printed=entry.unit_name,
                    prize="participation",
                    prize_label=_label(gettext_noop("Certificate of participation")),
                    round=round,
                )
            )
    # The giải lan tỏa awarded from the ranking of inviters (invites.services.invite_award).
    for award in round.invite_awards.select_related("participant").order_by("place", "id"):
        participant = award.participant
        if participant.deleted_at is not None:
            continue
        wanted.append(
            Certificate(
                kind=Certificate.Kind.INVITE,
                participant=participant,
                unit_id=participant.unit_id,
                name_printed=participant.full_name,
                unit_printed=participant.unit_name,
                prize="invite",
                prize_label=_label(gettext_noop("Spreading-the-word prize")),
                round=round,
            )
        )
    return wanted


def _gallery_awards(gallery: GalleryConfig) -> list[Certificate]:
    wanted = []
    for ranking, rows in gallery_selectors.winners(gallery).items():
        for place, row in enumerate(rows, start=1):
            participant = getattr(row.entry.author, "participant", None)
            if participant is None or participant.deleted_at is not None:
                continue  # no profile to print a name from
            wanted.append(
                Certificate(
                    kind=Certificate.Kind.GALLERY,
                    participant=participant,
                    unit_id=participant.unit_id,
                    name_printed=participant.full_name,
                    unit_printed=participant.unit_name,
                    prize=f"{ranking}-{place}",
                    prize_label=_label(GALLERY_LABELS[ranking], place=place),
                    gallery=gallery,
                    entry=row.entry,
                )
            )
    return wanted


def _issue(*, contest: Contest, wanted: list[Certificate], target, actor, on) -> Issued:
    # The template's row is the contest's lock: issuing waits for an issue in progress, then
    # sees its certificates (so none is made twice) and numbers after them.
    # get_or_create retries a lost race for the row inside a savepoint.
    CertificateTemplate.objects.get_or_create(
        contest=contest, defaults={"issuer": contest.organizer_name}
    )
    template = CertificateTemplate.objects.select_for_update().get(contest=contest)
    existing = Certificate.objects.filter(contest=contest)
    if isinstance(target, Round):
        existing = existing.filter(round=target)
    else:
        existing = existing.filter(gallery=target)
    have = {_key(certificate) for certificate in existing}
    number = Certificate.objects.filter(contest=contest).aggregate(top=Max("number"))["top"] or 0
    issued_on = timezone.localdate()
    result = Issued()
    new = []
    for certificate in wanted:
        key = _key(certificate)
        if key in have:
            result.existing += 1
            continue
        have.add(key)
        number += 1
        certificate.contest = contest
        certificate.number = number
        certificate.serial = f"{template.serial_prefix}-{issued_on.year}-{number:06d}"
        certificate.issued_on = on or issued_on
        certificate.issued_by = actor if getattr(actor, "pk", None) else None
        new.append(certificate)
    Certificate.objects.bulk_create(new, batch_size=500)
    result.created, result.certificates = len(new), new
    if new:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CERTIFICATES_ISSUE,
            target=target,
            changes={
                "certificates": len(new),
                "serials": f"{new[0].serial} – {new[-1].serial}",
            },
        )
    return result


@transaction.atomic
def certificates_issue_round(
    *, round: Round, actor=None, participation_min_score: int | None = None, on=None
) -> Issued:
    """Certificates for the round's prize winners, individual and collective, and with
    `participation_min_score` for everyone whose best attempt scored at least that.

    Only once the results are published; issuing again adds only what is missing.
    """
    if round.published_at is None:
        raise ValidationError(
            _("Publish the round's results before issuing its certificates."),
            code="not_published",
        )
    if participation_min_score is not None and participation_min_score < 0:
        raise ValidationError(_("The lowest score cannot be negative."), code="min_score")
    return _issue(
        contest=round.contest,
        wanted=_round_awards(round, participation_min_score),
        target=round,
        actor=actor,
        on=on,
    )


@transaction.atomic
def certificates_issue_gallery(*, gallery: GalleryConfig, actor=None, on=None) -> Issued:
    """Certificates for the winners of each of the gallery's rankings, once published."""
    if gallery.results_published_at is None:
        raise ValidationError(
            _("Publish the gallery's results before issuing its certificates."),
            code="not_published",
        )
    return _issue(
        contest=gallery.contest,
        wanted=_gallery_awards(gallery),
        target=gallery,
        actor=actor,
        on=on,
    )


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Revoke for good, with the reason (audited); the verification page says so at once."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking."), code="reason")
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."), code="revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor if getattr(actor, "pk", None) else None
    locked.revoke_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CERTIFICATE_REVOKE,
        target=locked,
        changes={"revoked_at": [None, locked.revoked_at], "reason": reason},
    )
    return locked


# --- Telling the holders ----------------------------------------------------------------
@dataclass
class Notified:
    sent: int = 0
    skipped: int = 0  # no address for this channel (a unit, no email, no phone)
    failed: int = 0


def my_certificates_url() -> str:
    return absolute_url(reverse("campaign:my-certificates"))


def _notice(certificate: Certificate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Congratulations, %(name)s: you have a certificate (%(prize)s, %(award)s). "
            "Download it at %(url)s"
        ) % {
            "name": certificate.name_printed,
            "prize": certificate.prize_label,
            "award": certificate.award_title,
            "url": my_certificates_url(),
        }


def certificates_notify(*, certificates, channel: str, actor=None) -> Notified:
    """Tell each holder of a valid certificate where to download it, by "email" or "sms".

    A unit (collective prize) has no address here and is skipped; a failed message is
    counted, the others still go. Each one sent is marked on its certificate, and a holder
    already told is not told again (a second press sends no second SMS).
    """
    if channel not in {"email", "sms"}:
        raise ValidationError(_("Choose email or text message."), code="channel")
    result = Notified()
    subject = _label(gettext_noop("Your certificate"))
    rows = (
        Certificate.objects.valid()
        .filter(pk__in=[c.pk for c in certificates], notified_at__isnull=True)
        .select_related("participant__user", "round", "gallery")
    )
    for certificate in rows:
        participant = certificate.participant
        if participant is None or participant.deleted_at is not None:
            result.skipped += 1
            continue
        if channel == "email":
            address = participant.user.email
            if not address or address.endswith("@invalid"):
                result.skipped += 1
                continue
            try:
                send_mail(subject, _notice(certificate), None, [address])
            except OSError:
                result.failed += 1
                continue
        else:
            if not participant.phone:
                result.skipped += 1
                continue
            try:
                send_sms(participant.phone, _notice(certificate))
            except SmsNotSent:
                result.failed += 1
                continue
        Certificate.objects.filter(pk=certificate.pk).update(notified_at=timezone.now())
        result.sent += 1
    return result
