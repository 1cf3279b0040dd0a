"""Accounts by phone (issue 15): sign-up on one screen, sign-in by phone or email, one number
per account whatever its spelling, and the old email accounts still signing in."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from contest.forms import normalize_phone
from contest.models import Contest, Participant
from tests.factories import PASSWORD, ContestFactory, ParticipantFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-rat-manh-2026"


def signup_data(**changes):
    data = {
        "full_name": "Trần Thị Mai",
        "phone": "0912 345 678",
        "password1": NEW_PASSWORD,
        "participant_type": Participant.Type.CITIZEN,
        "commune": "Phường Phú Lợi",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


@pytest.mark.parametrize("spelling", ["0912 345 678", "+84 912 345 678", "84912345678"])
def test_the_three_spellings_of_a_number_are_one_phone(spelling):
    assert normalize_phone(spelling) == "0912345678"


def test_sign_up_without_email_creates_the_account_and_profile_and_follows_next(client):
    start = "/vong-thi/1/bat-dau/"
    response = client.post(reverse("account_signup") + f"?next={start}", signup_data())
    assert response.status_code == 302
    assert response["Location"] == start
    user = signed_in_user(client)
    assert user is not None and user.email is None
    profile = Participant.objects.get(user=user)
    assert (profile.phone, profile.full_name, profile.commune) == (
        "0912345678",
        "Trần Thị Mai",
        "Phường Phú Lợi",
    )
    assert profile.unit is None and not profile.phone_verified
    assert profile.consent_given_at is not None


def test_sign_up_page_is_one_short_screen_with_a_password_toggle(client):
    html = client.get(reverse("account_signup")).content.decode()
    for field in ("full_name", "phone", "password1", "participant_type", "consent"):
        assert f'name="{field}"' in html
    assert 'name="password2"' not in html and 'name="cccd"' not in html
    assert "data-password" in html and "js/password.js" in html
    assert reverse("account_login") in html  # the sign-in link beside it


@pytest.mark.parametrize("spelling", ["+84 912 345 678", "84912345678", "0912.345.678"])
def test_the_same_number_in_another_spelling_cannot_sign_up_twice(client, spelling):
    ParticipantFactory(phone="0912345678")
    response = client.post(reverse("account_signup"), signup_data(phone=spelling))
    assert response.status_code == 200
    assert "Số điện thoại này đã được đăng ký cho một tài khoản khác" in response.content.decode()
    assert Participant.objects.filter(phone="0912345678").count() == 1


def test_a_civil_servant_must_choose_a_unit_a_citizen_a_commune(client):
    response = client.post(
        reverse("account_signup"),
        signup_data(participant_type=Participant.Type.CIVIL_SERVANT, commune=""),
    )
    assert "Chọn đơn vị của bạn" in response.content.decode()
    response = client.post(reverse("account_signup"), signup_data(commune=""))
    assert "Nhập xã, phường của bạn" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_business_gives_its_name_instead_of_a_unit(client):
    response = client.post(
        reverse("account_signup"),
        signup_data(
            participant_type=Participant.Type.BUSINESS,
            commune="",
            business_name="Công ty TNHH Minh Phát",
        ),
    )
    assert response.status_code == 302
    profile = Participant.objects.get()
    assert (profile.unit, profile.unit_other) == (None, "Công ty TNHH Minh Phát")


def test_organizers_choose_which_types_belong_to_a_unit(client):
    ContestFactory(unit_required_types=["cbccvc", "llvt"])
    response = client.post(
        reverse("account_signup"),
        signup_data(participant_type=Participant.Type.STUDENT, commune="Xã Tân Hưng"),
    )
    assert response.status_code == 302
    assert Participant.objects.get().unit is None


def test_a_civil_servant_signs_up_with_a_unit_and_an_optional_email(client, mailoutbox):
    unit = UnitFactory(name="Sở Nội vụ")
    response = client.post(
        reverse("account_signup"),
        signup_data(
            participant_type=Participant.Type.CIVIL_SERVANT,
            commune="",
            unit_choice=str(unit.pk),
            email="Mai.Tran@Example.org",
        ),
    )
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.email == "mai.tran@example.org"
    assert user.participant.unit == unit
    # The email is verified as before, but the phone account is not held until it is.
    assert len(mailoutbox) == 1 and "/accounts/confirm-email/" in mailoutbox[0].body
    assert not EmailAddress.objects.get(user=user).verified


def test_an_email_used_by_another_account_is_refused_on_the_form(client):
    UserFactory(email="mai@example.org")
    response = client.post(reverse("account_signup"), signup_data(email="MAI@example.org"))
    assert response.status_code == 200
    assert "Địa chỉ email này đã được dùng để đăng ký tài khoản." in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.parametrize("typed", ["0912345678", "+84 912 345 678", "84912345678"])
def test_sign_in_with_the_phone_in_any_spelling(client, typed):
    profile = ParticipantFactory(phone="0912345678", user=UserFactory(email=None, verified=False))
    response = client.post(reverse("account_login"), {"login": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_user(client) == profile.user


def test_a_wrong_password_for_a_phone_says_so_in_vietnamese(client):
    ParticipantFactory(phone="0912345678")
    response = client.post(reverse("account_login"), {"login": "0912345678", "password": "sai"})
    assert "Số điện thoại hoặc mật khẩu không đúng" in response.content.decode()
    assert signed_in_user(client) is None


def test_an_old_email_account_still_signs_in_with_its_email(client):
    user = UserFactory(email="cu@example.org")
    response = client.post(
        reverse("account_login"), {"login": "cu@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_user(client) == user
    # No profile yet: the profile first, as before (it asks for the phone).
    assert response["Location"] == reverse("contest:profile-edit")


def test_an_old_email_account_with_an_unverified_email_is_still_held(client):
    user = UserFactory(email="chua@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.post(reverse("account_login"), {"login": "chua@example.org", "password": PASSWORD})
    assert signed_in_user(client) is None


def test_a_phone_account_adds_an_email_later(client, mailoutbox):
    profile = ParticipantFactory(user=UserFactory(email=None, verified=False))
    client.force_login(profile.user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "them@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=profile.user, email="them@example.org").exists()
    assert len(mailoutbox) == 1


def test_an_old_email_account_adds_its_phone_on_the_profile_page(client):
    user = UserFactory(email="cu@example.org")
    unit = UnitFactory()
    client.force_login(user)
    response = client.post(
        reverse("contest:profile-edit"),
        {
            "full_name": "Lê Văn Tám",
            "phone": "+84 987 654 321",
            "participant_type": Participant.Type.CIVIL_SERVANT,
            "unit_choice": str(unit.pk),
            "consent": "on",
        },
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("account_login"), {"login": "0987654321", "password": PASSWORD})
    assert signed_in_user(client) == user


def test_the_change_phone_page_is_in_vietnamese_and_sends_users_without_a_profile_to_it(client):
    profile = ParticipantFactory()
    client.force_login(profile.user)
    html = client.get(reverse("account_change_phone")).content.decode()
    assert "Đổi số điện thoại" in html and 'class="site-header"' in html
    client.force_login(UserFactory())
    response = client.get(reverse("account_change_phone"))
    assert response["Location"].startswith(reverse("contest:profile-edit"))


def test_changing_the_phone_on_the_profile_forgets_its_verification():
    profile = ParticipantFactory(phone="0912345678")
    profile.phone_verified_at = "2026-01-01T00:00:00Z"
    profile.save()
    profile = Participant.objects.get(pk=profile.pk)
    assert profile.phone_verified
    profile.save()  # the same number: still verified
    assert Participant.objects.get(pk=profile.pk).phone_verified
    profile.phone = "0987654321"
    profile.save()
    assert not Participant.objects.get(pk=profile.pk).phone_verified


def test_a_contest_asks_for_a_verified_phone_before_voting_by_default():
    assert Contest().phone_verification == Contest.PhoneVerification.BEFORE_VOTING


def test_a_citizen_who_had_a_unit_keeps_it_on_the_profile_page(client):
    profile = ParticipantFactory(participant_type=Participant.Type.CITIZEN, commune="")
    client.force_login(profile.user)
    response = client.post(
        reverse("contest:profile-edit"),
        {
            "full_name": profile.full_name,
            "phone": profile.phone,
            "participant_type": Participant.Type.CITIZEN,
            "unit_choice": str(profile.unit_id),
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert Participant.objects.get(pk=profile.pk).unit_id == profile.unit_id


def test_changing_the_phone_sends_allauths_code_and_its_page_links_the_organizers(client, sms):
    ContestFactory(support_phone="0299 3822 123")
    profile = ParticipantFactory(phone="0912345678")
    client.force_login(profile.user)
    response = client.post(reverse("account_change_phone"), {"phone": "+84 987 654 321"})
    assert response["Location"] == reverse("account_verify_phone")
    page = client.get(reverse("account_verify_phone")).content.decode()
    assert "0987654321" in page and 'href="tel:02993822123"' in page
    client.post(reverse("account_verify_phone"), {"code": sms.last_code("0987654321")})
    profile.refresh_from_db()
    assert (profile.phone, profile.phone_verified) == ("0987654321", True)
