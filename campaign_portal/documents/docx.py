"""The Word (.docx) renderer of official documents (Decree 30/2020/NĐ-CP layout), with python-docx.

The twin of ``campaign_portal.documents.pdf``: the same OfficialDocument, the same blocks in the same places, so an
office can edit the Word copy of what the portal prints. Pure: no ORM access. The output is as invariant as a
.docx can be: fixed core-property dates and fixed ZIP member times, so the same content gives the same bytes.

    content = render_docx(doc)
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from io import BytesIO

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth

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
from campaign_portal.documents.pdf import (
    CONTENT_WIDTH,
    GUTTER,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    _estimate_weights,
    image_size,
)

__all__ = ["render_docx"]

# Lengths below are in points, as in pdf.py (reportlab's mm and cm are points too).
FONT = "Times New Roman"
HEADER_LEFT_WIDTH = 72 * mm
HEADER_DISTANCE = 8 * mm  # the draft mark's top edge, as in the PDF; the page number follows under it
FOOTER_DISTANCE = 8 * mm
HEADER_BACKGROUND = "EDEDED"  # the PDF's Color(0.93, 0.93, 0.93)
CELL_PADDING = 3  # points left and right of a grid-table cell's text, as the PDF
FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # a draft's core-property dates
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Schema order of the property elements this module writes itself (python-docx has no API for them).
_ORDER = {
    "w:pPr": (
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr w:suppressLineNumbers "
        "w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap w:overflowPunct w:topLinePunct "
        "w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid w:spacing w:ind w:contextualSpacing "
        "w:mirrorIndents w:suppressOverlap w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl "
        "w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
    ).split(),
    "w:rPr": (
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow w:emboss "
        "w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern w:position w:sz "
        "w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em w:lang "
        "w:eastAsianLayout w:specVanish w:oMath"
    ).split(),
    "w:tblPr": (
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW w:jc "
        "w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption "
        "w:tblDescription w:tblPrChange"
    ).split(),
    "w:trPr": (
        "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight w:tblHeader "
        "w:tblCellSpacing w:jc w:hidden w:ins w:del w:trPrChange"
    ).split(),
    "w:tcPr": (
        "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar w:textDirection "
        "w:tcFitText w:vAlign w:hideMark w:headers w:cellIns w:cellDel w:cellMerge w:tcPrChange"
    ).split(),
}
_TAGS = {qn(name): name for name in _ORDER}


def _set(parent, tag: str, **attrs: str):
    """Put child `tag` (replacing one already there) into a w:pPr/w:rPr/w:tblPr/w:trPr/w:tcPr, in schema order."""
    order = _ORDER[_TAGS[parent.tag]]
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag, {qn(f"w:{name}"): value for name, value in attrs.items()})
    parent.insert_element_before(element, *order[order.index(tag) + 1 :])
    return element


def _twips(points: float) -> str:
    return str(round(points * 20))


# --------------------------------------------------------------------------------------------------------------
# Text


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The inline tags a text may use (as in the PDF); anything else prints as written.
_TAG = re.compile(r"<(/?)(b|i|u|sup|sub)>|<br\s*/?>", re.IGNORECASE)


def _clean(text: object) -> str:
    """A text XML can hold: control characters (a pasted form feed, a NUL) would make python-docx fail."""
    return _INVALID_XML.sub("", "" if text is None else str(text))


def _segments(text: str) -> Iterable[tuple[str, frozenset[str]]]:
    """(text, tags in force) pieces of a user text; a "\\n" piece is a <br/>."""
    depth = {"b": 0, "i": 0, "u": 0, "sup": 0, "sub": 0}
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], frozenset(tag for tag, count in depth.items() if count)
        position = match.end()
        if match.group(2) is None:
            yield "\n", frozenset()
            continue
        tag = match.group(2).lower()
        depth[tag] = max(0, depth[tag] + (-1 if match.group(1) else 1))  # a stray </b> is dropped
    if position < len(text):
        yield text[position:], frozenset(tag for tag, count in depth.items() if count)


def _plain_width(text: str, bold: bool, size: float) -> float:
    """The width of a text in Times New Roman: the core Times metrics (the same as Times New Roman's and
    Liberation Serif's) of the letters without their Vietnamese marks."""
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    base = base.replace("Đ", "D").replace("đ", "d")
    return stringWidth(base, "Times-Bold" if bold else "Times-Roman", size) * 1.02  # the horns of Ơ, Ư


_UNIT_LEVEL_WORDS = {"TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG"}


def _balanced_lines(text: str, bold: bool, size: float, width: float) -> list[str]:
    """As the PDF: a header line that does not fit breaks into two lines of similar length, the second one
    preferably starting with the unit's level ("ỦY BAN MTTQ VIỆT NAM" / "TỈNH HẢI DƯƠNG")."""
    text = " ".join(text.split())
    if not text or _plain_width(text, bold, size) <= width:
        return [text] if text else []
    words = text.split(" ")
    best: tuple[tuple[bool, float], list[str]] | None = None
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(_plain_width(line, bold, size) for line in lines)
        key = (words[cut] not in _UNIT_LEVEL_WORDS, widest)
        if widest <= width and (best is None or key < best[0]):
            best = (key, lines)
    return best[1] if best else [text]


# --------------------------------------------------------------------------------------------------------------
# Paragraph styles (direct formatting: the document stays readable in any word processor)


@dataclass(frozen=True)
class _Style:
    size: float = 13
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT
    first_indent: float = 0
    before: float = 0
    after: float = 0
    line: float = 1.0  # a multiple of single spacing
    keep_with_next: bool = False
    outline: int | None = None  # the outline level of a heading (Word's navigation pane)


_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
_RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

PARENT = _Style(size=12.5, align=_CENTER)
ISSUER = _Style(size=12.5, bold=True, align=_CENTER)
NUMBER = _Style(align=_CENTER)
NATIONAL = _Style(size=12.5, bold=True, align=_CENTER)
MOTTO_STYLE = _Style(bold=True, underline=True, align=_CENTER, after=6)
DATE = _Style(italic=True, align=_CENTER)
DOC_TYPE = _Style(size=14, bold=True, align=_CENTER, line=1.1, keep_with_next=True)
SUBJECT = _Style(size=14, bold=True, align=_CENTER, line=1.1, keep_with_next=True)
ANNEX_NOTE = _Style(italic=True, align=_CENTER)
BODY = _Style(align=_JUSTIFY, first_indent=1 * cm, after=4, line=1.15)
H1 = _Style(bold=True, align=_JUSTIFY, first_indent=1 * cm, before=6, after=4, line=1.15, keep_with_next=True)
H2 = _Style(bold=True, align=_JUSTIFY, first_indent=1 * cm, before=4, after=3, line=1.15, keep_with_next=True)
H3 = _Style(
    bold=True, italic=True, align=_JUSTIFY, first_indent=1 * cm, before=3, after=3, line=1.15, keep_with_next=True
)
TABLE_TITLE = _Style(size=12, bold=True, align=_CENTER, after=4, keep_with_next=True)
HEADER_CELL = _Style(size=11, bold=True, align=_CENTER)
RECIPIENTS_TITLE = _Style(size=12, bold=True, italic=True, before=3)
RECIPIENT = _Style(size=11)
SIGN = _Style(bold=True, align=_CENTER, keep_with_next=True)
SIGN_NAME = _Style(bold=True, align=_CENTER)  # no keep-with-next: the ending would cling to the annex's title
SIGN_SPACE = _Style(align=_CENTER, line=1.15, keep_with_next=True)
PAGE_NUMBER = _Style(align=_CENTER)
DRAFT = _Style(size=11, bold=True, align=_RIGHT, after=2)
SMALL_NOTE = _Style(size=9, italic=True, align=_CENTER)
PICTURE = _Style(align=_CENTER, keep_with_next=True)
CAPTION = _Style(size=11, italic=True, align=_CENTER, before=2)


def _format(paragraph: Paragraph, style: _Style) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = style.align
    fmt.space_before = Pt(style.before)
    fmt.space_after = Pt(style.after)
    fmt.line_spacing = style.line
    if style.first_indent:
        fmt.first_line_indent = Pt(style.first_indent)
    if style.keep_with_next:
        fmt.keep_with_next = True
    if style.outline is not None:
        _set(paragraph._p.get_or_add_pPr(), "w:outlineLvl", val=str(style.outline))
    _mark_size(paragraph, style.size)
    return paragraph


def _mark_size(paragraph: Paragraph, size: float) -> None:
    """The size of the paragraph mark: what an empty paragraph (a blank line, a rule) is as tall as."""
    rpr = _set(paragraph._p.get_or_add_pPr(), "w:rPr")
    half_points = str(round(size * 2))
    rpr.append(OxmlElement("w:sz", {qn("w:val"): half_points}))
    rpr.append(OxmlElement("w:szCs", {qn("w:val"): half_points}))


def _write(paragraph: Paragraph, text: object, style: _Style, *, markup: bool = True) -> Paragraph:
    """Add a user text to a paragraph: <b> <i> <u> <sup> <sub> become run formatting, <br/> a line break, and
    every other character (& < > and unknown tags alike) prints as written."""
    text = _clean(text)
    for piece, tags in _segments(text) if markup else [(text, frozenset())]:
        if piece == "\n" and markup:
            run = paragraph.add_run()
            run.font.size = Pt(style.size)
            run.add_break()
            continue
        run = paragraph.add_run(piece)
        font = run.font
        font.size = Pt(style.size)
        if style.bold or "b" in tags:
            font.bold = True
        if style.italic or "i" in tags:
            font.italic = True
        if style.underline or "u" in tags:
            font.underline = True
        if "sup" in tags:
            font.superscript = True
        elif "sub" in tags:
            font.subscript = True
    return paragraph


def _paragraph(container, text: object, style: _Style, *, markup: bool = True) -> Paragraph:
    """A formatted paragraph at the end of a document, header, footer or cell."""
    return _write(_format(container.add_paragraph(), style), text, style, markup=markup)


def _first_paragraph(cell, text: object, style: _Style) -> Paragraph:
    """Fill a cell's (empty) first paragraph, or add one when it is already used."""
    paragraphs = cell.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].runs and paragraphs[0]._p.pPr is None:
        return _write(_format(paragraphs[0], style), text, style)
    return _paragraph(cell, text, style)


