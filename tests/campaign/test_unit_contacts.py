"""Unit contacts: the organizers name and remove them (audited); a contact sees their own
unit only, names and progress, phones only when the contest allows and never a CCCD."""

import pytest
from django.urls import reverse

from contest.models import AuditEntry, UnitContact
from contest.services.audit import changes_text
from tests.factories import OrganizerFactory, ParticipantFactory, UnitFactory, UserFactory

from . import contacts_world

world, sms = contacts_world.world, contacts_world.sms  # the fixtures

pytestmark = pytest.mark.django_db


# --- Naming and removing contacts ------------------------------------------------------
def test_organizer_names_a_contact_by_the_phone_written_any_way(client, world):
    organizer = OrganizerFactory()
    person = world.people["chi"]
    client.force_login(organizer)
    response = client.post(
        reverse("campaign:unit-contacts"),
        {"unit": world.health.pk, "account": "+84 911 000 003"},
    )
    assert response.status_code == 302
    assert UnitContact.objects.filter(unit=world.health, user=person.user).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNIT_CONTACT_ADD)
    assert entry.actor == organizer and entry.target_label == "Sở Y tế"
    # The log names the account by its email, never by the phone it was found with.
    assert changes_text(entry) == f"người làm đầu mối: — → {person.user.email}"
    assert "0911000003" not in str(entry.changes)


def test_organizer_names_a_contact_by_email_whatever_its_case(client, world):
    client.force_login(OrganizerFactory())
    user = UserFactory(email="Chanh.VP@soctrang.gov.vn")
    client.post(
        reverse("campaign:unit-contacts"),
        {"unit": world.ward.pk, "account": "  chanh.vp@SOCTRANG.gov.vn "},
    )
    assert list(world.ward.contacts.values_list("user", flat=True)) == [user.pk]


