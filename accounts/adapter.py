from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter, context
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from contest.ratelimit import allauth_wait


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

    def pre_authenticate(self, request, **credentials):
        # allauth refuses too many failed sign-ins with "try again later": say how long.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            key = self._get_login_attempts_cache_key(request, **credentials)
            wait = allauth_wait(request, "login_failed", key=key)
            if error.code != "too_many_login_attempts" or wait is None:
                raise
            message = ngettext(
                "Too many failed sign-ins. Try again in %(seconds)d second.",
                "Too many failed sign-ins. Try again in %(seconds)d seconds.",
                wait,
            )
            raise forms.ValidationError(
                message % {"seconds": wait}, code="too_many_login_attempts"
            ) from error

    def send_mail(self, template_prefix, email, context_data):
        # Emails greet people with the contest's name, not the server's host name.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=context.request.get_host())
        super().send_mail(template_prefix, email, {"current_site": site, **context_data})