def _rule(container, width: float, container_width: float, *, before: float, after: float) -> Paragraph:
    """A short centred rule: an empty paragraph, narrowed by its indents, with a bottom border."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _CENTER
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = Pt(2)  # exactly: the rule's own height
    side = max(0.0, (container_width - width) / 2)
    fmt.left_indent = fmt.right_indent = Pt(side)
    border = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    border.append(OxmlElement("w:bottom", {qn("w:val"): "single", qn("w:sz"): "5", qn("w:space"): "0"}))
    _mark_size(paragraph, 2)
    return paragraph


def _spacer(container, height: float, *, keep_with_next: bool = False) -> Paragraph:
    """An empty paragraph exactly `height` points tall (the PDF's Spacer)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(height)
    if keep_with_next:
        fmt.keep_with_next = True
    _mark_size(paragraph, min(height, 10))
    return paragraph


# --------------------------------------------------------------------------------------------------------------
# Tables


def _body_ends_with_table(document) -> bool:
    blocks = [child for child in document.element.body if child.tag != qn("w:sectPr")]
    return bool(blocks) and blocks[-1].tag == qn("w:tbl")


def _new_table(document, widths: Sequence[float], *, style: str | None = None, borderless: bool = False):
    """A fixed-layout table of `widths` (points) at the end of the document, never glued to the table before
    it (two adjacent tables merge into one in Word)."""
    if _body_ends_with_table(document):
        _spacer(document, 1)
    table = document.add_table(rows=0, cols=len(widths))
    if style:
        table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", w=_twips(sum(widths)), type="dxa")
    _set(tbl_pr, "w:tblInd", w="0", type="dxa")
    if borderless:
        borders = _set(tbl_pr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(OxmlElement(f"w:{side}", {qn("w:val"): "nil"}))
    margins = _set(tbl_pr, "w:tblCellMar")
    pad = "0" if borderless else _twips(CELL_PADDING)
    for side, value in (("top", "0"), ("left", pad), ("bottom", "0"), ("right", pad)):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): value, qn("w:type"): "dxa"}))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Pt(width)
    return table


