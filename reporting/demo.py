"""Demo reports for Hải Dương: 2021-H1 and 2021 (annual) on template version 1, 2025-H1 on version 2.

2021-H1, largely filed and reviewed:
- Nam Sách (291): most communes accepted (one late), two submitted and waiting for the district, one returned with
  a reason, two missing; the `commune` account's commune (the first by code) is left not started for the demo.
- Districts: most accepted (two late), one submitted, one missing; Nam Sách (`district`) in draft.
- Member agencies of the province: most accepted, a few missing.
2021 (annual) is open, nothing filed yet. 2025-H1 (template version 2, the same three-level map) has a few reports
accepted: four districts and five member agencies; the rest, Nam Sách and its communes included, not started.

Who reports what (reporting/scope.py): each report fills only the indicators its reporter's form carries, with
figures that fit the reporter: market surveillance and the police report inspections and cases, the agriculture
department the OCOP running total, the press its news items, the unions their propaganda and fairs (shown beside
the total, not added), the units and the standing body everything the Front system counts. So the province's
2021-H1 consolidation reads like a real one: inspections (KT03) = market surveillance's + the police's.

Every accepted report's accepted submission carries its frozen record (reporting/records.py).

Idempotent (each period is seeded once: nothing happens once it exists for the province), deterministic (seeded),
and fast: values, submissions, transitions and records are written with bulk operations.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reporting import records, services
from reporting.models import (
    Indicator,
    PeriodType,
    Report,
    ReportingPeriod,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportTemplate,
    ReportTransition,
    ReportValue,
)
from steering.models import AdministrativeUnit, Membership, User
from steering.services import issuer_for_unit

PROVINCE_CODE = "30"
DISTRICT_CODE = "291"
V2_PERIOD = "2025-H1"

# Plausible ranges for one commune's half-year (the Front's own units); a district's report is a multiple.
RANGES = {
    "TT01": (1, 4), "TT02": (2, 8), "TT03": (80, 600), "TT04": (2, 15), "TT05": (0, 2), "TT06": (0, 1),
    "TT07": (0, 300), "TT08": (2, 15), "TT09": (100, 1500), "TT10": (10, 60), "CS01": (0, 3), "CS02": (0, 6),
    "CS03": (0, 150), "CS04": (0, 2), "CS05": (0, 6), "CS06": (0, 1), "KT01": (0, 3), "KT02": (1, 8),
    "XT01": (0, 1), "XT02": (0, 2), "XT03": (0, 30), "XT04": (0, 15), "XT05": (0, 2000), "XT06": (0, 400),
    "XT07": (0, 3), "XT08": (60, 95), "XT09": (0, 3), "XT10": (0, 1), "XT11": (0, 3), "XT12": (0, 40),
    "BC01": (0, 1), "BC02": (7, 12), "BC03": (0, 3), "BC04": (0, 6), "NT04": (0, 3), "NT05": (20, 200),
    "NT06": (70, 95), "KTH1": (0, 3), "KTH2": (0, 5),
}  # fmt: skip
UNIT_SCALE = {"commune": 1, "district": 12, "province": 3}  # "province": the provincial standing body's own work

# What a provincial member agency reports in a half-year, by kind: only these, and only where its form carries
# them. The enforcement agencies' cases and fines follow their inspections (_enforcement), the OCOP counts are a
# running total (_ocop), complaints resolved follow complaints received.
AGENCY_FIGURES: dict[str, dict[str, tuple[int, int]]] = {
    "tuyen_giao": {"TT01": (2, 5), "TT02": (4, 12), "TT03": (400, 1500), "TT04": (5, 20), "TT09": (500, 3000)},
    "cong_thuong": {
        "TT01": (1, 3), "TT02": (1, 4), "TT03": (80, 300), "CS01": (1, 4), "CS02": (10, 40), "CS03": (300, 1500),
        "CS04": (1, 3), "CS05": (3, 15), "KT16": (3, 10), "XT01": (1, 3), "XT02": (2, 5), "XT03": (60, 250),
        "XT04": (30, 120), "XT05": (5000, 30000), "XT06": (800, 5000), "XT07": (5, 15), "XT09": (10, 40),
        "XT10": (1, 2), "XT11": (3, 12), "XT12": (300, 1500), "XT13": (5, 20), "NT01": (3, 12), "NT03": (0, 30),
        "NT04": (1, 4), "NT05": (200, 800), "NT06": (80, 95),
    },
    "qltt": {"TT01": (1, 3), "TT02": (1, 4), "TT03": (50, 300), "KT03": (40, 80), "KT11": (1, 4)},
    "cong_an": {"TT01": (1, 2), "KT03": (8, 20)},
    # Health and science lead no inspections of their own here (they sit on inter-agency teams led by market
    # surveillance): they report the violations they handled.
    "y_te": {"TT01": (1, 2), "TT02": (1, 4), "TT03": (50, 300), "KT04": (3, 10), "KT06": (1, 3), "KT09": (20, 120),
             "KT11": (0, 1)},
    "khcn": {"TT01": (1, 2), "CS02": (3, 12), "CS03": (100, 500), "KT04": (2, 6), "KT08": (1, 2), "KT09": (10, 60),
             "KT11": (0, 1)},
    "nong_nghiep": {
        "TT01": (1, 3), "CS01": (1, 3), "CS02": (10, 40), "CS03": (500, 2500), "XT01": (0, 2), "XT03": (20, 80),
        "XT04": (10, 50), "XT05": (1000, 8000), "XT06": (300, 2000), "XT07": (5, 20), "XT10": (1, 3),
        "XT11": (2, 8), "XT12": (100, 600), "KT14": (8, 25), "KT15": (0, 1),
    },
    "thong_tin": {"TT01": (1, 3), "TT04": (30, 90), "TT05": (1, 3), "XT09": (5, 30)},
    "bao_chi": {"TT02": (1, 3), "TT03": (30, 200), "TT04": (60, 180), "TT05": (1, 4)},
    "tai_chinh": {"TT01": (1, 2), "CS01": (1, 4), "CS04": (0, 2), "CS05": (2, 10), "CS06": (1, 4)},
    "doan_the": {
        "TT01": (1, 3), "TT02": (8, 40), "TT03": (600, 4000), "TT06": (0, 1), "TT07": (0, 800), "TT08": (5, 30),
        "TT09": (500, 3000), "XT01": (0, 1), "XT02": (0, 3), "XT03": (0, 40), "XT04": (0, 30), "XT05": (0, 3000),
        "XT06": (0, 600), "XT11": (0, 3), "XT12": (0, 200),
    },
    "hop_tac_xa": {
        "TT01": (1, 2), "TT02": (1, 4), "TT03": (50, 300), "CS02": (5, 30), "CS04": (1, 2), "CS05": (3, 12),
        "XT01": (0, 1), "XT03": (10, 40), "XT04": (10, 40), "XT05": (500, 5000), "XT06": (200, 1500),
        "XT11": (0, 4), "XT12": (50, 300),
    },
    "bao_ve_ntd": {"TT01": (1, 2), "TT02": (2, 6), "TT03": (100, 500), "NT01": (6, 20), "NT03": (5, 60),
                   "NT04": (2, 6), "NT05": (300, 1000), "NT06": (75, 95)},
}  # fmt: skip
# Cases handled per inspection, by enforcement agency.
CASE_SHARE = {"qltt": (0.55, 0.85), "cong_an": (0.6, 0.9)}
# OCOP products rated 3 stars or more, province-wide (a running total held by the agriculture department).
OCOP_TOTAL = {2021: (100, 150), 2025: (190, 240)}

NARRATIVE = {
    "I": "Ban Thường trực đã ban hành kế hoạch triển khai Cuộc vận động năm 2021; kiện toàn Ban Chỉ đạo và phân công "
    "thành viên phụ trách từng địa bàn.",
    "II.1": "Tổ chức tuyên truyền trên hệ thống truyền thanh cơ sở, lồng ghép trong các hội nghị của Mặt trận và "
    "các đoàn thể.\n- Treo băng rôn, khẩu hiệu tại trụ sở và nơi công cộng.\n- Phát tờ rơi đến các hộ gia đình.",
    "II.3": "Phối hợp kiểm tra các cơ sở kinh doanh trên địa bàn; nhắc nhở niêm yết giá và nguồn gốc hàng hóa.",
    "II.4": "Vận động các cơ sở sản xuất tham gia phiên chợ hàng Việt về nông thôn do tỉnh tổ chức.",
    "III.1": "Nhận thức của cán bộ, đảng viên và nhân dân về Cuộc vận động được nâng lên.",
    "III.2": "Nguồn lực cho công tác tuyên truyền còn hạn chế; việc khảo sát người tiêu dùng chưa thường xuyên.",
    "IV": "Tiếp tục đẩy mạnh tuyên truyền; phối hợp tổ chức phiên chợ hàng Việt; kiểm tra, giám sát cơ sở.",
    "V": "Đề nghị cấp trên hỗ trợ kinh phí in ấn tài liệu tuyên truyền.",
}
# Other ways units word the same headings, so the demo's consolidation reads like one made of real reports: each
# unit picks its own (deterministically, by its code) and names its own place.
NARRATIVE_VARIANTS = {
    "I": [
        "Ngay từ đầu năm, Ban Thường trực Ủy ban MTTQ {place} đã xây dựng kế hoạch và ban hành văn bản hướng dẫn "
        "các khu dân cư triển khai Cuộc vận động.",
        "Ban Chỉ đạo Cuộc vận động {place} được kiện toàn; các thành viên được phân công theo dõi từng khu dân cư.",
        "Ủy ban MTTQ {place} lồng ghép Cuộc vận động với cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, "
        "đô thị văn minh”.",
    ],
    "II.1": [
        "Tổ chức {n} buổi tuyên truyền tại các khu dân cư của {place}; đưa tin trên loa truyền thanh hằng tuần.",
        "Phối hợp với Hội Liên hiệp Phụ nữ tổ chức tọa đàm “Người tiêu dùng thông thái” tại {place}.",
        "Phát hành tờ gấp giới thiệu sản phẩm OCOP của {place} đến các hộ gia đình.",
    ],
    "II.3": [
        "Tham gia {n} đợt kiểm tra liên ngành các cửa hàng tạp hóa, chợ trên địa bàn {place}.",
        "Tiếp nhận và chuyển cơ quan chức năng {n} phản ánh của người dân về hàng không rõ nguồn gốc.",
    ],
    "II.4": [
        "Vận động {n} cơ sở sản xuất của {place} tham gia phiên chợ hàng Việt về nông thôn.",
        "Giới thiệu sản phẩm truyền thống của {place} tại hội chợ xúc tiến thương mại của tỉnh.",
    ],
    "III.2": [
        "Một số khu dân cư của {place} triển khai còn hình thức; kinh phí cho hoạt động tuyên truyền còn hạn hẹp.",
        "Việc nắm bắt phản ánh của người tiêu dùng tại {place} chưa kịp thời.",
    ],
    "V": [
        "Đề nghị cấp trên hỗ trợ tài liệu tuyên truyền về nhận diện hàng giả, hàng nhái.",
        "Đề nghị tổ chức thêm phiên chợ hàng Việt tại các xã vùng xa của {place}.",
    ],
}
# A member agency writes about its own tasks: one sentence under "I" and the heading of its own content area.
AGENCY_NARRATIVE = {
    "tuyen_giao": ("II.1", "Định hướng tuyên truyền về Cuộc vận động trong hệ thống tuyên giáo và báo cáo viên."),
    "cong_thuong": ("II.4", "Chủ trì tổ chức hội chợ, phiên chợ đưa hàng Việt về nông thôn; hỗ trợ doanh nghiệp "
                    "tham gia chương trình khuyến công, xúc tiến thương mại."),
    "qltt": ("II.3", "Chủ trì kiểm tra, kiểm soát thị trường; xử lý các vụ vi phạm về hàng giả, hàng kém chất "
             "lượng, hàng không rõ nguồn gốc xuất xứ và niêm yết giá."),
    "cong_an": ("II.3", "Đấu tranh với các hành vi buôn lậu, sản xuất, kinh doanh hàng giả; phối hợp với lực lượng "
                "quản lý thị trường trong các đợt kiểm tra cao điểm."),
    "y_te": ("II.3", "Tham gia các đoàn kiểm tra liên ngành về an toàn thực phẩm; xử lý các cơ sở vi phạm."),
    "khcn": ("II.3", "Kiểm tra chất lượng, nhãn hàng hóa, đo lường; hỗ trợ doanh nghiệp xây dựng, bảo hộ nhãn hiệu."),
    "nong_nghiep": ("II.3", "Triển khai Chương trình OCOP: đánh giá, phân hạng sản phẩm; hỗ trợ các chủ thể OCOP "
                    "tham gia hội chợ và mở điểm giới thiệu sản phẩm."),
    "thong_tin": ("II.1", "Hướng dẫn các cơ quan báo chí, cổng thông tin điện tử tuyên truyền về Cuộc vận động."),
    "bao_chi": ("II.1", "Duy trì chuyên mục về Cuộc vận động; đăng tải tin, bài về hàng Việt và sản phẩm OCOP."),
    "tai_chinh": ("II.2", "Rà soát các chính sách hỗ trợ sản xuất kinh doanh; ưu tiên hàng Việt trong mua sắm công."),
    "doan_the": ("II.1", "Tuyên truyền, vận động hội viên, đoàn viên ưu tiên dùng hàng Việt; tham gia phiên chợ "
                 "hàng Việt về nông thôn."),
    "hop_tac_xa": ("II.4", "Hỗ trợ các hợp tác xã quảng bá sản phẩm, tham gia hội chợ, kết nối tiêu thụ."),
    "bao_ve_ntd": ("II.6", "Tiếp nhận, giải quyết đơn thư khiếu nại của người tiêu dùng; tư vấn pháp luật về bảo vệ "
                   "quyền lợi người tiêu dùng."),
}  # fmt: skip
AGENCY_OPENING = "Cơ quan đã xây dựng kế hoạch thực hiện Cuộc vận động năm {year} theo nhiệm vụ được phân công."
RETURN_REASON = (
    "Số lượt người tham dự tuyên truyền (TT03) chưa khớp với số hội nghị; đề nghị rà soát lại và bổ sung phần đánh "
    "giá tồn tại, hạn chế."
)
# 2021-H1: the member agencies that have not reported (by short name); the others are accepted.
MISSING_AGENCIES_2021 = {"SKHĐT", "HCCB", "Tỉnh đoàn"}
# 2025-H1: the reports accepted so far (districts by code, agencies by kind); the rest are not started.
FILED_DISTRICTS_2025 = {"288", "290", "292", "294"}
FILED_AGENCIES_2025 = {"qltt", "cong_an", "nong_nghiep", "mttq", "bao_chi"}
NOT_YET_2025 = {"Đài PT-TH"}  # of the press, only the newspaper has reported


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _issue_history(*, report: Report, submission: ReportSubmission) -> str:
    from campaign_portal.documents.register import Kind, document_issue
    from reporting import documents

    issued = document_issue(
        issuer=issuer_for_unit(unit=report.unit),
        kind=Kind.UNIT_REPORT,
        source=documents.submission_source(submission),
        document=documents.report_document(report),
        filename=documents.filename(report),
        by=None,
        at=submission.submitted_at,
    )
    return issued.number


def seed(stdout=None) -> dict:
    province = AdministrativeUnit.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return {}
    result = {}
    if not ReportingPeriod.objects.filter(owner=province, code="2021-H1").exists():
        with transaction.atomic():
            result["2021"] = _seed_2021(province)
    if not ReportingPeriod.objects.filter(owner=province, code=V2_PERIOD).exists():
        with transaction.atomic():
            result[V2_PERIOD] = _seed_2025(province)
    if not result:
        return {"skipped": True}
    if stdout:
        stdout.write(f"reporting: {result}\n")
    return result


# --- figures ------------------------------------------------------------------------------------------------------


class _Figures:
    """The figures of one report: only what its reporter's form carries, plausible for that reporter."""

    def __init__(self, rng: random.Random, indicators: list[Indicator], *, annual: bool, year: int, members: int):
        self.rng = rng
        self.indicators = indicators
        self.annual = annual
        self.year = year
        self.members = members  # the provincial committee's members at the end of the cut-off
        self._carried: dict = {}

    def carried(self, report: Report) -> dict[str, Indicator]:
        reporter = records.reporter_of(report)
        if reporter not in self._carried:
            self._carried[reporter] = {
                ind.code: ind for ind in self.indicators if ind.applies_to(reporter=reporter, annual=self.annual)
            }
        return self._carried[reporter]

    def _draw(self, ind: Indicator, lo: int, hi: int, scale: int = 1) -> Decimal:
        if ind.value_type == Indicator.ValueType.PERCENTAGE:
            return Decimal(self.rng.randint(lo * 10, hi * 10)) / 10
        return Decimal(self.rng.randint(lo * scale, hi * scale))

    def of(self, report: Report) -> dict[str, Decimal]:
        carried = self.carried(report)
        kind = report.agency.kind if report.agency_id else ""
        if not report.agency_id or kind == "mttq":
            figures = self._front(carried, UNIT_SCALE.get(report.unit.kind, 1), standing_body=bool(report.agency_id))
        else:
            figures = self._agency(carried, kind)
        return {code: value for code, value in figures.items() if code in carried}

    def _front(self, carried: dict[str, Indicator], scale: int, *, standing_body: bool) -> dict[str, Decimal]:
        """A unit's own report, or the provincial standing body's: the Front system's counts."""
        figures = {}
        for code, ind in carried.items():
            lo, hi = RANGES.get(code, (0, 5))
            figures[code] = self._draw(ind, lo, hi, scale)
        if standing_body:
            # The provincial committee itself: re-formed once in 2021 (one member replaced), its members visit
            # the districts they follow.
            figures.update(BC01=Decimal(1), BC02=Decimal(self.members), BC03=Decimal(1))
            figures["BC04"] = Decimal(self.rng.randint(12, 30))
        return figures

    def _agency(self, carried: dict[str, Indicator], kind: str) -> dict[str, Decimal]:
        figures = {}
        for code, (lo, hi) in AGENCY_FIGURES.get(kind, {}).items():
            if code in carried:
                figures[code] = self._draw(carried[code], lo, hi)
        if "KT03" in figures and kind in CASE_SHARE:
            figures.update(self._enforcement(figures["KT03"], kind))
        if kind == "nong_nghiep":
            lo, hi = OCOP_TOTAL.get(self.year, OCOP_TOTAL[2021])
            ocop = self.rng.randint(lo, hi)
            figures["KT12"] = Decimal(ocop)
            figures["KT13"] = Decimal(round(ocop * self.rng.uniform(0.17, 0.23)))
        if "NT01" in figures:
            figures["NT02"] = max(Decimal(0), figures["NT01"] - self.rng.randint(0, 2))
        return figures

    def _enforcement(self, inspections: Decimal, kind: str) -> dict[str, Decimal]:
        """Cases, their kinds, fines and seized goods in proportion to the inspections an agency led."""
        lo, hi = CASE_SHARE[kind]
        cases = round(int(inspections) * self.rng.uniform(lo, hi))
        left = cases
        out = {"KT04": Decimal(cases)}
        for code in ("KT05", "KT06", "KT07", "KT08"):  # a case of each kind at most once; some are of no kind
            n = self.rng.randint(0, left // 2) if left else 0
            out[code] = Decimal(n)
            left -= n
        out["KT09"] = Decimal(round(cases * self.rng.uniform(4, 12)))  # millions of VND
        out["KT10"] = Decimal(round(cases * self.rng.uniform(2, 15)))
        return out


# --- filing -------------------------------------------------------------------------------------------------------


def _narrative(report: Report, year: int) -> dict[str, str]:
    if not report.agency_id or report.agency.kind == "mttq":
        from steering.text import in_sentence

        rng = random.Random(f"narrative-{report.unit.code}-{year}")
        place = in_sentence(report.unit.name)
        texts = {key: text.replace("năm 2021", f"năm {year}") for key, text in NARRATIVE.items()}
        for key, variants in NARRATIVE_VARIANTS.items():
            if rng.random() < 0.7:  # most units word it their own way; some keep the common wording
                texts[key] = rng.choice(variants).format(place=place, n=rng.randint(2, 12))
        return texts
    sections = {"I": AGENCY_OPENING.format(year=year)}
    key, text = AGENCY_NARRATIVE.get(report.agency.kind, ("II.1", NARRATIVE["II.1"]))
    sections[key] = text
    sections["IV"] = NARRATIVE["IV"]
    return sections


def _committee_members(unit: AdministrativeUnit, on: datetime.date) -> int:
    return (
        Membership.objects.filter(committee__unit=unit, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .count()
    )


def _file(
    period: ReportingPeriod,
    reports: list[Report],
    plan: dict[int, str],
    rng: random.Random,
    *,
    office: User | None,
    district_user: User | None,
) -> dict:
    """Write the plan (report pk -> accepted, late, submitted, returned, draft or missing) with bulk operations,
    then freeze the record of every accepted report."""
    template = period.template
    indicators = list(template.indicators.all())
    by_code = {ind.code: ind for ind in indicators}
    sections = {s.key: s for s in template.sections.filter(writable=True)}
    province = period.owner
    figures_of = _Figures(
        rng,
        indicators,
        annual=period.is_annual,
        year=period.year,
        members=_committee_members(province, period.cutoff_to),
    )

    values, texts, submissions, transitions, changed = [], [], [], [], []
    by_pk = {r.pk: r for r in reports}
    for pk, scenario in plan.items():
        report = by_pk[pk]
        if scenario == "missing":
            continue
        figures = figures_of.of(report)
        narrative = {key: text for key, text in _narrative(report, period.year).items() if key in sections}
        values += [ReportValue(report=report, indicator=by_code[code], value=v) for code, v in figures.items()]
        texts += [ReportSection(report=report, section=sections[key], text=text) for key, text in narrative.items()]
        level_due = report.due_date
        if scenario == "draft":
            report.status = ReportStatus.DRAFT
            transitions.append(
                ReportTransition(
                    report=report,
                    from_status=ReportStatus.NOT_STARTED,
                    to_status=ReportStatus.DRAFT,
                    by=district_user,
                    at=_at(level_due - datetime.timedelta(days=5), 9),
                )
            )
            changed.append(report)
            continue
        late = scenario == "late"
        sent = _at(
            level_due + datetime.timedelta(days=rng.randint(2, 6))
            if late
            else level_due - datetime.timedelta(days=rng.randint(0, 5)),
            rng.randint(8, 16),
        )
        submission = ReportSubmission(
            report=report,
            number=1,
            submitted_at=sent,
            values={c: str(v) for c, v in figures.items()},
            sections=narrative,
        )
        submissions.append(submission)
        report.first_submitted_at = report.submitted_at = sent
        report.status = ReportStatus.SUBMITTED
        transitions.append(
            ReportTransition(
                report=report, from_status=ReportStatus.NOT_STARTED, to_status=ReportStatus.SUBMITTED, at=sent
            )
        )
        reviewed = sent + datetime.timedelta(days=2)
        if scenario in ("accepted", "late"):
            report.status = ReportStatus.ACCEPTED
            report.accepted_at = reviewed
            report._accept_submission = submission
            transitions.append(
                ReportTransition(
                    report=report,
                    from_status=ReportStatus.SUBMITTED,
                    to_status=ReportStatus.ACCEPTED,
                    by=office if report.unit.level < 3 or report.agency_id else district_user,
                    at=reviewed,
                )
            )
        elif scenario == "returned":
            report.status = ReportStatus.RETURNED
            transitions.append(
                ReportTransition(
                    report=report,
                    from_status=ReportStatus.SUBMITTED,
                    to_status=ReportStatus.RETURNED,
                    by=district_user,
                    at=reviewed,
                    reason=RETURN_REASON,
                    pinned_indicator=by_code.get("TT03"),
                )
            )
        changed.append(report)

    ReportValue.objects.bulk_create(values, batch_size=2000)
    ReportSection.objects.bulk_create(texts, batch_size=2000)
    ReportSubmission.objects.bulk_create(submissions, batch_size=500)
    submission_of = {s.report_id: s for s in submissions}
    for transition in transitions:
        if transition.to_status == ReportStatus.SUBMITTED:
            transition.submission = submission_of.get(transition.report_id)
    ReportTransition.objects.bulk_create(transitions, batch_size=2000)
    accepted = []
    for report in changed:
        submission = getattr(report, "_accept_submission", None)
        if submission is not None:
            report.accepted_submission = submission
            accepted.append(report)
    # Each unit issued its report when it submitted it: its register's next number, dated that day (in date order,
    # as the offices did), the files stored as sent.
    for submission in sorted(submissions, key=lambda s: (s.submitted_at, s.report_id)):
        report = submission.report
        if report.agency_id is None:
            report.number = _issue_history(report=report, submission=submission)
    Report.objects.bulk_update(
        changed,
        ["status", "first_submitted_at", "submitted_at", "accepted_at", "accepted_submission", "number"],
        batch_size=500,
    )
    # The frozen record of each accepted report, as the acceptance service stores it.
    for report in accepted:
        report.accepted_submission.record = records.record_build(report=report)
    ReportSubmission.objects.bulk_update([r.accepted_submission for r in accepted], ["record"], batch_size=200)

    counts: dict[str, int] = {}
    for report in changed:
        counts[str(report.status)] = counts.get(str(report.status), 0) + 1
    return {"reports": len(reports), "filed": counts, "values": len(values)}


def _reports(period: ReportingPeriod) -> list[Report]:
    reports = list(
        Report.objects.filter(period=period)
        .select_related("unit__parent", "agency", "reviewer_unit")
        .order_by("unit__path", "pk")
    )
    for report in reports:
        report.period = period  # one period object: its template and type are read once
    return reports


def _period(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_related("owner", "template", "period_type").get(pk=period.pk)


def _seed_2021(province: AdministrativeUnit) -> dict:
    rng = random.Random(2021)
    office = User.objects.filter(username="province").first()
    district_user = User.objects.filter(username="district").first()
    v1 = ReportTemplate.objects.get(version=1)  # the 2021 periods keep the first template
    h1 = services.period_open(
        owner=province, period_type=PeriodType.objects.get(code="H1"), year=2021, opened_by=office, template=v1
    )
    services.period_open(
        owner=province, period_type=PeriodType.objects.get(code="Y"), year=2021, opened_by=office, template=v1
    )
    h1 = _period(h1)
    reports = _reports(h1)
    nam_sach = [r for r in reports if r.agency_id is None and r.unit.parent and r.unit.parent.code == DISTRICT_CODE]
    districts = [r for r in reports if r.agency_id is None and r.unit.level == 2]
    agencies = [r for r in reports if r.agency_id is not None]

    plan: dict[int, str] = {}  # report pk -> scenario
    # Nam Sách communes: [0] = the `commune` account's, left not started.
    scenario_cycle = ["returned", "submitted", "submitted", "late", "missing", "missing"]
    for i, report in enumerate(nam_sach[1:]):
        plan[report.pk] = scenario_cycle[i] if i < len(scenario_cycle) else "accepted"
    others = [r for r in districts if r.unit.code != DISTRICT_CODE]
    for i, report in enumerate(others):
        plan[report.pk] = {0: "late", 1: "submitted", 2: "late", 3: "missing"}.get(i, "accepted")
    for report in districts:
        if report.unit.code == DISTRICT_CODE:
            plan[report.pk] = "draft"
    for report in agencies:
        plan[report.pk] = "missing" if report.agency.short_name in MISSING_AGENCIES_2021 else "accepted"
    filed = _file(h1, reports, plan, rng, office=office, district_user=district_user)
    return {"periods": 2, "template": v1.version, **filed}


def _seed_2025(province: AdministrativeUnit) -> dict:
    """2025-H1 on template version 2 (cut-off 15/12/2024-14/06/2025, before the two-level reform): a few reports."""
    rng = random.Random(2025)
    office = User.objects.filter(username="province").first()
    v2 = ReportTemplate.objects.filter(version=2, published_at__isnull=False).first()
    if v2 is None:
        return {"skipped": "no published template version 2"}
    period = services.period_open(
        owner=province, period_type=PeriodType.objects.get(code="H1"), year=2025, opened_by=office, template=v2
    )
    period = _period(period)
    reports = _reports(period)
    plan: dict[int, str] = {}
    for report in reports:
        if report.agency_id is None:
            if report.unit.level == 2 and report.unit.code in FILED_DISTRICTS_2025:
                plan[report.pk] = "accepted"
        elif report.agency.kind in FILED_AGENCIES_2025 and report.agency.short_name not in NOT_YET_2025:
            plan[report.pk] = "accepted"
    filed = _file(period, reports, plan, rng, office=office, district_user=None)
    return {"periods": 1, "template": v2.version, **filed}
