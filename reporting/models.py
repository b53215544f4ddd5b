"""Six-monthly and annual result reports: periods, versioned templates, the reports and their review.

The model, in one paragraph:

- `PeriodType` rows (first half-year "H1", annual "Y", second half-year "H2", ad hoc "AH") carry the default
  cut-off dates (Decree 09/2019: 15/12 previous year -> 14/06 for H1, -> 14/12 for the year; H2 15/06 -> 14/12)
  and default deadlines per unit kind, as days after the cut-off end. They are data: a plan can change them.
- A `ReportingPeriod` is one opened period ("2021-H1", "2021") of an owner unit (the province that opened it;
  None = national). It copies the defaults into its own dates, so editing a type never moves an open period.
  `PeriodDeadline` rows hold its submission deadline per unit kind (commune before district before province): a
  commune gets the commune deadline whether it reports to a district (2021) or straight to its province (2026).
- A `ReportTemplate` is one version of the report form: `TemplateSection` rows (the narrative outline I-V with
  one sub-section per content area) and `Indicator` rows (the numeric table). A period pins a version; a new
  version copies the rows, so reports already filed never change.
- A `Report` is one unit's (or one member agency's) report for one period. It exists from the moment the period is
  opened (status not_started), so "missing" is visible from day one. `reviewer_unit` is the unit whose staff
  review it (the parent unit; the agency's own unit for agency reports). `due_date` is copied from the period's
  deadline for the unit's level. `version` is the optimistic-locking counter: every write bumps it, and a form
  carrying an older version is refused.
- `ReportValue` (one figure per indicator, with where it came from) and `ReportSection` (narrative per heading)
  are the working copy. `ReportSubmission` is an immutable snapshot taken at each submit, numbered 1, 2, 3 ...;
  the reviewer's diff compares the last two, and `Report.accepted_submission` is the version consolidation cites.
- `ReportTransition` records every status change with who, when, why and an optional pinned section/indicator.
- `ReminderLog` records the one digest e-mail a person gets per day.

Document numbers ("Số: 01/BC-MT"): a unit issues its report when it submits it, in its own register
(campaign_portal.documents.register), dated that day; `Report.number` is the number of its latest issued
submission. A resubmission after a return is a new document that replaces the earlier one in the register.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from steering.models.units import UnitKind


def _is_english() -> bool:
    return (get_language() or "vi").startswith("en")


class ContentArea(models.IntegerChoices):
    PROPAGANDA = 1, _("Propaganda and communication")
    POLICY = 2, _("Review of business-support policies")
    MARKET = 3, _("Market control, inspection and supervision")
    TRADE = 4, _("Trade promotion")
    COMMITTEES = 5, _("Consolidating the steering committees")
    CONSUMERS = 6, _("Consumer protection")


class PeriodType(models.Model):
    """A kind of period and its default dates. Months/days are calendar values; offsets are in years/days."""

    class Kind(models.TextChoices):
        FIRST_HALF = "first_half", _("First half-year")
        ANNUAL = "annual", _("Annual")
        SECOND_HALF = "second_half", _("Second half-year")
        AD_HOC = "ad_hoc", _("Ad hoc")

    code = models.CharField(_("code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_vi = models.CharField(_("Vietnamese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    # Reporting period proper (what the report is about), within the period's year.
    start_month = models.PositiveSmallIntegerField(_("start month"), default=1)
    start_day = models.PositiveSmallIntegerField(_("start day"), default=1)
    end_month = models.PositiveSmallIntegerField(_("end month"), default=12)
    end_day = models.PositiveSmallIntegerField(_("end day"), default=31)
    # Data cut-off (thời gian chốt số liệu): from (possibly in the previous year) to.
    cutoff_from_month = models.PositiveSmallIntegerField(_("cut-off from: month"), default=12)
    cutoff_from_day = models.PositiveSmallIntegerField(_("cut-off from: day"), default=15)
    cutoff_from_year_offset = models.SmallIntegerField(
        _("cut-off from: year offset"), default=-1, help_text=_("-1 = the previous year, 0 = the same year.")
    )
    cutoff_to_month = models.PositiveSmallIntegerField(_("cut-off to: month"), default=12)
    cutoff_to_day = models.PositiveSmallIntegerField(_("cut-off to: day"), default=14)
    # Default deadlines per unit kind, as days after the cut-off end: {"commune": 2, "district": 4, "province": 6}.
    deadline_days = models.JSONField(_("deadline days after cut-off, per unit kind"), default=dict)
    includes_annual_indicators = models.BooleanField(_("includes annual-only indicators"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("period type")
        verbose_name_plural = _("period types")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _is_english() else self.name_vi


class ReportTemplate(models.Model):
    """One version of the report form.

    A version is a draft until the provincial office publishes it; a published version is frozen (the services
    refuse edits) and only published versions can be chosen for a period, so a period never freezes a half-edited
    draft.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class TemplateSection(models.Model):
    """A heading of the narrative outline. Headings with `writable=False` only group their sub-sections."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("key"), max_length=10, help_text=_("I, II.1, III.2 …"))
    title_vi = models.CharField(_("Vietnamese title"), max_length=255)
    title_en = models.CharField(_("English title"), max_length=255)
    depth = models.PositiveSmallIntegerField(default=1)
    area = models.PositiveSmallIntegerField(_("content area"), choices=ContentArea.choices, null=True, blank=True)
    writable = models.BooleanField(default=True)
    annual_only = models.BooleanField(_("annual reports only"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="template_section_unique_key")]

    def __str__(self) -> str:
        return f"{self.key}. {self.title}"

    @property
    def title(self) -> str:
        return self.title_en if _is_english() else self.title_vi


class Indicator(models.Model):
    """One row of the numeric table, in one template version."""

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Integer")
        MONEY = "money", _("Money (million VND)")
        PERCENTAGE = "percentage", _("Percentage")
        DECIMAL = "decimal", _("Decimal")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        WEIGHTED_AVERAGE = "weighted_average", _("Weighted average")
        RATIO = "ratio", _("Ratio of two sums")
        NONE = "none", _("Not aggregated")

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=10)
    area = models.PositiveSmallIntegerField(_("content area"), choices=ContentArea.choices)
    label_vi = models.CharField(_("Vietnamese label"), max_length=255)
    label_en = models.CharField(_("English label"), max_length=255)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    value_type = models.CharField(_("value type"), max_length=12, choices=ValueType.choices)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices)
    # weighted_average: the weight; ratio: numerator / denominator (x100 when the type is a percentage).
    weight = models.ForeignKey(
        "self", verbose_name=_("weight"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    numerator = models.ForeignKey(
        "self", verbose_name=_("numerator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who reports what (reporting/scope.py reads these): whose forms carry the indicator, and whose values are
    # added into the consolidated figure. The other reporters' values are shown beside the total, never added.
    filled_by = models.CharField(
        _("filled by"),
        max_length=255,
        default="unit:*",
        help_text=_("unit:KINDS and agency:KINDS separated by “;” (unit:* = every unit and the standing body)."),
    )
    counts_from = models.CharField(
        _("counted from"),
        max_length=255,
        default="unit:*",
        help_text=_("Whose values are added into the consolidated figure; the others are shown beside it."),
    )
    annual_only = models.BooleanField(_("annual reports only"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.label_en if _is_english() else self.label_vi

    @property
    def filled_by_text(self) -> str:
        return rule_text(self.filled_by)

    @property
    def counts_from_text(self) -> str:
        return rule_text(self.counts_from)

    def applies_to(self, *, reporter, annual: bool) -> bool:
        """Whether the form of `reporter` (a reporting.scope.Reporter) carries this indicator in such a period."""
        from reporting import scope

        if self.annual_only and not annual:
            return False
        return scope.fills(self.filled_by, reporter)


def rule_text(rule: str) -> str:
    """A `filled_by` / `counts_from` rule in the user's words: "the Front system; Market surveillance, Police"."""
    from reporting import scope
    from steering.models import AgencyKind

    return scope.describe(
        rule,
        unit_labels={k: str(v) for k, v in UnitKind.choices},
        agency_labels={**{k: str(v) for k, v in AgencyKind.choices}, scope.ALL: str(_("every member agency"))},
        front=str(_("the Front system (lower units and the standing body)")),
    )


