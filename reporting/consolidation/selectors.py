"""Feeding the engine from the database: a fixed, small number of queries whatever the size of the tree.

The children of a unit in a period are the reports it reviews (`Report.reviewer_unit`): the units directly
below it and its member agencies. A province does not file a report of its own: its report is this
consolidation. The country (unit None) is the roll-up of every province's consolidation, which the engine
weighs exactly because each province carries the weights and ratio parts of its derived figures.

Figures come from each report's ACCEPTED submission (the version the reviewer accepted, cited in the lineage),
never from the working copy, so a report reopened later cannot change a consolidation silently. An accepted
child is named and classified by its frozen record (reporting/records.py: the unit's name and kind, the agency's
kind and place in the committee on the day of acceptance), so renaming or moving a unit later changes nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import F, Q
from django.utils import timezone

from reporting import scope
from reporting.consolidation import engine
from reporting.consolidation.models import NarrativeDraft
from reporting.models import Indicator, Report, ReportingPeriod, ReportStatus, TemplateSection
from reporting.selectors import period_for_unit, period_groups
from steering.models import AdministrativeUnit, unit_kind_of

_STATUS = {
    ReportStatus.NOT_STARTED: engine.MISSING,
    ReportStatus.DRAFT: engine.DRAFT,
    ReportStatus.SUBMITTED: engine.SUBMITTED,
    ReportStatus.RETURNED: engine.RETURNED,
    ReportStatus.ACCEPTED: engine.ACCEPTED,
}

_FIELDS = (
    "pk",
    "unit_id",
    "unit__code",
    "unit__name",
    "unit__division_type",
    "agency_id",
    "agency__name",
    "agency__kind",
    "agency__order",
    "status",
    "first_submitted_at",
    "due_date",
    "accepted_at",
    "accepted_submission__number",
    "accepted_submission__values",
    "accepted_submission__record__reporter",
    "reviewer_unit_id",
)


@dataclass(frozen=True)
class OutlineSection:
    key: str
    title: str  # Vietnamese, as printed
    title_en: str
    depth: int
    writable: bool
    area: int | None = None  # the content area whose figures the section reports (II.1 … II.6)

    @property
    def display_title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if (get_language() or "vi").startswith("en") else self.title


@dataclass
class ConsolidationData:
    unit: AdministrativeUnit | None
    period_code: str
    period: ReportingPeriod | None
    indicators: list[engine.Indicator]
    outline: list[OutlineSection]
    result: engine.Consolidation
    child_sections: dict[str, dict[str, str]] = field(default_factory=dict)  # unit code -> key -> text
    data_as_of: datetime.datetime | None = None

    @property
    def unit_name(self) -> str:
        return self.unit.name if self.unit else "Toàn quốc"

    @property
    def is_annual(self) -> bool:
        return bool(self.period and self.period.is_annual)


def _decimal(text) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def indicator_specs(*, period: ReportingPeriod) -> list[engine.Indicator]:
    """The template's indicators as engine rules (annual-only ones only in annual periods). One query."""
    rows = (
        Indicator.objects.filter(template_id=period.template_id)
        .select_related("weight", "numerator", "denominator")
        .order_by("order", "code")
    )
    specs = []
    for ind in rows:
        if ind.annual_only and not period.is_annual:
            continue
        specs.append(
            engine.Indicator(
                code=ind.code,
                aggregation=ind.aggregation,
                weight_code=ind.weight.code if ind.weight_id else "",
                numerator_code=ind.numerator.code if ind.numerator_id else "",
                denominator_code=ind.denominator.code if ind.denominator_id else "",
                scale=Decimal(100) if ind.value_type == Indicator.ValueType.PERCENTAGE else Decimal(1),
                label=ind.label_vi,
                label_en=ind.label_en,
                unit_label=ind.unit_of_measure,
                area=ind.area,
                value_type=ind.value_type,
                filled_by=ind.filled_by,
                counts_from=ind.counts_from,
            )
        )
    return specs


