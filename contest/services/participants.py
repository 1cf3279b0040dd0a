import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.models import Participant

TEXT_FIELDS = ["full_name", "phone", "participant_type", "unit_other", "cccd", "gender", "commune"]
NULLABLE_FIELDS = ["unit", "date_of_birth"]


def participant_save(*, user, data: dict) -> Participant:
    """Create or update `user`'s profile; the consent time is kept from the first save.

    Two accounts racing for one phone or CCCD meet the database's unique
    constraints; the loser gets the same message the form gives.
    """
    try:
        with transaction.atomic():
            profile = Participant.objects.select_for_update().filter(user=user).first()
            profile = profile or Participant(user=user)
            for field in TEXT_FIELDS:
                setattr(profile, field, data.get(field) or "")
            for field in NULLABLE_FIELDS:
                setattr(profile, field, data.get(field))
            if profile.consent_given_at is None:
                profile.consent_given_at = timezone.now()
            profile.save()
    except IntegrityError as exc:
        if Participant.objects.filter(phone=data["phone"]).exclude(user=user).exists():
            raise ValidationError(
                {
                    "phone": _(
                        "This phone number is already registered to another account. "
                        "If it is yours, sign in with that account or contact the organizers."
                    )
                }
            ) from exc
        raise ValidationError(
            {"cccd": _("This citizen ID number is already registered to another account.")}
        ) from exc
    return profile


# The personal invite link's code (/moi/<code>): upper case without 0/O, 1/I/L, as banners'
# codes are, so it is read from a screen and typed on a phone without doubt.
INVITE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INVITE_CODE_LENGTH = 6
INVITE_CODE_ATTEMPTS = 10


def participant_invite_code(*, participant: Participant) -> str:
    """The participant's invite code, given on first use.

    Two requests at once give one code: the code is written only where none is yet
    (one conditional UPDATE, atomic on every database), then read back.
    """
    if participant.invite_code:
        return participant.invite_code
    for _attempt in range(INVITE_CODE_ATTEMPTS):
        code = "".join(secrets.choice(INVITE_CODE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))
        try:
            with transaction.atomic():
                Participant.objects.filter(pk=participant.pk, invite_code__isnull=True).update(
                    invite_code=code
                )
        except IntegrityError:
            continue  # another participant holds this code: draw again
        stored = Participant.objects.filter(pk=participant.pk).values_list("invite_code", flat=True)
        participant.invite_code = stored.get()
        if participant.invite_code:
            return participant.invite_code
    raise ValidationError(_("No free invite code was found; please try again."))
