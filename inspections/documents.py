"""The official documents of the app: the inspection record (BIÊN BẢN KIỂM TRA) and the inspection plan.

Both are issued by the steering committee as itself (its own header block and series, …/KH-BCĐ, …/BB-BCĐ): the
plan when the committee's office issues it, the record when the team submits it. The texts of an official document
are Vietnamese whatever the reader's language (they are the document), so they are not translated. The builders
read already-fetched objects and return the content (campaign_portal.documents renders it as PDF and Word).
"""

from __future__ import annotations

from django.utils import timezone

from campaign_portal.documents.content import (
    Bullets,
    Heading,
    Issuer,
    OfficialDocument,
    Para,
    Signature,
    Signatures,
    Table,
)
from inspections.models import Inspection, InspectionPlan

CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"


def _money(value) -> str:
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def _qty(finding) -> str:
    if finding.quantity is None:
        return finding.quantity_unit
    text = f"{finding.quantity.normalize():f}".replace(".", ",")
    return f"{text} {finding.quantity_unit}".strip()


def _yes(value: bool) -> str:
    return "Đạt" if value else "Chưa đạt"


def _plan_reference(plan: InspectionPlan) -> str:
    if plan.number:
        return f"Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y} về {plan.title}"
    return f"Kế hoạch kiểm tra năm {plan.year} của {plan.committee.name} về {plan.title}"


def inspection_document(*, inspection: Inspection, issuer: Issuer, team: list, findings: list) -> OfficialDocument:
    business = inspection.business
    when = timezone.localtime(inspection.inspected_at)
    plan = inspection.plan
    lead = inspection.lead
    body = [
        Para(
            f"Thực hiện {_plan_reference(plan)}; "
            f"Quyết định số {plan.decision_number} ngày {plan.decision_date:%d/%m/%Y} thành lập Đoàn kiểm tra,"
        ),
        Para(
            f"Hồi {when:%H} giờ {when:%M} phút, ngày {when:%d/%m/%Y}, tại {inspection.place or business.address}, "
            f"Đoàn kiểm tra của {plan.committee.name} tiến hành kiểm tra việc thực hiện {CAMPAIGN}."
        ),
        Heading("I. THÀNH PHẦN", level=2),
        Para("1. Đoàn kiểm tra:"),
        Bullets(
            [
                f"Ông/Bà {m.person.full_name}, {m.position or m.get_role_display()}"
                + (f", {m.agency.name}" if m.agency_id else "")
                + (" — Trưởng đoàn" if lead and m.pk == lead.pk else "")
                for m in team
            ]
        ),
        Para("2. Cơ sở được kiểm tra:"),
        Bullets(
            [
                f"Tên cơ sở: {business.name} ({business.get_kind_display()})",
                f"Địa chỉ: {business.address}, {business.commune.name}",
                f"Mã số thuế: {business.tax_code or 'không có'}",
                f"Ngành nghề kinh doanh: {business.line_of_business or '—'}",
                f"Người đại diện: {inspection.business_present or business.representative or '—'}",
            ]
        ),
        Heading("II. NỘI DUNG KIỂM TRA", level=2),
        Table(
            columns=["Nội dung", "Kết quả"],
            rows=[
                ["Tuyên truyền, hưởng ứng Cuộc vận động", _yes(inspection.promotes_campaign)],
                [
                    "Tỷ lệ hàng Việt Nam bày bán",
                    "—" if inspection.vn_goods_share is None else f"{inspection.vn_goods_share:.1f}%".replace(".", ","),
                ],
                ["Hóa đơn, chứng từ nguồn gốc xuất xứ", _yes(inspection.invoices_ok)],
                ["Nhãn hàng hóa", _yes(inspection.labels_ok)],
                ["Niêm yết giá", _yes(inspection.price_posting_ok)],
                ["Chất lượng, hạn sử dụng, an toàn thực phẩm", _yes(inspection.quality_ok)],
                ["Giải quyết khiếu nại của người tiêu dùng", _yes(inspection.complaints_ok)],
            ],
            col_widths=[3, 1],
        ),
    ]
    if inspection.checklist_notes:
        body.append(Para(inspection.checklist_notes))
    body.append(Heading("III. KẾT QUẢ KIỂM TRA", level=2))
    if findings:
        body.append(
            Table(
                columns=[
                    "TT",
                    "Loại vi phạm",
                    "Hàng hóa",
                    "Số lượng",
                    "Trị giá ước tính (đồng)",
                    "Kiến nghị, thời hạn",
                ],
                rows=[
                    [
                        i,
                        f.category.name,
                        f.goods + (f". {f.description}" if f.description else ""),
                        _qty(f),
                        _money(f.estimated_value),
                        f.recommendation + (f" (trước ngày {f.fix_deadline:%d/%m/%Y})" if f.fix_deadline else ""),
                    ]
                    for i, f in enumerate(findings, start=1)
                ],
                col_widths=[0.5, 2, 2.5, 1.2, 1.5, 3],
                numeric={0, 4},
            )
        )
    else:
        body.append(Para("Đoàn kiểm tra không phát hiện vi phạm."))
    if inspection.conclusion:
        body.append(Para(f"Kết luận của Đoàn kiểm tra: {inspection.conclusion}"))
    body.append(Heading("IV. Ý KIẾN CỦA CƠ SỞ ĐƯỢC KIỂM TRA", level=2))
    body.append(Para(inspection.business_comments or "Cơ sở thống nhất với kết quả kiểm tra."))
    body.append(
        Para(
            "Biên bản được lập thành 02 bản có giá trị như nhau, cơ sở được kiểm tra giữ 01 bản, Đoàn kiểm tra giữ "
            "01 bản; đã đọc lại cho những người có tên trên cùng nghe và thống nhất ký tên."
        )
    )
    body.append(
        Signatures(
            [
                Signature(
                    authority="ĐẠI DIỆN CƠ SỞ",
                    title="",
                    name=inspection.business_present or business.representative,
                ),
                Signature(authority="TRƯỞNG ĐOÀN KIỂM TRA", title="", name=lead.person.full_name if lead else ""),
            ]
        )
    )
    document = OfficialDocument.for_issuer(
        issuer,
        issuing_body=f"{issuer.issuing_body}\nĐOÀN KIỂM TRA",
        doc_type="BB",
        subject=f"Kiểm tra việc thực hiện {CAMPAIGN}\ntại {business.name}",
        body=body,
        recipients=[],
        number=inspection.number,
        date=timezone.localdate(inspection.submitted_at) if inspection.number and inspection.submitted_at else None,
    )
    document.signature = None  # the record is signed by both sides above, not by the issuer
    return document