def outline(*, period: ReportingPeriod) -> list[OutlineSection]:
    sections = TemplateSection.objects.filter(template_id=period.template_id).order_by("order")
    return [
        OutlineSection(s.key, s.title_vi, s.title_en, s.depth, s.writable, s.area)
        for s in sections
        if period.is_annual or not s.annual_only
    ]


def _child(row: dict) -> engine.ChildReport:
    """A child report for the engine: named, classified and ordered by its frozen record once accepted."""
    frozen = row.get("accepted_submission__record__reporter") if row["status"] == ReportStatus.ACCEPTED else None
    if frozen:
        reporter = scope.Reporter.from_dict(frozen)
        unit_code, unit_name = frozen["unit_code"], frozen["unit_name"]
        agency_name, agency_order = frozen.get("agency_name", ""), frozen.get("agency_order")
    else:
        unit_code, unit_name = row["unit__code"], row["unit__name"]
        agency_name, agency_order = row["agency__name"], row["agency__order"]
        unit_kind = unit_kind_of(row["unit__division_type"])
        if row["agency_id"]:
            reporter = scope.Reporter.agency(unit_kind, row["agency__kind"])
        else:
            reporter = scope.Reporter.unit(unit_kind)
    if row["agency_id"]:
        code, name = f"{unit_code}-CQ{row['agency_id']}", agency_name
        sort_key = (1, agency_order if agency_order is not None else 100, name, row["agency_id"])
    else:
        code, name = unit_code, unit_name
        sort_key = (0, engine.natural_key(unit_code))
    status = _STATUS.get(row["status"], engine.MISSING)
    return engine.ChildReport(
        unit_code=code,
        unit_name=name,
        status=status,
        report_id=row["pk"],
        submission_number=row["accepted_submission__number"],
        submitted_at=row["first_submitted_at"],
        deadline=row["due_date"],
        accepted_at=row["accepted_at"],
        unit_id=row["unit_id"],
        reporter=reporter,
        sort_key=sort_key,
    )


def _values(row: dict) -> list[engine.Value]:
    if row["status"] != ReportStatus.ACCEPTED or not row["accepted_submission__values"]:
        return []
    out = []
    for code, text in row["accepted_submission__values"].items():
        value = _decimal(text)
        if value is not None:
            out.append(engine.Value(row["pk"], code, value))
    return out


def _consolidate_rows(rows: list[dict], indicators, include_late: bool) -> engine.Consolidation:
    children = [_child(r) for r in rows]
    values = [v for r in rows for v in _values(r)]
    return engine.consolidate(indicators=indicators, children=children, values=values, include_late=include_late)


def _data_as_of(children: list[engine.ChildReport]) -> datetime.datetime:
    stamps = [c.accepted_at for c in children if c.accepted_at]
    return max(stamps) if stamps else timezone.now()


def national_reports(*, period_code: str):
    """Every report of the period `period_code` across the country. A province that opened its own period with
    that code reports in it; the others report in the national one (never both, so nothing is counted twice)."""
    periods = list(ReportingPeriod.objects.filter(code=period_code).values_list("pk", "owner_id", "owner__path"))
    national = [pk for pk, owner, _path in periods if owner is None]
    q = Q(pk__in=[])
    for pk, owner, _path in periods:
        if owner is not None:
            q |= Q(period_id=pk)
    if national:
        own = Q(pk__in=[])
        for _pk, owner, path in periods:
            if owner is not None:
                own |= Q(unit__path__startswith=path)
        q |= Q(period_id__in=national) & ~own
    return Report.objects.filter(q)


def consolidation_unit(*, key: str, period_code: str | None = None) -> AdministrativeUnit | None:
    """The unit a consolidation is asked for by its key; a bare code that another unit took over later ("31")
    means the unit holding it at the end of the period."""
    unit = AdministrativeUnit.objects.filter(key=key).first()
    if period_code:
        end = ReportingPeriod.objects.filter(code=period_code).values_list("end_date", flat=True).first()
        if end is not None and (unit is None or not unit.existed_on(end)):
            unit = AdministrativeUnit.objects.valid_on(end).filter(code=key.split(".")[0]).first() or unit
    return unit


