"""Library floors: how fast openpyxl and reportlab write the same rows with nothing of ours on top.

Our builders (campaign_portal.xlsx, campaign_portal.documents.pdf) add formats, widths, the Decree 30 layout and the
header repeated on every page; a benchmark compares their time with these floors on the same rows, so a slowdown of ours
shows as a ratio that grows, whatever the machine.

    from bench.floors import openpyxl_floor, reportlab_floor, sample_rows
    rows = sample_rows(10_000)
    print(openpyxl_floor(rows, COLUMNS), reportlab_floor(rows, COLUMNS))

`python -m bench.floors [rows]` prints floors and builder times side by side.
"""

from __future__ import annotations

import datetime
import sys
import time
from collections.abc import Sequence
from io import BytesIO

__all__ = [
    "COLUMNS",
    "builder_pdf_seconds",
    "builder_xlsx_seconds",
    "openpyxl_floor",
    "reportlab_floor",
    "sample_rows",
]

COLUMNS = ["TT", "Đơn vị", "Chỉ tiêu", "Số lượng", "Số tiền (đồng)", "Tỷ lệ (%)"]
PDF_CHUNK_ROWS = 250


def _headers(columns: Sequence) -> list[str]:
    return [str(getattr(column, "header", column)) for column in columns]


def sample_rows(count: int, seed: int = 98) -> list[tuple]:
    """Deterministic rows shaped like a consolidated report: numbers, Vietnamese names, a percentage."""
    import random

    rng = random.Random(seed)
    units = ["Xã Nam Hồng", "Phường Hải Tân", "Thị trấn Nam Sách", "Xã Thượng Đạt", "Xã An Lâm", "Xã Cộng Hòa"]
    indicators = ["Hội nghị tuyên truyền", "Tin, bài trên báo chí", "Phiên chợ hàng Việt", "Cơ sở được kiểm tra"]
    return [
        (
            i,
            f"{rng.choice(units)} {i}",
            rng.choice(indicators),
            rng.randint(0, 5000),
            rng.randint(0, 2_000_000_000),
            round(rng.uniform(0, 100), 1),
        )
        for i in range(1, count + 1)
    ]


def openpyxl_floor(rows: Sequence[Sequence[object]], columns: Sequence) -> float:
    """Seconds for openpyxl's plain write-only loop: header row, then the rows, no styles, saved to memory."""
    from openpyxl import Workbook

    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Floor")
    ws.append(_headers(columns))
    for row in rows:
        ws.append(list(row))
    wb.save(BytesIO())
    return time.perf_counter() - started


def reportlab_floor(rows: Sequence[Sequence[object]], columns: Sequence) -> float:
    """Seconds for a plain platypus grid table in chunks, same fonts and page as our documents, nothing else."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from campaign_portal.documents.pdf import FONT, register_fonts

    register_fonts()  # not timed: a process registers them once
    started = time.perf_counter()
    headers = _headers(columns)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), 11),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ]
    )
    width = A4[0] - 45 * mm
    col_widths = [width / len(headers)] * len(headers)
    story = []
    data = [list(map(str, row)) for row in rows]
    for start in range(0, max(len(data), 1), PDF_CHUNK_ROWS):
        story.append(
            Table([headers, *data[start : start + PDF_CHUNK_ROWS]], colWidths=col_widths, repeatRows=1, style=style)
        )
    doc = SimpleDocTemplate(
        BytesIO(), pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    )
    doc.build(story)
    return time.perf_counter() - started


def builder_xlsx_seconds(rows: Sequence[Sequence[object]], columns: Sequence) -> float:
    """Seconds for campaign_portal.xlsx on the same rows (number formats on the numeric columns)."""
    from campaign_portal.xlsx import Column, Sheet, build_workbook

    cols = [
        Column(header, number_format="#,##0" if index in (3, 4) else ("0.0" if index == 5 else None))
        for index, header in enumerate(_headers(columns))
    ]
    started = time.perf_counter()
    build_workbook([Sheet("Bench", cols, rows, header_lines=["ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"])])
    return time.perf_counter() - started


def builder_pdf_seconds(rows: Sequence[Sequence[object]], columns: Sequence) -> float:
    """Seconds for campaign_portal.documents.pdf: a full official document whose annex is the table of the same rows."""
    from campaign_portal.documents.content import OfficialDocument, Para, Signature, Table
    from campaign_portal.documents.pdf import register_fonts, render_pdf

    register_fonts()
    headers = _headers(columns)
    doc = OfficialDocument(
        parent_body="ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG",
        issuing_body="BAN THƯỜNG TRỰC",
        number="1/BC-MT",
        place="Hải Dương",
        date=datetime.date(2021, 7, 5),
        doc_type="BC",
        subject="Benchmark",
        body=[Para("Biểu số liệu kèm theo.")],
        recipients=["Lưu: VT."],
        signature=Signature("TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"),
        annex=[Table(columns=headers, rows=rows, numeric={0, 3, 4, 5})],
        verification="BENC-HMRK",
    )
    started = time.perf_counter()
    render_pdf(doc, on_progress=lambda percent: None)
    return time.perf_counter() - started


def main(argv: Sequence[str]) -> None:
    count = int(argv[1]) if len(argv) > 1 else 10_000
    rows = sample_rows(count)
    for name, floor, ours in (
        ("xlsx", openpyxl_floor, builder_xlsx_seconds),
        ("pdf", reportlab_floor, builder_pdf_seconds),
    ):
        floor_s = floor(rows, COLUMNS)
        ours_s = ours(rows, COLUMNS)
        print(f"{name}: {count} rows  floor {floor_s:.2f}s  builder {ours_s:.2f}s  ratio {ours_s / floor_s:.2f}")


if __name__ == "__main__":
    main(sys.argv)