def _row(table, widths: Sequence[float], *, cant_split: bool = True):
    row = table.add_row()
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = Pt(width)
    if cant_split:
        _set(row._tr.get_or_add_trPr(), "w:cantSplit")
    return row


def _cell_margin(cell, side: str, points: float) -> None:
    margins = _set(cell._tc.get_or_add_tcPr(), "w:tcMar")
    margins.append(OxmlElement(f"w:{side}", {qn("w:w"): _twips(points), qn("w:type"): "dxa"}))


def _header(document, doc: OfficialDocument) -> None:
    """The issuer's block at left and the national name at right; "Số: …" and the date share a second row, so
    they sit on one line however the names above wrap (as the PDF)."""
    widths = [HEADER_LEFT_WIDTH, CONTENT_WIDTH - HEADER_LEFT_WIDTH]
    table = _new_table(document, widths, borderless=True)
    top, bottom = _row(table, widths), _row(table, widths)
    text_width = HEADER_LEFT_WIDTH - GUTTER  # a long agency name never runs into the national name
    for cell in (top.cells[0], bottom.cells[0]):
        _cell_margin(cell, "right", GUTTER)

    left = top.cells[0]
    parent_lines = [
        part
        for line in (doc.parent_body or "").upper().splitlines()
        for part in _balanced_lines(line, False, 12.5, text_width)
    ]
    issuer_lines = [
        part
        for line in (doc.issuing_body or "").upper().splitlines()
        for part in _balanced_lines(line, True, 12.5, text_width)
    ]
    for line in parent_lines:
        _first_paragraph(left, line, PARENT)
    for line in issuer_lines:
        _first_paragraph(left, line, ISSUER)
    issuer_width = max((_plain_width(line, True, 12.5) for line in issuer_lines), default=0)
    _rule(left, max(issuer_width / 3, 20 * mm), text_width, before=4, after=6)

    right = top.cells[1]
    _first_paragraph(right, NATIONAL_NAME, NATIONAL)
    _paragraph(right, MOTTO, MOTTO_STYLE, markup=False)  # underlined: the motto's rule, as long as the motto

    _first_paragraph(bottom.cells[0], doc.number_line, NUMBER)
    _first_paragraph(bottom.cells[1], doc.date_text, DATE)


