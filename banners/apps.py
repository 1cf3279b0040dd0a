from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BannersConfig(AppConfig):
    name = "banners"
    verbose_name = _("Banners and QR codes")

    def ready(self):
        from . import signals  # noqa: F401  (connects the funnel's sign-up receiver)
