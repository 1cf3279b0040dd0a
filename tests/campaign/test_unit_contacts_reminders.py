"""A contact reminds their unit's staff who have not finished the open round: SMS to a
verified phone, else email; audited; once per unit, round and day."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from campaign.contact_models import UnitReminder
from campaign.services.contacts import reminder_send
from contest.models import AuditEntry, UnitContact
from contest.services.audit import changes_text
from tests.factories import UserFactory, make_round

from . import contacts_world

world, sms = contacts_world.world, contacts_world.sms  # the fixtures

pytestmark = pytest.mark.django_db


def test_reminder_goes_to_those_who_have_not_finished_with_the_round_link(
    client, world, sms, mailoutbox, settings
):
    settings.SITE_BASE_URL = "https://cuocthi.soctrang.gov.vn"
    client.force_login(world.contact)
    response = client.post(reverse("campaign:unit-remind", args=[world.mine.pk, world.round.pk]))
    assert response["Location"] == reverse("campaign:my-unit", args=[world.mine.pk])
    link = "https://cuocthi.soctrang.gov.vn" + reverse(
        "quizzes:round-detail", args=[world.round.pk]
    )
    # Bình (started) and Chi (never started) have verified phones; An finished.
    assert sorted(to for to, _text in sms) == ["0911000002", "0911000003"]
    assert all(link in text and "Sở Tư pháp" in text for _to, text in sms)
    # Dũng's phone is not verified: his email; Em has neither.
    assert [m.to for m in mailoutbox] == [[world.people["dung"].user.email]]
    assert link in mailoutbox[0].body and "Đợt 1" in mailoutbox[0].subject
    html = client.get(response["Location"]).content.decode()
    assert "2 bằng tin nhắn, 1 bằng email; 1 người không có số điện thoại đã xác minh" in html


def test_reminder_is_audited_without_names_or_phones(world, sms):
    reminder_send(unit=world.mine, round=world.round, actor=world.contact)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REMINDER_SEND)
    assert entry.actor == world.contact and entry.target_label == "Sở Tư pháp"
    text = changes_text(entry)
    assert "đợt thi: Đợt 1" in text and "tin nhắn đã gửi: 2" in text
    assert "email đã gửi: 1" in text
    assert "0911" not in str(entry.changes) and "Bình" not in str(entry.changes)


def test_a_second_reminder_the_same_day_is_refused_with_a_clear_message(client, world, sms):
    client.force_login(world.contact)
    url = reverse("campaign:unit-remind", args=[world.mine.pk, world.round.pk])
    client.post(url)
    sms.clear()
    # Another contact of the same unit, the same day: refused too.
    colleague = UserFactory()
    UnitContact.objects.create(unit=world.mine, user=colleague)
    client.force_login(colleague)
    response = client.post(url, follow=True)
    assert sms == []
    assert "Mỗi đơn vị chỉ gửi nhắc nhở một lần mỗi ngày cho mỗi đợt thi" in (
        response.content.decode()
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REMINDER_SEND).count() == 1
    assert UnitReminder.objects.count() == 1


def test_the_next_day_the_unit_may_be_reminded_again(world, sms):
    now = timezone.now()
    reminder_send(unit=world.mine, round=world.round, actor=world.contact, now=now)
    with pytest.raises(ValidationError):
        reminder_send(unit=world.mine, round=world.round, actor=world.contact, now=now)
    reminder_send(
        unit=world.mine, round=world.round, actor=world.contact, now=now + timedelta(days=1)
    )
    assert UnitReminder.objects.count() == 2


def test_a_round_that_is_not_open_cannot_be_reminded(world, sms):
    closed = make_round(
        contest=world.contest,
        title="Đợt 0",
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=10),
    )
    with pytest.raises(ValidationError, match="không mở"):
        reminder_send(unit=world.mine, round=closed, actor=world.contact)
    assert sms == [] and not UnitReminder.objects.exists()


def test_only_a_contact_of_the_unit_may_remind_it(world, sms):
    with pytest.raises(PermissionDenied):
        reminder_send(unit=world.health, round=world.round, actor=world.contact)
    assert sms == []


def test_the_page_says_when_today_s_reminder_went(client, world, sms):
    client.force_login(world.contact)
    client.post(reverse("campaign:unit-remind", args=[world.mine.pk, world.round.pk]))
    html = client.get(reverse("campaign:my-unit", args=[world.mine.pk])).content.decode()
    assert "Hôm nay đã gửi nhắc nhở lúc" in html and "Nhắc 4 người" not in html
