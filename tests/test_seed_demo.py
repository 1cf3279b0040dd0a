import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from contest.demo import DEMO_ORGANIZER_EMAIL, DEMO_PASSWORD
from contest.models import Contest, Participant, Unit
from contest.roles import is_organizer

pytestmark = pytest.mark.django_db


def counts():
    User = get_user_model()
    return (
        Contest.objects.count(),
        Unit.objects.count(),
        Participant.objects.count(),
        User.objects.count(),
    )


def test_seed_demo_twice_changes_and_duplicates_nothing(capsys):
    call_command("seed_demo")
    first = counts()
    organizer = get_user_model().objects.get(email=DEMO_ORGANIZER_EMAIL)
    password_hash = organizer.password
    call_command("seed_demo")
    assert counts() == first
    organizer.refresh_from_db()
    assert organizer.password == password_hash
    assert first[0] == 1 and first[1] >= 15 and first[2] >= 10


def test_seed_demo_prints_a_working_organizer_login(client, capsys):
    call_command("seed_demo")
    assert DEMO_ORGANIZER_EMAIL in capsys.readouterr().out
    organizer = get_user_model().objects.get(email=DEMO_ORGANIZER_EMAIL)
    assert is_organizer(organizer) and organizer.is_staff
    assert client.login(email=DEMO_ORGANIZER_EMAIL, password=DEMO_PASSWORD)


def test_seed_demo_names_the_provinces_units_with_headcounts():
    call_command("seed_demo")
    for name in ["Sở Nội vụ", "Sở Tài chính", "Báo Sóc Trăng", "Trường Chính trị tỉnh"]:
        assert Unit.objects.get(name=name).headcount > 0
    assert Contest.current().title == "Cuộc thi tìm hiểu về cải cách hành chính"
