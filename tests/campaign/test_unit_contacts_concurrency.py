"""Reminders under real concurrency (PostgreSQL): every contact of a unit presses "remind"
at the same moment, and the staff get one reminder."""

import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from campaign.contact_models import UnitReminder
from campaign.services.contacts import reminder_send
from contest.models import AuditEntry, UnitContact
from tests.factories import UserFactory

from . import contacts_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: the in-memory SQLite test database is one connection",
    ),
]
SHOTS = 5
sms = contacts_world.sms  # the fixture


def test_simultaneous_reminders_of_one_unit_send_one(sms):
    world = contacts_world.build_world()
    contacts = [world.contact]
    for _index in range(SHOTS - 1):
        colleague = UserFactory()
        UnitContact.objects.create(unit=world.mine, user=colleague)
        contacts.append(colleague)

    barrier = threading.Barrier(SHOTS)
    outcomes, lock = [], threading.Lock()

    def run(contact):
        try:
            barrier.wait()
            result = reminder_send(unit=world.mine, round=world.round, actor=contact).sent
        except Exception as exc:  # the outcome under test
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=[contact]) for contact in contacts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    sent = [outcome for outcome in outcomes if isinstance(outcome, int)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert sent == [3] and len(refused) == SHOTS - 1, outcomes  # 2 SMS and 1 email
    assert all(error.code == "already_reminded" for error in refused)
    assert len(sms) == 2
    assert UnitReminder.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REMINDER_SEND).count() == 1
