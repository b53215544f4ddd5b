"""Excel workbooks streamed with openpyxl's write-only mode: memory stays flat however many rows there are.

The builder is pure (plain rows in, bytes out), so it is tested without a database and runs in a worker.

    content = build_workbook([
        Sheet("Tổng hợp", [Column("Đơn vị", width=40, repeat=True), Column("Số tiền (đồng)", money=True)],
              rows=((unit.name, total) for unit, total in ...), header_lines=["ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"]),
    ])
    return xlsx_response(content, "Báo cáo 6 tháng 2021.xlsx")

Every workbook prints: A4, landscape when the columns are wide, scaled to the page width, the header lines and the
column header row repeated on every page (and the columns that name the unit, when a sheet says which), a "Trang 1 / 3"
footer, sentences wrapped in their cells, Times New Roman throughout (the workbook's Normal style included). Numbers
take their format from their value: "1.234" for a whole number, "462,5" or "0,25" otherwise (a Vietnamese-locale
Excel shows "#,##0.0" that way), never "462.00"; money shows whole đồng.
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

__all__ = [
    "INTEGER",
    "PLAIN",
    "XLSX_CONTENT_TYPE",
    "Column",
    "Sheet",
    "Text",
    "build_workbook",
    "number_format_for",
    "xlsx_response",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "Times New Roman"
BODY_SIZE = 11
MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE_ROWS = 50
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell

# Number formats. A Vietnamese-locale Excel shows "#,##0" as 1.234 and "#,##0.0" as 462,5.
INTEGER = "#,##0"
ONE_DECIMAL = "#,##0.0"
TWO_DECIMALS = "#,##0.00"
PLAIN = "0"  # identifiers and years: 2021, not 2.021
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
TIME = "hh:mm"

# Page setup. Widths are Excel's: characters of the Normal font (about 1.9 mm each when printed at 100 %).
PORTRAIT_WIDTH = 110  # wider sheets print landscape
PAGE_WIDTH = 200  # a landscape page holds this much at ~73 %; a wider sheet with repeated columns takes more pages
MARGINS = {"left": 0.6, "right": 0.4, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}  # inches
FOOTER = "Trang &P / &N"
A4 = 9  # pageSetup paperSize

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """One column of a sheet's table.

    number_format: a fixed format for the column's numbers (or dates); without one, numbers take theirs from their
      value (whole: "#,##0"; otherwise one or two decimals) and dates show dd/mm/yyyy. PLAIN for identifiers.
    money: whole đồng with thousands separators ("#,##0").
    wrap: True wraps every text (sentences: titles, descriptions, narrative); None (the default) wraps the texts
      too long for the column; False never wraps.
    repeat: print this column on every page, at the left (the column that names the unit). Repeated columns are
      the leading ones; Sheet(repeat_columns=n) says the same.
    align: the cells' horizontal alignment ("left", "center", "right"); None: Excel's (text left, numbers right).
    """

    header: str
    width: float | None = None
    number_format: str | None = None
    wrap: bool | None = None
    money: bool = False
    repeat: bool = False
    align: str | None = None


@dataclass(frozen=True)
class Text:
    """One cell of a letterhead row, with its look; `span` columns are merged from it to the right."""

    value: object
    bold: bool = False
    italic: bool = False
    size: float = 12
    align: str = "center"
    span: int = 1


@dataclass
class Sheet:
    """One worksheet: an optional letterhead, optional bold header lines (e.g. the document header), the bold header
    row, then the rows.

    `rows` may be any iterable, including a generator: it is consumed once, row by row. For a generator, give
    `row_count` (e.g. from a COUNT query) so on_progress can advance while the rows stream.

    header_lines: each a text (one line across the table, wrapped if long) or a sequence of values (side by side,
      one per column). They print on every page, above the header row.
    letterhead: rows of Text (or plain values) above the header lines, printed once: e.g. the issuer's block on the
      left and the national name on the right, as in the PDF.
    landscape: None decides by the width of the columns (wider than PORTRAIT_WIDTH: landscape).
    repeat_columns: how many leading columns print on every page (see Column.repeat).
    bold_rows: indexes (from 0) of the rows to set in bold: group titles, totals.
    """

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    header_lines: list = field(default_factory=list)
    freeze: bool = True
    row_count: int | None = None
    letterhead: Sequence[Sequence[object]] = ()
    landscape: bool | None = None
    repeat_columns: int = 0
    bold_rows: Collection[int] = ()


def number_format_for(value: int | float | Decimal) -> str:
    """The format that shows a number as it is: "#,##0" when whole, else one or two decimals (rounded to two)."""
    if isinstance(value, int):
        return INTEGER
    try:
        if isinstance(value, Decimal):
            rounded = round(value, 2)
            if rounded == rounded.to_integral_value():
                return INTEGER
            tenths = rounded * 10
            return ONE_DECIMAL if tenths == tenths.to_integral_value() else TWO_DECIMALS
        rounded = round(float(value), 2)
        if rounded.is_integer():
            return INTEGER
        return ONE_DECIMAL if round(rounded * 10, 6).is_integer() else TWO_DECIMALS
    except (InvalidOperation, OverflowError, ValueError):
        return INTEGER


def _clean(value: object) -> object:
    """Make a value safe for a cell: no control characters, no formulas from user text, no time zones."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        try:
            from django.utils import timezone

            value = timezone.localtime(value)
        except Exception:  # noqa: BLE001, S110 (settings not configured: keep the datetime's own offset)
            pass
        return value.replace(tzinfo=None)
    return value


