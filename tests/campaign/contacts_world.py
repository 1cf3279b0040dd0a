"""A small world for unit contacts, every rate hand-counted.

The open round "Đợt 1" (threshold 25%). Departments (Unit.Kind.DEPARTMENT):
  Sở Y tế        2 of 4 finished  -> 50%
  Sở Công Thương 3 of 10          -> 30%
  Sở Tư pháp     1 of 10          -> 10%  (the contact's unit: 3rd of 4, below threshold)
  Sở Xây dựng    0 of 20          ->  0%
  median of the departments: (30 + 10) / 2 = 20%
UBND phường Phú Lợi (a People's Committee) 5 of 5 -> 100%: another kind, never compared.
In Sở Tư pháp: An finished; Bình started and did not finish (verified phone); Chi never
started (verified phone); Dũng never started (phone not verified, an email); Em never
started (neither).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from contest.models import Unit, UnitContact
from quizzes.services.attempts import attempt_start
from tests.accounts import sms_outbox
from tests.factories import ContestFactory, ParticipantFactory, UnitFactory, UserFactory, make_round
from tests.quizzes.helpers import take


@dataclass
class World:
    contest: object
    round: object
    mine: Unit
    health: Unit
    trade: Unit
    building: Unit
    ward: Unit
    contact: object
    people: dict


def _finished(round, unit, count, name="Cán bộ"):
    start = timezone.now() - timedelta(hours=2)
    for index in range(count):
        person = ParticipantFactory(unit=unit, full_name=f"{name} {unit.pk} {index}")
        take(round, person, start=start, seconds=60, prediction=5)


def build_world() -> World:
    contest = ContestFactory()
    round = make_round(contest=contest, title="Đợt 1", collective_min_rate=25)
    department = Unit.Kind.DEPARTMENT
    mine = UnitFactory(name="Sở Tư pháp", kind=department, headcount=10)
    health = UnitFactory(name="Sở Y tế", kind=department, headcount=4)
    trade = UnitFactory(name="Sở Công Thương", kind=department, headcount=10)
    building = UnitFactory(name="Sở Xây dựng", kind=department, headcount=20)
    ward = UnitFactory(name="UBND phường Phú Lợi", kind=Unit.Kind.PEOPLES_COMMITTEE, headcount=5)
    _finished(round, health, 2)
    _finished(round, trade, 3)
    _finished(round, ward, 5)
    people = {
        "an": ParticipantFactory(unit=mine, full_name="Nguyễn Văn An", phone="0911000001"),
        "binh": ParticipantFactory(unit=mine, full_name="Trần Thị Bình", phone="0911000002"),
        "chi": ParticipantFactory(unit=mine, full_name="Lê Minh Chi", phone="0911000003"),
        "dung": ParticipantFactory(
            unit=mine, full_name="Phạm Văn Dũng", phone="0911000004", phone_verified_at=None
        ),
        "em": ParticipantFactory(
            unit=mine,
            full_name="Võ Thị Em",
            phone="0911000005",
            phone_verified_at=None,
            user=UserFactory(email=None, verified=False),
        ),
    }
    people["an"].cccd = "079123456789"
    people["an"].save(update_fields=["cccd"])
    take(round, people["an"], start=timezone.now() - timedelta(hours=1), seconds=90, prediction=5)
    attempt_start(participant=people["binh"], round=round)
    contact = UserFactory(email="daumoi.stp@example.org")
    UnitContact.objects.create(unit=mine, user=contact)
    return World(contest, round, mine, health, trade, building, ward, contact, people)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def sms(settings):
    """Text messages kept in a list instead of printed (as tests/accounts/conftest.py)."""
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.OutboxSender"
    sms_outbox.OUTBOX.clear()
    yield sms_outbox.OUTBOX
    sms_outbox.OUTBOX.clear()
