"""The consolidated report as plain data: what both builders (PDF and Excel) print, and what is hashed.

`document_from(...)` turns the loaded consolidation, the narrative and the issuer's header into a
`ConsolidatedDocument` of strings, numbers and tuples only. The builders take nothing else, so they run without
a database, and two exports of the same data produce the same content hash.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import timezone

from campaign_portal.documents.content import Issuer
from reporting import vocabulary

CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"


@dataclass(frozen=True)
class IndicatorLine:
    area: int
    code: str
    label: str
    unit_label: str
    aggregation: str
    value_type: str
    value: Decimal | None
    sources: int
    area_title: str = ""  # the content area's name, as the web shows it (reporting/vocabulary.py)
    aggregation_text: str = ""


@dataclass(frozen=True)
class CompletenessLine:
    unit_code: str
    unit_name: str
    status: str
    submitted_at: datetime.datetime | None
    deadline: datetime.date | None
    on_time: bool | None
    counted: bool
    reason: str
    submission_number: int | None
    status_text: str = ""  # the report state in the web's words
    reason_text: str = ""  # why it is left out ("" when counted)


@dataclass(frozen=True)
class BesideLine:
    """A member agency's value shown beside a consolidated figure and never added into it."""

    area: int
    code: str
    label: str
    unit_label: str
    value_type: str
    reporter_code: str
    reporter: str
    value: Decimal
    reason_text: str


@dataclass
class ConsolidatedDocument:
    unit_code: str
    unit_name: str
    period_code: str
    period_name: str
    year: int
    is_annual: bool
    header: Issuer
    subject: str
    sections: list[tuple[str, str, int, str]]  # key, title, depth, text ("" for a grouping heading)
    completeness_text: str
    indicators: list[IndicatorLine]
    matrix_rows: list[tuple[str, str, list[Decimal | None]]]  # unit code, name, one value per indicator
    completeness: list[CompletenessLine]
    recipients: list[str]
    data_as_of: datetime.datetime
    include_late: bool = True
    opening: str = ""  # the opening paragraph (the plan it implements), as the office left it
    cutoff_text: str = ""  # "(Số liệu tính từ ngày 15/12/2020 đến ngày 14/6/2021)"
    detail_rows: list[tuple] = field(default_factory=list)  # Excel only: every accepted report below
    beside: list[BesideLine] = field(default_factory=list)  # values shown beside the totals, never added

    def hash_payload(self) -> dict:
        return asdict(self)

    @property
    def matrix_totals(self) -> list[Decimal | None]:
        return [line.value for line in self.indicators]


def period_subject(period_name: str, is_annual: bool, year: int) -> str:
    if is_annual:
        return f"Kết quả thực hiện {CAMPAIGN} năm {year}"
    return f"Kết quả thực hiện {CAMPAIGN} {period_name[:1].lower()}{period_name[1:]}" if period_name else CAMPAIGN


def recipients_for(unit_kind: str | None, *, division_type: str = "", below: str = "district") -> list[str]:
    """Nơi nhận of a consolidated report, by what the unit is (not its depth): a province reporting on districts
    (before 07/2025) or straight on communes (after), a centrally-governed city (Thành ủy) or a province."""
    if unit_kind is None:
        return ["Ban Bí thư Trung ương Đảng (để báo cáo)", "Các tỉnh, thành phố", "Lưu: VT, BPT."]
    if unit_kind == "province":
        city = division_type == "thanh_pho_tw"
        lower = (
            "Ban Thường trực Ủy ban MTTQ các huyện, thị xã, thành phố"
            if below == "district"
            else "Ban Thường trực Ủy ban MTTQ các xã, phường, đặc khu"
        )
        return [
            "Ban Chỉ đạo Cuộc vận động Trung ương (để báo cáo)",
            "Ban Tuyên giáo Ủy ban Trung ương MTTQ Việt Nam (để báo cáo)",
            "Thường trực Thành ủy, UBND thành phố (để báo cáo)"
            if city
            else "Thường trực Tỉnh ủy, UBND tỉnh (để báo cáo)",
            "Các thành viên Ban Chỉ đạo thành phố" if city else "Các thành viên Ban Chỉ đạo tỉnh",
            "Các tổ chức thành viên của Mặt trận",
            "Các ban chuyên môn của Ủy ban MTTQ thành phố" if city else "Các ban chuyên môn của Ủy ban MTTQ tỉnh",
            lower,
            "Lưu: VT, BPT.",
        ]
    return [
        "Ban Thường trực Ủy ban MTTQ tỉnh (để báo cáo)",
        "Thường trực Huyện ủy, UBND huyện (để báo cáo)",
        "Các thành viên Ban Chỉ đạo huyện",
        "Lưu: VT.",
    ]