@dataclass
class ConsolidationChoice:
    unit: AdministrativeUnit
    codes: list[str]
    history: bool = False


def consolidation_choices(*, user) -> list[ConsolidationChoice]:
    """The unit/period pairs whose consolidation the user may open: their own unit in the periods it existed in,
    then each unit of its history in its own periods. Only pairs `consolidation_load` finds (no 404 behind a link)."""
    choices = []
    for group in period_groups(user=user):
        if group.unit is None:
            continue
        unit = group.unit
        codes = [
            p.code for p in group.periods if p.owner is None or unit.path.startswith(p.owner.path)
        ]  # a period opened below the unit is that unit's own business
        choices.append(ConsolidationChoice(unit=unit, codes=list(dict.fromkeys(codes)), history=group.history))
    return choices


def consolidation_period_exists(*, unit: AdministrativeUnit | None, period_code: str) -> bool:
    """Whether a period `period_code` covers `unit` (None = the country): one query, no consolidation."""
    if unit is None:
        return ReportingPeriod.objects.filter(code=period_code).exists()
    return period_for_unit(unit=unit, code=period_code) is not None


def consolidation_load(
    *, unit: AdministrativeUnit | None, period_code: str, include_late: bool = True, with_sections: bool = True
) -> ConsolidationData | None:
    """The consolidated report of `unit` (None = the country) for the period `period_code`, or None when no
    such period covers the unit."""
    if unit is not None:
        period = period_for_unit(unit=unit, code=period_code)
        if period is None:
            return None
        reports = Report.objects.filter(period=period, reviewer_unit=unit)
    else:
        period = (
            ReportingPeriod.objects.filter(code=period_code)
            .select_related("period_type", "template")
            .order_by(F("owner_id").asc(nulls_first=True), "pk")
            .first()
        )
        if period is None:
            return None
        reports = national_reports(period_code=period_code).filter(reviewer_unit__parent__isnull=True)

    indicators = indicator_specs(period=period)
    fields = _FIELDS + (("accepted_submission__sections",) if with_sections else ())
    rows = list(reports.order_by().values(*fields))
    if unit is not None:
        result = _consolidate_rows(rows, indicators, include_late)
    else:
        result = _national(rows, indicators, include_late)
    child_sections: dict[str, dict[str, str]] = {}
    if with_sections:
        by_report = {c.report_id: c.unit_code for c in result.included}
        for row in rows:
            code = by_report.get(row["pk"])
            if code and row.get("accepted_submission__sections"):
                child_sections[code] = row["accepted_submission__sections"]
    return ConsolidationData(
        unit=unit,
        period_code=period_code,
        period=period,
        indicators=indicators,
        outline=outline(period=period),
        result=result,
        child_sections=child_sections,
        data_as_of=_data_as_of(result.included)
        if unit is not None
        else _data_as_of([_child(r) for r in rows if r["status"] == ReportStatus.ACCEPTED]),
    )


def _national(rows: list[dict], indicators, include_late: bool) -> engine.Consolidation:
    """Each province's consolidation, then the country as the roll-up of the provinces."""
    by_province: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_province[row["reviewer_unit_id"]].append(row)
    provinces = {u.pk: u for u in AdministrativeUnit.objects.filter(parent__isnull=True).only("pk", "code", "name")}
    children: list[engine.ChildReport] = []
    values: list[engine.Value] = []
    totals = [0] * 7
    for pk, province in sorted(provinces.items(), key=lambda item: item[1].code):
        part = _consolidate_rows(by_province.get(pk, []), indicators, include_late)
        c = part.completeness
        for i, n in enumerate((c.expected, c.submitted, c.accepted, c.on_time, c.late, c.missing, c.counted)):
            totals[i] += n
        if not by_province.get(pk):
            continue
        virtual_id = -pk  # not a report: the province's own consolidation
        children.append(
            engine.ChildReport(
                unit_code=province.code,
                unit_name=province.name,
                status=engine.ACCEPTED if c.counted else engine.MISSING,
                report_id=virtual_id,
                unit_id=pk,
            )
        )
        for figure in part.figures.values():
            if figure.value is None:
                continue
            values.append(
                engine.Value(
                    virtual_id,
                    figure.code,
                    figure.value,
                    weight=figure.weight_total,
                    numerator=figure.numerator_total,
                    denominator=figure.denominator_total,
                )
            )
    result = engine.consolidate(indicators=indicators, children=children, values=values, include_late=True)
    result.completeness = engine.Completeness(*totals)
    result.include_late = include_late
    return result


