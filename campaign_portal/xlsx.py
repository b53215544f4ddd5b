"""Excel workbooks streamed with openpyxl's write-only mode: memory stays flat however many rows there are.

The builder is pure (plain rows in, bytes out), so it is tested without a database and runs in a worker.

    content = build_workbook([
        Sheet("Tổng hợp", [Column("Đơn vị", width=40), Column("Số tiền (đồng)", number_format="#,##0")],
              rows=((unit.name, total) for unit, total in ...), header_lines=["ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"]),
    ])
    return xlsx_response(content, "Báo cáo 6 tháng 2021.xlsx")
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

__all__ = ["XLSX_CONTENT_TYPE", "Column", "Sheet", "build_workbook", "xlsx_response"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "Times New Roman"
MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE_ROWS = 50

_BOLD = Font(name=FONT_NAME, bold=True, size=12)
_HEADER_FONT = Font(name=FONT_NAME, bold=True, size=11)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="000000")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    width: float | None = None
    number_format: str | None = None


@dataclass
class Sheet:
    """One worksheet: optional bold header lines (e.g. the document header), the bold header row, then the rows.

    `rows` may be any iterable, including a generator: it is consumed once, row by row. For a generator, give
    `row_count` (e.g. from a COUNT query) so on_progress can advance while the rows stream.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    header_lines: list = field(default_factory=list)
    freeze: bool = True
    row_count: int | None = None


def _clean(value: object) -> object:
    """Make a value safe for a cell: no control characters, no formulas from user text, no time zones."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        try:
            from django.utils import timezone

            value = timezone.localtime(value)
        except Exception:  # noqa: BLE001, S110 (settings not configured: keep the datetime's own offset)
            pass
        return value.replace(tzinfo=None)
    return value


def _text_cell(ws, value: str) -> WriteOnlyCell:
    # openpyxl turns any string that starts with "=" into a formula; user text must never become one.
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _display_length(value: object, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    if isinstance(value, int):
        return len(f"{value:,}") if number_format else len(str(value))
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _column_widths(columns: Sequence[Column], sample: list[Sequence[object]]) -> list[float]:
    widths = []
    for index, column in enumerate(columns):
        if column.width:
            widths.append(float(column.width))
            continue
        header_words = max((len(word) for word in str(column.header).split()), default=0)
        header = min(len(str(column.header)), max(header_words, 20))
        longest = max(
            (_display_length(row[index], column.number_format) for row in sample if index < len(row)), default=0
        )
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, header, longest) + 2)))
    return widths


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", str(title or "Sheet")).strip("' ")[:31] or "Sheet"
    candidate = base
    for number in itertools.count(2):
        if candidate.lower() not in used:
            break
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def _write_sheet(wb: Workbook, sheet: Sheet, used_titles: set[str], tick: Callable[[int], None]) -> None:
    ws = wb.create_sheet(_sheet_title(sheet.title, used_titles))
    columns = list(sheet.columns)
    ncols = len(columns)
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))

    # Write-only sheets take column settings before the first row.
    for index, width in enumerate(_column_widths(columns, sample), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    header_lines = list(sheet.header_lines or [])
    header_row = len(header_lines) + 1
    if sheet.freeze and ncols:
        ws.freeze_panes = f"A{header_row + 1}"

    for line in header_lines:
        values = [line] if isinstance(line, str) else list(line)
        cells = []
        for value in values:
            value = _clean(value)
            cell = _text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
            cell.font = _BOLD
            cells.append(cell)
        ws.append(cells)

    header_cells = []
    for column in columns:
        cell = _text_cell(ws, _clean(str(column.header)))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        cell.border = _HEADER_BORDER
        header_cells.append(cell)
    ws.append(header_cells)

    # One styled prototype per formatted column; data cells share its style array (setting number_format on
    # every cell costs a style lookup each time, the main cost of a big sheet).
    styles = []
    for column in columns:
        if column.number_format:
            prototype = WriteOnlyCell(ws)
            prototype.number_format = column.number_format
            styles.append(prototype._style)
        else:
            styles.append(None)
    formatted = any(style is not None for style in styles)
    count = 0
    for row in itertools.chain(sample, rows):
        values = []
        for index, value in enumerate(itertools.islice(row, ncols) if ncols else row):
            value = _clean(value)
            if isinstance(value, str):
                if value.startswith("="):
                    value = _text_cell(ws, value)
            elif formatted and value is not None and index < ncols and styles[index] is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell._style = styles[index]
                value = cell
            values.append(value)
        ws.append(values)
        count += 1
        if count % 1000 == 0:
            tick(count)
    tick(count)


def build_workbook(sheets: Sequence[Sheet], on_progress: Callable[[int], None] | None = None) -> bytes:
    """Build an .xlsx file; on_progress(percent) gets increasing values up to 100.

    Progress follows the rows of sheets whose rows have a length (lists) or a row_count; any other generator
    counts as one step, taken when it is exhausted.
    """
    sheets = list(sheets)
    wb = Workbook(write_only=True)
    used_titles: set[str] = set()
    sizes = []
    for sheet in sheets:
        if sheet.row_count is not None:
            sizes.append(max(int(sheet.row_count), 1))
            continue
        try:
            sizes.append(max(len(sheet.rows), 1))  # type: ignore[arg-type]
        except TypeError:
            sizes.append(None)
    known_total = sum(size or 1 for size in sizes) or 1
    state = {"done": 0, "last": -1}

    def report(value: int) -> None:
        if on_progress is None:
            return
        percent = min(99, int(value * 100 / known_total))
        if percent > state["last"]:
            state["last"] = percent
            on_progress(percent)

    for sheet, size in zip(sheets, sizes, strict=True):
        base = state["done"]

        def tick(count: int, base: int = base, size: int | None = size) -> None:
            report(base + min(count, size) if size else base)

        _write_sheet(wb, sheet, used_titles, tick)
        state["done"] = base + (size or 1)
        report(state["done"])

    if not sheets:
        wb.create_sheet("Sheet")
    buffer = BytesIO()
    wb.save(buffer)
    if on_progress is not None:
        on_progress(100)
    return buffer.getvalue()


def ascii_filename(filename: str) -> str:
    """An ASCII stand-in for a Vietnamese file name ("Báo cáo 6 tháng.xlsx" -> "Bao cao 6 thang.xlsx")."""
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r'[\\/"\x00-\x1f\x7f;]', "_", text).strip() or "download"
    return text


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """RFC 6266 header with an ASCII fallback and the exact UTF-8 name (RFC 5987 filename*)."""
    kind = "attachment" if attachment else "inline"
    fallback = ascii_filename(filename)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
