"""The plan as an official document (KẾ HOẠCH, Decree 30 layout), rendered by campaign_portal.documents.

An official document reads in Vietnamese whatever the user's language, so its fixed headings are Vietnamese text,
as on the signed paper (MỤC ĐÍCH, YÊU CẦU …).
"""

from __future__ import annotations

import datetime

from campaign_portal.documents.content import Bullets, Heading, Issuer, OfficialDocument, Para, Table
from steering.models import ContentArea, Plan, PlanTask

# The content-area headings of section II, as Kế hoạch 98/KH-MT words them.
AREA_HEADINGS_VI = {
    ContentArea.PROPAGANDA: "Công tác tuyên truyền thực hiện Cuộc vận động",
    ContentArea.POLICY: "Rà soát các chính sách hỗ trợ doanh nghiệp của bộ, ngành, địa phương",
    ContentArea.MARKET: (
        "Tăng cường công tác phối hợp kiểm tra, kiểm soát thị trường; nâng cao hiệu quả công tác giám sát, khảo sát"
    ),
    ContentArea.TRADE: (
        "Công tác vận động, kêu gọi đầu tư, mở rộng thị trường, đưa hàng Việt Nam về nông thôn và khu công nghiệp"
    ),
    ContentArea.COMMITTEES: "Kiện toàn Ban chỉ đạo cuộc vận động",
    ContentArea.CONSUMERS: (
        "Tăng cường trách nhiệm của các cơ quan, tổ chức trong việc bảo vệ quyền lợi của người tiêu dùng"
    ),
}
RECURRENCE_VI = {1: "hằng tháng", 3: "hằng quý", 6: "định kỳ 6 tháng", 12: "hằng năm"}
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _d(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


def _deadline_vi(task: PlanTask) -> str:
    if task.recurrence:
        first = f", từ {_d(task.due_date)}" if task.due_date else ""
        return f"{RECURRENCE_VI.get(task.recurrence, '')}{first}"
    return _d(task.due_date) or "Thường xuyên"


def plan_document(
    *, plan: Plan, tasks: list[PlanTask], cascaded_units: dict[int, int], issuer: Issuer
) -> OfficialDocument:
    """The KẾ HOẠCH (a draft) from the plan's own tasks. `cascaded_units`: task id -> number of committees it went
    to. A plan recorded with the number it was issued under on paper prints that number and date."""
    intro = ""
    if plan.implements_number:
        of_date = f" ngày {_d(plan.implements_date)}" if plan.implements_date else ""
        by = f" của {plan.implements_issuer}" if plan.implements_issuer else ""
        intro = f"Thực hiện Kế hoạch số {plan.implements_number}{of_date}{by}, "
    subject = plan.title[:1].lower() + plan.title[1:]
    intro += f"{issuer.issuing_body.capitalize()} xây dựng Kế hoạch {subject} như sau:"
    body: list = [Para(intro)]
    part = 0
    if plan.purpose:
        body += [Heading(f"{ROMAN[part]}. MỤC ĐÍCH, YÊU CẦU"), Para(plan.purpose)]
        part += 1
    body.append(Heading(f"{ROMAN[part]}. NỘI DUNG TRỌNG TÂM NĂM {plan.year}"))
    part += 1
    # Section II is the content, section III who does what; tasks without a section number count as content.
    organisation = [t for t in tasks if t.section.upper().startswith("III")]
    content = [t for t in tasks if t not in organisation]
    by_area: dict[int, list[PlanTask]] = {}
    for task in content:
        by_area.setdefault(task.content_area, []).append(task)
    for i, area in enumerate(sorted(by_area), start=1):
        body.append(Heading(f"{i}. {AREA_HEADINGS_VI[area]}", level=2))
        body.append(
            Bullets(
                [
                    f"{t.description or t.title} (Chủ trì: {t.lead_label}; thời hạn: {_deadline_vi(t)})"
                    for t in by_area[area]
                ]
            )
        )
    body.append(Heading(f"{ROMAN[part]}. TỔ CHỨC THỰC HIỆN"))
    by_lead: dict[str, list[PlanTask]] = {}
    for task in organisation or tasks:
        label = "Ban Chỉ đạo cấp dưới trực tiếp" if cascaded_units.get(task.pk) else str(task.lead_label)
        by_lead.setdefault(label, []).append(task)
    for i, (label, items) in enumerate(by_lead.items(), start=1):
        body.append(Heading(f"{i}. {label}", level=2))
        body.append(Bullets([f"{t.title} (thời hạn: {_deadline_vi(t)})" for t in items]))
    body.append(
        Para(
            "Các cơ quan, đơn vị được phân công báo cáo kết quả thực hiện bằng văn bản định kỳ 6 tháng và 01 năm "
            "về cơ quan Thường trực để tổng hợp."
        )
    )
    rows = []
    for n, task in enumerate(tasks, start=1):
        lead = str(task.lead_label)
        if cascaded_units.get(task.pk):
            lead += f" và {cascaded_units[task.pk]} Ban Chỉ đạo cấp dưới"
        rows.append(
            [
                n,
                task.title,
                lead,
                ", ".join(a.short_name or a.name for a in task.co_agencies.all()),
                _deadline_vi(task),
                task.expected_output,
            ]
        )
    annex = [
        Table(
            columns=["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm dự kiến"],
            rows=rows,
            col_widths=[0.6, 3.0, 2.0, 1.3, 1.5, 1.7],
            title="PHÂN CÔNG NHIỆM VỤ",
        )
    ]
    return OfficialDocument.for_issuer(
        issuer,
        doc_type="KH",
        subject=plan.title,
        body=body,
        recipients=[
            "Các thành viên Ban Chỉ đạo;",
            "Ban Thường trực Ủy ban MTTQ cấp dưới;",
            "Lưu: VT, Ban Phong trào.",
        ],
        annex=annex,
        number=plan.number,
        date=plan.date if plan.number else None,
    )