def _accepted_detail_reports(*, unit: AdministrativeUnit | None, period_code: str):
    if unit is None:
        reports = national_reports(period_code=period_code).filter(status=ReportStatus.ACCEPTED)
    else:
        reports = Report.objects.filter(status=ReportStatus.ACCEPTED)
    if unit is not None:
        period = period_for_unit(unit=unit, code=period_code)
        reports = reports.filter(period=period).filter(
            Q(unit__path__startswith=unit.path) & (~Q(unit=unit) | Q(agency__isnull=False))
        )
    return reports


def accepted_reports_detail_count(*, unit: AdministrativeUnit | None, period_code: str) -> int:
    """How many rows accepted_reports_detail yields (one COUNT), so the export's progress moves while they stream."""
    return _accepted_detail_reports(unit=unit, period_code=period_code).count()


LEVEL_WORD_VI = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


def accepted_reports_detail(*, unit: AdministrativeUnit | None, period_code: str):
    """Every accepted report below `unit` (all levels) with its accepted values, for the Excel detail sheet.

    Yields (unit code, unit or agency name, level word, report id, submission number, {code: text}) in path order,
    streaming from the database so that ten thousand communes do not sit in memory twice.
    """
    reports = _accepted_detail_reports(unit=unit, period_code=period_code)
    rows = reports.order_by("unit__path", "agency__order", "agency_id").values_list(
        "unit__code",
        "unit__name",
        "agency__name",
        "unit__division_type",
        "pk",
        "accepted_submission__number",
        "accepted_submission__values",
        "accepted_submission__record__reporter",
    )
    for code, name, agency_name, dtype, pk, number, values, frozen in rows.iterator(chunk_size=2000):
        if frozen:
            code, name, agency_name = frozen["unit_code"], frozen["unit_name"], frozen.get("agency_name", "")
        level = "cơ quan" if agency_name else LEVEL_WORD_VI.get(unit_kind_of(dtype), "")
        yield (code, agency_name or name, level, pk, number, values or {})


def narrative_draft(*, unit: AdministrativeUnit | None, period_code: str) -> NarrativeDraft | None:
    return NarrativeDraft.objects.filter(unit=unit, period_code=period_code).first()


OPENING_KEY = "opening"  # the narrative's opening paragraph, stored with the sections


def _value_words(value: Decimal, ind: engine.Indicator) -> str:
    from reporting.consolidation.documents import value_text

    text = value_text(value, ind.value_type)
    unit = (ind.unit_label or "").strip()
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def figures_sentence(*, data: ConsolidationData, area: int) -> str:
    """The content area's consolidated figures as one sentence: "Toàn tỉnh: số hội nghị … 1.121 buổi; …"."""
    from steering.text import whole_of

    parts = []
    for ind in data.indicators:
        if ind.area != area:
            continue
        value = data.result.figures[ind.code].value
        if value is None:
            continue
        label = ind.label[:1].lower() + ind.label[1:]
        parts.append(f"{label}: {_value_words(value, ind)}")
    if not parts:
        return ""
    return f"{whole_of(data.unit_name)}: " + "; ".join(parts) + "."