def _display_length(value: object, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1
    if isinstance(value, float | Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, int):
        return len(str(value)) if number_format == PLAIN else len(f"{value:,}")
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


# Row heights. LibreOffice (and WPS) keep the default height of a row whose height the file does not give, however
# many lines its wrapped cells take, and Excel never fits merged cells: so a row with wrapped text carries a height,
# from the text wrapped word by word at Times New Roman's widths. A column of width w holds about 7 w pixels at 96 dpi;
# 11 points are 14.67 pixels; a line is 1.25 times the font size.
_ASCII_WIDTHS = (  # Times New Roman advance widths of " " to "~", in thousandths of an em
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 278 278 "
    "564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 722 944 "
    "722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 "
    "278 500 500 722 500 500 444 480 200 480 541"
)
_EM_PX = BODY_SIZE * 96 / 72
_BOLD = 1.07
_MARGIN = 1.02  # better a line too many than a cut one
_LINE = 1.25


class _Widths(dict):
    """Pixels of a character at the body size; a Vietnamese letter as its base letter (ơ and ư a little wider)."""

    def __missing__(self, char: str) -> float:
        base = unicodedata.normalize("NFD", char)
        if base[0] != char and base[0] in self:
            width = self[base[0]] + (0.035 * _EM_PX if "\u031b" in base else 0)  # the horn of ơ, ư
        elif char in "đĐ":
            width = self["d" if char == "đ" else "D"]
        elif unicodedata.combining(char):
            width = 0.0
        elif unicodedata.east_asian_width(char) in "WF":
            width = _EM_PX
        else:
            width = 0.556 * _EM_PX
        self[char] = width
        return width


_WIDTHS = _Widths({chr(32 + index): int(width) * _EM_PX / 1000 for index, width in enumerate(_ASCII_WIDTHS.split())})


def _text_lines(text: str, width: float, size: float = BODY_SIZE, bold: bool = False) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide."""
    room = max(width * 7, 12) * BODY_SIZE / size / ((_BOLD if bold else 1.0) * _MARGIN)  # pixels, body font
    space = _WIDTHS[" "]
    lines = 0
    for line in text.split("\n"):
        lines += 1
        if sum(map(_WIDTHS.__getitem__, line)) <= room:
            continue
        used = 0.0
        for word in line.split(" "):
            pixels = sum(map(_WIDTHS.__getitem__, word))
            if used and used + space + pixels <= room:
                used += space + pixels
                continue
            if used:
                lines += 1
            while pixels > room:  # a word longer than the column breaks where it must
                lines += 1
                pixels -= room
            used = pixels
    return lines


def _height(lines: int, size: float = BODY_SIZE) -> float:
    return round(lines * size * _LINE + 3, 1)


# --- Cells --------------------------------------------------------------------------------------------------------
# The write-only sheet is given ready cells (type and style set here), so no value goes through openpyxl's type
# guessing and no style is looked up per cell: a styled cell costs about as much as a bare value.


class _Cell(Cell):
    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:  # the id was looked up once for the style, not per cell
        return self._style_id


def _placed(cells: list[_Cell], row_index: int):
    """Replaces the write-only sheet's _values_to_row (openpyxl 3.1): the cells come ready, only the row is set."""
    for cell in cells:
        cell.row = row_index
        yield cell


class _Styles:
    """The workbook's cell styles, each registered once: (style array, id) by a key of its looks."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.cache: dict[tuple, tuple] = {}

    def get(
        self,
        ws,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float = BODY_SIZE,
        horizontal: str | None = None,
        vertical: str = "top",
        wrap: bool = False,
        border: bool = False,
        fill: bool = False,
        number_format: str = "General",
    ) -> tuple:
        key = (bold, italic, size, horizontal, vertical, wrap, border, fill, number_format)
        found = self.cache.get(key)
        if found is None:
            prototype = WriteOnlyCell(ws)
            prototype.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic, family=1)
            prototype.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap or None)
            if border:
                prototype.border = _BORDER
            if fill:
                prototype.fill = _HEADER_FILL
            prototype.number_format = number_format
            style = prototype._style
            found = self.cache[key] = (style, self.wb._cell_styles.add(style))
        return found


def _make(ws, column: int, value: object, data_type: str, style: tuple | None) -> _Cell:
    cell = _Cell(ws, row=1, column=column)
    cell._value = value
    cell.data_type = data_type
    if style is None:
        cell._style_id = 0
    else:
        cell._style, cell._style_id = style
    return cell


def _typed(ws, column: int, value: object, style: tuple | None) -> _Cell:
    """A cell for any value: text is always text (never a formula), numbers and dates typed."""
    value = _clean(value)
    if isinstance(value, str):
        return _make(ws, column, value, "s", style)
    cell = _Cell(ws, row=1, column=column)
    cell.value = value  # openpyxl's own typing (numbers, dates)
    if style is not None:
        cell._style, cell._style_id = style
    else:
        cell._style_id = cell.parent.parent._cell_styles.add(cell._style) if cell.has_style else 0
    return cell


class _ColumnCells:
    """Makes a data cell of one column: type from the value, style from the column, the value and the row."""

    def __init__(self, ws, styles: _Styles, column: Column, index: int, width: float, bold: bool):
        self.ws, self.styles, self.index, self.bold, self.width = ws, styles, index, bold, width
        self.lines = 1  # of the last text made: the row's height follows its tallest cell
        self.wrap, self.align = column.wrap, column.align
        self.limit = width / 2  # a text this long may reach the column's edge: wrap it (wrapping a short one is free)
        fixed = INTEGER if column.money else column.number_format
        self.date_format = fixed if fixed and is_date_format(fixed) else None
        self.number_format = fixed if fixed and not self.date_format else None
        self.cache: dict[object, tuple] = {}

    def style(self, kind: object) -> tuple:
        found = self.cache.get(kind)
        if found is None:
            looks = {"bold": self.bold, "border": True, "horizontal": self.align}
            if kind == "text":
                looks["wrap"] = False
            elif kind == "wrap":
                looks["wrap"] = True
            elif kind == "bool":
                looks["horizontal"] = self.align or "center"
            elif kind != "empty":
                looks["number_format"] = kind
            found = self.cache[kind] = self.styles.get(self.ws, **looks)
        return found

    def __call__(self, value: object) -> _Cell:
        self.lines = 1
        if value is None:
            return _make(self.ws, self.index, None, "n", self.style("empty"))
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
            if not value:
                return _make(self.ws, self.index, None, "n", self.style("empty"))
            wrap = self.wrap
            if wrap is None:
                wrap = len(value) > self.limit or "\n" in value
            if wrap:
                self.lines = _text_lines(value, self.width, BODY_SIZE, self.bold)
            return _make(self.ws, self.index, value, "s", self.style("wrap" if wrap else "text"))
        if isinstance(value, bool):
            return _make(self.ws, self.index, value, "b", self.style("bool"))
        if isinstance(value, int | float | Decimal):
            if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
                return _make(self.ws, self.index, None, "n", self.style("empty"))
            fmt = self.number_format or number_format_for(value)
            return _make(self.ws, self.index, value, "n", self.style(fmt))
        value = _clean(value)
        if isinstance(value, str):  # a lazy translation
            return self(value)
        if isinstance(value, datetime.datetime):
            fmt = self.date_format or DATETIME
        elif isinstance(value, datetime.date):
            fmt = self.date_format or DATE
        elif isinstance(value, datetime.time):
            fmt = self.date_format or TIME
        else:
            return _typed(self.ws, self.index, value, self.style("empty"))
        return _make(self.ws, self.index, value, "d", self.style(fmt))


# --- Sheets -------------------------------------------------------------------------------------------------------


def _repeat_count(sheet: Sheet, columns: Sequence[Column]) -> int:
    flagged = [index + 1 for index, column in enumerate(columns) if column.repeat]
    return min(max([sheet.repeat_columns or 0, *flagged]), len(columns))


def _page_setup(ws, sheet: Sheet, widths: list[float], repeat: int, first_title_row: int, header_row: int) -> int:
    """A4, landscape when wide, scaled to the page width, titles repeated, numbered pages; returns the pages across."""
    total = sum(widths)
    landscape = sheet.landscape if sheet.landscape is not None else total > PORTRAIT_WIDTH
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    pages_wide = 1
    repeated = sum(widths[:repeat])
    if repeat and total > PAGE_WIDTH and repeated < PAGE_WIDTH / 2:
        # Too wide for one legible page: several pages across, the unit's columns printed again on each.
        pages_wide = max(1, math.ceil((total - repeated) / (PAGE_WIDTH - repeated) - 0.2))  # a little smaller
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.page_margins = PageMargins(**MARGINS)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"
    ws.oddFooter.center.size = 10
    ws.print_title_rows = f"{first_title_row}:{header_row}"
    if repeat:
        ws.print_title_cols = f"A:{get_column_letter(repeat)}"
    return pages_wide


def _merge(ws, row: int, first: int, last: int) -> None:
    ws.merged_cells.add(CellRange(min_col=first, max_col=last, min_row=row, max_row=row))


def _write_sheet(
    wb: Workbook, styles: _Styles, sheet: Sheet, used_titles: set[str], tick: Callable[[int], None]
) -> None:
    ws = wb.create_sheet(_sheet_title(sheet.title, used_titles))
    ws._values_to_row = _placed
    columns = list(sheet.columns)
    ncols = len(columns)
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    widths = _column_widths(columns, sample)
    repeat = _repeat_count(sheet, columns)
    letterhead = [list(line) for line in sheet.letterhead or []]
    header_lines = list(sheet.header_lines or [])
    first_title_row = len(letterhead) + 1
    header_row = first_title_row + len(header_lines)

    # Write-only sheets take column settings, views and page properties before the first row.
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if sheet.freeze and ncols:
        ws.freeze_panes = f"{get_column_letter(repeat + 1)}{header_row + 1}"
    pages_wide = _page_setup(ws, sheet, widths, repeat, first_title_row, header_row)
    # A title line spans the table, or the repeated columns when the table prints several pages across (so the
    # title prints on every page, in the corner the repeated rows and columns share).
    title_span = repeat if pages_wide > 1 else ncols
    title_width = sum(widths[:title_span]) or MAX_WIDTH

    row_number = 0

    def append(cells: list, height: float | None = None) -> None:
        nonlocal row_number
        row_number += 1
        if height:
            ws.row_dimensions[row_number].height = height
            ws.append(cells)
            del ws.row_dimensions[row_number]  # written: memory stays flat however many rows
        else:
            ws.append(cells)

    for line in letterhead:
        cells, column, lines = [], 1, [1]
        for item in line:
            text = item if isinstance(item, Text) else Text(item)
            span = max(1, int(text.span))
            if text.value not in (None, ""):
                style = styles.get(
                    ws,
                    bold=text.bold,
                    italic=text.italic,
                    size=text.size,
                    horizontal=text.align,
                    wrap=True,
                )
                cells.append(_typed(ws, column, text.value, style))
                width = sum(widths[column - 1 : column - 1 + span]) or MAX_WIDTH
                lines.append(_text_lines(str(_clean(text.value)), width, text.size, text.bold))
            if span > 1:
                _merge(ws, row_number + 1, column, column + span - 1)
            column += span
        append(cells, _height(max(lines), max([12, *(t.size for t in line if isinstance(t, Text))])))

    line_style = styles.get(ws, bold=True, size=12, vertical="center", wrap=True)
    side_style = styles.get(ws, bold=True, size=12, vertical="center")
    for line in header_lines:
        if isinstance(line, str | Promise):
            text = _clean(line)
            if title_span > 1:
                _merge(ws, row_number + 1, 1, title_span)
            append([_make(ws, 1, text, "s", line_style)], _height(_text_lines(text, title_width, 12, True), 12))
        else:
            append([_typed(ws, index, value, side_style) for index, value in enumerate(line, start=1)])

    header_style = styles.get(ws, bold=True, horizontal="center", vertical="center", wrap=True, border=True, fill=True)
    headers = [_clean(str(c.header)) for c in columns]
    lines = max((_text_lines(h, w, BODY_SIZE, True) for h, w in zip(headers, widths, strict=True)), default=1)
    append(
        [_make(ws, index, header, "s", header_style) for index, header in enumerate(headers, start=1)],
        _height(lines) if lines > 1 else None,
    )

    makers_of = {
        bold: [
            _ColumnCells(ws, styles, c, i, w, bold=bold)
            for i, (c, w) in enumerate(zip(columns, widths, strict=True), 1)
        ]
        for bold in (False, True)
    }
    bold_rows = set(sheet.bold_rows or ())
    count = 0
    for row in itertools.chain(sample, rows):
        if ncols:
            makers = makers_of[count in bold_rows]
            cells = [make(value) for make, value in zip(makers, row, strict=False)]  # extra values are dropped
            lines = max(make.lines for make in makers[: len(cells)]) if cells else 1
            cells += [make(None) for make in makers[len(cells) :]]  # a short row still has its borders
        else:  # a sheet without columns: the values as they come
            cells, lines = [_typed(ws, index, value, None) for index, value in enumerate(row, start=1)], 1
        append(cells, _height(lines) if lines > 1 else None)
        count += 1
        if count % 1000 == 0:
            tick(count)
    tick(count)


def _use_body_font(wb: Workbook) -> None:
    """Times New Roman for the Normal style and the default font: empty cells and new ones are not Calibri."""
    font = Font(name=FONT_NAME, size=BODY_SIZE, family=1)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


def build_workbook(sheets: Sequence[Sheet], on_progress: Callable[[int], None] | None = None) -> bytes:
    """Build an .xlsx file; on_progress(percent) gets increasing values up to 100.

    Progress follows the rows of sheets whose rows have a length (lists) or a row_count; any other generator
    counts as one step, taken when it is exhausted.
    """
    sheets = list(sheets)
    wb = Workbook(write_only=True)
    _use_body_font(wb)
    styles = _Styles(wb)
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

        _write_sheet(wb, styles, sheet, used_titles, tick)
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
