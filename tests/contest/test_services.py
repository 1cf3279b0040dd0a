import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from contest.models import Participant
from contest.services.participants import participant_save
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_profile_with_the_same_phone(unit):
    ParticipantFactory(phone="0912345678")
    with pytest.raises(IntegrityError):
        Participant.objects.create(
            user=UserFactory(),
            full_name="Lê Văn Bình",
            phone="0912345678",
            participant_type="citizen",
            unit=unit,
            consent_given_at=timezone.now(),
        )


def test_race_for_a_phone_ends_in_a_form_message_not_an_error(unit):
    # The form's check passed for both; the second save meets the unique constraint.
    ParticipantFactory(phone="0912345678")
    data = {
        "full_name": "Lê Văn Bình",
        "phone": "0912345678",
        "participant_type": "citizen",
        "unit": unit,
        "unit_other": "",
        "cccd": "",
        "date_of_birth": None,
        "gender": "",
        "commune": "",
    }
    with pytest.raises(ValidationError) as caught:
        participant_save(user=UserFactory(), data=data)
    assert "phone" in caught.value.message_dict


def test_database_requires_a_unit_or_its_name(db):
    with pytest.raises(IntegrityError):
        Participant.objects.create(
            user=UserFactory(),
            full_name="Lê Văn Bình",
            phone="0912345670",
            participant_type="citizen",
            unit=None,
            unit_other="",
            consent_given_at=timezone.now(),
        )
