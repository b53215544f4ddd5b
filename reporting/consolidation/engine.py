"""Consolidation up the hierarchy: pure aggregation on plain rows, no ORM.

The consolidated report of a unit for a period combines the reports of the units that report to it (its
children). Only accepted reports count; every other child is listed as excluded with the reason. Each figure
follows its indicator's rule:

- ``sum``: counts and money add up;
- ``weighted_average``: sum(value x weight) / sum(weight), the weight being another indicator of the same
  report (a share of goods weighted by the businesses inspected); a child without a weight cannot be weighed
  and is left out of that figure (listed in ``Figure.unweighted``);
- ``ratio``: re-derived from two sums, sum(numerator) / sum(denominator) x scale (a share that is never
  averaged);
- ``none``: not aggregated (a figure that only makes sense for one unit); the consolidated value is None.

Percentages are never summed. Every figure carries its lineage: the (unit, report id, submission number,
value) of each report it came from, so the page can show where each number came from.

Each fact is counted once (reporting/scope.py): a figure adds only the values of the children its indicator's
``counts_from`` names. An accepted child's value from any other reporter (a member organisation's propaganda
sessions, a newspaper's "inspections") is kept in ``Figure.beside`` with the reason, shown beside the total and
never added; the matrix holds only the values that were added, so its columns sum to the totals. A child without
a reporter (a province's consolidation rolled up into the country's) counts for every indicator.

Children are listed in the natural order people use: units by code read as numbers (288, 290 … 300), then member
agencies in the committee's own order (``ChildReport.sort_key``, set by the selector).

Selectors feed this module with plain dataclasses; builders (PDF, Excel) read its result. Nothing here
touches the database, so it is tested on hand-written rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone  # the local date of an aware datetime; no ORM here
from django.utils.translation import get_language

from reporting import scope

SUM = "sum"
WEIGHTED_AVERAGE = "weighted_average"
RATIO = "ratio"
NONE = "none"
AGGREGATIONS = (SUM, WEIGHTED_AVERAGE, RATIO, NONE)

# Status of a child's report for the period (the workflow states of the reports app, plus "missing").
MISSING = "missing"
DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
ACCEPTED = "accepted"

# Why a child is left out of the consolidation.
REASON_MISSING = "missing"  # no report at all, or never started
REASON_DRAFT = "draft"  # started, not submitted
REASON_NOT_ACCEPTED = "not_accepted"  # submitted, waiting for review
REASON_RETURNED = "returned"  # returned for correction
REASON_LATE = "late"  # accepted but late, and the user chose to leave late reports out

_REASON_BY_STATUS = {
    MISSING: REASON_MISSING,
    DRAFT: REASON_DRAFT,
    SUBMITTED: REASON_NOT_ACCEPTED,
    RETURNED: REASON_RETURNED,
}

DERIVED_PLACES = Decimal("0.01")

# Why an accepted child's value is shown beside a figure instead of being added.
BESIDE_NOT_COUNTED = "not_counted"  # the reporter fills it, but its values overlap the counted ones
BESIDE_NOT_FILLED = "not_filled"  # the reporter's form does not carry it (a value filed before the rule)


def natural_key(code: str) -> tuple:
    """ "288" < "290" < "300" < "10507"; letters sort as text between the numbers ("30-CQ9" after "30")."""
    parts: list[tuple[int, int | str]] = []
    digits = ""
    text = ""
    for ch in code or "":
        if ch.isdigit():
            if text:
                parts.append((1, text))
                text = ""
            digits += ch
        else:
            if digits:
                parts.append((0, int(digits)))
                digits = ""
            text += ch
    if digits:
        parts.append((0, int(digits)))
    if text:
        parts.append((1, text))
    return tuple(parts)


@dataclass(frozen=True)
class Indicator:
    code: str
    aggregation: str = SUM
    weight_code: str = ""
    numerator_code: str = ""
    denominator_code: str = ""
    scale: Decimal = Decimal(100)  # a ratio is shown per hundred unless told otherwise
    label: str = ""  # Vietnamese: documents are printed in Vietnamese
    label_en: str = ""
    unit_label: str = ""
    area: int = 0
    value_type: str = "integer"
    filled_by: str = scope.DEFAULT_RULE
    counts_from: str = scope.DEFAULT_RULE

    @property
    def display_label(self) -> str:
        """The label in the user's language (the web pages)."""
        return self.label_en if self.label_en and (get_language() or "vi").startswith("en") else self.label

    def __post_init__(self) -> None:
        if self.aggregation not in AGGREGATIONS:
            raise ValueError(f"unknown aggregation {self.aggregation!r} for {self.code}")
        if self.aggregation == WEIGHTED_AVERAGE and not self.weight_code:
            raise ValueError(f"{self.code}: a weighted average needs a weight indicator")
        if self.aggregation == RATIO and not (self.numerator_code and self.denominator_code):
            raise ValueError(f"{self.code}: a derived ratio needs a numerator and a denominator indicator")


