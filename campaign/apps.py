from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    """The organizer's campaign as a whole: pages and duties that span every app."""

    name = "campaign"
    verbose_name = _("Campaign")
