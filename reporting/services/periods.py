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
from steering.models import KIND_BELOW, AdministrativeUnit, Agency, UnitKind, User, division_types_of_kind, unit_kind_of

# Earliest first: lower units report before the units above them consolidate.
KIND_ORDER = [UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE]
_KIND_OF_OLD_LEVEL = {"1": UnitKind.PROVINCE, "2": UnitKind.DISTRICT, "3": UnitKind.COMMUNE}


def deadline_kind(key) -> str:
    """A deadline key: a unit kind ("commune"), or a depth written by older data ("3")."""
    return str(_KIND_OF_OLD_LEVEL.get(str(key), key))


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodDefaults:
    code: str
    name: str
    start_date: datetime.date
    end_date: datetime.date
    cutoff_from: datetime.date
    cutoff_to: datetime.date
    deadlines: dict[str, datetime.date]  # unit kind -> due date


def period_defaults(*, period_type: PeriodType, year: int) -> PeriodDefaults:
    """The dates a period of `period_type` gets in `year` unless the opener overrides them."""
    cutoff_from, cutoff_to = default_cutoffs(period_type, year)
    deadlines = {
        deadline_kind(kind): cutoff_to + datetime.timedelta(days=int(days))
        for kind, days in (period_type.deadline_days or {}).items()
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


def _check_deadlines(deadlines: dict[str, datetime.date], cutoff_to: datetime.date) -> None:
    """Communes report before districts, districts before provinces."""
    if not deadlines:
        raise ValidationError({"deadlines": _("Set at least one submission deadline.")})
    unknown = set(deadlines) - set(KIND_ORDER)
    if unknown:
        raise ValidationError({"deadlines": _("Unknown unit kind %(kind)s.") % {"kind": ", ".join(sorted(unknown))}})
    ordered = [(kind, deadlines[kind]) for kind in KIND_ORDER if kind in deadlines]
    for (_kind, earlier), (_upper, later) in zip(ordered, ordered[1:], strict=False):
        if earlier >= later:
            raise ValidationError(
                {"deadlines": _("Each level's deadline must come before the deadline of the level above it.")}
            )
    if ordered[0][1] < cutoff_to:
        raise ValidationError({"deadlines": _("A deadline cannot fall before the end of the data cut-off.")})


def _expected_reporters(*, owner: AdministrativeUnit | None, on: datetime.date):
    """(unit_id, parent_id, division type) of every unit that exists on `on` and must report (the tree of that
    day), and the same of the member agencies that must report."""
    units = AdministrativeUnit.objects.filter(parent__isnull=False).valid_on(on)
    if owner is not None:
        units = units.filter(path__startswith=owner.path).exclude(pk=owner.pk)
    agencies = Agency.objects.filter(must_report=True, is_active=True)
    agencies = agencies.filter(unit=owner) if owner is not None else agencies.filter(unit__parent__isnull=True)
    agencies = agencies.filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=on))
    return (
        units.values_list("pk", "parent_id", "division_type"),
        agencies.values_list("pk", "unit_id", "unit__division_type"),
    )


def _agency_deadline(deadlines: dict[str, datetime.date], unit_kind: str, last: datetime.date) -> datetime.date:
    """A member agency reports before its unit consolidates: on the deadline of the nearest kind below."""
    below = KIND_BELOW.get(unit_kind)
    while below is not None:
        if below in deadlines:
            return deadlines[below]
        below = KIND_BELOW.get(below)
    return deadlines.get(unit_kind, last)


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
    deadlines: dict[str, datetime.date] | None = None,
) -> ReportingPeriod:
    """Open a period and create the expected report of every unit and member agency that must report.

    Anything left empty takes the period type's default (Decree 09/2019 cut-offs, deadlines per unit kind). The
    expected reporters are the units below `owner` that exist on the period's last day; an office whose unit has
    ended by then (dissolved in a reorganisation) cannot open it.
    """
    defaults = period_defaults(period_type=period_type, year=year)
    code = (code or defaults.code).strip()
    start_date = start_date or defaults.start_date
    end_date = end_date or defaults.end_date
    cutoff_from = cutoff_from or defaults.cutoff_from
    cutoff_to = cutoff_to or defaults.cutoff_to
    deadlines = {**defaults.deadlines, **{deadline_kind(k): v for k, v in (deadlines or {}).items()}}
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
    if owner is not None and owner.valid_to is not None and owner.valid_to < end_date:
        raise ValidationError(
            _("%(unit)s ceased to exist on %(date)s: it cannot open a period that ends after that. Its successor does.")
            % {"unit": owner.name, "date": owner.valid_to.strftime("%d/%m/%Y")}
        )
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
        PeriodDeadline(period=period, kind=kind, due_date=due) for kind, due in deadlines.items()
    )
    last = max(deadlines.values())
    units, agencies = _expected_reporters(owner=owner, on=end_date)
    reports = [
        Report(period=period, unit_id=pk, reviewer_unit_id=parent_id, due_date=deadlines.get(unit_kind_of(dtype), last))
        for pk, parent_id, dtype in units.iterator(chunk_size=5000)
    ]
    # Agencies report to their own unit's standing body, on the deadline of the kind below it.
    reports += [
        Report(
            period=period,
            unit_id=unit_id,
            agency_id=pk,
            reviewer_unit_id=unit_id,
            due_date=_agency_deadline(deadlines, unit_kind_of(dtype), last),
        )
        for pk, unit_id, dtype in agencies
    ]
    Report.objects.bulk_create(reports, batch_size=2000)
    return period


@transaction.atomic
def period_deadlines_set(*, period: ReportingPeriod, deadlines: dict[str, datetime.date]) -> ReportingPeriod:
    """Move the deadlines of a period; the reports' due dates follow (a few UPDATEs per unit kind)."""
    deadlines = {deadline_kind(k): v for k, v in deadlines.items()}
    all_deadlines = {d.kind: d.due_date for d in period.deadlines.all()} | deadlines
    _check_deadlines(all_deadlines, period.cutoff_to)
    for kind, due in deadlines.items():
        PeriodDeadline.objects.update_or_create(period=period, kind=kind, defaults={"due_date": due})
        Report.objects.filter(
            period=period, agency__isnull=True, unit__division_type__in=division_types_of_kind(kind)
        ).update(due_date=due)
    last = max(all_deadlines.values())
    for kind in KIND_ORDER:
        Report.objects.filter(
            period=period, agency__isnull=False, unit__division_type__in=division_types_of_kind(kind)
        ).update(due_date=_agency_deadline(all_deadlines, kind, last))
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
