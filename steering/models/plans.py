"""Plans (kế hoạch), the tasks they hand out, the progress reported on them and the evidence behind it.

A task has one lead: an agency, a lower-level committee, a committee position (so the task survives a change of
person) or every member of a committee. Cascading a task gives each committee one level down its own copy
(`parent_task` -> `copies`), which that committee tracks on its own.

`status`, `current_due` and `is_open` are kept on the task by the service that posts updates, so lists can filter
and count overdue tasks in the database: a task is overdue when it is open and its current deadline has passed.
"""

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ContentArea(models.IntegerChoices):
    """The six content areas of the campaign (DOMAIN.md); plans, tasks, activities and reports share them."""

    PROPAGANDA = 1, _("1. Propaganda and communication")
    POLICY = 2, _("2. Review of business-support policies")
    MARKET = 3, _("3. Market control, inspection and supervision")
    TRADE = 4, _("4. Trade promotion and Vietnamese goods to the countryside")
    COMMITTEES = 5, _("5. Consolidating the steering committees")
    CONSUMERS = 6, _("6. Consumer protection")


class Plan(models.Model):
    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    committee = models.ForeignKey(
        "steering.Committee",
        verbose_name=_("issuing committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    number = models.CharField(
        _("number and symbol"),
        max_length=60,
        blank=True,
        help_text=_(
            "Leave empty for a plan issued from the portal: it gets the next number when it is issued. "
            "Fill in only the number of a plan already issued on paper, for example 98/KH-MT."
        ),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    implements_number = models.CharField(
        _("implements plan number"), max_length=80, blank=True, help_text=_("For example 286/KH-MTTW-BCĐTWCVĐ.")
    )
    implements_date = models.DateField(_("date of the implemented plan"), null=True, blank=True)
    implements_issuer = models.CharField(_("issuer of the implemented plan"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], condition=~models.Q(number=""), name="plan_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}" if self.number else self.title


def _stored_name(folder: str, filename: str) -> str:
    """A random name that keeps the (sanitised) extension: legacy Word/Excel files are recognised by it."""
    suffix = PurePath(filename or "").suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
    return f"plans/{folder}/{uuid.uuid4().hex}{suffix}"


def _attachment_path(instance, filename: str) -> str:
    return _stored_name("attachments", filename)


def _evidence_path(instance, filename: str) -> str:
    return _stored_name("evidence", filename)


class PlanAttachment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey("steering.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("plan attachment")
        verbose_name_plural = _("plan attachments")

    def __str__(self) -> str:
        return self.name


class LeadKind(models.TextChoices):
    AGENCY = "agency", _("An agency")
    COMMITTEE = "committee", _("A lower-level committee")
    POSITION = "position", _("A committee position")
    MEMBERS = "members", _("Every member of the committee")


class Recurrence(models.IntegerChoices):
    NONE = 0, _("Once")
    MONTHLY = 1, _("Every month")
    QUARTERLY = 3, _("Every quarter")
    SIX_MONTHLY = 6, _("Every six months")
    YEARLY = 12, _("Every year")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    parent_task = models.ForeignKey(
        "self",
        verbose_name=_("cascaded from"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="copies",
    )
    # The unit whose staff track the task: the lead's unit. Every scope filter uses it.
    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plan_tasks"
    )
    content_area = models.PositiveSmallIntegerField(_("content area"), choices=ContentArea.choices)
    section = models.CharField(_("section of the plan"), max_length=20, blank=True, help_text=_("For example III.1.1."))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    lead_kind = models.CharField(_("lead"), max_length=20, choices=LeadKind.choices)
    lead_agency = models.ForeignKey(
        "steering.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_committee = models.ForeignKey(
        "steering.Committee",
        verbose_name=_("lead committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_role = models.CharField(_("lead position"), max_length=20, blank=True)
    co_agencies = models.ManyToManyField(
        "steering.Agency", verbose_name=_("co-operating agencies"), blank=True, related_name="cooperating_tasks"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.PositiveSmallIntegerField(_("recurrence"), choices=Recurrence.choices, default=Recurrence.NONE)
    recur_until = models.DateField(_("repeat until"), null=True, blank=True)
    expected_output = models.TextField(_("expected output"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    current_due = models.DateField(_("current deadline"), null=True, blank=True, db_index=True)
    is_open = models.BooleanField(default=True)
    last_update_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("steering.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["last_update_at"])

    class Meta:
        ordering = ["plan", "content_area", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["parent_task", "unit"],
                condition=Q(parent_task__isnull=False),
                name="plantask_one_copy_per_unit",
            ),
            models.CheckConstraint(
                condition=(
                    Q(lead_kind="agency", lead_agency__isnull=False)
                    | Q(lead_kind__in=["committee", "members"], lead_committee__isnull=False)
                    | (Q(lead_kind="position", lead_committee__isnull=False) & ~Q(lead_role=""))
                ),
                name="plantask_has_a_lead",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def lead_label(self) -> str:
        """Who leads, in words. Needs lead_agency and lead_committee__unit selected."""
        from steering.models.committees import MemberRole

        if self.lead_kind == LeadKind.AGENCY and self.lead_agency_id:
            return self.lead_agency.name
        committee = self.lead_committee
        if committee is None:
            return ""
        if self.lead_kind == LeadKind.POSITION:
            role = MemberRole(self.lead_role).label if self.lead_role in MemberRole.values else self.lead_role
            return _("%(role)s, steering committee of %(unit)s") % {"role": role, "unit": committee.unit.name}
        if self.lead_kind == LeadKind.MEMBERS:
            return _("Members of the steering committee of %(unit)s") % {"unit": committee.unit.name}
        return _("Steering committee of %(unit)s") % {"unit": committee.unit.name}


class TaskUpdate(models.Model):
    """One progress report on a task: never edited, the list is the task's story."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices)
    note = models.TextField(_("note"), blank=True)
    due_covered = models.DateField(_("deadline reported on"), null=True, blank=True)
    author = models.ForeignKey("steering.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.task} – {self.get_status_display()}"


class TaskEvidence(models.Model):
    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name
