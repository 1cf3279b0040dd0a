"""The weekly digest: each contact gets their unit's rate and its place among the units of
the same kind, by email (or SMS to a verified phone), once per ISO week."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from campaign.contact_models import UnitDigest
from campaign.selectors_contacts import kind_standing, unit_rates
from campaign.services.unit_digest import digest_send, iso_week
from contest.models import UnitContact
from tests.factories import ParticipantFactory

from . import contacts_world

world, sms = contacts_world.world, contacts_world.sms  # the fixtures

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_unit_is_compared_with_units_of_the_same_kind_only(world):
    standing = kind_standing(world.mine, unit_rates(world.round))
    # Departments: 50%, 30%, 10% (mine), 0%; the ward's 100% is another kind.
    assert standing.rate.rate == 0.1
    assert (standing.rank, standing.among, standing.median) == (3, 4, 0.2)
    ward = kind_standing(world.ward, unit_rates(world.round))
    assert (ward.rank, ward.among, ward.median) == (1, 1, 1.0)


def test_the_digest_email_gives_the_rate_the_place_and_the_median(world, mailoutbox):
    run = digest_send()
    assert (run.by_email, run.by_sms, run.failed) == (1, 0, 0)
    message = mailoutbox[0]
    assert message.to == ["daumoi.stp@example.org"]
    assert "Sở Tư pháp" in message.subject
    assert "Tỉ lệ: 10,0% (1 người đã nộp bài trên 10 biên chế)" in message.body
    assert "chưa đạt ngưỡng xét giải tập thể (25%)" in message.body
    assert "hạng 3/4" in message.body and "20,0%" in message.body


def test_a_rerun_in_the_same_week_sends_nothing_again(world, mailoutbox, capsys):
    call_command("send_unit_digest")
    call_command("send_unit_digest")
    assert len(mailoutbox) == 1
    assert UnitDigest.objects.get().week == iso_week()
    out = capsys.readouterr().out
    assert "0 sent (0 by email, 0 by SMS), 1 already sent this week" in out


def test_the_next_iso_week_brings_the_next_digest(world, mailoutbox):
    sunday = datetime(2026, 12, 6, 22, 0, tzinfo=HCM)  # ISO week 49 of 2026
    monday = sunday + timedelta(hours=9)  # 07:00 on Monday: week 50
    digest_send(now=sunday)
    digest_send(now=sunday + timedelta(hours=1))
    digest_send(now=monday)
    assert sorted(UnitDigest.objects.values_list("week", flat=True)) == ["2026-W49", "2026-W50"]
    assert len(mailoutbox) == 2


def test_a_contact_without_email_gets_the_digest_by_sms_on_a_verified_phone(world, sms):
    person = ParticipantFactory(unit=world.ward, phone="0933000111")
    person.user.email = None
    person.user.save()
    UnitContact.objects.create(unit=world.ward, user=person.user)
    run = digest_send()
    assert run.by_sms == 1
    [(to, text)] = sms
    assert to == "0933000111" and "UBND phường Phú Lợi" in text and "100,0%" in text


def test_a_failed_message_is_tried_again_on_the_next_run(world, settings, mailoutbox):
    person = ParticipantFactory(unit=world.ward, phone="0933000222")
    person.user.email = None
    person.user.save()
    UnitContact.objects.create(unit=world.ward, user=person.user)
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.FailingSender"
    assert digest_send().failed == 1
    assert not UnitDigest.objects.filter(user=person.user).exists()
    settings.SMS_BACKEND = "tests.accounts.sms_outbox.OutboxSender"
    run = digest_send()
    assert (run.by_sms, run.already_sent) == (1, 1)
