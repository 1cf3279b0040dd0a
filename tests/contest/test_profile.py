import pytest
from django.urls import reverse

from contest.forms import OTHER_UNIT, ParticipantForm
from contest.models import Participant
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def valid_data(unit, **overrides):
    data = {
        "full_name": "Trần Thị Bích Ngọc",
        "phone": "0912345678",
        "participant_type": Participant.Type.CIVIL_SERVANT,
        "unit_choice": str(unit.pk),
        "unit_other": "",
        "cccd": "",
        "date_of_birth": "",
        "gender": "",
        "commune": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def error_codes(form, field):
    return [error.code for error in form.errors.as_data().get(field, [])]


def test_complete_profile_is_saved_with_consent_time(client, user, unit):
    client.force_login(user)
    response = client.post(reverse("contest:profile-edit"), valid_data(unit, cccd="094123456789"))
    assert response.status_code == 302
    profile = Participant.objects.get(user=user)
    assert profile.phone == "0912345678"
    assert profile.unit == unit
    assert profile.cccd == "094123456789"
    assert profile.consent_given_at is not None


@pytest.mark.parametrize(
    "phone",
    ["091234567", "09123456789", "1912345678", "09123abc78", "", "+8491234567"],
)
def test_bad_phone_is_refused(unit, phone):
    form = ParticipantForm(valid_data(unit, phone=phone))
    assert not form.is_valid()
    assert error_codes(form, "phone") in (["invalid_phone"], ["required"])


@pytest.mark.parametrize("phone", ["0912 345 678", "0912.345.678", "+84912345678", "84912345678"])
def test_phone_written_with_spaces_or_country_code_is_normalised(unit, phone):
    form = ParticipantForm(valid_data(unit, phone=phone))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "0912345678"


def test_phone_of_another_account_is_refused(unit):
    ParticipantFactory(phone="0912345678")
    form = ParticipantForm(valid_data(unit))
    assert error_codes(form, "phone") == ["phone_taken"]


def test_own_phone_can_be_kept_when_editing(unit):
    profile = ParticipantFactory(phone="0912345678", unit=unit)
    form = ParticipantForm(valid_data(unit), instance=profile)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("cccd", ["12345678901", "1234567890123", "09412345678x"])
def test_bad_cccd_is_refused(unit, cccd):
    form = ParticipantForm(valid_data(unit, cccd=cccd))
    assert error_codes(form, "cccd") == ["invalid_cccd"]


def test_cccd_of_another_account_is_refused(unit):
    ParticipantFactory(cccd="094123456789")
    form = ParticipantForm(valid_data(unit, cccd="094 123 456 789"))
    assert error_codes(form, "cccd") == ["cccd_taken"]


def test_empty_cccd_is_allowed_for_many_people(unit):
    ParticipantFactory(cccd="")
    form = ParticipantForm(valid_data(unit))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("name", ["An", "Nguyễn Văn 2", "   ", "<b>Nguyễn</b> An"])
def test_bad_full_name_is_refused(unit, name):
    form = ParticipantForm(valid_data(unit, full_name=name))
    assert error_codes(form, "full_name") in (["invalid_name"], ["required"])


def test_missing_participant_type_is_refused(unit):
    form = ParticipantForm(valid_data(unit, participant_type=""))
    assert error_codes(form, "participant_type") == ["required"]


def test_missing_unit_is_refused(unit):
    form = ParticipantForm(valid_data(unit, unit_choice=""))
    assert error_codes(form, "unit_choice") == ["required"]


def test_other_unit_needs_its_name(unit):
    form = ParticipantForm(valid_data(unit, unit_choice=OTHER_UNIT, unit_other="  "))
    assert not form.is_valid()
    assert "unit_other" in form.errors


def test_other_unit_with_a_name_is_saved_without_a_listed_unit(client, user, unit):
    client.force_login(user)
    data = valid_data(unit, unit_choice=OTHER_UNIT, unit_other="Công ty  TNHH Ánh Dương")
    client.post(reverse("contest:profile-edit"), data)
    profile = Participant.objects.get(user=user)
    assert profile.unit is None
    assert profile.unit_other == "Công ty TNHH Ánh Dương"


@pytest.mark.parametrize("born", ["31/02/1990", "1990/13/01", "01/01/2999"])
def test_bad_date_of_birth_is_refused(unit, born):
    form = ParticipantForm(valid_data(unit, date_of_birth=born))
    assert error_codes(form, "date_of_birth") in (["invalid"], ["invalid_birth_date"])


def test_date_of_birth_is_read_as_day_month_year(unit):
    form = ParticipantForm(valid_data(unit, date_of_birth="05/04/1990"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"].isoformat() == "1990-04-05"


def test_profile_is_refused_without_consent(unit):
    form = ParticipantForm(valid_data(unit, consent=""))
    assert error_codes(form, "consent") == ["required"]


def test_refused_form_shows_vietnamese_messages_and_keeps_what_was_typed(client, user, unit):
    client.force_login(user)
    data = valid_data(
        unit, phone="12345", cccd="123", commune="Phường Phú Lợi", date_of_birth="05/04/1990"
    )
    response = client.post(reverse("contest:profile-edit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "số điện thoại gồm 10 chữ số, bắt đầu bằng số 0" in html
    assert "Số căn cước công dân (CCCD) phải có đúng 12 chữ số." in html
    # Everything typed comes back, the bad values included, so nothing is retyped.
    for value in ["Trần Thị Bích Ngọc", "12345", "Phường Phú Lợi", "05/04/1990"]:
        assert value in html
    assert f'<option value="{unit.pk}" selected>' in html
    assert not Participant.objects.filter(user=user).exists()


def test_editing_keeps_the_first_consent_time(client, unit):
    profile = ParticipantFactory(unit=unit)
    first_consent = profile.consent_given_at
    client.force_login(profile.user)
    client.post(reverse("contest:profile-edit"), valid_data(unit, phone=profile.phone))
    profile.refresh_from_db()
    assert profile.full_name == "Trần Thị Bích Ngọc"
    assert profile.consent_given_at == first_consent


def test_profile_page_needs_login(client):
    response = client.get(reverse("contest:profile-edit"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_saving_returns_to_the_page_that_asked_for_the_profile(client, user, unit):
    client.force_login(user)
    url = reverse("contest:profile-edit") + "?next=/ban-to-chuc/"
    response = client.post(url, valid_data(unit))
    assert response["Location"] == "/ban-to-chuc/"


def test_saving_never_redirects_to_another_site(client, user, unit):
    client.force_login(user)
    url = reverse("contest:profile-edit") + "?next=https://evil.example/"
    response = client.post(url, valid_data(unit))
    assert response["Location"] == reverse("home")


def test_new_account_is_sent_to_the_profile_after_login(client, unit):
    UserFactory(email="moi@example.org")
    response = client.post(
        reverse("account_login"), {"login": "moi@example.org", "password": "correct-horse-42"}
    )
    assert response["Location"] == reverse("contest:profile-edit")