class ReportingPeriod(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        "steering.AdministrativeUnit",
        verbose_name=_("opened for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_periods",
        help_text=_("The unit whose subtree reports in this period; empty = every unit."),
    )
    period_type = models.ForeignKey(PeriodType, verbose_name=_("period type"), on_delete=models.PROTECT)
    code = models.CharField(_("code"), max_length=20, help_text=_("2021-H1, 2021 …"))
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    cutoff_from = models.DateField(_("data cut-off from"))
    cutoff_to = models.DateField(_("data cut-off to"))
    template = models.ForeignKey(ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-end_date", "period_type__sort_order"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="period_unique_code_per_owner"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(owner__isnull=True), name="period_unique_code_national"
            ),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="period_end_after_start"),
            models.CheckConstraint(
                condition=Q(cutoff_to__gte=models.F("cutoff_from")), name="period_cutoff_to_after_from"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_annual(self) -> bool:
        return self.period_type.includes_annual_indicators


class PeriodDeadline(models.Model):
    """The submission deadline of one unit kind in one period (commune, district, province)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("unit kind"), max_length=10, choices=UnitKind.choices)
    due_date = models.DateField(_("deadline"))

    class Meta:
        ordering = ["period", "due_date"]
        constraints = [models.UniqueConstraint(fields=["period", "kind"], name="deadline_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.period.code} {self.kind}: {self.due_date:%d/%m/%Y}"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class Report(models.Model):
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        "steering.AdministrativeUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "steering.Agency",
        verbose_name=_("member agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    reviewer_unit = models.ForeignKey(
        "steering.AdministrativeUnit",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports_to_review",
    )
    due_date = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED, db_index=True
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking counter, bumped by every write.")
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_submission = models.ForeignKey(
        "reporting.ReportSubmission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("document number"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["period", "unit__path", "agency__name"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"], condition=Q(agency__isnull=True), name="report_one_per_unit_period"
            ),
            models.UniqueConstraint(
                fields=["period", "agency"], condition=Q(agency__isnull=False), name="report_one_per_agency_period"
            ),
        ]
        indexes = [models.Index(fields=["period", "reviewer_unit", "status"], name="report_board_idx")]

    def __str__(self) -> str:
        return f"{self.reporter_name} – {self.period}"

    @property
    def reporter_name(self) -> str:
        return self.agency.name if self.agency_id else self.unit.name

    @property
    def is_late(self) -> bool:
        """Late against the deadline: first submitted after it, or still not submitted once it has passed."""
        if self.first_submitted_at is not None:
            return timezone.localdate(self.first_submitted_at) > self.due_date
        return timezone.localdate() > self.due_date

    @property
    def is_editable_status(self) -> bool:
        return self.status in (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_editable(self) -> bool:
        """The one definition of "editable": being prepared (not started, draft, returned) in an open period.
        Who may edit is the permission rule's (reporting/permissions.py)."""
        return self.is_editable_status and self.period.is_open


class ReportValue(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        PREFILL = "prefill", _("Pre-filled from portal records")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    prefill_source = models.CharField(max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, help_text=_("Why a figure that warns is right."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_value_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value}"


class ReportSection(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(TemplateSection, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="report_section_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.section_id}"


def _attachment_path(instance: ReportAttachment, filename: str) -> str:
    return f"reporting/{instance.report.period_id}/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportSubmission(models.Model):
    """What was submitted, frozen: values {code: "12.5"}, notes {code: text} and narrative {section key: text}.

    `record` is filled when the submission is accepted (reporting/records.py): the document as it stands that day
    (the reporter's name, kind and parent, the header, the template version, the indicator labels and units, the
    outline). Every later view, PDF, Excel and consolidation of an accepted report reads it, so renaming or moving
    a unit or publishing a template never changes an accepted report.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    values = models.JSONField(default=dict)
    notes = models.JSONField(default=dict, blank=True)
    sections = models.JSONField(default=dict)
    record = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="submission_unique_number")]

    def __str__(self) -> str:
        return f"{self.report_id} #{self.number}"


class ReportTransition(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    pinned_section = models.ForeignKey(
        TemplateSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned_indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submission = models.ForeignKey(ReportSubmission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status} -> {self.to_status}"


class ReminderLog(models.Model):
    """One digest e-mail sent to one person on one day (the reminder job sends at most one)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    email = models.EmailField()
    report_ids = models.JSONField(default=list)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="reminder_one_per_user_day")]

    def __str__(self) -> str:
        return f"{self.email} {self.date}"


def default_cutoffs(period_type: PeriodType, year: int) -> tuple[datetime.date, datetime.date]:
    """The cut-off window of `period_type` for `year` (Decree 09/2019 defaults unless the type says otherwise)."""
    cutoff_from = datetime.date(
        year + period_type.cutoff_from_year_offset, period_type.cutoff_from_month, period_type.cutoff_from_day
    )
    cutoff_to = datetime.date(year, period_type.cutoff_to_month, period_type.cutoff_to_day)
    return cutoff_from, cutoff_to