@dataclass(frozen=True)
class ChildReport:
    """One child unit's report for the period (or its absence: status MISSING, report_id None)."""

    unit_code: str
    unit_name: str
    status: str
    report_id: int | None = None
    submission_number: int | None = None
    submitted_at: datetime.datetime | None = None
    deadline: datetime.date | None = None
    accepted_at: datetime.datetime | None = None
    unit_id: int | None = None
    reporter: scope.Reporter | None = None  # None: counts for every indicator (a roll-up of a consolidation)
    sort_key: tuple = ()  # natural order; empty = by the unit code read as numbers

    @property
    def is_agency(self) -> bool:
        return self.reporter is not None and self.reporter.is_agency

    @property
    def order_key(self) -> tuple:
        return self.sort_key or (0, natural_key(self.unit_code))

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None and self.status in (SUBMITTED, RETURNED, ACCEPTED)

    @property
    def on_time(self) -> bool | None:
        """True/False once submitted against a deadline; None when there is nothing to judge."""
        if self.submitted_at is None or self.deadline is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.deadline

    @property
    def late(self) -> bool:
        return self.on_time is False


@dataclass(frozen=True)
class Value:
    """One figure of one report. A roll-up (a province's consolidation counted in the country's) also carries
    the weight, numerator and denominator behind its derived figure, so the next level weighs it exactly."""

    report_id: int
    indicator_code: str
    value: Decimal
    weight: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Source:
    """One report a figure came from: which unit, which report, which version of it, and the value."""

    unit_code: str
    unit_name: str
    report_id: int
    submission_number: int | None
    value: Decimal | None
    weight: Decimal | None = None  # weighted averages: the weight used
    numerator: Decimal | None = None  # ratios: this report's parts
    denominator: Decimal | None = None
    reason: str = ""  # beside a figure: BESIDE_NOT_COUNTED or BESIDE_NOT_FILLED


@dataclass
class Figure:
    indicator: Indicator
    value: Decimal | None
    sources: list[Source] = field(default_factory=list)
    weight_total: Decimal | None = None  # weighted averages: sum of the weights used
    numerator_total: Decimal | None = None
    denominator_total: Decimal | None = None
    no_value: list[str] = field(default_factory=list)  # counted children that left this indicator empty
    unweighted: list[str] = field(default_factory=list)  # children with a value but no usable weight
    beside: list[Source] = field(default_factory=list)  # accepted values shown beside the figure, never added

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass(frozen=True)
class Exclusion:
    unit_code: str
    unit_name: str
    reason: str
    report_id: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Completeness:
    expected: int
    submitted: int  # sent up at least once (submitted, returned or accepted)
    accepted: int
    on_time: int  # submitted by the deadline
    late: int
    missing: int  # not submitted at all (no report, or still a draft)
    counted: int  # the reports the figures are built from

    @property
    def rate(self) -> Decimal:
        if not self.expected:
            return Decimal(0)
        return (Decimal(self.submitted) * 100 / self.expected).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Consolidation:
    figures: dict[str, Figure]
    included: list[ChildReport]
    excluded: list[Exclusion]
    completeness: Completeness
    values_by_unit: dict[str, dict[str, Decimal]]  # the matrix of added values: unit code -> code -> value
    include_late: bool = True
    children: list[ChildReport] = field(default_factory=list)  # every expected child, counted or not

    def figure(self, code: str) -> Figure:
        return self.figures[code]

    def matrix_rows(self) -> list[tuple[ChildReport, dict[str, Decimal]]]:
        return [(child, self.values_by_unit.get(child.unit_code, {})) for child in self.included]


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(DERIVED_PLACES, ROUND_HALF_UP)


