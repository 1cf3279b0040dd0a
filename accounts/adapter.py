from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter, context
from django.conf import settings
from django.urls import reverse


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

    def send_mail(self, template_prefix, email, context_data):
        # Emails greet people with the contest's name, not the server's host name.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=context.request.get_host())
        super().send_mail(template_prefix, email, {"current_site": site, **context_data})
