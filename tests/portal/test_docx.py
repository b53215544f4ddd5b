"""The official-document Word builder: Decree 30 layout in a .docx, read back with python-docx."""

import datetime
import io
import itertools
import re
import zipfile

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from campaign_portal.documents.content import (
    DRAFT_MARK,
    MOTTO,
    NATIONAL_NAME,
    PRODUCER,
    Bullets,
    Heading,
    OfficialDocument,
    Para,
    Signature,
    Signatures,
    Table,
)
from campaign_portal.documents.docx import render_docx

PARENT = "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"
SUBJECT = "Kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” 6 tháng đầu năm 2021"
BODY = (
    "Thực hiện Kế hoạch số 98/KH-MT ngày 28/04/2021 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh, "
    "các cấp Mặt trận đã phối hợp tuyên truyền sâu rộng đến đoàn viên, hội viên và Nhân dân."
)
DATE_LINE = "Hải Dương, ngày 05 tháng 7 năm 2021"  # months from March on take no leading zero (content.date_line)
VERIFICATION = "Mã xác thực: ABCD-EFGH — kiểm tra tại Cổng thông tin Cuộc vận động"
ROWS = 300


def make_doc(**overrides) -> OfficialDocument:
    values = dict(
        parent_body=PARENT,
        issuing_body="BAN THƯỜNG TRỰC",
        number="12/BC-MT",
        place="Hải Dương",
        date=datetime.date(2021, 7, 5),
        doc_type="BC",
        subject=SUBJECT,
        body=[
            Heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI"),
            Para(BODY),
            Heading("1. Công tác tuyên truyền", level=2),
            Heading("a) Ở cấp tỉnh", level=3),
            Bullets(["Tổ chức 12 hội nghị tuyên truyền", "Đăng 45 tin, bài trên Báo Hải Dương"]),
        ],
        recipients=["Ban Thường trực UBTWMTTQ Việt Nam", "Thường trực Tỉnh ủy", "Lưu: VT, BPT."],
        signature=Signature("TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "Nguyễn Thị Hương"),
        verification="ABCD-EFGH",
        issuer_code="MT",
    )
    values.update(overrides)
    return OfficialDocument(**values)


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def paragraph_with(container, text: str):
    return next(p for p in container.paragraphs if text in p.text)


def body_order(document) -> list[str]:
    """The body's blocks in order: a paragraph's text, or "<table>" with its first cell's text."""
    out = []
    for element in document.element.body:
        if element.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            out.append("<table>" + "".join(t.text or "" for t in element.iter(qn("w:t"))))
    return out


def annex_table(rows) -> Table:
    return Table(
        columns=["TT", "Đơn vị", "Số tiền (đồng)", "Tỷ lệ (%)"],
        rows=rows,
        col_widths=[1, 5, 3, 2],
        numeric={0, 2, 3},
        total_row=["", "Tổng cộng", 987654321, 12.5],
        title="BIỂU SỐ LIỆU",
    )


@pytest.fixture(scope="module")
def issued():
    rows = ((i, f"Xã Thượng Đạt {i}", i * 1234567, i / 8) for i in range(1, ROWS + 1))
    return open_docx(render_docx(make_doc(annex=[annex_table(rows)])))


@pytest.fixture(scope="module")
def draft():
    doc = make_doc().as_draft(printed_on=datetime.date(2021, 6, 30))
    return open_docx(render_docx(doc))


def test_every_section_is_a4_portrait_with_the_decree_margins(issued):
    assert len(issued.sections) == 2  # the report, then its annex (which numbers its own pages)
    for section in issued.sections:
        _check_page(section)


def _check_page(section):
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 20),
        (section.bottom_margin, 20),
        (section.left_margin, 30),
        (section.right_margin, 15),
    ):
        assert length.mm == pytest.approx(mm, abs=0.5)


def test_it_sets_times_new_roman_for_every_script(issued):
    normal = issued.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 13
    fonts = normal.element.rPr.rFonts
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{attribute}")) == "Times New Roman"
    # No theme font left in the defaults to override it.
    defaults = issued.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert defaults.get(qn("w:asciiTheme")) is None
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"


