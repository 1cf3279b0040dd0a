from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter, context
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import throttle


class AccountAdapter(DefaultAccountAdapter):
    # Nobody takes part without a profile: send newcomers there first.
    def _profile_first(self, request, url: str) -> str:
        user = request.user
        if user.is_authenticated and not hasattr(user, "participant") and not user.is_staff:
            return reverse("contest:profile-edit")
        return url

    def get_login_redirect_url(self, request):
        return self._profile_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        return self._profile_first(request, super().get_signup_redirect_url(request))

    # Sign-in throttling lives in accounts/throttle.py and replaces allauth's "login_failed"
    # count, which locked the account for everyone, its owner included.
    def pre_authenticate(self, request, **credentials):
        login = credentials.get("email") or credentials.get("username") or ""
        try:
            self.signin_attempt = throttle.begin(request, login=login)
        except throttle.Throttled as refused:
            raise forms.ValidationError(
                throttled_message(refused), code="too_many_login_attempts"
            ) from refused

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user:
            throttle.succeeded(getattr(self, "signin_attempt", None))
        return user

    def authentication_failed(self, request, **credentials):
        throttle.failed(getattr(self, "signin_attempt", None))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        throttle.remember_device(request, response, user)
        return response

    def send_mail(self, template_prefix, email, context_data):
        # Emails greet people with the contest's name, not the server's host name.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=context.request.get_host())
        super().send_mail(template_prefix, email, {"current_site": site, **context_data})


def throttled_message(refused: throttle.Throttled) -> str:
    if refused.reason == "account":
        message = ngettext(
            "This account has had too many failed sign-ins from browsers it has not been used "
            "on. Sign in from a browser you have used before, reset your password, or try "
            "again in %(seconds)d second.",
            "This account has had too many failed sign-ins from browsers it has not been used "
            "on. Sign in from a browser you have used before, reset your password, or try "
            "again in %(seconds)d seconds.",
            refused.seconds,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins. Try again in %(seconds)d second.",
            "Too many failed sign-ins. Try again in %(seconds)d seconds.",
            refused.seconds,
        )
    return message % {"seconds": refused.seconds}
