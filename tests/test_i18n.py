import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

CATALOGS = [Path(path) / "vi" / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS]


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-4])
def test_vietnamese_catalog_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert compiled.get(key) == (entry.msgstr or entry.msgstr_plural), (
            f"{po_path.with_suffix('.mo')} is stale: run `make messages`"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "vietnamese"),
    [
        ("account_login", "Đăng nhập"),
        ("account_signup", "Đăng ký"),
        ("account_reset_password", "Đặt lại mật khẩu"),
    ],
)
def test_account_pages_are_in_vietnamese_and_in_the_site_layout(client, url_name, vietnamese):
    html = client.get(reverse(url_name)).content.decode()
    assert re.search(rf"<h1>\s*{vietnamese}\s*</h1>", html)
    assert 'class="site-header"' in html  # the site's own layout, not allauth's bare one
    assert 'lang="vi"' in html


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_so_in_vietnamese(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "sai"})
    assert "không đúng" in response.content.decode()


@pytest.mark.django_db
def test_signup_with_an_email_sends_a_vietnamese_verification_email(client, mailoutbox):
    # Sign-up is by phone (issue 15); an email given with it is verified as before.
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Trần Thị Mai",
            "phone": "0912345678",
            "password1": "Mat-khau-2026!",
            "participant_type": "citizen",
            "commune": "Phường 5",
            "consent": "on",
            "email": "moi@example.org",
        },
    )
    assert len(mailoutbox) == 1
    assert "Xác nhận" in mailoutbox[0].subject or "xác nhận" in mailoutbox[0].body
    assert "/accounts/confirm-email/" in mailoutbox[0].body


@pytest.mark.django_db
def test_login_is_refused_after_five_wrong_passwords_even_with_the_right_one(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "sai"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-42"}
    )
    assert "Bạn đã đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_speaks_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị cuộc thi" in html or "Quản trị" in html
    assert "Đơn vị" in html


@pytest.mark.django_db
def test_language_switch_turns_the_site_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Sign up" in html


def test_dates_are_written_day_month_year_in_both_languages():
    moment = timezone.datetime(2026, 3, 5, 14, 30)
    for language in ("vi", "en"):
        with translation.override(language):
            assert date_format(moment, "SHORT_DATE_FORMAT") == "05/03/2026"
            assert date_format(moment, "DATETIME_FORMAT") == "14:30 05/03/2026"