def _below(result) -> str:
    """The kind of the units a consolidation reads (district before the reform, commune after)."""
    kinds = {c.reporter.unit_kind for c in result.children if c.reporter is not None and not c.reporter.is_agency}
    return "district" if "district" in kinds or not kinds else "commune"


def document_from(
    data,
    *,
    narrative: dict[str, str],
    header: Issuer,
    completeness_text: str,
    opening: str = "",
    cutoff_text: str = "",
) -> ConsolidatedDocument:
    """Plain document rows from a selectors.ConsolidationData and the narrative to print."""
    result = data.result
    period = data.period
    period_name = period.name if period else data.period_code
    year = period.year if period else timezone.localdate().year
    indicators = [
        IndicatorLine(
            area=ind.area,
            code=ind.code,
            label=ind.label,
            unit_label=ind.unit_label,
            aggregation=ind.aggregation,
            value_type=ind.value_type,
            value=result.figures[ind.code].value,
            sources=len(result.figures[ind.code].sources),
            area_title=vocabulary.vi(vocabulary.area_label(ind.area)),
            aggregation_text=vocabulary.vi(vocabulary.AGGREGATION.get(ind.aggregation, "")),
        )
        for ind in data.indicators
    ]
    beside = [
        BesideLine(
            area=ind.area,
            code=ind.code,
            label=ind.label,
            unit_label=ind.unit_label,
            value_type=ind.value_type,
            reporter_code=source.unit_code,
            reporter=source.unit_name,
            value=source.value,
            reason_text=vocabulary.vi(vocabulary.beside_label(source.reason)),
        )
        for ind in data.indicators
        for source in result.figures[ind.code].beside
    ]
    codes = [ind.code for ind in data.indicators]
    matrix_rows = [
        (child.unit_code, child.unit_name, [row.get(c) for c in codes]) for child, row in result.matrix_rows()
    ]
    excluded = {e.unit_code: e for e in result.excluded}
    included = {c.unit_code for c in result.included}
    children = result.children
    completeness = [
        CompletenessLine(
            unit_code=c.unit_code,
            unit_name=c.unit_name,
            status=c.status,
            submitted_at=c.submitted_at,
            deadline=c.deadline,
            on_time=c.on_time,
            counted=c.unit_code in included,
            reason=excluded[c.unit_code].reason if c.unit_code in excluded else "",
            submission_number=c.submission_number,
            status_text=vocabulary.vi(vocabulary.status_label(c.status)),
            reason_text=vocabulary.vi(vocabulary.reason_label(excluded[c.unit_code].reason))
            if c.unit_code in excluded
            else "",
        )
        for c in children
    ]
    sections = [
        (s.key, s.title, s.depth, (narrative.get(s.key) or "").strip() if s.writable else "") for s in data.outline
    ]
    return ConsolidatedDocument(
        unit_code=data.unit.code if data.unit else "VN",
        unit_name=data.unit_name,
        period_code=data.period_code,
        period_name=period_name,
        year=year,
        is_annual=data.is_annual,
        header=header,
        subject=period_subject(period_name, data.is_annual, year),
        sections=sections,
        completeness_text=completeness_text,
        indicators=indicators,
        matrix_rows=matrix_rows,
        completeness=completeness,
        recipients=recipients_for(
            data.unit.kind if data.unit else None,
            division_type=data.unit.division_type if data.unit else "",
            below=_below(result),
        ),
        data_as_of=data.data_as_of,
        include_late=result.include_late,
        beside=beside,
        opening=opening,
        cutoff_text=cutoff_text,
    )