def _title(document, doc: OfficialDocument) -> None:
    _spacer(document, 8 * mm)
    if doc.doc_type_title:
        _paragraph(document, doc.doc_type_title, DOC_TYPE)
    for line in (doc.subject or "").splitlines():
        if line.strip():
            _paragraph(document, line.strip(), SUBJECT)
    _rule(document, 40 * mm, CONTENT_WIDTH, before=3, after=4 * mm)


def _signature_cell(cell, signature: Signature) -> None:
    for line in (signature.authority, signature.title):
        for part in (line or "").upper().splitlines():
            _first_paragraph(cell, part, SIGN)
    for _ in range(4):  # room for the signature and the seal
        _first_paragraph(cell, "", SIGN_SPACE)
    if signature.name:
        _paragraph(cell, signature.name, SIGN_NAME)


def _ending(document, doc: OfficialDocument) -> None:
    """ "Nơi nhận:" at bottom left, the signature at bottom right, kept on one page."""
    _spacer(document, 4 * mm, keep_with_next=True)
    left_width = CONTENT_WIDTH * 0.45
    widths = [left_width, CONTENT_WIDTH - left_width]
    table = _new_table(document, widths, borderless=True)
    row = _row(table, widths)
    left, right = row.cells
    if doc.recipients:
        _first_paragraph(left, "Nơi nhận:", RECIPIENTS_TITLE)
        for line in recipient_lines(doc.recipients):
            _paragraph(left, line, RECIPIENT)
    if doc.signature:
        _signature_cell(right, doc.signature)


