"""Reads of the reporting app. No query runs inside a loop: lists are one or two queries whatever their size.

For consolidation (issue 6) the entry points are:
- `accepted_reports_below(unit=, period=)`: the accepted reports of every unit (and agency) below `unit` in
  `period`, with `accepted_submission` (the version that counts) selected, and `on_time` annotated.
- `reports_below(unit=, period=)`: every expected report below `unit`, whatever its status (for "left out" lists).
- `period_for_unit(unit=, code=)`: the period with that code that covers `unit` (its own or an ancestor's).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_portal.prefill import PrefillValue, prefill_values
from reporting import checks, records, scope
from reporting.models import (
    ContentArea,
    Indicator,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportSubmission,
    ReportTemplate,
    ReportValue,
    TemplateSection,
)
from steering.models import AdministrativeUnit, UnitKind, UnitSuccession
from steering.permissions import history_roots, unit_q

# --- periods ----------------------------------------------------------------------------------------------------


def _ancestor_keys(unit: AdministrativeUnit) -> list[str]:
    return [key for key in unit.path.split("/") if key]


def period_list(*, user) -> QuerySet[ReportingPeriod]:
    """Periods that concern the user: opened for their unit, an ancestor of it, a unit below it, or nationally."""
    q = Q(owner__isnull=True)
    if user.is_superuser:
        q = Q()
    elif user.unit_id:
        q |= Q(owner__key__in=_ancestor_keys(user.unit)) | unit_q(user, "owner")
    return ReportingPeriod.objects.filter(q).select_related("period_type", "owner", "template")


def period_for_unit(*, unit: AdministrativeUnit, code: str) -> ReportingPeriod | None:
    """The period `code` covering `unit`: the nearest owner wins (a province's own period over a national one)."""
    periods = ReportingPeriod.objects.filter(code=code).filter(
        Q(owner__isnull=True) | Q(owner__key__in=_ancestor_keys(unit))
    )
    covering = [p for p in periods.select_related("owner") if unit.existed_on(p.end_date)]  # the tree of that day
    return max(covering, key=lambda p: p.owner.level if p.owner else 0, default=None)


@dataclass
class PeriodGroup:
    """Periods seen from one unit: the user's own, or a unit of its history ("Tỉnh Hải Dương (đến 30/06/2025)")."""

    unit: AdministrativeUnit | None
    periods: list[ReportingPeriod]
    history: bool = False


def period_groups(*, user) -> list[PeriodGroup]:
    """The periods that concern the user, by the unit they belong to: the user's own unit first (periods it existed
    in), then each unit it succeeded, with the periods of that unit's time. Every period is under a unit that
    existed in it, so its board and consolidation exist."""
    periods = list(period_list(user=user).order_by("-end_date", "period_type__sort_order"))
    unit = user.unit
    if user.is_superuser or unit is None:
        return [PeriodGroup(unit=unit, periods=periods)]
    groups = [PeriodGroup(unit=unit, periods=[p for p in periods if _concerns(unit, p)])]
    for old in history_roots(unit):
        mine = [p for p in periods if _concerns(old, p)]
        if mine:
            groups.append(PeriodGroup(unit=old, periods=mine, history=True))
    return groups


def _concerns(unit: AdministrativeUnit, period: ReportingPeriod) -> bool:
    if not unit.existed_on(period.end_date):
        return False
    owner = period.owner
    return owner is None or unit.path.startswith(owner.path) or owner.path.startswith(unit.path)


# --- reports ----------------------------------------------------------------------------------------------------


def with_timeliness(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Annotate `submitted` (ever submitted) and `on_time` (first submitted on or before the deadline day)."""
    return reports.annotate(
        submitted=ExpressionWrapper(Q(first_submitted_at__isnull=False), output_field=BooleanField()),
        on_time=Case(
            When(first_submitted_at__isnull=True, then=Value(False)),
            When(first_submitted_at__date__lte=F("due_date"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def reports_below(*, unit: AdministrativeUnit, period: ReportingPeriod) -> QuerySet[Report]:
    """Every expected report of the units below `unit`, plus the reports of the agencies reporting to `unit`."""
    return with_timeliness(
        Report.objects.filter(period=period)
        .filter(Q(unit__path__startswith=unit.path) & (~Q(unit=unit) | Q(agency__isnull=False)))
        .select_related("unit", "agency", "reviewer_unit")
    )


def accepted_reports_below(*, unit: AdministrativeUnit, period: ReportingPeriod) -> QuerySet[Report]:
    return (
        reports_below(unit=unit, period=period)
        .filter(status=ReportStatus.ACCEPTED)
        .select_related("accepted_submission")
    )


def report_list_for_user(*, user, period: ReportingPeriod | None = None) -> QuerySet[Report]:
    """The reports the user may see, newest period first."""
    reports = Report.objects.filter(unit_q(user)).select_related("period", "unit", "agency")
    if period is not None:
        reports = reports.filter(period=period)
    return reports.order_by("-period__end_date", "unit__path")


def own_reports(*, user) -> QuerySet[Report]:
    """The reports of the user's own unit in open periods: what they have to file."""
    if not user.unit_id:
        return Report.objects.none()
    return (
        Report.objects.filter(unit_id=user.unit_id, agency__isnull=True, period__status=ReportingPeriod.Status.OPEN)
        .select_related("period", "unit")
        .order_by("due_date")
    )


# --- the status board ---------------------------------------------------------------------------------------------


@dataclass
class BoardCounts:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def rate(self) -> float:
        """Completeness: the share of expected reports that were submitted (on time or late), in percent."""
        return round(100 * (self.on_time + self.late) / self.total, 1) if self.total else 0.0

    @property
    def on_time_pct(self) -> float:
        return round(100 * self.on_time / self.total, 1) if self.total else 0.0

    @property
    def late_pct(self) -> float:
        return round(100 * self.late / self.total, 1) if self.total else 0.0

    @property
    def missing_pct(self) -> float:
        return round(100 - self.on_time_pct - self.late_pct, 1) if self.total else 0.0


def board_reports(*, unit: AdministrativeUnit, period: ReportingPeriod, all_levels: bool = False) -> QuerySet[Report]:
    """The reports `unit` reviews (direct children and its agencies), or every report below it."""
    if all_levels:
        reports = reports_below(unit=unit, period=period)
    else:
        reports = with_timeliness(
            Report.objects.filter(period=period, reviewer_unit=unit).select_related("unit", "agency")
        )
    # Units first in path order, then member agencies in the committee's own order.
    return reports.order_by(F("agency_id").asc(nulls_first=True), "unit__path", "agency__order", "agency__name")


def _counts_from_rows(rows) -> BoardCounts:
    counts = BoardCounts(by_status={s: 0 for s in ReportStatus.values})
    for row in rows:
        n = row["n"]
        counts.total += n
        counts.by_status[row["status"]] += n
        if row["submitted"]:
            if row["on_time"]:
                counts.on_time += n
            else:
                counts.late += n
        else:
            counts.missing += n
    return counts


def board_counts(*, reports: QuerySet[Report]) -> BoardCounts:
    """Counts by status and timeliness, in one grouped query."""
    rows = reports.order_by().values("status", "submitted", "on_time").annotate(n=Count("pk"))
    return _counts_from_rows(rows)


def completeness_by_period(*, unit: AdministrativeUnit, user, all_levels: bool = False) -> list[tuple]:
    """[(period, BoardCounts)] for every period visible to `user`, oldest first: the data of the chart."""
    periods = list(period_list(user=user).order_by("end_date", "period_type__sort_order"))
    if not periods:
        return []
    reports = Report.objects.filter(period__in=periods)
    if all_levels:
        reports = reports.filter(Q(unit__path__startswith=unit.path) & (~Q(unit=unit) | Q(agency__isnull=False)))
    else:
        reports = reports.filter(reviewer_unit=unit)
    rows = (
        with_timeliness(reports)
        .order_by()
        .values("period_id", "status", "submitted", "on_time")
        .annotate(n=Count("pk"))
    )
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row["period_id"], []).append(row)
    return [(p, _counts_from_rows(grouped.get(p.pk, []))) for p in periods]


# --- one report -------------------------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None = None
    source: str = ""
    prefill_source: str = ""
    suggestion: PrefillValue | None = None
    previous: Decimal | None = None
    warning: str = ""  # the first warning's kind (reporting/checks.py), "" when none
    warnings: list = field(default_factory=list)  # checks.Warning
    note: str = ""
    lower_total: Decimal | None = None  # the accepted lower units' consolidated figure (a district's communes)


@dataclass
class AreaGroup:
    area: int
    label: str
    rows: list[IndicatorRow]


def template_indicators(*, template: ReportTemplate, reporter: scope.Reporter, annual: bool) -> list[Indicator]:
    """The indicators the reporter's form carries (reporting/scope.py: `filled_by` names its kind)."""
    indicators = template.indicators.select_related("weight", "numerator", "denominator").order_by("order")
    return [ind for ind in indicators if ind.applies_to(reporter=reporter, annual=annual)]


def report_indicators(*, report: Report) -> list[Indicator]:
    """What the report's table holds: the frozen indicators of an accepted report, else the reporter's form."""
    record = records.frozen(report)
    if record is not None:
        return records.indicators_of(record)
    period = report.period
    return template_indicators(template=period.template, reporter=records.reporter_of(report), annual=period.is_annual)


def template_sections(*, template: ReportTemplate, annual: bool) -> list[TemplateSection]:
    return [s for s in template.sections.order_by("order") if annual or not s.annual_only]


def previous_report(*, report: Report) -> Report | None:
    """The same reporter's latest submitted or accepted report of an earlier period (for "far from" warnings)."""
    return (
        Report.objects.filter(
            unit_id=report.unit_id,
            agency_id=report.agency_id,
            period__end_date__lt=report.period.end_date,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
        )
        .select_related("period")
        .order_by("-period__end_date")
        .first()
    )


@dataclass
class PreviousComparison:
    """What a report's figures are compared with: the reporter's previous report, or, for a unit formed in a
    reorganisation, the sum of its predecessors' reports of their last period. `note` says which, or why none."""

    values: dict[str, Decimal] = field(default_factory=dict)
    note: str = ""


def previous_comparison(*, report: Report) -> PreviousComparison:
    cached = getattr(report, "_previous_comparison", None)
    if cached is not None:
        return cached
    result = _previous_comparison(report)
    report._previous_comparison = result
    return result


def _previous_comparison(report: Report) -> PreviousComparison:
    previous = previous_report(report=report)
    if previous is not None:
        return PreviousComparison(values=dict(previous.values.values_list("indicator__code", "value")))
    if report.agency_id is not None:
        return PreviousComparison()
    links = list(
        UnitSuccession.objects.filter(successor_id=report.unit_id)
        .select_related("predecessor")
        .annotate(successors_of_predecessor=Count("predecessor__successions_out"))
        .order_by("pk")
    )
    if not links:
        return PreviousComparison()
    names = ", ".join(link.predecessor.name for link in links)
    divided = [link.predecessor.name for link in links if _divided(link)]
    if divided:
        return PreviousComparison(
            note=_(
                "Not compared with the last period: %(names)s was divided between several new units, and the "
                "portal does not know the share that came here."
            )
            % {"names": ", ".join(divided)}
        )
    reports = list(
        Report.objects.filter(
            unit_id__in=[link.predecessor_id for link in links],
            agency__isnull=True,
            period__end_date__lt=report.period.end_date,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
        )
        .select_related("period")
        .order_by("-period__end_date")
    )
    if not reports:
        return PreviousComparison(note=_("No earlier report of %(names)s to compare with.") % {"names": names})
    last_end = reports[0].period.end_date
    latest = {r.unit_id: r for r in reports if r.period.end_date == last_end}
    if len(latest) < len(links):
        return PreviousComparison(
            note=_(
                "Not compared with the last period: only %(n)s of the %(total)s units this one was formed from "
                "(%(names)s) reported in %(period)s."
            )
            % {"n": len(latest), "total": len(links), "names": names, "period": reports[0].period.name}
        )
    sums: dict[str, Decimal] = {}
    rows = ReportValue.objects.filter(
        report__in=list(latest.values()), value__isnull=False, indicator__aggregation=Indicator.Aggregation.SUM
    ).values_list("indicator__code", "value")
    for code, value in rows:
        sums[code] = sums.get(code, Decimal(0)) + value
    return PreviousComparison(
        values=sums,
        note=_("Compared with the sum of %(names)s in %(period)s (the units this one was formed from).")
        % {"names": names, "period": reports[0].period.name},
    )


def _divided(link: UnitSuccession) -> bool:
    return not link.is_default or link.successors_of_predecessor > 1


def previous_values(*, report: Report) -> dict[str, Decimal]:
    """{code: value} the report is compared with (the "far from" and running-total checks)."""
    return previous_comparison(report=report).values


def lower_units_totals(*, report: Report) -> dict[str, Decimal]:
    """{code: consolidated figure} of the accepted reports `report`'s unit reviews (a district's communes), shown
    beside the district's own figures while it fills them. Empty for agencies and for units nobody reports to."""
    if report.agency_id or report.unit.kind == UnitKind.COMMUNE:
        return {}
    from reporting.consolidation.selectors import consolidation_load  # consolidation reads this module

    data = consolidation_load(unit=report.unit, period_code=report.period.code, with_sections=False)
    if data is None or data.period is None or data.period.pk != report.period_id:
        return {}
    return {
        code: figure.value
        for code, figure in data.result.figures.items()
        if figure.value is not None and figure.sources and figure.indicator.aggregation == "sum"
    }


def report_prefill(*, report: Report) -> dict[str, PrefillValue]:
    """What the portal already knows for the period, from the providers (agencies' reports get none)."""
    if report.agency_id:
        return {}
    return prefill_values(unit=report.unit, date_from=report.period.cutoff_from, date_to=report.period.cutoff_to)


def report_indicator_groups(
    *,
    report: Report,
    values: dict[str, Decimal | None] | None = None,
    prefill: dict[str, PrefillValue] | None = None,
) -> tuple[list[AreaGroup], list[IndicatorRow], list[IndicatorRow]]:
    """Indicator rows grouped by content area, plus the rows still missing and the rows with a warning.

    `values` overrides the saved values (a form being re-shown); `prefill` adds the suggestions.
    """
    indicators = report_indicators(report=report)
    saved = {v.indicator.code: v for v in report.values.select_related("indicator")}
    previous = previous_values(report=report)
    children = lower_units_totals(report=report) if not report.status == ReportStatus.ACCEPTED else {}
    rows = []
    for ind in indicators:
        stored = saved.get(ind.code)
        row = IndicatorRow(
            indicator=ind,
            value=stored.value if stored else None,
            source=stored.source if stored else "",
            prefill_source=stored.prefill_source if stored else "",
            suggestion=(prefill or {}).get(ind.code),
            previous=previous.get(ind.code),
            note=stored.note if stored else "",
            lower_total=children.get(ind.code),
        )
        if values is not None:
            row.value = values.get(ind.code)
        rows.append(row)
    found = checks.value_warnings(
        values={row.indicator.code: row.value for row in rows},
        labels={row.indicator.code: row.indicator.label for row in rows},
        previous=previous,
        children=children,
    )
    groups: dict[int, AreaGroup] = {}
    missing, warnings = [], []
    for row in rows:
        row.warnings = found.get(row.indicator.code, [])
        row.warning = row.warnings[0].kind if row.warnings else ""
        if row.value is None:
            missing.append(row)
        elif row.warnings:
            warnings.append(row)
        area = row.indicator.area
        group = groups.setdefault(area, AreaGroup(area, ContentArea(area).label, []))
        group.rows.append(row)
    return list(groups.values()), missing, warnings


def reporter_name(*, report: Report) -> str:
    """The reporter's name as the report says it: frozen once accepted, the unit's or agency's name before."""
    record = records.frozen(report)
    return record["reporter"]["name"] if record is not None else report.reporter_name


def report_outline(*, report: Report) -> list[TemplateSection]:
    """The report's headings: the frozen outline of an accepted report, else the period's template."""
    record = records.frozen(report)
    if record is not None:
        return records.sections_of(record)
    return template_sections(template=report.period.template, annual=report.period.is_annual)


def report_sections(*, report: Report) -> list[tuple[TemplateSection, str]]:
    texts = dict(report.sections.values_list("section__key", "text"))
    return [(section, texts.get(section.key, "")) for section in report_outline(report=report)]


@dataclass
class DiffLine:
    kind: str  # "value" or "section"
    key: str
    label: str
    before: str
    after: str


def report_diff(*, report: Report) -> tuple[ReportSubmission | None, ReportSubmission | None, list[DiffLine]]:
    """What changed between the last two submissions (values and narrative), for the reviewer."""
    last_two = list(report.submissions.order_by("-number")[:2])
    if len(last_two) < 2:
        return (None, last_two[0] if last_two else None, [])
    after, before = last_two
    template = report.period.template
    labels = {ind.code: ind.label for ind in template.indicators.all()}
    titles = {s.key: s.title for s in template.sections.all()}
    lines = []
    for code in labels:
        old, new = before.values.get(code), after.values.get(code)
        if _num(old) != _num(new):
            lines.append(DiffLine("value", code, labels[code], _fmt(old), _fmt(new)))
    for key, title in titles.items():
        old, new = before.sections.get(key, ""), after.sections.get(key, "")
        if old.strip() != new.strip():
            lines.append(DiffLine("section", key, title, old, new))
    return before, after, lines


def _num(text: str | None) -> Decimal | None:
    return Decimal(text) if text not in (None, "") else None


def _fmt(text: str | None) -> str:
    value = _num(text)
    if value is None:
        return "—"
    return f"{value.normalize():f}"


def report_transitions(*, report: Report):
    return report.transitions.select_related("by", "pinned_section", "pinned_indicator").order_by("at", "pk")


def last_return(*, report: Report):
    """The reason the report was last returned, while it is still returned."""
    if report.status != ReportStatus.RETURNED:
        return None
    return (
        report.transitions.filter(to_status=ReportStatus.RETURNED)
        .select_related("by", "pinned_section", "pinned_indicator")
        .order_by("-at", "-pk")
        .first()
    )


def today() -> datetime.date:
    return timezone.localdate()


# --- the template editor ----------------------------------------------------------------------------------------


@dataclass
class TemplateVersionRow:
    template: ReportTemplate
    periods: list[ReportingPeriod]  # the periods using it that the user may see
    other_periods: int  # periods using it that the user does not see (other provinces)

    @property
    def in_use(self) -> bool:
        return bool(self.periods) or self.other_periods > 0


def _template_rows(*, user, templates: QuerySet[ReportTemplate]) -> list[TemplateVersionRow]:
    templates = list(
        templates.annotate(period_count=Count("reportingperiod")).select_related("created_by__unit", "published_by")
    )
    visible: dict[int, list[ReportingPeriod]] = {t.pk: [] for t in templates}
    for period in period_list(user=user).filter(template__in=templates).order_by("-end_date", "code"):
        visible[period.template_id].append(period)
    return [
        TemplateVersionRow(template=t, periods=visible[t.pk], other_periods=t.period_count - len(visible[t.pk]))
        for t in templates
    ]


def template_versions(*, user) -> list[TemplateVersionRow]:
    """Every version, newest first, with the periods that use it (two queries whatever the number)."""
    return _template_rows(user=user, templates=ReportTemplate.objects.order_by("-version"))


def template_version(*, user, template: ReportTemplate) -> TemplateVersionRow:
    return _template_rows(user=user, templates=ReportTemplate.objects.filter(pk=template.pk))[0]


def newest_template() -> ReportTemplate | None:
    return ReportTemplate.objects.order_by("-version").first()


def newest_published_template() -> ReportTemplate | None:
    """The version a period takes when none is chosen."""
    return ReportTemplate.objects.filter(published_at__isnull=False).order_by("-version").first()


def template_outline(*, template: ReportTemplate) -> list[TemplateSection]:
    return list(template.sections.order_by("order", "key"))


def template_indicator_groups(*, template: ReportTemplate) -> list[tuple[int, str, list[Indicator]]]:
    """(area, area label, indicators) in area order; one query."""
    groups: dict[int, list[Indicator]] = {}
    indicators = template.indicators.select_related("weight", "numerator", "denominator").order_by("order", "code")
    for ind in indicators:
        groups.setdefault(ind.area, []).append(ind)
    return [(area, ContentArea(area).label, groups[area]) for area in sorted(groups)]
