"""The official documents of the app: the inspection record (BIÊN BẢN KIỂM TRA) and the inspection plan.

Both are issued by the steering committee as itself (its own header block and series, …/KH-BCĐ, …/BB-BCĐ): the
plan when the committee's office issues it, the record when the team submits it. The texts of an official document
are Vietnamese whatever the reader's language (they are the document), so they are not translated. The builders
read already-fetched objects (the record's photos as bytes, read by services.record_document) and return the
content (campaign_portal.documents renders it as PDF and Word).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from campaign_portal.documents.content import (
    Bullets,
    Heading,
    Image,
    ImageGrid,
    Issuer,
    OfficialDocument,
    Para,
    Signature,
    Signatures,
    Table,
)
from inspections.models import Inspection, InspectionPlan

CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"
# The campaign's name in a header, for an issuing body that stops at "… CUỘC VẬN ĐỘNG" (an issuer recorded before
# the default named it): broken where it reads well in the header's narrow column.
CAMPAIGN_HEADER = "“NGƯỜI VIỆT NAM ƯU TIÊN\nDÙNG HÀNG VIỆT NAM”"
UNKNOWN_ADDRESS = "Ông/Bà"  # a person whose form of address is not recorded
NOT_CHECKED = "Không kiểm tra"
SIGNATURES_PER_ROW = 3
PHOTOS_PER_ROW = 2


def _money(value) -> str:
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def _qty(finding) -> str:
    if finding.quantity is None:
        return finding.quantity_unit
    text = f"{finding.quantity.normalize():f}".replace(".", ",")
    return f"{text} {finding.quantity_unit}".strip()


def check_result(value: bool | None) -> str:
    """A checklist item as the record prints it: "Đạt", "Không đạt", or "Không kiểm tra" (never a failure)."""
    if value is None:
        return NOT_CHECKED
    return "Đạt" if value else "Không đạt"


def addressed(person) -> str:
    """ "Ông Trần Văn A", "Bà Lê Thị B"; "Ông/Bà …" when the form of address is not recorded."""
    return f"{person.form_of_address or UNKNOWN_ADDRESS} {person.full_name}"


def _clock(moment) -> str:
    return f"{moment:%H} giờ {moment:%M} phút"


def _team_issuing_body(issuing_body: str) -> str:
    """The header of the team's record: the committee's block naming the campaign in full, then ĐOÀN KIỂM TRA."""
    text = (issuing_body or "").strip()
    flat = " ".join(text.upper().split())
    if flat.endswith("CUỘC VẬN ĐỘNG") and "ƯU TIÊN DÙNG HÀNG VIỆT NAM" not in flat:
        text = f"{text}\n{CAMPAIGN_HEADER}"
    return f"{text}\nĐOÀN KIỂM TRA"


def _plan_reference(plan: InspectionPlan) -> str:
    if plan.number:
        return f"Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y} về {plan.title}"
    return f"Kế hoạch kiểm tra năm {plan.year} của {plan.committee.name} về {plan.title}"


def _closing(inspection: Inspection, start) -> str:
    """ "Biên bản kết thúc hồi 10 giờ 15 phút cùng ngày, được lập thành 02 bản …"; a draft without an end time
    leaves it to be filled in by hand, an issued record without one does not mention it."""
    copies = (
        "được lập thành 02 bản có giá trị như nhau, cơ sở được kiểm tra giữ 01 bản, Đoàn kiểm tra giữ 01 bản; "
        "đã đọc lại cho những người có tên trên cùng nghe và thống nhất ký tên."
    )
    if inspection.ended_at is not None:
        end = timezone.localtime(inspection.ended_at)
        day = "cùng ngày" if end.date() == start.date() else f"ngày {end:%d/%m/%Y}"
        return f"Biên bản kết thúc hồi {_clock(end)} {day}, {copies}"
    if not inspection.number:
        return f"Biên bản kết thúc hồi ...... giờ ...... phút cùng ngày, {copies}"
    return f"Biên bản {copies}"


def _photo_caption(index: int, photo) -> str:
    text = f"Ảnh {index}"
    if photo.caption:
        text += f": {photo.caption}"
    if photo.taken_at:
        taken = timezone.localtime(photo.taken_at)
        text += f"\n(chụp lúc {taken:%H} giờ {taken:%M}, ngày {taken:%d/%m/%Y})"
    return text


def _signatures(*, inspection: Inspection, team: list, writer, representative: str) -> list[Signatures]:
    """Everyone who signs: the business and the team leader side by side, then the writer of the record (NGƯỜI LẬP
    BIÊN BẢN) and every other member present, three to a row. A member who wrote the record signs once, as its
    writer; a leader who wrote it signs as the leader."""
    lead = inspection.lead
    writer_pk = getattr(writer, "pk", None)
    writer_is_lead = lead is not None and writer_pk is not None and lead.person_id == writer_pk
    rows = [
        Signatures(
            [
                Signature(authority="ĐẠI DIỆN CƠ SỞ", title="", name=representative),
                Signature(
                    authority="TRƯỞNG ĐOÀN KIỂM TRA",
                    title="Kiêm người lập biên bản" if writer_is_lead else "",
                    name=lead.person.full_name if lead else "",
                ),
            ]
        )
    ]
    others = []
    if not writer_is_lead:
        others.append(Signature(authority="NGƯỜI LẬP BIÊN BẢN", name=writer.full_name if writer else ""))
    others += [
        Signature(authority="THÀNH VIÊN ĐOÀN", name=m.person.full_name)
        for m in team
        if (lead is None or m.pk != lead.pk) and (writer_pk is None or m.person_id != writer_pk)
    ]
    for start in range(0, len(others), SIGNATURES_PER_ROW):
        rows.append(Signatures(others[start : start + SIGNATURES_PER_ROW]))
    return rows


def inspection_document(
    *,
    inspection: Inspection,
    issuer: Issuer,
    team: list,
    findings: list,
    address: str = "",
    writer=None,
    photos: Sequence[tuple[object, bytes]] = (),
) -> OfficialDocument:
    """The biên bản. `team`: the memberships present; `address`: the business's full address as of the day
    ("…, xã Nam Hồng, huyện Nam Sách, tỉnh Hải Dương"); `writer`: the Person who wrote the record; `photos`:
    (InspectionPhoto, its bytes) pairs, printed on an annex page."""
    business = inspection.business
    start = timezone.localtime(inspection.inspected_at)
    plan = inspection.plan
    lead = inspection.lead
    address = address or f"{business.address}, {business.commune.name}"
    place = inspection.place.strip() if inspection.place else ""
    place = address if not place or place == business.address else place
    team = sorted(team, key=lambda m: lead is None or m.pk != lead.pk)  # the leader first, the others as given
    representative = inspection.business_present or business.representative
    body = [
        Para(
            f"Thực hiện {_plan_reference(plan)}; "
            f"Quyết định số {plan.decision_number} ngày {plan.decision_date:%d/%m/%Y} thành lập Đoàn kiểm tra,"
        ),
        Para(
            f"Hồi {_clock(start)}, ngày {start:%d/%m/%Y}, tại {place}, "
            f"Đoàn kiểm tra của {plan.committee.name} tiến hành kiểm tra việc thực hiện {CAMPAIGN}."
        ),
        Heading("I. THÀNH PHẦN", level=2),
        Para("1. Đoàn kiểm tra:"),
        Bullets(
            [
                f"{addressed(m.person)}, {m.position or m.get_role_display()}"
                + (f", {m.agency.name}" if m.agency_id else "")
                + (" — Trưởng đoàn" if lead and m.pk == lead.pk else "")
                for m in team
            ]
        ),
        Para("2. Cơ sở được kiểm tra:"),
        Bullets(
            [
                f"Tên cơ sở: {business.name} ({business.get_kind_display()})",
                f"Địa chỉ: {address}",
                f"Mã số thuế: {business.tax_code or 'không có'}",
                f"Ngành nghề kinh doanh: {business.line_of_business or '—'}",
                f"Người đại diện: {representative or '—'}",
            ]
        ),
        Heading("II. NỘI DUNG KIỂM TRA", level=2),
        Table(
            columns=["Nội dung", "Kết quả"],
            rows=[
                ["Tuyên truyền, hưởng ứng Cuộc vận động", check_result(inspection.promotes_campaign)],
                [
                    "Tỷ lệ hàng Việt Nam bày bán",
                    NOT_CHECKED
                    if inspection.vn_goods_share is None
                    else f"{inspection.vn_goods_share:.1f}%".replace(".", ","),
                ],
                ["Hóa đơn, chứng từ nguồn gốc xuất xứ", check_result(inspection.invoices_ok)],
                ["Nhãn hàng hóa", check_result(inspection.labels_ok)],
                ["Niêm yết giá", check_result(inspection.price_posting_ok)],
                ["Chất lượng, hạn sử dụng, an toàn thực phẩm", check_result(inspection.quality_ok)],
                ["Giải quyết khiếu nại của người tiêu dùng", check_result(inspection.complaints_ok)],
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
    if photos:
        body.append(Para(f"Kèm theo biên bản {len(photos):02d} ảnh chụp tại cơ sở (in ở phụ lục ảnh)."))
    body.append(Para(_closing(inspection, start)))
    body.extend(_signatures(inspection=inspection, team=team, writer=writer, representative=representative))
    annex = []
    if photos:
        annex.append(
            ImageGrid(
                [
                    Image(data=data, caption=_photo_caption(i, photo), max_width_mm=80, max_height_mm=75)
                    for i, (photo, data) in enumerate(photos, start=1)
                ],
                per_row=PHOTOS_PER_ROW,
            )
        )
    document = OfficialDocument.for_issuer(
        issuer,
        issuing_body=_team_issuing_body(issuer.issuing_body),
        doc_type="BB",
        subject=(
            f"Kiểm tra việc thực hiện Cuộc vận động\n“Người Việt Nam ưu tiên dùng hàng Việt Nam”\ntại {business.name}"
        ),
        body=body,
        recipients=[],
        annex=annex,
        number=inspection.number,
        date=timezone.localdate(inspection.submitted_at) if inspection.number and inspection.submitted_at else None,
    )
    document.annex_title = "ẢNH CHỤP TẠI CƠ SỞ ĐƯỢC KIỂM TRA"
    document.signature = None  # the record is signed by everyone above, not by the issuer
    return document


# The inspection plan's default "Nơi nhận"; a committee sets its own in the admin (steering.RecipientList).
PLAN_RECIPIENTS = [
    "Ban Thường trực Ủy ban MTTQ Việt Nam cùng cấp (để báo cáo)",
    "Các thành viên Ban Chỉ đạo",
    "Các thành viên Đoàn kiểm tra",
    "Các cơ sở được kiểm tra",
    "Lưu: VT.",
]


def plan_document(
    *,
    plan: InspectionPlan,
    issuer: Issuer,
    team: list,
    targets: list,
    addresses: dict[int, str] | None = None,
    recipients: list[str] | None = None,
) -> OfficialDocument:
    """The KẾ HOẠCH KIỂM TRA. `addresses`: business pk -> full address (selectors.business_addresses);
    `recipients`: the committee's own "Nơi nhận" (PLAN_RECIPIENTS by default)."""
    addresses = addresses or {}
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
                        addresses.get(t.business.pk) or f"{t.business.address}, {t.business.commune.name}",
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
        recipients=list(recipients or PLAN_RECIPIENTS),
        number=plan.number,
        date=plan.issued_on if plan.number else None,
    )