def _signatures(document, block: Signatures) -> None:
    signatures = list(block.signatures) or [Signature()]
    _spacer(document, 4 * mm, keep_with_next=True)
    widths = [CONTENT_WIDTH / len(signatures)] * len(signatures)
    table = _new_table(document, widths, borderless=True)
    row = _row(table, widths)
    for cell, signature in zip(row.cells, signatures, strict=True):
        _cell_margin(cell, "left", 2)
        _cell_margin(cell, "right", 2)
        _signature_cell(cell, signature)


def _cell_prototype(width: float, *, bold: bool, align: str, shade: bool = False):
    """A ready w:tc (11 pt, single spacing, vertically centred) that a data cell copies: building cells with
    lxml directly keeps a table of thousands of rows fast."""
    bold_xml = "<w:b/><w:bCs/>" if bold else ""
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_BACKGROUND}"/>' if shade else ""
    return parse_xml(
        f"<w:tc {nsdecls('w')}>"
        f'<w:tcPr><w:tcW w:w="{_twips(width)}" w:type="dxa"/>{shading}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="{align}"/>'
        f'<w:rPr>{bold_xml}<w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:pPr>'
        f'<w:r><w:rPr>{bold_xml}<w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr><w:t xml:space="preserve"/></w:r>'
        "</w:p></w:tc>"
    )


def _table(document, block: Table) -> None:
    columns = [str(c) for c in block.columns]
    ncols = len(columns)
    numeric = set(block.numeric or ())
    rows_iter = iter(block.rows)  # read once: the rows may be a generator
    first_rows: list[Sequence[object]] = []
    for row in rows_iter:
        first_rows.append(row)
        if len(first_rows) >= 50:
            break
    # The same widths as the PDF's: given weights, or its estimate from the first rows.
    weights = list(block.col_widths) if block.col_widths else _estimate_weights(columns, first_rows, numeric)
    if len(weights) != ncols:
        raise ValueError(f"col_widths has {len(weights)} entries for {ncols} columns")
    total_weight = sum(weights) or 1
    widths = [CONTENT_WIDTH * w / total_weight for w in weights]

    if block.title:
        _paragraph(document, block.title, TABLE_TITLE)
    table = _new_table(document, widths, style="Table Grid")
    tbl = table._tbl

    header = _row(table, widths)
    _set(header._tr.get_or_add_trPr(), "w:tblHeader")  # repeats at the top of every page
    for cell, width in zip(header.cells, widths, strict=True):
        cell._tc.getparent().replace(cell._tc, _cell_prototype(width, bold=True, align="center", shade=True))
    for cell, text in zip(header.cells, columns, strict=True):
        paragraph = cell.paragraphs[0]
        for run in paragraph.runs:
            paragraph._p.remove(run._r)
        _write(paragraph, text, HEADER_CELL)
        paragraph.paragraph_format.keep_with_next = True  # never a header alone at the foot of a page

    prototypes = {
        bold: [
            _cell_prototype(width, bold=bold, align="right" if index in numeric else "left")
            for index, width in enumerate(widths)
        ]
        for bold in (False, True)
    }
    row_prototype = parse_xml(f"<w:tr {nsdecls('w')}><w:trPr><w:cantSplit/></w:trPr></w:tr>")
    w_t = qn("w:t")

    def add(values: Sequence[object], bold: bool = False) -> None:
        values = list(values)[:ncols]
        values += [None] * (ncols - len(values))
        tr = deepcopy(row_prototype)
        for index, value in enumerate(values):
            tc = deepcopy(prototypes[bold][index])
            text = format_number(value) if index in numeric else _clean(value)
            if "\n" in text or "\t" in text:
                tc.find(f".//{qn('w:r')}").text = text  # python-docx's run text: line breaks and tabs
            else:
                tc.find(f".//{w_t}").text = text
            tr.append(tc)
        tbl.append(tr)

    for source in (first_rows, rows_iter):
        for row in source:
            add(row)
    if block.total_row is not None:
        add(block.total_row, bold=True)
    _spacer(document, 4 * mm)


