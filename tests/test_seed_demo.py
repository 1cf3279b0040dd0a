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


def test_seed_demo_names_the_citys_units_with_headcounts():
    call_command("seed_demo")
    for name in ["Sở Nội vụ", "Sở Tài chính", "UBND phường Phú Lợi", "UBND xã Trần Đề"]:
        assert Unit.objects.get(name=name).headcount > 0
    contest = Contest.current()
    assert contest.title == "Cuộc thi tìm hiểu về cải cách hành chính"
    assert contest.organizer_name == "Sở Nội vụ thành phố Cần Thơ"


def test_seed_demo_follows_the_2025_reform_with_no_district_level():
    """Since 1 July 2025 a province has communes and wards directly: no huyện, no thị xã,
    and Sóc Trăng is part of thành phố Cần Thơ."""
    from banners.models import Banner

    call_command("seed_demo")
    names = [
        *Unit.objects.values_list("name", flat=True),
        *Participant.objects.values_list("unit_other", flat=True),
        *Banner.objects.values_list("name", flat=True),
        *Banner.objects.values_list("commune", flat=True),
        Contest.current().organizer_name,
    ]
    for word in ("huyện", "thị xã", "thị trấn", "tỉnh Sóc Trăng", "UBND tỉnh"):
        assert not [name for name in names if word.lower() in name.lower()], word
    committees = Unit.objects.filter(kind=Unit.Kind.PEOPLES_COMMITTEE).values_list(
        "name", flat=True
    )
    assert committees and all(name.startswith(("UBND xã ", "UBND phường ")) for name in committees)