def test_the_header_puts_the_issuer_and_the_national_name_side_by_side(issued):
    header = issued.tables[0]
    assert len(header.rows) == 2 and len(header.columns) == 2
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert squash(left.text).startswith(PARENT)
    issuer = paragraph_with(left, "BAN THƯỜNG TRỰC")
    assert all(run.bold for run in issuer.runs)
    assert header.cell(0, 0).width.mm == pytest.approx(72, abs=0.5)

    national = paragraph_with(right, NATIONAL_NAME)
    assert all(run.bold for run in national.runs)
    motto = paragraph_with(right, MOTTO)
    assert motto.text == MOTTO
    assert all(run.bold and run.underline for run in motto.runs)

    # "Số" and the date line share the second row, so they sit on one line.
    assert header.cell(1, 0).text == "Số: 12/BC-MT"
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == DATE_LINE
    assert all(run.italic for run in date.runs)
    assert date.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_it_prints_the_title_and_body_in_decree_30_style(issued):
    title = paragraph_with(issued, "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold and run.font.size.pt == 14 for run in title.runs)
    subject = paragraph_with(issued, SUBJECT)
    assert all(run.bold for run in subject.runs)

    body = paragraph_with(issued, BODY)
    assert body.text == BODY
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.mm == pytest.approx(10, abs=0.5)
    assert 1.15 <= body.paragraph_format.line_spacing <= 1.3
    assert body.runs[0].font.size.pt == 13

    h1 = paragraph_with(issued, "I. CÔNG TÁC LÃNH ĐẠO")
    assert all(run.bold and not run.italic for run in h1.runs)
    h3 = paragraph_with(issued, "a) Ở cấp tỉnh")
    assert all(run.bold and run.italic for run in h3.runs)
    assert paragraph_with(issued, "Tổ chức 12").text == "- Tổ chức 12 hội nghị tuyên truyền"


def test_pages_are_numbered_at_the_top_from_page_two(issued):
    section = issued.sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header._element
    assert [i.text for i in header.iter(qn("w:instrText"))] == [" PAGE "]
    kinds = [f.get(qn("w:fldCharType")) for f in header.iter(qn("w:fldChar"))]
    assert kinds[0] == "begin" and kinds[-1] == "end"
    assert paragraph_with(section.header, "").alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert list(first._element.iter(qn("w:instrText"))) == []
    assert squash("".join(p.text for p in first.paragraphs)) == ""


def test_an_issued_document_has_no_draft_mark_and_ends_with_its_verification_code(issued):
    section = issued.sections[0]
    for part in (section.header, section.first_page_header, section.first_page_footer):
        assert DRAFT_MARK not in "".join(p.text for p in part.paragraphs)
    last = issued.paragraphs[-1]
    assert last.text == VERIFICATION
    assert all(run.italic and run.font.size.pt < 11 for run in last.runs)


def test_a_draft_is_marked_and_has_no_number_nor_date(draft):
    section = draft.sections[0]
    for header in (section.header, section.first_page_header):
        mark = paragraph_with(header, DRAFT_MARK)
        assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert all(run.bold for run in mark.runs)
    assert [i.text for i in section.header._element.iter(qn("w:instrText"))] == [" PAGE "]
    note = "".join(p.text for p in section.first_page_footer.paragraphs)
    assert "30/06/2021" in note and "chưa phát hành" in note

    header = draft.tables[0]
    number = header.cell(1, 0).text
    assert re.fullmatch(r"Số:\D*/BC-MT", number)
    date = header.cell(1, 1).text
    assert date.startswith("Hải Dương, ngày") and not re.search(r"\d", date)
    assert "Mã xác thực" not in "".join(p.text for p in draft.paragraphs)


def test_a_draft_without_a_print_date_says_today():
    before = datetime.date.today()  # noqa: DTZ011 (the renderer prints the local date)
    document = open_docx(render_docx(make_doc().as_draft()))
    after = datetime.date.today()  # noqa: DTZ011
    note = "".join(p.text for p in document.sections[0].first_page_footer.paragraphs)
    assert any(day.strftime("%d/%m/%Y") in note for day in (before, after))


def test_a_long_table_repeats_its_header_and_formats_numbers(issued):
    grid = [t for t in issued.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grid) == 1
    table = grid[0]
    assert len(table.rows) == ROWS + 2  # header, every row of the generator, total
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in header.cells] == ["TT", "Đơn vị", "Số tiền (đồng)", "Tỷ lệ (%)"]
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)

    first = table.rows[1].cells
    assert [c.text for c in first] == ["1", "Xã Thượng Đạt 1", "1.234.567", "0,12"]
    assert first[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert first[2].paragraphs[0].runs[0].font.size.pt == 11
    assert [c.text for c in table.rows[51].cells][:2] == ["51", "Xã Thượng Đạt 51"]  # past the width sample
    assert table.rows[ROWS].cells[1].text == f"Xã Thượng Đạt {ROWS}"

    total = table.rows[-1].cells
    assert [c.text for c in total] == ["", "Tổng cộng", "987.654.321", "12,5"]
    assert all(run.bold for run in total[2].paragraphs[0].runs)

    widths = [column.width.mm for column in table.columns]
    assert sum(widths) == pytest.approx(165, abs=0.5)
    assert widths[1] / widths[0] == pytest.approx(5, rel=0.01)
    assert widths[2] / widths[0] == pytest.approx(3, rel=0.01)

    title = paragraph_with(issued, "BIỂU SỐ LIỆU")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in title.runs)


