"""The consolidated report as an Excel workbook (openpyxl write-only, via campaign_portal.xlsx). Pure: plain
rows in, bytes out. Sheets: cover (the document header), indicators, matrix (children x indicators, only the
values that are added, with the totals row equal to the PDF's figures), member agencies' values shown beside the
totals, completeness, narrative, and every accepted report below (detail)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone

from campaign_portal.documents.content import MOTTO, NATIONAL_NAME, date_line
from campaign_portal.xlsx import Column, Sheet, build_workbook
from reporting.consolidation.content import ConsolidatedDocument

TOTAL_LABEL = "Tổng cộng / tổng hợp"


def _format(value_type: str) -> str:
    return "#,##0.00" if value_type in ("percentage", "decimal", "money") else "#,##0"


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _cover(doc: ConsolidatedDocument, *, number: str, verification: str, content_hash: str) -> Sheet:
    h = doc.header
    lines = [
        h.parent_body,
        h.issuing_body,
        f"Số: {number}" if number else "Số:      ",
        NATIONAL_NAME,
        MOTTO,
        date_line(h.place, timezone.localdate()),
        "BÁO CÁO",
        doc.subject,
        "",
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
        [Column("Mục", width=28), Column("Nội dung", width=90, number_format="dd/mm/yyyy hh:mm")],
        info,
        header_lines=lines,
        freeze=False,
    )


def _indicators(doc: ConsolidatedDocument) -> Sheet:
    rows = [
        (
            i,
            line.code,
            line.area_title,
            line.label,
            line.unit_label,
            line.aggregation_text,
            line.value,
            line.sources,
        )
        for i, line in enumerate(doc.indicators, start=1)
    ]
    return Sheet(
        "Chỉ tiêu",
        [
            Column("STT", width=6),
            Column("Mã", width=8),
            Column("Lĩnh vực", width=36),
            Column("Chỉ tiêu", width=60),
            Column("Đơn vị tính", width=14),
            Column("Cách tổng hợp", width=20),
            Column("Kết quả", width=16, number_format="#,##0.##"),
            Column("Số báo cáo", width=11, number_format="#,##0"),
        ],
        rows,
        header_lines=[f"CHỈ TIÊU TỔNG HỢP – {doc.unit_name.upper()} – {doc.period_name}"],
    )


def _matrix(doc: ConsolidatedDocument) -> Sheet:
    columns = [Column("Mã đơn vị", width=12), Column("Đơn vị", width=36)]
    columns += [
        Column(f"{line.code} ({line.unit_label})", width=13, number_format=_format(line.value_type))
        for line in doc.indicators
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
            Column("Mã đơn vị", width=12),
            Column("Đơn vị", width=40),
            Column("Trạng thái", width=16),
            Column("Thời điểm gửi", width=18, number_format="dd/mm/yyyy hh:mm"),
            Column("Hạn gửi", width=12, number_format="dd/mm/yyyy"),
            Column("Đúng hạn", width=11),
            Column("Được tổng hợp", width=14),
            Column("Lý do không tổng hợp", width=26),
            Column("Lần nộp", width=9),
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
            Column("Chỉ tiêu", width=56),
            Column("Đơn vị tính", width=14),
            Column("Cơ quan thành viên", width=40),
            Column("Số liệu", width=14, number_format="#,##0.##"),
            Column("Vì sao không cộng", width=60),
        ],
        rows,
        header_lines=[
            f"SỐ LIỆU CỦA CÁC CƠ QUAN THÀNH VIÊN – {doc.unit_name.upper()} – {doc.period_name}",
            "Hiển thị bên cạnh số tổng hợp, không cộng vào số tổng hợp.",
        ],
    )


def _narrative(doc: ConsolidatedDocument) -> Sheet:
    rows = [(key, title, text) for key, title, _depth, text in doc.sections]
    return Sheet(
        "Nội dung báo cáo",
        [Column("Mục", width=8), Column("Tiêu đề", width=50), Column("Nội dung", width=100)],
        rows,
    )


def _detail(doc: ConsolidatedDocument, detail_rows: Iterable[tuple], row_count: int | None = None) -> Sheet:
    codes = [line.code for line in doc.indicators]
    columns = [
        Column("Mã đơn vị", width=12),
        Column("Đơn vị / tổ chức", width=36),
        Column("Cấp", width=9),
        Column("Báo cáo số", width=11),
        Column("Lần nộp", width=9),
    ]
    # General format here: this sheet can hold every commune of the country, and a styled cell costs a style
    # lookup each (the summary sheets above carry the number formats).
    columns += [Column(line.code, width=11) for line in doc.indicators]

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
    ]
    if detail_rows is not None:
        sheets.append(_detail(doc, detail_rows, row_count=detail_count))
    return build_workbook(sheets, on_progress=on_progress)