def consolidate(
    *,
    indicators: Iterable[Indicator],
    children: Iterable[ChildReport],
    values: Iterable[Value],
    include_late: bool = True,
) -> Consolidation:
    """Combine the accepted children's values, indicator by indicator, with lineage and exclusions."""
    indicators = list(indicators)
    children = sorted(children, key=lambda c: c.order_key)
    by_code = {ind.code: ind for ind in indicators}

    included: list[ChildReport] = []
    excluded: list[Exclusion] = []
    for child in children:
        if child.status == ACCEPTED and child.report_id is not None:
            if child.late and not include_late:
                excluded.append(Exclusion(child.unit_code, child.unit_name, REASON_LATE, child.report_id, child.status))
            else:
                included.append(child)
        else:
            reason = _REASON_BY_STATUS.get(child.status, REASON_MISSING)
            excluded.append(Exclusion(child.unit_code, child.unit_name, reason, child.report_id, child.status))

    by_report = {child.report_id: child for child in included}
    own_values: dict[str, dict[str, Decimal]] = defaultdict(dict)  # everything each child filed
    parts: dict[tuple[str, str], Value] = {}
    for row in values:
        child = by_report.get(row.report_id)
        if child is not None and row.value is not None:
            own_values[child.unit_code][row.indicator_code] = Decimal(row.value)
            if row.weight is not None or row.numerator is not None:
                parts[(child.unit_code, row.indicator_code)] = row

    figures = {ind.code: _figure(ind, included, own_values, parts) for ind in indicators}
    matrix: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for child in included:
        for code, value in own_values.get(child.unit_code, {}).items():
            ind = by_code.get(code)
            if ind is not None and _counts(ind, child):
                matrix[child.unit_code][code] = value

    submitted = [c for c in children if c.submitted]
    completeness = Completeness(
        expected=len(children),
        submitted=len(submitted),
        accepted=sum(1 for c in children if c.status == ACCEPTED),
        on_time=sum(1 for c in submitted if c.on_time is not False),
        late=sum(1 for c in submitted if c.on_time is False),
        missing=len(children) - len(submitted),
        counted=len(included),
    )
    return Consolidation(figures, included, excluded, completeness, dict(matrix), include_late, children)


def _counts(indicator: Indicator, child: ChildReport) -> bool:
    return child.reporter is None or scope.counts(indicator.counts_from, child.reporter)


def _beside_reason(indicator: Indicator, child: ChildReport) -> str:
    if child.reporter is not None and scope.fills(indicator.filled_by, child.reporter):
        return BESIDE_NOT_COUNTED
    return BESIDE_NOT_FILLED


def _figure(
    indicator: Indicator,
    included: list[ChildReport],
    matrix: dict[str, dict[str, Decimal]],
    parts: dict[tuple[str, str], Value],
) -> Figure:
    figure = Figure(indicator=indicator, value=None)
    code = indicator.code
    for child in included:
        own = matrix.get(child.unit_code, {})
        value = own.get(code)
        part = parts.get((child.unit_code, code))
        if not _counts(indicator, child):
            if value is not None:
                figure.beside.append(
                    Source(
                        child.unit_code,
                        child.unit_name,
                        child.report_id,
                        child.submission_number,
                        value,
                        reason=_beside_reason(indicator, child),
                    )
                )
            continue
        if indicator.aggregation == RATIO:
            num, den = own.get(indicator.numerator_code), own.get(indicator.denominator_code)
            if part is not None and part.numerator is not None:
                num, den = part.numerator, part.denominator
            if num is None or den is None:
                figure.no_value.append(child.unit_code)
                continue
            shown = value if value is not None else (_quantize(num * indicator.scale / den) if den else None)
            figure.sources.append(
                Source(
                    child.unit_code,
                    child.unit_name,
                    child.report_id,
                    child.submission_number,
                    shown,
                    numerator=num,
                    denominator=den,
                )
            )
            continue
        if value is None:
            figure.no_value.append(child.unit_code)
            continue
        weight = None
        if indicator.aggregation == WEIGHTED_AVERAGE:
            weight = part.weight if part is not None and part.weight is not None else own.get(indicator.weight_code)
            if weight is None or weight <= 0:
                figure.unweighted.append(child.unit_code)
                continue
        figure.sources.append(
            Source(child.unit_code, child.unit_name, child.report_id, child.submission_number, value, weight=weight)
        )

    sources = figure.sources
    if indicator.aggregation == SUM:
        figure.value = sum((s.value for s in sources), Decimal(0)) if sources else None
    elif indicator.aggregation == WEIGHTED_AVERAGE:
        if sources:
            figure.weight_total = sum((s.weight for s in sources), Decimal(0))
            figure.value = _quantize(sum((s.value * s.weight for s in sources), Decimal(0)) / figure.weight_total)
    elif indicator.aggregation == RATIO:
        if sources:
            figure.numerator_total = sum((s.numerator for s in sources), Decimal(0))
            figure.denominator_total = sum((s.denominator for s in sources), Decimal(0))
            if figure.denominator_total:
                figure.value = _quantize(figure.numerator_total * indicator.scale / figure.denominator_total)
    # NONE: no consolidated value; the sources still show each child's own figure.
    return figure