def _picture(container, block: Image, width: float) -> None:
    """A picture centred in `width` (points), as large as its box allows with its aspect ratio (the PDF's size),
    its caption under it."""
    data = block.read()
    picture_width, picture_height = image_size(block, data, width)
    in_cell = hasattr(container, "_tc")  # a cell's empty first paragraph takes the picture
    paragraph = (_first_paragraph if in_cell else _paragraph)(container, "", PICTURE)
    paragraph.add_run().add_picture(BytesIO(data), width=Pt(picture_width), height=Pt(picture_height))
    for line in (block.caption or "").splitlines():
        if line.strip():
            _paragraph(container, line.strip(), CAPTION)


def _picture_grid(document, block: ImageGrid) -> None:
    """Pictures `per_row` to a row in a borderless table, each centred in its column with its caption."""
    images = list(block.images)
    if not images:
        return
    per_row = max(1, block.per_row)
    widths = [CONTENT_WIDTH / per_row] * per_row
    padding = 3 * mm
    table = _new_table(document, widths, borderless=True)
    for start in range(0, len(images), per_row):
        row = _row(table, widths)
        for cell, image in zip(row.cells, images[start : start + per_row], strict=False):
            margins = _set(cell._tc.get_or_add_tcPr(), "w:tcMar")  # both sides (one _cell_margin replaces another)
            for side in ("left", "right"):
                margins.append(OxmlElement(f"w:{side}", {qn("w:w"): _twips(padding), qn("w:type"): "dxa"}))
            _picture(cell, image, widths[0] - 2 * padding)
            _spacer(cell, 4 * mm)
    _spacer(document, 4 * mm)


def _block(document, block: Block) -> None:
    if isinstance(block, NewPage):
        _spacer(document, 1).paragraph_format.page_break_before = True
    elif isinstance(block, Heading):
        style = {1: H1, 2: H2}.get(block.level, H3)
        _paragraph(document, block.text, dataclasses.replace(style, outline=min(max(block.level, 1), 3) - 1))
    elif isinstance(block, Para):
        for line in _clean(block.text).splitlines():
            if line.strip():
                _paragraph(document, line, BODY)
    elif isinstance(block, Bullets):
        for item in block.items:
            if str(item).strip():
                _paragraph(document, f"- {str(item).strip()}", BODY)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Signatures):
        _signatures(document, block)
    elif isinstance(block, Image):
        _picture(document, block, CONTENT_WIDTH)
        _spacer(document, 4 * mm)
    elif isinstance(block, ImageGrid):
        _picture_grid(document, block)
    else:
        raise TypeError(f"Unknown document block: {block!r}")


# --------------------------------------------------------------------------------------------------------------
# Page set-up, headers and footers, metadata