def plan_document(*, plan: InspectionPlan, issuer: Issuer, team: list, targets: list) -> OfficialDocument:
    body = [
        Para(
            f"Căn cứ Quyết định số {plan.decision_number} ngày {plan.decision_date:%d/%m/%Y} thành lập Đoàn kiểm "
            f"tra; {plan.committee.name} xây dựng Kế hoạch kiểm tra năm {plan.year} như sau:"
        ),
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Para(
            plan.purpose
            or f"Kiểm tra, giám sát việc thực hiện {CAMPAIGN} tại các cơ sở sản xuất, kinh doanh; kịp thời "
            "phát hiện, kiến nghị xử lý các vi phạm về hàng giả, hàng kém chất lượng, hàng không rõ nguồn gốc."
        ),
        Heading("II. THÀNH PHẦN ĐOÀN KIỂM TRA"),
        Table(
            columns=["TT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ"],
            rows=[
                [
                    i,
                    t.membership.person.full_name,
                    ", ".join(
                        x
                        for x in (t.membership.position, t.membership.agency.name if t.membership.agency_id else "")
                        if x
                    ),
                    "Trưởng đoàn" if t.is_lead else "Thành viên",
                ]
                for i, t in enumerate(team, start=1)
            ],
            col_widths=[0.5, 2.5, 4, 1.5],
            numeric={0},
        ),
        Heading("III. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA"),
    ]
    if targets:
        body.append(
            Table(
                columns=["TT", "Cơ sở", "Địa chỉ", "Thời gian dự kiến"],
                rows=[
                    [
                        i,
                        t.business.name,
                        f"{t.business.address}, {t.business.commune.name}",
                        f"{t.scheduled_on:%d/%m/%Y}",
                    ]
                    for i, t in enumerate(targets, start=1)
                ],
                col_widths=[0.5, 3, 4, 1.5],
                numeric={0},
            )
        )
    else:
        body.append(Para("Danh sách cơ sở được kiểm tra sẽ được thông báo sau."))
    body += [
        Heading("IV. TỔ CHỨC THỰC HIỆN"),
        Para(
            "Đoàn kiểm tra lập biên bản kiểm tra tại từng cơ sở, theo dõi việc khắc phục các tồn tại sau kiểm tra "
            "và báo cáo kết quả về Ban Thường trực theo quy định."
        ),
    ]
    return OfficialDocument.for_issuer(
        issuer,
        doc_type="KH",
        subject=f"Kiểm tra việc thực hiện {CAMPAIGN} năm {plan.year}",
        body=body,
        recipients=["Ban Thường trực UBMTTQ Việt Nam tỉnh", "Các thành viên Đoàn kiểm tra", "Lưu: VT."],
        number=plan.number,
        date=plan.issued_on if plan.number else None,
    )
