from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsolidationConfig(AppConfig):
    """A small app inside reporting: it owns only the consolidator's narrative drafts (its own migrations), so
    that consolidation does not touch the reports app's schema."""

    name = "reporting.consolidation"
    label = "consolidation"
    verbose_name = _("Consolidation")
    default_auto_field = "django.db.models.BigAutoField"
