import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from contest.roles import JURORS, ORGANIZERS, is_organizer

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_organizer_and_jury_groups():
    organizers = Group.objects.get(name=ORGANIZERS)
    assert Group.objects.filter(name=JURORS).exists()
    codenames = set(organizers.permissions.values_list("codename", flat=True))
    assert {"add_unit", "change_unit", "view_participant", "change_contest"} <= codenames


def test_organizer_can_open_organizer_pages_and_the_admin(client, organizer):
    client.force_login(organizer)
    for name in ["campaign:organizer-home", "contest:unit-list", "contest:unit-import"]:
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("admin:contest_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:contest_participant_changelist")).status_code == 200


def test_participant_is_refused_organizer_pages(client, participant):
    client.force_login(participant.user)
    assert not is_organizer(participant.user)
    assert client.get(reverse("campaign:organizer-home")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin login


def test_anonymous_visitor_is_sent_to_login_from_organizer_pages(client):
    response = client.get(reverse("contest:unit-list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
