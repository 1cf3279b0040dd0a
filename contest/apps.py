from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Contest")

    def ready(self):
        from .roles import ensure_roles

        # After every migrate, so permissions added by later apps reach the groups too.
        post_migrate.connect(ensure_roles, dispatch_uid="contest.ensure_roles")
