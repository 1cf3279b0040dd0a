from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Contest")

    def ready(self):
        from django.contrib.auth import get_user_model

        from .roles import ensure_roles, forget_roles_on_group_change

        # After every migrate, so permissions added by later apps reach the groups too.
        post_migrate.connect(ensure_roles, dispatch_uid="contest.ensure_roles")
        m2m_changed.connect(
            forget_roles_on_group_change,
            sender=get_user_model().groups.through,
            dispatch_uid="contest.forget_roles",
        )
