from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitesConfig(AppConfig):
    name = "invites"
    verbose_name = _("Invitations (spreading the word)")

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-up credit receiver)
