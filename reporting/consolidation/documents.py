"""The consolidated report as an official document (Decree 30 layout, rendered by campaign_portal.documents as PDF
and Word). Pure: plain rows in, an OfficialDocument out. The annex tables are the indicator table by content area,
the member agencies' figures shown beside it and the list of who reported."""

from __future__ import annotations

from campaign_portal.documents import content as pdf
from campaign_portal.documents.content import OfficialDocument
from reporting.consolidation.content import ConsolidatedDocument
from steering.text import in_sentence


def value_text(value, value_type: str) -> str:
    if value is None:
        return "—"
    decimals = 2 if value_type in ("percentage", "decimal", "money") else 0
    return pdf.format_number(value, decimals if value != value.to_integral_value() else 0)


def _heading(key: str, title: str, depth: int) -> pdf.Heading:
    if depth <= 1:
        return pdf.Heading(f"{key}. {title.upper()}", level=1)
    number = key.rsplit(".", 1)[-1]
    return pdf.Heading(f"{number}. {title}", level=2)


def _has_text(doc: ConsolidatedDocument) -> set[str]:
    """The keys with something to print: a section with text, and every heading above one."""
    keys = set()
    for key, _title, _depth, text in doc.sections:
        if text.strip():
            parts = key.split(".")
            keys.update(".".join(parts[: n + 1]) for n in range(len(parts)))
    return keys


def body_blocks(doc: ConsolidatedDocument) -> list:
    """The opening (the plan it implements), the data window, who reported, then the outline: a heading with
    nothing under it is not printed."""
    opening = doc.opening or (
        f"Thực hiện chương trình công tác năm {doc.year}, Ban Thường trực báo cáo kết quả thực hiện Cuộc vận động "
        f"“Người Việt Nam ưu tiên dùng hàng Việt Nam” như sau:"
    )
    blocks: list = [pdf.Para(opening)]
    if doc.cutoff_text:
        blocks.append(pdf.Para(f"<i>{doc.cutoff_text}</i>"))
    blocks.append(pdf.Para(doc.completeness_text))
    printed = _has_text(doc)
    for key, title, depth, text in doc.sections:
        if key not in printed:
            continue
        blocks.append(_heading(key, title, depth))
        if text:
            blocks.append(pdf.Para(text))
    blocks.append(pdf.Para("(Có phụ lục số liệu kèm theo)"))
    return blocks


def annex_blocks(doc: ConsolidatedDocument) -> list:
    blocks: list = [
        pdf.Heading("BIỂU TỔNG HỢP SỐ LIỆU", level=1),
        pdf.Para(
            f"(Kèm theo báo cáo của {in_sentence(doc.unit_name)}; số liệu tính đến "
            f"{doc.data_as_of.astimezone(_tz()).strftime('%H:%M %d/%m/%Y')})"
        ),
    ]
    number = 0
    for area in sorted({line.area for line in doc.indicators}):
        rows = []
        for line in doc.indicators:
            if line.area != area:
                continue
            number += 1
            rows.append(
                [
                    number,
                    line.label,
                    line.unit_label,
                    value_text(line.value, line.value_type),
                ]
            )
        blocks.append(
            pdf.Table(
                columns=["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
                rows=rows,
                col_widths=[0.6, 6, 1.4, 1.4],
                numeric={0, 3},
                title=f"{area}. {next(line.area_title for line in doc.indicators if line.area == area)}",
            )
        )
    if doc.beside:
        blocks.append(
            pdf.Table(
                columns=["Chỉ tiêu", "Cơ quan thành viên", "Đơn vị tính", "Số liệu"],
                rows=[
                    [
                        line.label if i == 0 or doc.beside[i - 1].code != line.code else "",
                        line.reporter,
                        line.unit_label,
                        value_text(line.value, line.value_type),
                    ]
                    for i, line in enumerate(doc.beside)
                ],
                col_widths=[4.6, 3.2, 1.4, 1.4],
                numeric={3},
                title="SỐ LIỆU CỦA CÁC CƠ QUAN THÀNH VIÊN (không cộng vào số tổng hợp)",
            )
        )
    blocks.append(
        pdf.Table(
            columns=["Đơn vị", "Tình trạng", "Ngày gửi", "Đúng hạn", "Tổng hợp"],
            rows=[
                [
                    line.unit_name,
                    line.reason_text or line.status_text,
                    line.submitted_at.astimezone(_tz()).strftime("%d/%m/%Y") if line.submitted_at else "",
                    {True: "Đúng hạn", False: "Muộn", None: ""}[line.on_time],
                    "Có" if line.counted else "Không",
                ]
                for line in doc.completeness
            ],
            col_widths=[4, 2.4, 1.5, 1.3, 1.1],
            title="TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ",
        )
    )
    return blocks


def _tz():
    from django.utils import timezone

    return timezone.get_default_timezone()


def official_document(doc: ConsolidatedDocument) -> OfficialDocument:
    """The consolidated report as a draft document: no number, no date (it gets both when it is issued)."""
    return OfficialDocument.for_issuer(
        doc.header,
        doc_type="BC",
        subject=doc.subject,
        body=body_blocks(doc),
        recipients=doc.recipients,
        annex=annex_blocks(doc),
    )
