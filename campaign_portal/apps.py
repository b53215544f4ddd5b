from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignPortalConfig(AppConfig):
    name = "campaign_portal"
    verbose_name = _("Campaign portal")
    default_auto_field = "django.db.models.BigAutoField"
