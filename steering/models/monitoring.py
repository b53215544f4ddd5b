"""Members assigned to follow, urge and inspect lower units ("theo dõi, đôn đốc, kiểm tra"), and their visits."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MonitoringAssignment(models.Model):
    committee = models.ForeignKey(
        "steering.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="assignments"
    )
    person = models.ForeignKey(
        "steering.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="assignments"
    )
    membership = models.ForeignKey(
        "steering.Membership",
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    units = models.ManyToManyField(
        "steering.AdministrativeUnit", verbose_name=_("units followed"), related_name="monitoring_assignments"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    plan = models.ForeignKey(
        "steering.Plan",
        verbose_name=_("under plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["committee", "person__full_name", "-start_date"]
        verbose_name = _("monitoring assignment")
        verbose_name_plural = _("monitoring assignments")

    def __str__(self) -> str:
        return f"{self.person} ({self.start_date:%d/%m/%Y})"


class MonitoringVisit(models.Model):
    assignment = models.ForeignKey(MonitoringAssignment, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit visited"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date"))
    content = models.TextField(_("content"))
    findings = models.TextField(_("findings and recommendations"), blank=True)
    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self) -> str:
        return f"{self.unit} {self.date:%d/%m/%Y}"
