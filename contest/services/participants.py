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
