"""Writes of the reporting app: periods, templates, the report workflow and reminders.

Every function is keyword-only and transactional. Validation errors are ValidationError with a field dict where a
form field can show them. Access (who may call what) is decided in reporting/permissions.py, not here; here are
the rules of the data itself: the state machine, the optimistic lock, closed periods, value ranges.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reporting.models import (
    Indicator,
    PeriodDeadline,
    PeriodType,
    ReminderLog,
    Report,
    ReportAttachment,
    ReportingPeriod,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportTemplate,
    ReportTransition,
    ReportValue,
    TemplateSection,
    default_cutoffs,
)
from steering.models import AdministrativeUnit, Agency, Role, User

logger = logging.getLogger(__name__)

# --- periods --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodDefaults:
    code: str
    name: str
    start_date: datetime.date
    end_date: datetime.date
    cutoff_from: datetime.date
    cutoff_to: datetime.date
    deadlines: dict[int, datetime.date]  # unit level -> due date


def period_defaults(*, period_type: PeriodType, year: int) -> PeriodDefaults:
    """The dates a period of `period_type` gets in `year` unless the opener overrides them."""
    cutoff_from, cutoff_to = default_cutoffs(period_type, year)
    deadlines = {
        int(level): cutoff_to + datetime.timedelta(days=int(days))
        for level, days in (period_type.deadline_days or {}).items()
    }
    if period_type.kind == PeriodType.Kind.ANNUAL:
        code = str(year)
        name = f"Năm {year}"
    else:
        code = f"{year}-{period_type.code}"
        name = f"{period_type.name_vi} {year}"
    return PeriodDefaults(
        code=code,
        name=name,
        start_date=datetime.date(year, period_type.start_month, period_type.start_day),
        end_date=datetime.date(year, period_type.end_month, period_type.end_day),
        cutoff_from=cutoff_from,
        cutoff_to=cutoff_to,
        deadlines=deadlines,
    )


def _check_deadlines(deadlines: dict[int, datetime.date], cutoff_to: datetime.date) -> None:
    """Lower levels (higher level numbers) report before higher levels consolidate."""
    if not deadlines:
        raise ValidationError({"deadlines": _("Set at least one submission deadline.")})
    ordered = sorted(deadlines.items(), reverse=True)  # commune (3), district (2), province (1)
    for (_level, earlier), (_upper, later) in zip(ordered, ordered[1:], strict=False):
        if earlier >= later:
            raise ValidationError(
                {"deadlines": _("Each level's deadline must come before the deadline of the level above it.")}
            )
    if ordered[0][1] < cutoff_to:
        raise ValidationError({"deadlines": _("A deadline cannot fall before the end of the data cut-off.")})


def _expected_reporters(*, owner: AdministrativeUnit | None, on: datetime.date):
    """(unit_id, parent_id, level) of every unit that must report, and the agencies that must report."""
    units = AdministrativeUnit.objects.filter(parent__isnull=False)
    if owner is not None:
        units = units.filter(path__startswith=owner.path).exclude(pk=owner.pk)
    units = units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    agencies = Agency.objects.filter(must_report=True, is_active=True)
    agencies = agencies.filter(unit=owner) if owner is not None else agencies.filter(unit__parent__isnull=True)
    return units.values_list("pk", "parent_id", "level"), agencies.values_list("pk", "unit_id", "unit__level")


@transaction.atomic
def period_open(
    *,
    owner: AdministrativeUnit | None,
    period_type: PeriodType,
    year: int,
    opened_by: User | None = None,
    template: ReportTemplate | None = None,
    code: str = "",
    name: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    cutoff_from: datetime.date | None = None,
    cutoff_to: datetime.date | None = None,
    deadlines: dict[int, datetime.date] | None = None,
) -> ReportingPeriod:
    """Open a period and create the expected report of every unit and member agency that must report.

    Anything left empty takes the period type's default (Decree 09/2019 cut-offs, deadlines per level).
    """
    defaults = period_defaults(period_type=period_type, year=year)
    code = (code or defaults.code).strip()
    start_date = start_date or defaults.start_date
    end_date = end_date or defaults.end_date
    cutoff_from = cutoff_from or defaults.cutoff_from
    cutoff_to = cutoff_to or defaults.cutoff_to
    deadlines = {**defaults.deadlines, **(deadlines or {})}
    if template is None:
        # The newest PUBLISHED version: a draft the office is still editing is never picked (and frozen) by default.
        template = ReportTemplate.objects.filter(published_at__isnull=False).order_by("-version").first()
        if template is None:
            raise ValidationError(_("There is no published report template yet. Publish a version first."))
    # The same row lock as the template editor and template_publish: the state read here cannot change under us.
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_published:
        raise ValidationError(
            {
                "template": _(
                    "Version %(version)s is a draft: only a published version can be used by a period. "
                    "Publish it first, or choose a published version."
                )
                % {"version": template.version}
            }
        )
    if end_date < start_date:
        raise ValidationError({"end_date": _("The end of the period cannot be before its start.")})
    if cutoff_to < cutoff_from:
        raise ValidationError({"cutoff_to": _("The end of the data cut-off cannot be before its start.")})
    _check_deadlines(deadlines, cutoff_to)
    if ReportingPeriod.objects.filter(owner=owner, code=code).exists():
        message = _("A period with code %(code)s is already open for this unit.") % {"code": code}
        raise ValidationError({"code": message})

    period = ReportingPeriod.objects.create(
        owner=owner,
        period_type=period_type,
        code=code,
        name=(name or defaults.name).strip(),
        year=year,
        start_date=start_date,
        end_date=end_date,
        cutoff_from=cutoff_from,
        cutoff_to=cutoff_to,
        template=template,
        opened_by=opened_by,
    )
    PeriodDeadline.objects.bulk_create(
        PeriodDeadline(period=period, level=level, due_date=due) for level, due in deadlines.items()
    )
    last = max(deadlines.values())
    units, agencies = _expected_reporters(owner=owner, on=end_date)
    reports = [
        Report(period=period, unit_id=pk, reviewer_unit_id=parent_id, due_date=deadlines.get(level, last))
        for pk, parent_id, level in units.iterator(chunk_size=5000)
    ]
    # Agencies report to their own unit's standing body, on the deadline of the level below it.
    reports += [
        Report(
            period=period,
            unit_id=unit_id,
            agency_id=pk,
            reviewer_unit_id=unit_id,
            due_date=deadlines.get(level + 1, last),
        )
        for pk, unit_id, level in agencies
    ]
    Report.objects.bulk_create(reports, batch_size=2000)
    return period


@transaction.atomic
def period_deadlines_set(*, period: ReportingPeriod, deadlines: dict[int, datetime.date]) -> ReportingPeriod:
    """Move the deadlines of a period; the reports' due dates follow (one UPDATE per level)."""
    _check_deadlines(deadlines, period.cutoff_to)
    for level, due in deadlines.items():
        PeriodDeadline.objects.update_or_create(period=period, level=level, defaults={"due_date": due})
        Report.objects.filter(period=period, agency__isnull=True, unit__level=level).update(due_date=due)
        Report.objects.filter(period=period, agency__isnull=False, unit__level=level - 1).update(due_date=due)
    return period