def _setup_fonts(document) -> None:
    """Times New Roman 13 pt for every script (w:eastAsia and w:cs too, or Word may pick another font for
    Vietnamese letters), and Vietnamese as the proofing language."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    for rpr in (rpr_default, normal.element.get_or_add_rPr()):
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = _set(rpr, "w:rFonts")
        for name in list(fonts.attrib):
            if name.endswith("Theme") or name.endswith("theme"):
                del fonts.attrib[name]
        for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attribute}"), FONT)
        _set(rpr, "w:lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA")
    for size in (rpr_default.find(qn("w:sz")), rpr_default.find(qn("w:szCs"))):
        if size is not None:
            size.set(qn("w:val"), "26")
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _modern_layout(document) -> None:
    """Word 2013+ layout: a table's border (not its text) sits on the margin, as in the PDF."""
    settings = document.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _setup_page(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Pt(MARGIN_TOP)
    section.bottom_margin = Pt(MARGIN_BOTTOM)
    section.left_margin = Pt(MARGIN_LEFT)
    section.right_margin = Pt(MARGIN_RIGHT)
    section.header_distance = Pt(HEADER_DISTANCE)
    section.footer_distance = Pt(FOOTER_DISTANCE)
    section.gutter = Pt(0)
    return section


def _page_field(paragraph: Paragraph, style: _Style) -> None:
    """A PAGE field: Word and LibreOffice print the page's number."""

    def run_with(element) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(style.size)
        run._r.append(element)

    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = " PAGE "
    run_with(instruction)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


def _draft_mark(header) -> None:
    """A boxed bold "DỰ THẢO" at the top right of every page of a draft: a printed draft cannot pass for the
    signed document."""
    paragraph = _format(header.paragraphs[0], DRAFT)
    _write(paragraph, f"\u00a0{DRAFT_MARK}\u00a0", DRAFT, markup=False)
    for run in paragraph.runs:
        _set(run._r.get_or_add_rPr(), "w:bdr", val="single", sz="6", space="0", color="auto")


def _headers_and_footers(section, doc: OfficialDocument) -> None:
    """Page numbers centred at the top from page 2 (the first page's header has none); a draft's mark on every
    page and, at the foot of its first page, the note that it is not issued."""
    section.different_first_page_header_footer = True
    first_header, header = section.first_page_header, section.header
    first_header.is_linked_to_previous = False
    header.is_linked_to_previous = False
    if doc.draft:
        _draft_mark(first_header)
        _draft_mark(header)
        number = _format(header.add_paragraph(), PAGE_NUMBER)
    else:
        number = _format(header.paragraphs[0], PAGE_NUMBER)
    _page_field(number, PAGE_NUMBER)

    first_footer = section.first_page_footer
    first_footer.is_linked_to_previous = False
    if doc.draft:
        day = (doc.printed_on or datetime.date.today()).strftime("%d/%m/%Y")  # noqa: DTZ011 (a local print date)
        paragraph = _format(first_footer.paragraphs[0], SMALL_NOTE)
        _write(paragraph, DRAFT_NOTE.format(date=day), SMALL_NOTE, markup=False)


def _annex_section(document) -> None:
    """The annex starts a new section on a new page that numbers its own pages (its first page unnumbered, as a
    phụ lục is), with the same page setup, headers and footers as the report (python-docx copies them)."""
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    sect = section._sectPr
    numbering = sect.find(qn("w:pgNumType"))
    if numbering is None:  # w:pgNumType sits before w:cols … w:docGrid in the schema's order
        numbering = OxmlElement("w:pgNumType")
        later = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:docGrid")
        anchor = next((sect.find(qn(t)) for t in later if sect.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(numbering)
        else:
            sect.append(numbering)
    numbering.set(qn("w:start"), "1")


def _core_properties(document, doc: OfficialDocument) -> None:
    props = document.core_properties
    props.title = _clean(doc.subject)
    props.author = _clean(doc.issuing_body)
    props.subject = _clean(f"{doc.doc_type_title} {doc.number}".strip())
    props.comments = PRODUCER
    props.language = "vi-VN"
    props.keywords = ""
    props.category = ""
    props.last_modified_by = _clean(doc.issuing_body)
    props.revision = 1
    when = FIXED_TIME
    if doc.date and not doc.draft:
        day = doc.date.date() if isinstance(doc.date, datetime.datetime) else doc.date
        when = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    props.created = props.modified = when


def _invariant_zip(content: bytes) -> bytes:
    """The package with fixed member times (python-docx stamps each ZIP member with the time of saving)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()


def render_docx(doc: OfficialDocument) -> bytes:
    """Render the document to .docx bytes (A4, Decree 30 layout, Times New Roman)."""
    document = docx.Document()
    _setup_fonts(document)
    _modern_layout(document)
    section = _setup_page(document)
    _headers_and_footers(section, doc)
    _core_properties(document, doc)

    _header(document, doc)
    _title(document, doc)
    for block in doc.body:
        _block(document, block)
    _ending(document, doc)
    if doc.annex:
        _annex_section(document)
        if doc.annex_title:
            _paragraph(document, doc.annex_title, DOC_TYPE)
            _paragraph(document, annex_note(doc), ANNEX_NOTE)
            _spacer(document, 4 * mm)
        for block in doc.annex:
            _block(document, block)
    if doc.verification:
        _paragraph(document, VERIFICATION_TEXT.format(code=_clean(doc.verification)), SMALL_NOTE, markup=False)
    if doc.copy_note:
        _paragraph(document, _clean(doc.copy_note), SMALL_NOTE, markup=False)
    elif _body_ends_with_table(document):
        _spacer(document, 1)  # the paragraph Word needs after a last table, as small as it can be

    buffer = BytesIO()
    document.save(buffer)
    return _invariant_zip(buffer.getvalue())
