"""The consolidated report as an Excel workbook (openpyxl write-only, via campaign_portal.xlsx). Pure: plain
rows in, bytes out. Sheets: cover (the document header), the official indicators table, matrix (children x indicators,
only the values that are added, with the totals row equal to the PDF's figures), member agencies' values shown beside
the totals, completeness, narrative, the indicators' internal codes and aggregation methods, and every accepted report
below (detail). Page setup, number formats and fonts come from campaign_portal.xlsx, so every sheet prints."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.utils import timezone

from campaign_portal.documents.content import MOTTO, NATIONAL_NAME, date_line
from campaign_portal.xlsx import PLAIN, Column, Sheet, Text, build_workbook
from reporting.consolidation.content import ConsolidatedDocument

TOTAL_LABEL = "Tổng cộng / tổng hợp"


def _money(value_type: str) -> bool:
    return value_type == "money"  # whole đồng; other numbers show as they are ("462", "462,5"), never "462.00"


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _cover(doc: ConsolidatedDocument, *, number: str, verification: str, content_hash: str) -> Sheet:
    """The document header laid out as in the PDF: the issuer's block on the left, the national name, motto and date
    line on the right, then the title; below, what the workbook holds."""
    h = doc.header
    letterhead = [
        [Text((h.parent_body or "").upper()), Text(NATIONAL_NAME, bold=True)],
        [Text((h.issuing_body or "").upper(), bold=True), Text(MOTTO, bold=True, size=13)],
        [Text(f"Số: {number}" if number else "Số:      "), Text(date_line(h.place, timezone.localdate()), italic=True)],
        [],
        [Text("BÁO CÁO", bold=True, size=14, span=2)],
        [Text(doc.subject, bold=True, size=13, span=2)],
        [],
    ]
    info = [
        ("Đơn vị", doc.unit_name),
        ("Kỳ báo cáo", f"{doc.period_name} ({doc.period_code})"),
        ("Số liệu tính đến", _local(doc.data_as_of)),
        ("Tính cả báo cáo gửi muộn", "Có" if doc.include_late else "Không"),
        ("Tình hình báo cáo", doc.completeness_text),
        ("Mã xác thực", verification),
        ("Mã băm nội dung (SHA-256)", content_hash),
    ]
    return Sheet(
        "Bìa",
        # The left column is as wide as the PDF's issuer block (about 40 % of the width); portrait, like the PDF.
        [
            Column("Mục", width=42),
            Column("Nội dung", width=66, number_format="dd/mm/yyyy hh:mm", wrap=True, align="left"),
        ],
        info,
        letterhead=letterhead,
        freeze=False,
    )


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out or str(number)


def _indicators(doc: ConsolidatedDocument) -> Sheet:
    """The official table: the indicators under their content areas, as the PDF's annex reads (internal codes and
    the aggregation method are on the "Mã chỉ tiêu" sheet, with the same STT)."""
    rows: list[tuple] = []
    group_rows = []
    number = 0
    for area in sorted({line.area for line in doc.indicators}):
        lines = [line for line in doc.indicators if line.area == area]
        group_rows.append(len(rows))
        rows.append((_roman(area), lines[0].area_title or f"Lĩnh vực {area}", None, None, None))
        for line in lines:
            number += 1
            rows.append((number, line.label, line.unit_label, line.value, line.sources))
    return Sheet(
        "Chỉ tiêu",
        [
            Column("STT", width=6, align="center"),
            Column("Chỉ tiêu", width=62, wrap=True),
            Column("Đơn vị tính", width=14, wrap=True),
            Column("Kết quả", width=16),
            Column("Số báo cáo", width=11),
        ],
        rows,
        header_lines=[f"CHỈ TIÊU TỔNG HỢP – {doc.unit_name.upper()} – {doc.period_name}"],
        bold_rows=group_rows,
    )


def _indicator_codes(doc: ConsolidatedDocument) -> Sheet:
    """Internal codes (the matrix and detail columns) and how each indicator is aggregated, by STT of "Chỉ tiêu"."""
    number = 0
    rows = []
    for area in sorted({line.area for line in doc.indicators}):
        for line in doc.indicators:
            if line.area == area:
                number += 1
                rows.append((number, line.code, line.label, line.unit_label, line.aggregation_text))
    return Sheet(
        "Mã chỉ tiêu",
        [
            Column("STT", width=6, align="center"),
            Column("Mã", width=8, repeat=True),
            Column("Chỉ tiêu", width=56, wrap=True),
            Column("Đơn vị tính", width=14, wrap=True),
            Column("Cách tổng hợp", width=26, wrap=True),
        ],
        rows,
        header_lines=[f"MÃ CHỈ TIÊU VÀ CÁCH TỔNG HỢP – {doc.unit_name.upper()} – {doc.period_name}"],
    )


def _matrix(doc: ConsolidatedDocument) -> Sheet:
    # The unit's code and name print on every page across (a province has dozens of indicator columns).
    columns = [Column("Mã đơn vị", width=9, repeat=True), Column("Đơn vị", width=30, wrap=True, repeat=True)]
    columns += [
        Column(f"{line.code} ({line.unit_label})", width=11, money=_money(line.value_type)) for line in doc.indicators
    ]
    rows: list[list] = [[code, name, *values] for code, name, values in doc.matrix_rows]
    rows.append(["", TOTAL_LABEL, *doc.matrix_totals])
    return Sheet(
        "Ma trận",
        columns,
        rows,
        header_lines=[
            f"SỐ LIỆU THEO ĐƠN VỊ – {doc.unit_name.upper()} – {doc.period_name}",
            "Dòng cuối: tổng hợp theo quy tắc của từng chỉ tiêu (cộng; tỷ lệ bình quân gia quyền hoặc tính lại).",
        ],
        bold_rows=[len(rows) - 1],
    )


def _completeness(doc: ConsolidatedDocument) -> Sheet:
    rows = [
        (
            line.unit_code,
            line.unit_name,
            line.status_text,
            _local(line.submitted_at),
            line.deadline,
            {True: "Đúng hạn", False: "Muộn", None: ""}[line.on_time],
            "Có" if line.counted else "Không",
            line.reason_text,
            line.submission_number,
        )
        for line in doc.completeness
    ]
    return Sheet(
        "Tình hình báo cáo",
        [
            Column("Mã đơn vị", width=10, repeat=True),
            Column("Đơn vị", width=34, wrap=True, repeat=True),
            Column("Trạng thái", width=16, wrap=True),
            Column("Thời điểm gửi", width=16, number_format="dd/mm/yyyy hh:mm"),
            Column("Hạn gửi", width=11, number_format="dd/mm/yyyy"),
            Column("Đúng hạn", width=10),
            Column("Được tổng hợp", width=11),
            Column("Lý do không tổng hợp", width=30, wrap=True),
            Column("Lần nộp", width=8, number_format=PLAIN),
        ],
        rows,
        header_lines=[f"TÌNH HÌNH GỬI BÁO CÁO – {doc.completeness_text}"],
    )


def _beside(doc: ConsolidatedDocument) -> Sheet:
    rows = [
        (line.code, line.label, line.unit_label, line.reporter, line.value, line.reason_text) for line in doc.beside
    ]
    return Sheet(
        "Cơ quan thành viên",
        [
            Column("Mã", width=8),
            Column("Chỉ tiêu", width=44, wrap=True),
            Column("Đơn vị tính", width=11, wrap=True),
            Column("Cơ quan thành viên", width=30, wrap=True),
            Column("Số liệu", width=12),
            Column("Vì sao không cộng", width=68, wrap=True),
        ],
        rows,
        header_lines=[
            f"SỐ LIỆU CỦA CÁC CƠ QUAN THÀNH VIÊN – {doc.unit_name.upper()} – {doc.period_name}",
            "Hiển thị bên cạnh số tổng hợp, không cộng vào số tổng hợp.",
        ],
    )


def _narrative(doc: ConsolidatedDocument) -> Sheet:
    """One row per paragraph, so a long section breaks across pages between paragraphs (a cell cannot, and Excel
    cuts a row taller than 409 points)."""
    rows = []
    for key, title, _depth, text in doc.sections:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()] or [text or None]
        rows.append((key, title, paragraphs[0]))
        rows.extend(("", "", paragraph) for paragraph in paragraphs[1:])
    return Sheet(
        "Nội dung báo cáo",
        [Column("Mục", width=7), Column("Tiêu đề", width=34, wrap=True), Column("Nội dung", width=110, wrap=True)],
        rows,
        header_lines=[f"NỘI DUNG BÁO CÁO – {doc.unit_name.upper()} – {doc.period_name}"],
    )


def _detail(doc: ConsolidatedDocument, detail_rows: Iterable[tuple], row_count: int | None = None) -> Sheet:
    codes = [line.code for line in doc.indicators]
    columns = [
        Column("Mã đơn vị", width=9, repeat=True),
        Column("Đơn vị / tổ chức", width=30, wrap=True, repeat=True),
        Column("Cấp", width=8, wrap=True),
        Column("Báo cáo số", width=9, number_format=PLAIN),
        Column("Lần nộp", width=7, number_format=PLAIN),
    ]
    columns += [Column(line.code, width=10, money=_money(line.value_type)) for line in doc.indicators]

    def rows():
        for code, name, level, report_id, number, values in detail_rows:
            yield [code, name, level, report_id, number, *(_number(values.get(c)) for c in codes)]

    return Sheet(
        "Chi tiết",
        columns,
        rows(),
        header_lines=["MỌI BÁO CÁO ĐÃ ĐƯỢC TIẾP NHẬN Ở CÁC CẤP DƯỚI (giá trị theo lần nộp được tiếp nhận)"],
        row_count=row_count,
    )


def _number(text):
    if text in (None, ""):
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def build(
    doc: ConsolidatedDocument,
    *,
    number: str = "",
    verification: str = "",
    content_hash: str = "",
    detail_rows: Iterable[tuple] | None = None,
    detail_count: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> bytes:
    """The workbook. `detail_count` (how many rows the detail generator yields) lets the progress move while the
    detail sheet streams, which is most of the work for a province or the whole country."""
    sheets = [
        _cover(doc, number=number, verification=verification, content_hash=content_hash),
        _indicators(doc),
        _matrix(doc),
        *([_beside(doc)] if doc.beside else []),  # like the PDF: only when member agencies' values stand beside
        _completeness(doc),
        _narrative(doc),
        _indicator_codes(doc),
    ]
    if detail_rows is not None:
        sheets.append(_detail(doc, detail_rows, row_count=detail_count))
    return build_workbook(sheets, on_progress=on_progress)
