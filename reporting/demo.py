"""Demo reports: periods 2021-H1 and 2021 (annual) for Hải Dương, with 2021-H1 largely filed and reviewed.

- Nam Sách (291): most communes accepted (one late), two submitted and waiting for the district, one returned with
  a reason, two missing; the `commune` account's commune (the first by code) is left not started for the demo.
- Districts: most accepted (two late), one submitted, one missing; Nam Sách (`district`) in draft.
- Member agencies of the province: most accepted, a few missing.

Idempotent (nothing happens once 2021-H1 exists for the province), deterministic (seeded), and fast: values,
submissions and transitions are written with bulk operations.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from reporting import services
from reporting.models import (
    Indicator,
    PeriodType,
    Report,
    ReportingPeriod,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportTransition,
    ReportValue,
)
from steering.models import AdministrativeUnit, User
from steering.services import document_number_next, issuer_for_unit

PROVINCE_CODE = "30"
DISTRICT_CODE = "291"

# Plausible ranges for one commune's half-year; districts and agencies get a multiple.
RANGES = {
    "TT01": (1, 4), "TT02": (2, 8), "TT03": (80, 600), "TT04": (2, 15), "TT05": (0, 2), "TT06": (0, 1),
    "TT07": (0, 300), "TT08": (2, 15), "TT09": (100, 1500), "TT10": (10, 60), "CS01": (0, 3), "CS02": (0, 6),
    "CS03": (0, 150), "CS04": (0, 2), "CS05": (0, 6), "KT01": (0, 3), "KT02": (0, 8), "KT03": (0, 4),
    "KT04": (0, 3), "KT05": (0, 1), "KT06": (0, 1), "KT07": (0, 2), "KT08": (0, 2), "KT09": (0, 40),
    "KT10": (0, 60), "KT11": (0, 1), "KT12": (0, 3), "KT13": (0, 1), "XT01": (0, 1), "XT02": (0, 2),
    "XT03": (0, 30), "XT04": (0, 15), "XT05": (0, 2000), "XT06": (0, 400), "XT07": (0, 3), "XT08": (60, 95),
    "BC01": (0, 1), "BC02": (7, 12), "BC03": (0, 3), "BC04": (0, 6), "NT01": (0, 3), "NT02": (0, 3),
    "NT03": (0, 20), "NT04": (0, 3), "NT05": (0, 200), "NT06": (70, 95), "KTH1": (0, 3), "KTH2": (0, 5),
}  # fmt: skip

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


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def seed(stdout=None) -> dict:
    province = AdministrativeUnit.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return {}
    if ReportingPeriod.objects.filter(owner=province, code="2021-H1").exists():
        return {"skipped": True}
    with transaction.atomic():
        result = _seed(province)
    if stdout:
        stdout.write(f"reporting: {result}\n")
    return result


def _seed(province: AdministrativeUnit) -> dict:
    rng = random.Random(2021)
    office = User.objects.filter(username="province").first()
    district_user = User.objects.filter(username="district").first()
    h1 = services.period_open(
        owner=province, period_type=PeriodType.objects.get(code="H1"), year=2021, opened_by=office
    )
    services.period_open(owner=province, period_type=PeriodType.objects.get(code="Y"), year=2021, opened_by=office)

    indicators = list(h1.template.indicators.all())
    sections = {s.key: s for s in h1.template.sections.filter(writable=True)}
    reports = list(Report.objects.filter(period=h1).select_related("unit", "agency").order_by("unit__path", "pk"))
    nam_sach = [r for r in reports if r.agency_id is None and r.unit.parent and r.unit.parent.code == DISTRICT_CODE]
    districts = [r for r in reports if r.agency_id is None and r.unit.level == 2]
    agencies = [r for r in reports if r.agency_id is not None]

    plan: dict[int, str] = {}  # report pk -> scenario
    # Nam Sách communes: [0] = the `commune` account's, left not started.
    scenario_cycle = ["returned", "submitted", "submitted", "late", "missing", "missing"]
    for i, report in enumerate(nam_sach[1:]):
        plan[report.pk] = scenario_cycle[i] if i < len(scenario_cycle) else "accepted"
    district_scenarios = {DISTRICT_CODE: "draft"}
    others = [r for r in districts if r.unit.code != DISTRICT_CODE]
    for i, report in enumerate(others):
        plan[report.pk] = {0: "late", 1: "submitted", 2: "late", 3: "missing"}.get(i, "accepted")
    for report in districts:
        if report.unit.code in district_scenarios:
            plan[report.pk] = district_scenarios[report.unit.code]
    for i, report in enumerate(agencies):
        plan[report.pk] = "missing" if i % 6 == 5 else "accepted"

    values, texts, submissions, transitions, changed = [], [], [], [], []
    by_pk = {r.pk: r for r in reports}
    for pk, scenario in plan.items():
        report = by_pk[pk]
        if scenario == "missing":
            continue
        scale = 1 if report.unit.level == 3 and not report.agency_id else (6 if report.agency_id else 12)
        figures = {}
        for ind in indicators:
            if not ind.applies_to(level=report.unit.level, annual=False):
                continue
            lo, hi = RANGES.get(ind.code, (0, 5))
            if ind.value_type == Indicator.ValueType.PERCENTAGE:
                value = Decimal(rng.randint(lo * 10, hi * 10)) / 10
            else:
                value = Decimal(rng.randint(lo * scale, hi * scale))
            figures[ind.code] = value
            values.append(ReportValue(report=report, indicator=ind, value=value))
        for key, text in NARRATIVE.items():
            texts.append(ReportSection(report=report, section=sections[key], text=text))
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
            sections=dict(NARRATIVE),
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
                    reason="Số lượt người tham dự tuyên truyền (TT03) chưa khớp với số hội nghị; đề nghị rà soát "
                    "lại và bổ sung phần đánh giá tồn tại, hạn chế.",
                    pinned_indicator=next(i for i in indicators if i.code == "TT03"),
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
    for report in changed:
        accepted = getattr(report, "_accept_submission", None)
        if accepted is not None:
            report.accepted_submission = accepted
            if report.agency_id is None:
                issuer = issuer_for_unit(unit=report.unit)
                report.number = document_number_next(issuer=issuer, doc_type="BC", year=2021)
    Report.objects.bulk_update(
        changed,
        ["status", "first_submitted_at", "submitted_at", "accepted_at", "accepted_submission", "number"],
        batch_size=500,
    )
    counts: dict[str, int] = {}
    for report in changed:
        counts[str(report.status)] = counts.get(str(report.status), 0) + 1
    return {"periods": 2, "reports": len(reports), "filed": counts, "values": len(values)}
