"""Writes of reporting periods: defaults from the period type, opening (with every expected report), deadlines
and closing."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import (
    PeriodDeadline,
    PeriodType,
    Report,
    ReportingPeriod,
    ReportTemplate,
    default_cutoffs,
)
from steering.models import AdministrativeUnit, Agency, User

logger = logging.getLogger(__name__)


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