def test_it_ends_with_recipients_and_the_signature(issued):
    ending = next(t for t in issued.tables if "Nơi nhận:" in t.cell(0, 0).text)
    left, right = ending.cell(0, 0), ending.cell(0, 1)
    title = paragraph_with(left, "Nơi nhận:")
    assert all(run.bold and run.italic and run.font.size.pt == 12 for run in title.runs)
    lines = [p.text for p in left.paragraphs[1:]]
    assert lines == ["- Ban Thường trực UBTWMTTQ Việt Nam;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, BPT."]
    assert all(run.font.size.pt == 11 for p in left.paragraphs[1:] for run in p.runs)

    texts = [p.text for p in right.paragraphs]
    assert texts[:2] == ["TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH"]
    assert texts[-1] == "Nguyễn Thị Hương"
    assert texts[2:-1] == ["", "", "", ""]  # room for the signature and the seal
    assert all(run.bold for p in right.paragraphs for run in p.runs)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)


def test_the_annex_starts_after_a_page_break(issued):
    order = body_order(issued)
    ending = next(i for i, text in enumerate(order) if text.startswith("<table>Nơi nhận:"))
    annex = order.index("PHỤ LỤC")
    assert ending < annex
    # The annex is a section of its own, starting on a new page, whose page numbers start again at 1.
    annex_section = issued.sections[1]
    assert annex_section.start_type == WD_SECTION.NEW_PAGE
    numbering = annex_section._sectPr.find(qn("w:pgNumType"))
    assert numbering is not None and numbering.get(qn("w:start")) == "1"
    assert annex_section.different_first_page_header_footer is True
    assert order[annex + 1] == "(Kèm theo Báo cáo số 12/BC-MT ngày 05/07/2021)"
    # No two tables touch (Word would merge them): a paragraph always sits between.
    assert not any(a.startswith("<table>") and b.startswith("<table>") for a, b in itertools.pairwise(order))


def test_user_text_keeps_markup_characters_and_renders_simple_tags():
    doc = make_doc(body=[Para("<b>x</b> & <script>"), Para("Giá < 5.000 đồng & hàng > 90% <I>rõ</I><br/>tiếp")])
    document = open_docx(render_docx(doc))
    paragraph = paragraph_with(document, "& <script>")
    assert paragraph.text == "x & <script>"
    bold = [run for run in paragraph.runs if run.text == "x"]
    assert bold and bold[0].bold is True
    assert all(not run.bold for run in paragraph.runs if "<script>" in run.text)
    other = paragraph_with(document, "Giá <")
    assert other.text == "Giá < 5.000 đồng & hàng > 90% rõ\ntiếp"
    assert [run.italic for run in other.runs if run.text == "rõ"] == [True]


