"""The consolidator's narrative of a consolidated report.

A province (or a district) does not file a report of its own for a period: its report IS the consolidation of
the reports below it. The figures are computed on read; the narrative is written by a person, so it is stored
here, one row per unit and period, with an optimistic-locking counter like the reports themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NarrativeDraft(models.Model):
    unit = models.ForeignKey(
        "steering.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty = the whole country."),
    )
    period_code = models.CharField(_("period"), max_length=20)
    sections = models.JSONField(_("sections"), default=dict, help_text=_("Outline key -> text."))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consolidated narrative")
        verbose_name_plural = _("consolidated narratives")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_code"], name="narrative_one_per_unit_period"),
            models.UniqueConstraint(
                fields=["period_code"], condition=models.Q(unit__isnull=True), name="narrative_one_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id or 'VN'} {self.period_code}"