@pytest.mark.parametrize(
    "account,message",
    [
        ("0999999999", "Không tìm thấy tài khoản"),
        ("khong-co@example.org", "Không tìm thấy tài khoản"),
        ("12345", "10 chữ số"),
    ],
)
def test_naming_an_unknown_account_says_so_in_vietnamese(client, world, account, message):
    client.force_login(OrganizerFactory())
    response = client.post(
        reverse("campaign:unit-contacts"), {"unit": world.health.pk, "account": account}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not world.health.contacts.exists()


def test_naming_the_same_contact_twice_is_refused(client, world):
    client.force_login(OrganizerFactory())
    response = client.post(
        reverse("campaign:unit-contacts"),
        {"unit": world.mine.pk, "account": world.contact.email},
    )
    assert response.status_code == 400
    assert "đã là đầu mối của Sở Tư pháp" in response.content.decode()
    assert world.mine.contacts.count() == 1


def test_removing_a_contact_is_audited_and_ends_their_access(client, world):
    organizer = OrganizerFactory()
    contact = UnitContact.objects.get(user=world.contact)
    client.force_login(organizer)
    response = client.post(reverse("campaign:unit-contact-remove"), {"contact": contact.pk})
    assert response.status_code == 302
    assert not UnitContact.objects.filter(pk=contact.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNIT_CONTACT_REMOVE)
    assert entry.target_label == "Sở Tư pháp"
    assert changes_text(entry) == "người làm đầu mối: daumoi.stp@example.org → —"
    client.force_login(world.contact)
    assert client.get(reverse("campaign:my-unit", args=[world.mine.pk])).status_code == 404
    assert client.get(reverse("campaign:my-units")).status_code == 403


def test_removing_with_a_contact_number_that_is_not_one_is_a_400(client, world):
    client.force_login(OrganizerFactory())
    response = client.post(reverse("campaign:unit-contact-remove"), {"contact": "abc"})
    assert response.status_code == 400
    assert UnitContact.objects.count() == 1


def test_the_contacts_page_lists_units_and_who_their_contacts_are(client, world):
    client.force_login(OrganizerFactory())
    html = client.get(reverse("campaign:unit-contacts")).content.decode()
    assert "daumoi.stp@example.org" in html and "Sở Xây dựng" in html
    assert "4 đơn vị chưa có đầu mối." in html


# --- The contact's own unit ------------------------------------------------------------
def test_contact_with_one_unit_goes_straight_to_it(client, world):
    client.force_login(world.contact)
    response = client.get(reverse("campaign:my-units"))
    assert response["Location"] == reverse("campaign:my-unit", args=[world.mine.pk])


def test_contact_of_several_units_chooses_the_unit(client, world):
    UnitContact.objects.create(unit=world.ward, user=world.contact)
    client.force_login(world.contact)
    html = client.get(reverse("campaign:my-units")).content.decode()
    assert reverse("campaign:my-unit", args=[world.mine.pk]) in html
    assert reverse("campaign:my-unit", args=[world.ward.pk]) in html
    page = client.get(reverse("campaign:my-unit", args=[world.ward.pk])).content.decode()
    assert "Cán bộ" in page and "Nguyễn Văn An" not in page


def test_contact_sees_who_of_their_unit_took_part_and_how_far(client, world):
    client.force_login(world.contact)
    html = client.get(reverse("campaign:my-unit", args=[world.mine.pk])).content.decode()
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" in html
    assert "Đã nộp bài" in html and "Đã bắt đầu, chưa nộp bài" in html
    # Those who never started are not "took part"; they are counted for the reminder.
    assert "Lê Minh Chi" not in html
    assert "Tỉ lệ tham gia: 10,0% (1 trên 10 người đã nộp bài)." in html
    assert "Ngưỡng xét giải tập thể: 25%." in html and "Chưa đạt ngưỡng." in html
    assert "Nhắc 4 người chưa nộp bài" in html


def test_contact_never_sees_phones_or_cccd_unless_the_contest_allows_phones(client, world):
    client.force_login(world.contact)
    url = reverse("campaign:my-unit", args=[world.mine.pk])
    html = client.get(url).content.decode()
    assert "0911000001" not in html and "0911000002" not in html
    assert "079123456789" not in html
    world.contest.contacts_see_phones = True
    world.contest.save()
    html = client.get(url).content.decode()
    assert "0911000001" in html and "0911000002" in html
    assert "079123456789" not in html  # a citizen ID never


def test_contact_sees_only_their_own_unit(client, world):
    client.force_login(world.contact)
    for unit in (world.health, world.ward):
        assert client.get(reverse("campaign:my-unit", args=[unit.pk])).status_code == 404
    assert client.get(reverse("campaign:my-unit", args=[999999])).status_code == 404
    # Nor can they remind another unit's staff.
    response = client.post(reverse("campaign:unit-remind", args=[world.health.pk, world.round.pk]))
    assert response.status_code == 404
    # Nor open the organizers' pages.
    for name in ("campaign:unit-rates", "campaign:unit-contacts"):
        assert client.get(reverse(name)).status_code == 403


def test_a_participant_of_the_unit_who_is_not_its_contact_sees_nothing(client, world):
    client.force_login(world.people["an"].user)
    assert client.get(reverse("campaign:my-unit", args=[world.mine.pk])).status_code == 404
    assert client.get(reverse("campaign:my-units")).status_code == 403


def test_organizers_see_any_unit_as_its_contacts_do_without_the_reminder(client, world):
    client.force_login(OrganizerFactory())
    html = client.get(reverse("campaign:my-unit", args=[world.mine.pk])).content.decode()
    assert "Nguyễn Văn An" in html and "Nhắc 4 người" not in html


def test_the_menu_shows_my_unit_to_contacts_only(client, world):
    link = f'href="{reverse("campaign:my-units")}"'
    client.force_login(world.people["an"].user)
    assert link not in client.get(reverse("home")).content.decode()
    client.force_login(world.contact)
    html = client.get(reverse("home")).content.decode()
    assert link in html and "Đơn vị của tôi" in html


def test_a_unit_without_headcount_shows_no_rate(client, world):
    unit = UnitFactory(name="Hội Nông dân", headcount=None)
    ParticipantFactory(unit=unit)
    UnitContact.objects.create(unit=unit, user=world.contact)
    client.force_login(world.contact)
    html = client.get(reverse("campaign:my-unit", args=[unit.pk])).content.decode()
    assert "chưa có số biên chế" in html and "Tỉ lệ tham gia" not in html


def test_seed_demo_names_a_contact_and_prints_how_to_sign_in(client, capsys):
    from django.core.management import call_command

    from campaign.contact_demo import DEMO_CONTACT_EMAIL
    from contest.demo import DEMO_PASSWORD

    call_command("seed_demo")
    call_command("seed_demo")  # the second run names nobody twice
    out = capsys.readouterr().out
    assert f"{DEMO_CONTACT_EMAIL} / {DEMO_PASSWORD}" in out and "Đơn vị của tôi" in out
    [contact] = UnitContact.objects.filter(user__email=DEMO_CONTACT_EMAIL)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNIT_CONTACT_ADD).count() == 1
    assert client.login(email=DEMO_CONTACT_EMAIL, password=DEMO_PASSWORD)
    page = client.get(reverse("campaign:my-units"), follow=True)
    assert page.status_code == 200 and contact.unit.name in page.content.decode()