def test_several_signatures_sit_side_by_side():
    doc = make_doc(
        signature=None,
        recipients=[],
        verification=None,
        body=[
            Para("Biên bản lập xong lúc 10 giờ cùng ngày."),
            Signatures([Signature("ĐẠI DIỆN CƠ SỞ", "", "Trần Văn Bình"), Signature("TRƯỞNG ĐOÀN", "", "Lê Hà")]),
        ],
    )
    document = open_docx(render_docx(doc))
    table = next(t for t in document.tables if "ĐẠI DIỆN CƠ SỞ" in t.cell(0, 0).text)
    assert len(table.columns) == 2
    assert table.cell(0, 0).paragraphs[-1].text == "Trần Văn Bình"
    assert table.cell(0, 1).paragraphs[0].text == "TRƯỞNG ĐOÀN"
    assert table.cell(0, 1).paragraphs[-1].text == "Lê Hà"
    assert "Mã xác thực" not in "".join(p.text for p in document.paragraphs)


def test_an_unknown_block_is_refused():
    with pytest.raises(TypeError, match="Unknown document block"):
        render_docx(make_doc(body=[Para("ok"), "a plain string"]))


def test_table_widths_must_match_the_columns():
    with pytest.raises(ValueError, match="col_widths"):
        render_docx(make_doc(body=[Table(columns=["A", "B"], rows=[[1, 2]], col_widths=[1, 2, 3])]))


def test_it_carries_metadata_and_the_same_content_gives_the_same_bytes():
    doc = make_doc()
    content = render_docx(doc)
    props = open_docx(content).core_properties
    assert props.title == SUBJECT
    assert props.author == "BAN THƯỜNG TRỰC"
    assert props.subject == "BÁO CÁO 12/BC-MT"
    assert props.comments == PRODUCER
    assert props.language == "vi-VN"
    assert props.created == props.modified
    assert props.created.date() == datetime.date(2021, 7, 5)
    assert render_docx(make_doc()) == content
    # No time of saving in the package: its members carry a fixed date.
    assert {member.date_time for member in zipfile.ZipFile(io.BytesIO(content)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- pictures (the Image block) ------------------------------------------------------------------------------


def _jpeg(size: tuple[int, int]) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_pictures_print_as_inline_pictures_with_their_captions_and_aspect_ratio():
    from docx.shared import Mm

    from campaign_portal.documents.content import Image, ImageGrid

    single = Image(data=_jpeg((40, 30)), caption="Ảnh toàn cảnh", max_width_mm=60, max_height_mm=100)
    grid = ImageGrid([Image(data=_jpeg((30, 40)), caption=f"Ảnh {n}", max_height_mm=50) for n in (1, 2, 3)])
    document = open_docx(render_docx(make_doc(body=[Para(BODY), single], annex=[grid])))
    shapes = document.inline_shapes
    assert len(shapes) == 4
    assert abs(shapes[0].width - Mm(60)) < Mm(0.5) and abs(shapes[0].height - Mm(45)) < Mm(0.5)
    assert abs(shapes[1].height - Mm(50)) < Mm(0.5) and abs(shapes[1].width - Mm(37.5)) < Mm(0.5)
    assert paragraph_with(document, "Ảnh toàn cảnh").alignment == WD_ALIGN_PARAGRAPH.CENTER
    photos = next(t for t in document.tables if "Ảnh 1" in t.cell(0, 0).text)
    assert [c.text.strip() for c in photos.rows[0].cells] == ["Ảnh 1", "Ảnh 2"]  # two to a row
    assert photos.rows[1].cells[0].text.strip() == "Ảnh 3"
