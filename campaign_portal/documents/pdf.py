"""The PDF renderer of official documents (Decree 30/2020/NĐ-CP layout), with reportlab platypus.

Pure: an OfficialDocument (campaign_portal.documents.content) in, PDF bytes out, no ORM access, so callers test it
without a database and run it in a worker. Output is invariant (no creation time or random id in the file): the
same content gives the same bytes, so an issued file's hash means something.

    content = render_pdf(doc, on_progress=lambda percent: ...)
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from campaign_portal.documents.content import (
    DRAFT_MARK,
    DRAFT_NOTE,
    MOTTO,
    NATIONAL_NAME,
    PRODUCER,
    VERIFICATION_TEXT,
    Block,
    Bullets,
    Heading,
    Image,
    ImageGrid,
    NewPage,
    OfficialDocument,
    Para,
    Signature,
    Signatures,
    Table,
    annex_note,
    format_number,
    recipient_lines,
)

__all__ = ["render_pdf"]

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT


HEADER_BACKGROUND = colors.Color(0.93, 0.93, 0.93)

# reportlab lays out one huge Table far slower than several small ones (10,000 rows: 4.9 s vs 1.8 s).
TABLE_CHUNK_ROWS = 250

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register Liberation Serif (full Vietnamese glyphs) once, as a family so <b> and <i> pick the right face."""
    global _fonts_registered
    if _fonts_registered:
        return
    with _font_lock:
        if _fonts_registered:
            return
        for name, filename in (
            (FONT, "LiberationSerif-Regular.ttf"),
            (FONT_BOLD, "LiberationSerif-Bold.ttf"),
            (FONT_ITALIC, "LiberationSerif-Italic.ttf"),
            (FONT_BOLD_ITALIC, "LiberationSerif-BoldItalic.ttf"),
        ):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True


_ALLOWED_TAG = re.compile(r"&lt;(/?)(b|i|u|sup|sub)&gt;|&lt;br\s*/?&gt;", re.IGNORECASE)


