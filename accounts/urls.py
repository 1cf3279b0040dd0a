"""allauth's pages where people meet a limit, limited by contest.ratelimit.

Same paths and names as allauth's own (allauth/account/urls.py), listed before them in
config/urls.py so these resolve first; allauth's own limits for them are off in settings.
Our limiter's page says how long to wait, which allauth's cannot tell.
"""

from allauth.account import views
from django.urls import path, re_path

from accounts import views as phone_views
from contest.ratelimit import rate_limit

urlpatterns = [
    path(
        "login/",
        rate_limit("login", setting="ACCOUNT_LOGIN_RATE")(views.login),
        name="account_login",
    ),
    path(
        "signup/",
        rate_limit("signup", setting="ACCOUNT_SIGNUP_RATE")(views.signup),
        name="account_signup",
    ),
    path(
        "password/change/",
        rate_limit("change_password", setting="ACCOUNT_PASSWORD_CHANGE_RATE")(
            views.password_change
        ),
        name="account_change_password",
    ),
    path(
        "password/reset/",
        rate_limit("reset_password", setting="ACCOUNT_PASSWORD_RESET_RATE")(
            phone_views.password_reset
        ),
        name="account_reset_password",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        rate_limit("reset_password_from_key", setting="ACCOUNT_PASSWORD_RESET_KEY_RATE")(
            views.password_reset_from_key
        ),
        name="account_reset_password_from_key",
    ),
    path(
        "phone/change/",
        rate_limit("change_phone", setting="ACCOUNT_PHONE_CHANGE_RATE")(phone_views.change_phone),
        name="account_change_phone",
    ),
]

# The phone pages of our own (accounts/views.py), namespaced "accounts:".
phone_patterns = (
    [
        path("phone/verify-code/", phone_views.phone_verify_view, name="phone-verify"),
        path(
            "email/resend/",
            rate_limit("email_resend", setting="ACCOUNT_PASSWORD_RESET_RATE")(
                phone_views.email_verification_resend_view
            ),
            name="email-resend",
        ),
        path(
            "password/reset/phone/",
            rate_limit("reset_password_phone", setting="ACCOUNT_PASSWORD_RESET_RATE")(
                phone_views.password_reset_phone_view
            ),
            name="password-reset-phone",
        ),
        path(
            "password/reset/phone/code/",
            rate_limit("reset_password_phone_code", setting="ACCOUNT_PASSWORD_RESET_KEY_RATE")(
                phone_views.password_reset_phone_confirm_view
            ),
            name="password-reset-phone-confirm",
        ),
    ],
    "accounts",
)