@transaction.atomic
def period_set_status(*, period: ReportingPeriod, status: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if status not in ReportingPeriod.Status.values:
        raise ValidationError(_("Unknown status."))
    period.status = status
    period.closed_at = timezone.now() if status == ReportingPeriod.Status.CLOSED else None
    period.save(update_fields=["status", "closed_at"])
    return period


# --- templates ------------------------------------------------------------------------------------------------


def template_in_use(*, template: ReportTemplate) -> bool:
    return ReportingPeriod.objects.filter(template=template).exists()


@transaction.atomic
def template_new_version(*, based_on: ReportTemplate, name: str = "", created_by: User | None = None) -> ReportTemplate:
    """A copy of `based_on` under the next version number, free to edit; periods already open keep theirs."""
    # Lock the newest row so that two offices creating a version at once get 2 and 3, not an IntegrityError.
    newest = ReportTemplate.objects.select_for_update().order_by("-version").first()
    version = (newest.version if newest else 0) + 1
    name = (name or based_on.name).strip()
    if len(name) > ReportTemplate._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long.")})
    template = ReportTemplate.objects.create(version=version, name=name, based_on=based_on, created_by=created_by)
    sections = list(based_on.sections.all())
    for section in sections:
        section.pk = None
        section.template = template
    TemplateSection.objects.bulk_create(sections)
    old = list(based_on.indicators.all())
    links = {ind.code: (ind.weight_id, ind.numerator_id, ind.denominator_id) for ind in old}
    code_by_old_pk = {ind.pk: ind.code for ind in old}
    for ind in old:
        ind.pk = None
        ind.template = template
        ind.weight = ind.numerator = ind.denominator = None
    new = {ind.code: ind for ind in Indicator.objects.bulk_create(old)}
    linked = []
    for code, (weight, numerator, denominator) in links.items():
        if weight or numerator or denominator:
            ind = new[code]
            ind.weight = new[code_by_old_pk[weight]] if weight else None
            ind.numerator = new[code_by_old_pk[numerator]] if numerator else None
            ind.denominator = new[code_by_old_pk[denominator]] if denominator else None
            linked.append(ind)
    Indicator.objects.bulk_update(linked, ["weight", "numerator", "denominator"])
    return template


def template_is_editable(*, template: ReportTemplate) -> bool:
    """A draft that no period uses (periods only take published versions; older data may differ)."""
    return not template.is_published and not template_in_use(template=template)


def _lock_editable_template(template: ReportTemplate) -> ReportTemplate:
    """Lock the version's row and refuse a version that a period uses or that is published (period_open and
    template_publish take the same lock)."""
    locked = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if template_in_use(template=locked):
        raise ValidationError(
            _("This template version is used by a reporting period and cannot change. Create a new version.")
        )
    if locked.is_published:
        raise ValidationError(_("This template version is published and cannot change. Create a new version."))
    return locked


@transaction.atomic
def template_publish(*, template: ReportTemplate, by: User | None) -> ReportTemplate:
    """Publish a complete draft: from now on it is read-only and periods may use it.

    Complete means at least one indicator, and every indicator keeps the aggregation rules consolidation relies on
    (indicator_rules_check); the outline may be empty (a report of figures only).
    """
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if template.is_published:
        raise ValidationError(_("Version %(version)s is already published.") % {"version": template.version})
    indicators = list(template.indicators.select_related("weight", "numerator", "denominator").order_by("code"))
    if not indicators:
        raise ValidationError(_("A version without indicators cannot be published. Add at least one indicator."))
    problems = []
    for indicator in indicators:
        try:
            indicator_rules_check(indicator)
        except ValidationError as exc:
            problems.append(f"{indicator.code}: {' '.join(exc.messages)}")
    if problems:
        raise ValidationError(
            _("Version %(version)s cannot be published until these indicators are fixed: %(problems)s")
            % {"version": template.version, "problems": "; ".join(problems)}
        )
    template.published_at = timezone.now()
    template.published_by = by
    template.save(update_fields=["published_at", "published_by"])
    return template


def indicator_rules_check(indicator: Indicator) -> None:
    """The aggregation rules consolidation relies on (reporting/consolidation/engine.py)."""
    errors: dict[str, str] = {}
    agg = Indicator.Aggregation
    same_template = indicator.template_id

    def part_error(part: Indicator | None, field: str, missing: str) -> None:
        if part is None:
            errors[field] = missing
        elif part.template_id != same_template:
            errors[field] = _("Choose an indicator of the same template version.")
        elif indicator.pk is not None and part.pk == indicator.pk:
            errors[field] = _("An indicator cannot refer to itself.")

    if indicator.aggregation == agg.SUM and indicator.value_type == Indicator.ValueType.PERCENTAGE:
        errors["aggregation"] = _(
            "A percentage cannot be summed: use a weighted average, a ratio of two sums, or no aggregation."
        )
    if indicator.aggregation == agg.WEIGHTED_AVERAGE:
        part_error(indicator.weight, "weight", _("A weighted average needs a weight indicator."))
    if indicator.aggregation == agg.RATIO:
        part_error(indicator.numerator, "numerator", _("A ratio needs a numerator indicator."))
        part_error(indicator.denominator, "denominator", _("A ratio needs a denominator indicator."))
        if (
            "numerator" not in errors
            and "denominator" not in errors
            and indicator.numerator_id == indicator.denominator_id
        ):
            errors["denominator"] = _("The numerator and the denominator must be different indicators.")
    bad_levels = [level for level in indicator.levels or [] if level not in (1, 2, 3)]
    if not isinstance(indicator.levels, list) or bad_levels:
        errors["levels"] = _("Levels are 1 (province), 2 (district) and 3 (commune).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_save(*, template: ReportTemplate, code: str, indicator: Indicator | None = None, **fields) -> Indicator:
    """Add or change an indicator of a template that no period uses yet (a used version is frozen).

    The code is unique in the version; a weighted average names its weight, a ratio both its parts (all of the
    same version); a percentage is never summed. Links that the chosen aggregation does not use are cleared.
    """
    template = _lock_editable_template(template)
    code = (code or "").strip().upper()
    if not code:
        raise ValidationError({"code": _("Enter a code.")})
    if indicator is None:
        indicator = Indicator(template=template, code=code)
    elif indicator.template_id != template.pk:
        raise ValidationError(_("This indicator belongs to another template version."))
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.code = code
    agg = Indicator.Aggregation
    if indicator.aggregation != agg.WEIGHTED_AVERAGE:
        indicator.weight = None
    if indicator.aggregation != agg.RATIO:
        indicator.numerator = indicator.denominator = None
    if Indicator.objects.filter(template=template, code=code).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": _("The code %(code)s is already used in this version.") % {"code": code}})
    indicator_rules_check(indicator)
    indicator.full_clean(exclude=["template", "weight", "numerator", "denominator"], validate_constraints=False)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    """Remove an indicator from an unused version, unless another indicator aggregates with it."""
    _lock_editable_template(indicator.template)
    users = Indicator.objects.filter(
        Q(weight=indicator) | Q(numerator=indicator) | Q(denominator=indicator)
    ).values_list("code", flat=True)
    if users:
        raise ValidationError(
            _("%(code)s cannot be removed: %(users)s aggregate with it. Change them first.")
            % {"code": indicator.code, "users": ", ".join(sorted(users))}
        )
    indicator.delete()


@transaction.atomic
def section_save(
    *, template: ReportTemplate, key: str, section: TemplateSection | None = None, **fields
) -> TemplateSection:
    """Add or change a heading of the narrative outline of an unused version (the key is unique in it)."""
    template = _lock_editable_template(template)
    key = (key or "").strip().upper()
    if not key:
        raise ValidationError({"key": _("Enter a key.")})
    if section is None:
        section = TemplateSection(template=template, key=key)
    elif section.template_id != template.pk:
        raise ValidationError(_("This section belongs to another template version."))
    for name, value in fields.items():
        setattr(section, name, value)
    section.key = key
    if TemplateSection.objects.filter(template=template, key=key).exclude(pk=section.pk).exists():
        raise ValidationError({"key": _("The key %(key)s is already used in this version.") % {"key": key}})
    section.full_clean(exclude=["template"], validate_constraints=False)
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: TemplateSection) -> None:
    """Remove a heading from an unused version."""
    _lock_editable_template(section.template)
    section.delete()


# --- the report workflow ----------------------------------------------------------------------------------------

# (from, to) pairs the state machine allows. Editing a draft or a returned report keeps its status.
ALLOWED_TRANSITIONS = {
    (ReportStatus.NOT_STARTED, ReportStatus.DRAFT),
    (ReportStatus.NOT_STARTED, ReportStatus.SUBMITTED),
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED),
    (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
}


def transition_allowed(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in ALLOWED_TRANSITIONS


def _transition(report: Report, to_status: str, *, by, **extra) -> ReportTransition:
    if not transition_allowed(report.status, to_status):
        raise ValidationError(
            _("A report that is %(from)s cannot become %(to)s.")
            % {"from": ReportStatus(report.status).label, "to": ReportStatus(to_status).label}
        )
    transition = ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to_status, by=by, **extra
    )
    report.status = to_status
    return transition


def _lock(report: Report, version: int | None) -> Report:
    """Lock the row and check the form's version: a stale form is refused, never silently overwritten."""
    locked = Report.objects.select_for_update(of=("self",)).select_related("period", "unit").get(pk=report.pk)
    if version is not None and int(version) != locked.version:
        raise ValidationError(
            _(
                "Someone else saved this report while you were editing it. Your entries are shown below but were "
                "NOT saved: reload the report to see the other changes, then enter yours again."
            ),
            code="stale",
        )
    return locked


def _bump(report: Report, by, *fields: str) -> None:
    report.version = F("version") + 1
    report.updated_at = timezone.now()
    report.updated_by = by
    report.save(update_fields=["version", "updated_at", "updated_by", "status", *fields])
    report.refresh_from_db(fields=["version"])


def value_check(indicator: Indicator, value: Decimal) -> str | None:
    """The message for a value the indicator cannot hold, or None."""
    if value < 0:
        return _("%(code)s: a value cannot be negative.") % {"code": indicator.code}
    if indicator.value_type == Indicator.ValueType.PERCENTAGE and value > 100:
        return _("%(code)s: a percentage must be between 0 and 100.") % {"code": indicator.code}
    if indicator.value_type == Indicator.ValueType.INTEGER and value != value.to_integral_value():
        return _("%(code)s: this count must be a whole number.") % {"code": indicator.code}
    if abs(value) >= Decimal("1e15"):
        return _("%(code)s: the value is too large.") % {"code": indicator.code}
    return None


@transaction.atomic
def report_save(
    *,
    report: Report,
    version: int | None,
    by: User | None,
    values: dict[str, Decimal | None],
    sections: dict[str, str],
    prefilled: dict[str, str] | None = None,
    submit: bool = False,
) -> Report:
    """Save the working copy of a report (and submit it when `submit`).

    `values` maps indicator codes to a value or None (left empty); `prefilled` maps the codes whose value the
    user confirmed from a pre-fill suggestion to that suggestion's source text; `sections` maps outline keys to
    text. Codes or keys the template does not know are an error, not silently dropped.
    """
    report = _lock(report, version)
    if not report.period.is_open:
        raise ValidationError(
            _("The period %(period)s is closed: reports can no longer be changed.") % {"period": report.period.name}
        )
    if not report.is_editable_status:
        raise ValidationError(
            _("This report is %(status)s and can no longer be edited.") % {"status": report.get_status_display()}
        )
    prefilled = prefilled or {}
    template = report.period.template
    indicators = {ind.code: ind for ind in template.indicators.all()}
    outline = {s.key: s for s in template.sections.filter(writable=True)}
    errors: dict[str, list[str]] = defaultdict(list)
    try:
        values = {code: None if v is None else Decimal(str(v)) for code, v in values.items()}
    except ArithmeticError as exc:
        raise ValidationError(_("Values must be numbers.")) from exc
    for code, value in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors["__all__"].append(_("Unknown indicator %(code)s.") % {"code": code})
        elif value is not None and (message := value_check(indicator, value)):
            errors[f"v_{code}"].append(message)
    for key in sections:
        if key not in outline:
            errors["__all__"].append(_("Unknown section %(key)s.") % {"key": key})
    if errors:
        raise ValidationError(dict(errors))

    keep = {code: value for code, value in values.items() if value is not None}
    cleared = [indicators[code].pk for code, value in values.items() if value is None]
    if cleared:  # codes absent from `values` are left as they are
        ReportValue.objects.filter(report=report, indicator_id__in=cleared).delete()
    ReportValue.objects.bulk_create(
        [
            ReportValue(
                report=report,
                indicator=indicators[code],
                value=value,
                source=ReportValue.Source.PREFILL if code in prefilled else ReportValue.Source.MANUAL,
                prefill_source=prefilled.get(code, "")[:255],
            )
            for code, value in keep.items()
        ],
        update_conflicts=True,
        unique_fields=["report", "indicator"],
        update_fields=["value", "source", "prefill_source"],
    )
    ReportSection.objects.bulk_create(
        [ReportSection(report=report, section=outline[key], text=text.strip()) for key, text in sections.items()],
        update_conflicts=True,
        unique_fields=["report", "section"],
        update_fields=["text"],
    )
    extra: list[str] = []
    if report.status == ReportStatus.NOT_STARTED and not submit:
        _transition(report, ReportStatus.DRAFT, by=by)
    if submit:
        extra = _submit(report, by=by)
    _bump(report, by, *extra)
    return report


def _submit(report: Report, *, by) -> list[str]:
    now = timezone.now()
    number = (report.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    submission = ReportSubmission.objects.create(
        report=report,
        number=number,
        submitted_at=now,
        submitted_by=by,
        values={code: str(value) for code, value in report.values.values_list("indicator__code", "value")},
        sections={key: text for key, text in report.sections.values_list("section__key", "text")},
    )
    _transition(report, ReportStatus.SUBMITTED, by=by, submission=submission, at=now)
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    return ["submitted_at", "first_submitted_at"]


@transaction.atomic
def report_return(
    *,
    report: Report,
    by: User | None,
    reason: str,
    version: int | None = None,
    pinned_section: TemplateSection | None = None,
    pinned_indicator: Indicator | None = None,
) -> Report:
    """Send a submitted report back to its unit with a reason (required), optionally pinned to one place."""
    report = _lock(report, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    template_id = report.period.template_id
    if pinned_section is not None and pinned_section.template_id != template_id:
        raise ValidationError({"pinned_section": _("That section is not part of this report.")})
    if pinned_indicator is not None and pinned_indicator.template_id != template_id:
        raise ValidationError({"pinned_indicator": _("That indicator is not part of this report.")})
    _transition(
        report,
        ReportStatus.RETURNED,
        by=by,
        reason=reason,
        pinned_section=pinned_section,
        pinned_indicator=pinned_indicator,
    )
    _bump(report, by)
    return report


@transaction.atomic
def report_accept(*, report: Report, by: User | None, version: int | None = None) -> Report:
    """Accept the last submission. Unit reports get their document number ("Số: N/BC-…") now: see models.py."""
    report = _lock(report, version)
    _transition(report, ReportStatus.ACCEPTED, by=by)
    report.accepted_at = timezone.now()
    report.accepted_submission = report.submissions.order_by("-number").first()
    if report.agency_id is None and not report.number:
        from steering.services import document_number_next, issuer_for_unit

        issuer = issuer_for_unit(unit=report.unit)
        report.number = document_number_next(issuer=issuer, doc_type="BC", year=report.accepted_at.year)
    _bump(report, by, "accepted_at", "accepted_submission", "number")
    return report


@transaction.atomic
def report_attachment_add(*, report: Report, file, by: User | None) -> ReportAttachment:
    from campaign_portal.uploads import validate_document

    report = _lock(report, None)
    if not report.is_editable_status or not report.period.is_open:
        raise ValidationError({"file": _("Attachments can only be added while the report is being prepared.")})
    validate_document(file)
    name = (getattr(file, "name", "") or "file")[-200:]
    attachment = ReportAttachment(report=report, name=name, size=getattr(file, "size", 0) or 0, uploaded_by=by)
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def report_attachment_delete(*, attachment: ReportAttachment) -> None:
    report = _lock(attachment.report, None)
    if not report.is_editable_status or not report.period.is_open:
        raise ValidationError(_("Attachments can only be removed while the report is being prepared."))
    attachment.file.delete(save=False)
    attachment.delete()


# --- reminders --------------------------------------------------------------------------------------------------


@dataclass
class ReminderItem:
    report: Report
    overdue: bool
    as_reviewer: bool


def _reminder_due(report: Report, today: datetime.date, days_before: int) -> tuple[bool, bool]:
    """(remind the unit, escalate to the reviewer) for one unsubmitted report on `today`."""
    days_left = (report.due_date - today).days
    if days_left in (days_before, 0):
        return True, False
    if days_left < 0:
        # Overdue: the unit and the reviewing unit hear about it the day after, then once a week.
        return (-days_left) % 7 == 1, (-days_left) % 7 == 1
    return False, False


def reminder_recipients(*, today: datetime.date | None = None, days_before: int | None = None):
    """{user: [ReminderItem]} of the digests due today, leaving out people who already got today's."""
    today = today or timezone.localdate()
    if days_before is None:
        days_before = getattr(settings, "REPORT_REMINDER_DAYS_BEFORE", 3)
    reports = (
        Report.objects.filter(
            period__status=ReportingPeriod.Status.OPEN,
            status__in=[ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED],
        )
        .filter(Q(due_date__in=[today, today + datetime.timedelta(days=days_before)]) | Q(due_date__lt=today))
        .select_related("period", "unit", "agency", "reviewer_unit")
    )
    unit_items: dict[int, list[ReminderItem]] = defaultdict(list)
    reviewer_items: dict[int, list[ReminderItem]] = defaultdict(list)
    for report in reports:
        remind, escalate = _reminder_due(report, today, days_before)
        overdue = report.due_date < today
        if remind:
            unit_items[report.unit_id].append(ReminderItem(report, overdue, False))
        if escalate and report.reviewer_unit_id:
            reviewer_items[report.reviewer_unit_id].append(ReminderItem(report, overdue, True))
    if not unit_items and not reviewer_items:
        return {}
    already = set(ReminderLog.objects.filter(date=today).values_list("user_id", flat=True))
    users = (
        User.objects.filter(is_active=True, unit_id__in=set(unit_items) | set(reviewer_items))
        .exclude(email="")
        .filter(groups__name__in=[Role.UNIT_STAFF, Role.PROVINCIAL_OFFICE])
        .exclude(pk__in=already)
        .distinct()
        .order_by("pk")
    )
    result: dict[User, list[ReminderItem]] = {}
    for user in users:
        items = unit_items.get(user.unit_id, []) + reviewer_items.get(user.unit_id, [])
        # An agency's report is filled by the provincial office: unit staff of that unit only get their own.
        if items:
            result[user] = items
    return result


def report_reminders_send(*, today: datetime.date | None = None, days_before: int | None = None) -> int:
    """Send today's digests: one e-mail per person per day, recorded so that a second run sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    for user, items in reminder_recipients(today=today, days_before=days_before).items():
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    user=user, date=today, email=user.email, report_ids=[i.report.pk for i in items]
                )
                with translation.override(settings.LANGUAGE_CODE):
                    context = {"user": user, "items": items, "today": today}
                    subject = _("Reports due: %(count)s report(s) need attention") % {"count": len(items)}
                    body = render_to_string("reporting/email/reminder_digest.txt", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue  # another run got there first
        except Exception:  # noqa: BLE001 - one bad address must not stop the others; the log row rolled back
            logger.exception("reminder to %s failed", user.email)
            continue
        sent += 1
    return sent