def _markup(text: str) -> str:
    """Escape a text for a Paragraph, then restore the few simple inline tags we allow."""

    def restore(match: re.Match) -> str:
        if match.group(2):
            return f"<{match.group(1)}{match.group(2).lower()}>"
        return "<br/>"

    return _ALLOWED_TAG.sub(restore, escape(str(text)))


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from user text: allowed tags if they parse, otherwise the text printed literally."""
    try:
        return Paragraph(_markup(text), style)
    except ValueError:
        return Paragraph(escape(str(text)), style)


# --------------------------------------------------------------------------------------------------------------
# Styles


def _style(name: str, **kwargs) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 13, "leading": 17, "alignment": TA_LEFT}
    base.update(kwargs)
    if "leading" not in kwargs:
        base["leading"] = round(base["fontSize"] * 1.3, 1)
    return ParagraphStyle(name, **base)


class _Styles:
    def __init__(self) -> None:
        self.parent = _style("parent", fontSize=12.5, alignment=TA_CENTER, leading=15)
        self.issuer = _style("issuer", fontName=FONT_BOLD, fontSize=12.5, alignment=TA_CENTER, leading=15)
        self.number = _style("number", fontSize=13, alignment=TA_CENTER, leading=16)
        self.national = _style("national", fontName=FONT_BOLD, fontSize=12.5, alignment=TA_CENTER, leading=15)
        self.motto = _style("motto", fontName=FONT_BOLD, fontSize=13, alignment=TA_CENTER, leading=16)
        self.date = _style("date", fontName=FONT_ITALIC, fontSize=13, alignment=TA_CENTER, leading=16)
        self.doc_type = _style("doc_type", fontName=FONT_BOLD, fontSize=14, alignment=TA_CENTER, leading=18)
        self.subject = _style("subject", fontName=FONT_BOLD, fontSize=14, alignment=TA_CENTER, leading=18)
        self.annex_note = _style("annex_note", fontName=FONT_ITALIC, fontSize=13, alignment=TA_CENTER)
        self.body = _style("body", fontSize=13, alignment=TA_JUSTIFY, firstLineIndent=1 * cm, spaceAfter=4)
        self.h1 = _style("h1", fontName=FONT_BOLD, fontSize=13, alignment=TA_JUSTIFY, firstLineIndent=1 * cm)
        self.h1.spaceBefore, self.h1.spaceAfter, self.h1.keepWithNext = 6, 4, 1
        self.h2 = _style("h2", fontName=FONT_BOLD, fontSize=13, alignment=TA_JUSTIFY, firstLineIndent=1 * cm)
        self.h2.spaceBefore, self.h2.spaceAfter, self.h2.keepWithNext = 4, 3, 1
        self.h3 = _style("h3", fontName=FONT_BOLD_ITALIC, fontSize=13, alignment=TA_JUSTIFY, firstLineIndent=1 * cm)
        self.h3.spaceBefore, self.h3.spaceAfter, self.h3.keepWithNext = 3, 3, 1
        self.table_title = _style("table_title", fontName=FONT_BOLD, fontSize=12, alignment=TA_CENTER, spaceAfter=4)
        self.cell = _style("cell", fontSize=11, leading=13)
        self.cell_bold = _style("cell_bold", fontName=FONT_BOLD, fontSize=11, leading=13)
        self.header_cell = _style("header_cell", fontName=FONT_BOLD, fontSize=11, leading=13, alignment=TA_CENTER)
        self.recipients_title = _style("recipients_title", fontName=FONT_BOLD_ITALIC, fontSize=12, leading=15)
        self.recipient = _style("recipient", fontSize=11, leading=13.5)
        self.sign_authority = _style("sign_authority", fontName=FONT_BOLD, fontSize=13, alignment=TA_CENTER, leading=16)
        self.sign_name = _style("sign_name", fontName=FONT_BOLD, fontSize=13, alignment=TA_CENTER, leading=16)
        self.page_number = _style("page_number", fontSize=13)
        self.caption = _style("caption", fontName=FONT_ITALIC, fontSize=11, leading=13.5, alignment=TA_CENTER)
        self.caption.spaceBefore = 2


# --------------------------------------------------------------------------------------------------------------
# Flowables


class _Rule(Flowable):
    """A short centred horizontal rule with its own breathing room (HRFlowable's spaceBefore is lost in cells)."""

    def __init__(self, width: float, space_before: float = 3, space_after: float = 4) -> None:
        super().__init__()
        self.rule_width = width
        self.space_before = space_before
        self.space_after = space_after

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's signature)
        self.avail_width = availWidth
        self.rule_width = min(self.rule_width, availWidth)
        return availWidth, self.space_before + self.space_after

    def draw(self):
        x = (self.avail_width - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, self.space_after, x + self.rule_width, self.space_after)


def _rule(width: float, space_before: float = 3, space_after: float = 4) -> _Rule:
    return _Rule(width, space_before, space_after)


_UNIT_LEVEL_WORDS = {"TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG"}


def _balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break a header line that does not fit into two lines of similar length ("ỦY BAN MTTQ VIỆT NAM" /
    "TỈNH HẢI DƯƠNG") instead of leaving one word on the second line."""
    text = " ".join(text.split())
    if not text or pdfmetrics.stringWidth(text, font, size) <= width:
        return [text] if text else []
    words = text.split(" ")
    best: tuple[tuple[bool, float], list[str]] | None = None
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(pdfmetrics.stringWidth(line, font, size) for line in lines)
        # Prefer starting the second line with the unit's level ("TỈNH HẢI DƯƠNG") over the shortest lines.
        key = (words[cut] not in _UNIT_LEVEL_WORDS, widest)
        if widest <= width and (best is None or key < best[0]):
            best = (key, lines)
    return best[1] if best else [text]


GUTTER = 4 * mm  # between the issuer's block and the national name


def _header(doc: OfficialDocument, st: _Styles) -> RLTable:
    left_width = 72 * mm
    right_width = CONTENT_WIDTH - left_width
    issuer_text = (doc.issuing_body or "").upper()
    number = doc.number_line
    text_width = left_width - GUTTER  # a long agency name never runs into the national name
    parent_lines = [
        part
        for line in (doc.parent_body or "").upper().splitlines()
        for part in _balanced_lines(line, FONT, 12.5, text_width)
    ]
    issuer_lines = [
        part for line in issuer_text.splitlines() for part in _balanced_lines(line, FONT_BOLD, 12.5, text_width)
    ]
    issuer_width = max((pdfmetrics.stringWidth(line, FONT_BOLD, 12.5) for line in issuer_lines), default=0)
    left = [
        *[_paragraph(line, st.parent) for line in parent_lines],
        *[_paragraph(line, st.issuer) for line in issuer_lines],
        _rule(max(issuer_width / 3, 20 * mm), space_before=6, space_after=6),
    ]
    motto_width = min(pdfmetrics.stringWidth(MOTTO, FONT_BOLD, 13), right_width)
    right = [
        _paragraph(NATIONAL_NAME, st.national),
        Paragraph(MOTTO, st.motto),
        # The motto's underline, as long as the motto (Decree 30, Appendix I).
        _rule(motto_width, space_before=2, space_after=6),
    ]
    # "Số: ..." and the date line share a second row, so they sit on one line however the names above wrap.
    table = RLTable(
        [[left, right], [_paragraph(number, st.number), _paragraph(doc.date_text, st.date)]],
        colWidths=[left_width, right_width],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), GUTTER),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _title(doc: OfficialDocument, st: _Styles) -> list[Flowable]:
    flows: list[Flowable] = [Spacer(1, 8 * mm)]
    if doc.doc_type_title:
        flows.append(_paragraph(doc.doc_type_title, st.doc_type))
    for line in (doc.subject or "").splitlines():
        if line.strip():
            flows.append(_paragraph(line.strip(), st.subject))
    flows.append(_rule(40 * mm, space_before=3, space_after=4 * mm))
    return flows


class _SignatureSpot(Flowable):
    """Zero-size marker above the room left for the signature: records where it landed (page, x, y, width) so
    a digital signature can be placed there (campaign_portal.documents.signing)."""

    _ZEROSIZE = True

    def __init__(self, layout: dict) -> None:
        super().__init__()
        self._layout = layout
        self._width = 0.0

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self._width = availWidth
        return 0, 0

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self._layout["signature"] = (self.canv.getPageNumber(), x, y, self._width)


def _signature_cell(signature: Signature, st: _Styles, layout: dict | None = None) -> list[Flowable]:
    flows: list[Flowable] = []
    for line in (signature.authority, signature.title):
        for part in (line or "").upper().splitlines():
            flows.append(_paragraph(part, st.sign_authority))
    if layout is not None:
        flows.append(_SignatureSpot(layout))
    flows.append(Spacer(1, 25 * mm))  # room for the signature and the seal
    if signature.name:
        flows.append(_paragraph(signature.name, st.sign_name))
    return flows


def _ending(doc: OfficialDocument, st: _Styles, layout: dict | None = None) -> Flowable:
    if not doc.recipients and not doc.signature:
        # Nothing to end with (a record signed in its body): an empty block would take a blank page of its own
        # when the body fills the last one.
        return Spacer(0, 0)
    left: list[Flowable] = []
    if doc.recipients:
        left.append(Paragraph("Nơi nhận:", st.recipients_title))
        left.extend(_paragraph(line, st.recipient) for line in recipient_lines(doc.recipients))
    right = _signature_cell(doc.signature, st, layout) if doc.signature else []
    left_width = CONTENT_WIDTH * 0.45
    table = RLTable([[left, right]], colWidths=[left_width, CONTENT_WIDTH - left_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, 0), 3),  # "Nơi nhận" sits level with the second signature line
                ("TOPPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4 * mm), table])


def _signatures(block: Signatures, st: _Styles) -> Flowable:
    signatures = list(block.signatures) or [Signature()]
    width = CONTENT_WIDTH / len(signatures)
    table = RLTable([[_signature_cell(s, st) for s in signatures]], colWidths=[width] * len(signatures))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4 * mm), table])


class _ContinuedTable(Flowable):
    """A later chunk of a long table: it shows the header row only when it starts at the top of a page.

    Long tables are cut into chunks because reportlab lays out many small Tables much faster than one big one;
    this keeps the look of one table: no header between chunks on the same page, a header on every new page.
    """

    def __init__(self, build: Callable[[list, bool], RLTable], rows: list) -> None:
        super().__init__()
        self._build = build
        self._rows = rows
        self._cache: dict[bool, RLTable] = {}
        self._current: RLTable | None = None

    def _table(self, with_header: bool) -> RLTable:
        if with_header not in self._cache:
            self._cache[with_header] = self._build(self._rows, with_header)
        return self._cache[with_header]

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return bool(frame is not None and frame._atTop)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's signature)
        self._current = self._table(self._at_top())
        self.width, self.height = self._current.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        if self._at_top():
            return self._table(True).split(availWidth, availHeight)
        parts = self._table(False).split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        done = parts[0]._nrows
        # The rest starts on a new page, so it gets the header back.
        return [parts[0], _ContinuedTable(self._build, self._rows[done:])]

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802
        self._current.drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self):  # noqa: N802
        return 0

    def getSpaceAfter(self):  # noqa: N802
        return 0


def _estimate_weights(columns: Sequence[str], sample: list[Sequence[object]], numeric: set[int]) -> list[float]:
    weights = []
    for index, header in enumerate(columns):
        longest_word = max((len(w) for w in str(header).split()), default=1)
        show = format_number if index in numeric else str
        lengths = [len(show(row[index])) for row in sample if index < len(row) and row[index] is not None]
        typical = sum(lengths) / len(lengths) if lengths else 0
        weights.append(max(3.0, min(40.0, max(longest_word + 2, typical + 2, len(str(header)) / 2))))
    return weights


def _table_flowables(block: Table, st: _Styles) -> list[Flowable]:
    columns = [str(c) for c in block.columns]
    ncols = len(columns)
    numeric = set(block.numeric or ())
    rows_iter = iter(block.rows)
    first_rows: list[Sequence[object]] = []
    for row in rows_iter:
        first_rows.append(row)
        if len(first_rows) >= 50:
            break
    weights = list(block.col_widths) if block.col_widths else _estimate_weights(columns, first_rows, numeric)
    if len(weights) != ncols:
        raise ValueError(f"col_widths has {len(weights)} entries for {ncols} columns")
    total_weight = sum(weights) or 1
    widths = [CONTENT_WIDTH * w / total_weight for w in weights]
    # Plain strings are far cheaper for reportlab than Paragraphs; use a Paragraph only when a text must wrap.
    limits = [w - 7 for w in widths]
    string_width = pdfmetrics.stringWidth

    def cell(value: object, index: int, bold: bool) -> object:
        if index in numeric:
            text = format_number(value)
            # A number cannot wrap (no spaces) and must stay on one line: never a Paragraph.
            return text
        text = "" if value is None else str(value)
        if "\n" in text or (text and string_width(text, FONT_BOLD if bold else FONT, 11) > limits[index]):
            return _paragraph(text.replace("\n", "<br/>"), st.cell_bold if bold else st.cell)
        return text

    def convert(row: Sequence[object], bold: bool = False) -> list[object]:
        values = list(row)[:ncols]
        values += [None] * (ncols - len(values))
        return [cell(v, i, bold) for i, v in enumerate(values)]

    header = [_paragraph(c, st.header_cell) for c in columns]

    # Cell styles are built once and shared by every cell: per-cell style commands (FONTNAME, ALIGN ... over
    # (0, 0)-(-1, -1)) cost reportlab a pass over all cells of every chunk, a third of a big table's time.
    def cell_style(name: str, font: str, align: str) -> CellStyle:
        style = CellStyle(name)
        style.fontname, style.fontsize, style.leading = font, 11, 13
        style.leftPadding = style.rightPadding = 3
        style.topPadding, style.bottomPadding = 2, 3
        style.valign, style.alignment = "MIDDLE", align
        return style

    def row_styles(font: str) -> list[CellStyle]:
        left, right = cell_style("cell", font, "LEFT"), cell_style("number", font, "RIGHT")
        return [right if index in numeric else left for index in range(ncols)]

    header_styles = [cell_style("header", FONT_BOLD, "CENTER")] * ncols
    plain_styles, bold_styles = row_styles(FONT), row_styles(FONT_BOLD)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    header_grid = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND)]
    )

    def build(rows: list, with_header: bool) -> RLTable:
        data = ([header] if with_header else []) + [r for r, _bold in rows]
        styles = ([header_styles[:]] if with_header else []) + [
            (bold_styles if bold else plain_styles)[:] for _r, bold in rows
        ]
        return RLTable(
            data,
            colWidths=widths,
            repeatRows=1 if with_header else 0,
            style=header_grid if with_header else grid,
            cellStyles=styles,
        )

    def chunks() -> Iterable[list]:
        chunk: list = []
        for source in (first_rows, rows_iter):
            for row in source:
                chunk.append((convert(row), False))
                if len(chunk) >= TABLE_CHUNK_ROWS:
                    yield chunk
                    chunk = []
        if block.total_row is not None:
            chunk.append((convert(block.total_row, bold=True), True))
        yield chunk

    flows: list[Flowable] = []
    if block.title:
        flows.append(CondPageBreak(40 * mm))
        flows.append(_paragraph(block.title, st.table_title))
    for number, chunk in enumerate(chunks()):
        if number == 0:
            flows.append(build(chunk, True))
        elif chunk:
            flows.append(_ContinuedTable(build, chunk))
    flows.append(Spacer(1, 4 * mm))
    return flows


def image_size(block: Image, data: bytes, width: float) -> tuple[float, float]:
    """The printed size (points) of a picture: as large as fits in its box and in `width`, aspect ratio kept."""
    pixels_wide, pixels_high = ImageReader(BytesIO(data)).getSize()
    box_width = min(block.max_width_mm * mm, width)
    box_height = block.max_height_mm * mm
    scale = min(box_width / pixels_wide, box_height / pixels_high)
    return pixels_wide * scale, pixels_high * scale


def _image_cell(block: Image, st: _Styles, width: float) -> list[Flowable]:
    """A picture centred in `width`, its caption under it (italic, centred)."""
    data = block.read()
    picture_width, picture_height = image_size(block, data, width)
    picture = RLImage(BytesIO(data), width=picture_width, height=picture_height)
    picture.hAlign = "CENTER"
    flows: list[Flowable] = [picture]
    for line in (block.caption or "").splitlines():
        if line.strip():
            flows.append(_paragraph(line.strip(), st.caption))
    return flows


def _image_grid(block: ImageGrid, st: _Styles) -> list[Flowable]:
    images = list(block.images)
    if not images:
        return []
    per_row = max(1, block.per_row)
    width = CONTENT_WIDTH / per_row
    padding = 3 * mm
    rows = []
    for start in range(0, len(images), per_row):
        row: list[object] = [_image_cell(image, st, width - 2 * padding) for image in images[start : start + per_row]]
        rows.append(row + [""] * (per_row - len(row)))
    table = RLTable(rows, colWidths=[width] * per_row)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


def _block_flowables(block: Block, st: _Styles) -> list[Flowable]:
    if isinstance(block, NewPage):
        return [PageBreak()]
    if isinstance(block, Heading):
        style = {1: st.h1, 2: st.h2}.get(block.level, st.h3)
        return [_paragraph(block.text, style)]
    if isinstance(block, Para):
        return [_paragraph(line, st.body) for line in str(block.text).splitlines() if line.strip()]
    if isinstance(block, Bullets):
        return [_paragraph(f"- {str(item).strip()}", st.body) for item in block.items if str(item).strip()]
    if isinstance(block, Table):
        return _table_flowables(block, st)
    if isinstance(block, Signatures):
        return [_signatures(block, st)]
    if isinstance(block, Image):
        return [KeepTogether(_image_cell(block, st, CONTENT_WIDTH)), Spacer(1, 4 * mm)]
    if isinstance(block, ImageGrid):
        return _image_grid(block, st)
    if isinstance(block, Flowable):  # an escape hatch for callers who need a raw reportlab flowable
        return [block]
    raise TypeError(f"Unknown document block: {block!r}")


class _VerificationMark(Flowable):
    """Zero-size marker at the end of the story: the page it lands on (the last) prints the verification code."""

    _ZEROSIZE = True

    def __init__(self, state: dict) -> None:
        super().__init__()
        self._state = state

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self):
        self._state["verification_page"] = self.canv.getPageNumber()


# --------------------------------------------------------------------------------------------------------------
# Rendering


def _draft_mark(canvas, *, first_page: bool, printed_on: datetime.date | None) -> None:
    """A boxed "DỰ THẢO" in the top margin of every page of a draft, and on the first page a line saying it is
    not issued: a printed draft cannot pass for the signed document."""
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 11)
    width = pdfmetrics.stringWidth(DRAFT_MARK, FONT_BOLD, 11)
    right = PAGE_WIDTH - MARGIN_RIGHT
    top = PAGE_HEIGHT - 8 * mm
    canvas.setLineWidth(0.8)
    canvas.rect(right - width - 6, top - 5, width + 6, 16, stroke=1, fill=0)
    canvas.drawString(right - width - 3, top, DRAFT_MARK)
    if first_page:
        canvas.setFont(FONT_ITALIC, 9)
        day = (printed_on or datetime.date.today()).strftime("%d/%m/%Y")  # noqa: DTZ011 (a local print date)
        # Above the verification line (10 mm), which a one-page draft also carries.
        canvas.drawCentredString(MARGIN_LEFT + CONTENT_WIDTH / 2, 14 * mm, DRAFT_NOTE.format(date=day))
    canvas.restoreState()


def render_pdf(
    doc: OfficialDocument, on_progress: Callable[[int], None] | None = None, layout: dict | None = None
) -> bytes:
    """Render the document to PDF bytes; on_progress(percent) is called with increasing values up to 100.
    `layout`, when given, receives "signature": (page number, x, y, width) of the room left for the signature."""
    register_fonts()
    st = _Styles()
    buffer = BytesIO()
    state: dict = {}

    def on_page(canvas, template_doc) -> None:
        page = canvas.getPageNumber()
        if doc.draft:
            _draft_mark(canvas, first_page=page == 1, printed_on=doc.printed_on)
        page_number(canvas)

    def on_annex_page(canvas, template_doc) -> None:
        state.setdefault("annex_page", canvas.getPageNumber())
        on_page(canvas, template_doc)

    def page_number(canvas) -> None:
        """From page 2, centred at the top; the annex numbers its own pages (its first page unnumbered), as a
        phụ lục does, instead of going on with the report's numbers."""
        page = canvas.getPageNumber()
        annex = state.get("annex_page")
        shown = page - annex + 1 if annex and page >= annex else page
        if shown > 1:
            canvas.saveState()
            canvas.setFont(FONT, 13)
            canvas.drawCentredString(MARGIN_LEFT + CONTENT_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(shown))
            canvas.restoreState()

    def on_page_end(canvas, template_doc) -> None:
        if doc.verification and state.get("verification_page") == canvas.getPageNumber():
            canvas.saveState()
            canvas.setFont(FONT_ITALIC, 9)
            canvas.drawCentredString(
                MARGIN_LEFT + CONTENT_WIDTH / 2, 10 * mm, VERIFICATION_TEXT.format(code=doc.verification)
            )
            if doc.copy_note:
                canvas.drawCentredString(MARGIN_LEFT + CONTENT_WIDTH / 2, 6 * mm, doc.copy_note)
            canvas.restoreState()

    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=doc.subject,
        author=doc.issuing_body,
        subject=f"{doc.doc_type_title} {doc.number}".strip(),
        creator=PRODUCER,
        lang="vi",
        invariant=1,  # no creation time nor random id: equal content, equal bytes
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template.addPageTemplates(
        [
            PageTemplate(id="page", frames=[frame], onPage=on_page, onPageEnd=on_page_end),
            PageTemplate(id="annex", frames=[frame], onPage=on_annex_page, onPageEnd=on_page_end),
        ]
    )

    story: list[Flowable] = [_header(doc, st), *_title(doc, st)]
    for block in doc.body:
        story.extend(_block_flowables(block, st))
    story.append(_ending(doc, st, layout))
    if doc.annex:
        story.append(NextPageTemplate("annex"))
        story.append(PageBreak())
        if doc.annex_title:
            story.append(_paragraph(doc.annex_title, st.doc_type))
            story.append(_paragraph(annex_note(doc), st.annex_note))
            story.append(Spacer(1, 4 * mm))
        for block in doc.annex:
            story.extend(_block_flowables(block, st))
    if doc.verification:
        story.append(_VerificationMark(state))

    if on_progress is not None:
        progress = {"size": 1, "last": -1}

        def callback(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                progress["size"] = max(int(value), 1)
            elif kind == "PROGRESS":
                # The estimate is the story length; split tables add flowables, so cap below 100 until done.
                percent = min(99, int(value * 100 / progress["size"]))
                if percent > progress["last"]:
                    progress["last"] = percent
                    on_progress(percent)

        template.setProgressCallBack(callback)

    template.build(story)
    if on_progress is not None:
        on_progress(100)
    return buffer.getvalue()