def _grouped_texts(children, key: str, child_sections: dict[str, dict[str, str]]) -> list[str]:
    """ "Huyện Nam Sách, thành phố Hải Dương: …": each distinct text once, with every unit that wrote it, in the
    natural order of the units (the first unit that wrote it decides where it goes)."""
    from steering.text import in_sentence

    groups: dict[str, tuple[str, list[str]]] = {}
    for child in sorted(children, key=lambda c: c.order_key):
        text = (child_sections.get(child.unit_code, {}).get(key) or "").strip()
        if not text:
            continue
        norm = " ".join(text.split()).casefold()
        if norm not in groups:
            groups[norm] = (text, [])
        groups[norm][1].append(child.unit_name)
    out = []
    for text, names in groups.values():
        named = [names[0], *(in_sentence(n) for n in names[1:])]
        out.append(f"{', '.join(named)}: {text}")
    return out


def narrative_assemble(*, data: ConsolidationData, children=None) -> dict[str, str]:
    """The starting text of each writable heading: for a content area, the consolidated figures as a sentence;
    then the points of the counted reports below (units left out of the figures are left out here too), each
    distinct text once with the units that wrote it. `children` narrows to some reports (a later merge)."""
    included = data.result.included if children is None else children
    assembled: dict[str, str] = {}
    for section in data.outline:
        if not section.writable:
            continue
        parts = []
        if section.area and children is None:
            sentence = figures_sentence(data=data, area=section.area)
            if sentence:
                parts.append(sentence)
        parts.extend(_grouped_texts(included, section.key, data.child_sections))
        assembled[section.key] = "\n\n".join(parts)
    return assembled


def narrative_opening(*, data: ConsolidationData) -> str:
    """The opening paragraph: the plan the report implements (the unit's latest numbered plan of the year), the
    period and who reports. The office may rewrite it (it is stored with the narrative)."""
    from steering.models import Plan
    from steering.text import in_sentence

    unit_words = in_sentence(data.unit_name)
    period = data.period
    year = period.year if period else ""
    what = f"năm {year}" if data.is_annual else (period.name[:1].lower() + period.name[1:] if period else "")
    plan = None
    if data.unit is not None and period is not None:
        plan = (
            Plan.objects.filter(unit=data.unit, year=period.year)
            .exclude(number="")
            .order_by("-date", "-pk")
            .only("number", "date", "title")
            .first()
        )
    if plan is not None:
        title = plan.title[:1].lower() + plan.title[1:]
        cite = f"Thực hiện Kế hoạch số {plan.number} ngày {plan.date.day}/{plan.date.month}/{plan.date.year} về {title}"
    else:
        cite = f"Thực hiện chương trình công tác năm {year}"
    return (
        f"{cite}, Ban Thường trực Ủy ban MTTQ Việt Nam {unit_words} báo cáo kết quả thực hiện Cuộc vận động "
        f"“Người Việt Nam ưu tiên dùng hàng Việt Nam” {what} trên cơ sở báo cáo của các đơn vị trực thuộc và các "
        "tổ chức thành viên, như sau:"
    )


def cutoff_text(period: ReportingPeriod | None) -> str:
    """ "(Số liệu tính từ ngày 15/12/2020 đến ngày 14/6/2021)"."""
    if period is None or not period.cutoff_from or not period.cutoff_to:
        return ""
    a, b = period.cutoff_from, period.cutoff_to
    return f"(Số liệu tính từ ngày {a.day}/{a.month}/{a.year} đến ngày {b.day}/{b.month}/{b.year})"


def narrative_late(*, data: ConsolidationData, draft: NarrativeDraft | None) -> list:
    """Counted reports accepted after the office last saved its narrative: their text is not in it yet."""
    if draft is None:
        return []
    return [c for c in data.result.included if c.accepted_at is not None and c.accepted_at > draft.updated_at]


def completeness_text(completeness: engine.Completeness) -> str:
    """The completeness paragraph, in Vietnamese as printed in the document."""
    c = completeness
    rate = str(c.rate).replace(".", ",")
    return (
        f"Có {c.submitted}/{c.expected} đơn vị đã gửi báo cáo ({rate}%), trong đó {c.on_time} đơn vị gửi "
        f"đúng hạn, {c.late} đơn vị gửi muộn; {c.missing} đơn vị chưa gửi. Số liệu tổng hợp từ {c.counted} "
        "báo cáo đã được tiếp nhận."
    )
