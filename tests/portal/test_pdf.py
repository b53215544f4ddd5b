"""The official-document PDF builder: Decree 30 layout, text that survives copy-paste, long tables, progress."""

import datetime
import io
import re
import unicodedata
from types import SimpleNamespace

import pypdf
import pytest
from reportlab.lib.pagesizes import A4

from campaign_portal.documents.content import (
    Bullets,
    Heading,
    Issuer,
    OfficialDocument,
    Para,
    Signature,
    Signatures,
    Table,
    date_line,
    format_number,
)
from campaign_portal.documents.pdf import render_pdf

PARENT = "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"
SUBJECT = "Kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” 6 tháng đầu năm 2021"
BODY = (
    "Thực hiện Kế hoạch số 98/KH-MT ngày 28/04/2021 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh, "
    "các cấp Mặt trận đã phối hợp tuyên truyền sâu rộng đến đoàn viên, hội viên và Nhân dân."
)
ROWS = 3000


def norm(text: str) -> str:
    """NFC and single spaces: what a reader pastes, minus line breaks."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


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
            Bullets(["Tổ chức 12 hội nghị tuyên truyền", "Đăng 45 tin, bài trên Báo Hải Dương"]),
        ],
        recipients=["Ban Thường trực UBTWMTTQ Việt Nam", "Thường trực Tỉnh ủy", "Lưu: VT, BPT."],
        signature=Signature("TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "Nguyễn Thị Hương"),
        verification="ABCD-EFGH",
    )
    values.update(overrides)
    return OfficialDocument(**values)


@pytest.fixture(scope="module")
def short_pdf() -> bytes:
    return render_pdf(make_doc())


@pytest.fixture(scope="module")
def long_pdf() -> tuple[bytes, list[int]]:
    rows = ((i, f"Xã Thượng Đạt {i}", i * 1234567, i / 8) for i in range(1, ROWS + 1))
    table = Table(
        columns=["TT", "Đơn vị", "Số tiền (đồng)", "Tỷ lệ (%)"],
        rows=rows,
        col_widths=[1, 5, 3, 2],
        numeric={0, 2, 3},
        total_row=["", "Tổng cộng", 987654321, 12.5],
        title="BIỂU SỐ LIỆU",
    )
    progress: list[int] = []
    content = render_pdf(make_doc(body=[Para(BODY)], annex=[table]), on_progress=progress.append)
    return content, progress


def test_it_is_a4_portrait(short_pdf):
    page = pypdf.PdfReader(io.BytesIO(short_pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)


def test_it_prints_the_decree_30_header_and_title_in_vietnamese(short_pdf):
    text = norm(pages_text(short_pdf)[0])
    for expected in (
        PARENT,
        "BAN THƯỜNG TRỰC",
        "Số: 12/BC-MT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hải Dương, ngày 05 tháng 7 năm 2021",
        "BÁO CÁO",
        SUBJECT,
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI",
        BODY,
        "- Tổ chức 12 hội nghị tuyên truyền",
    ):
        assert expected in text


def test_it_ends_with_recipients_and_signature(short_pdf):
    text = norm(pages_text(short_pdf)[-1])
    assert "Nơi nhận:" in text
    assert "- Ban Thường trực UBTWMTTQ Việt Nam;" in text
    assert "- Lưu: VT, BPT." in text
    assert "TM. BAN THƯỜNG TRỰC" in text
    assert "PHÓ CHỦ TỊCH" in text
    assert "Nguyễn Thị Hương" in text


def test_it_carries_title_and_author_metadata(short_pdf):
    meta = pypdf.PdfReader(io.BytesIO(short_pdf)).metadata
    assert meta.title == SUBJECT
    assert meta.author == "BAN THƯỜNG TRỰC"


def test_it_prints_the_verification_code_on_the_last_page_only(long_pdf):
    texts = pages_text(long_pdf[0])
    line = "Mã xác thực: ABCD-EFGH — kiểm tra tại Cổng thông tin Cuộc vận động"
    assert line in norm(texts[-1])
    assert not any(line in norm(t) for t in texts[:-1])


def test_it_numbers_pages_at_the_top_from_page_two_and_the_annex_on_its_own(long_pdf):
    texts = pages_text(long_pdf[0])
    assert len(texts) > 4
    assert not texts[0].strip().startswith("1")
    annex = next(i for i, t in enumerate(texts) if t.strip().startswith("PHỤ LỤC"))
    assert annex >= 1  # the annex's first page carries no number …
    assert texts[annex + 1].strip().splitlines()[0].strip() == "2"  # … and its pages count from its start
    assert texts[annex + 2].strip().splitlines()[0].strip() == "3"


def test_a_long_table_spans_pages_with_its_header_repeated(long_pdf):
    texts = [norm(t) for t in pages_text(long_pdf[0])]
    table_pages = [t for t in texts if "Xã Thượng Đạt" in t]
    assert len(table_pages) > 10
    # The header row opens every page of the table, and never sits between two chunks of one page.
    for text in table_pages:
        assert text.count("Số tiền (đồng)") == 1
    every_row = " ".join(texts)
    assert f"Xã Thượng Đạt {ROWS} " in every_row
    assert all(f"Xã Thượng Đạt {i} " in every_row for i in (1, 250, 251, 500, 1777))


def test_it_formats_numbers_the_vietnamese_way_and_prints_the_total_row(long_pdf):
    text = norm(" ".join(pages_text(long_pdf[0])))
    assert "1.234.567" in text  # row 1
    assert "0,12" in text or "0,13" in text  # 1/8 = 0.125
    assert "Tổng cộng 987.654.321 12,5" in text


def test_the_annex_starts_on_its_own_page(long_pdf):
    texts = [norm(t) for t in pages_text(long_pdf[0])]
    annex_page = next(i for i, t in enumerate(texts) if "PHỤ LỤC" in t)
    assert "Nơi nhận:" in texts[annex_page - 1]
    assert "Kèm theo Báo cáo số 12/BC-MT ngày 05/07/2021" in texts[annex_page]


def test_it_reports_progress_increasing_up_to_100(long_pdf):
    progress = long_pdf[1]
    assert len(progress) > 5
    assert progress == sorted(set(progress))
    assert progress[-1] == 100
    assert all(0 <= p <= 100 for p in progress)


def test_it_lays_several_signatures_side_by_side():
    doc = make_doc(
        doc_type="BIÊN BẢN",
        signature=None,
        recipients=[],
        verification=None,
        body=[
            Para("Biên bản lập xong lúc 10 giờ cùng ngày."),
            Signatures(
                [Signature("ĐẠI DIỆN CƠ SỞ", "", "Trần Văn Bình"), Signature("TRƯỞNG ĐOÀN KIỂM TRA", "", "Lê Hà")]
            ),
        ],
    )
    text = norm(pages_text(render_pdf(doc))[-1])
    assert "BIÊN BẢN" in text
    assert "ĐẠI DIỆN CƠ SỞ" in text and "TRƯỞNG ĐOÀN KIỂM TRA" in text
    assert "Trần Văn Bình" in text and "Lê Hà" in text
    assert "Mã xác thực" not in text


def test_user_text_with_markup_characters_prints_as_written():
    doc = make_doc(body=[Para("Giá < 5.000 đồng & hàng > 90% <script>x</script>"), Para("<b>Ưu điểm:</b> rõ")])
    text = norm(pages_text(render_pdf(doc))[0])
    assert "Giá < 5.000 đồng & hàng > 90% <script>x</script>" in text
    assert "Ưu điểm: rõ" in text


def test_for_issuer_takes_header_place_and_signature_from_the_issuer():
    issuer = SimpleNamespace(
        parent_body=PARENT,
        issuing_body="BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG",
        place_name="Nam Sách",
        signer_authority="TM. BAN CHỈ ĐẠO",
        signer_title="TRƯỞNG BAN",
        signer_name="Phạm Văn Nam",
    )
    issuer.code = "BCĐ"
    draft = OfficialDocument.for_issuer(Issuer.of(issuer), doc_type="KH", subject="Kế hoạch năm 2021")
    assert (draft.parent_body, draft.issuing_body, draft.place) == (PARENT, "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG", "Nam Sách")
    assert draft.signature == Signature("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Phạm Văn Nam")
    assert draft.draft and draft.number_line.replace("\u00a0", " ").split() == ["Số:", "/KH-BCĐ"]
    doc = draft.issued(number="03/KH-BCĐ", date=datetime.date(2021, 2, 9))
    text = norm(" ".join(pages_text(render_pdf(doc))))
    assert "KẾ HOẠCH" in text and "Nam Sách, ngày 09 tháng 02 năm 2021" in text and "Phạm Văn Nam" in text
    assert "Số: 03/KH-BCĐ" in text and "DỰ THẢO" not in text
    draft_text = norm(" ".join(pages_text(render_pdf(draft.as_draft(printed_on=datetime.date(2021, 2, 1))))))
    assert "DỰ THẢO" in draft_text and "01/02/2021" in draft_text and "ngày 09" not in draft_text


def test_the_same_content_renders_to_the_same_bytes():
    doc = make_doc()
    assert render_pdf(doc) == render_pdf(make_doc())


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2021, 7, 5), "Hải Dương, ngày 05 tháng 7 năm 2021"),
        (datetime.date(2021, 1, 15), "Hải Dương, ngày 15 tháng 01 năm 2021"),
        (datetime.date(2021, 2, 28), "Hải Dương, ngày 28 tháng 02 năm 2021"),
        (datetime.date(2021, 12, 10), "Hải Dương, ngày 10 tháng 12 năm 2021"),
    ],
)
def test_date_line_pads_small_days_and_the_first_two_months(day, expected):
    assert date_line("Hải Dương", day) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234567, "1.234.567"), (12.5, "12,5"), (0, "0"), (-4500, "-4.500"), (1234.567, "1.234,57"), (None, "")],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_an_undated_draft_leaves_the_date_blank():
    assert date_line("Hải Dương", None) == "Hải Dương, ngày      tháng      năm"
    doc = make_doc(date=None, number="", annex=[Para("Phụ lục kèm theo.")], verification=None)
    texts = [norm(t) for t in pages_text(render_pdf(doc))]
    assert "Hải Dương, ngày tháng năm" in texts[0]
    assert "(Kèm theo Báo cáo)" in texts[-1]


# --- pictures (the Image block) ------------------------------------------------------------------------------


def _jpeg(size: tuple[int, int], color=(200, 40, 40)) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_picture_prints_with_its_caption_and_keeps_its_aspect_ratio(tmp_path):
    from campaign_portal.documents.content import Image
    from campaign_portal.documents.pdf import image_size

    path = tmp_path / "doc.jpg"
    path.write_bytes(_jpeg((40, 30), (40, 90, 160)))
    block = Image(path=str(path), caption="Ảnh 1: quầy hàng", max_width_mm=80, max_height_mm=40)
    width, height = image_size(block, block.read(), A4[0])
    assert height == pytest.approx(40 * 72 / 25.4) and width / height == pytest.approx(40 / 30)  # the box's height
    content = render_pdf(make_doc(body=[Para(BODY), block], recipients=[], signature=None))
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    assert len(page.images) == 1
    assert "Ảnh 1: quầy hàng" in norm(page.extract_text())


def test_pictures_in_a_grid_sit_two_to_a_row_on_the_annex():
    from campaign_portal.documents.content import Image, ImageGrid

    photos = [
        Image(data=_jpeg((120, 90), (60 * n, 40, 40)), caption=f"Ảnh {n}", max_width_mm=80, max_height_mm=60)
        for n in (1, 2, 3)
    ]
    content = render_pdf(make_doc(annex=[ImageGrid(photos, per_row=2)]))
    reader = pypdf.PdfReader(io.BytesIO(content))
    annex = reader.pages[-1]
    assert len(annex.images) == 3 and len(reader.pages[0].images) == 0
    text = norm(annex.extract_text())
    assert "Ảnh 1" in text and "Ảnh 3" in text


def test_a_picture_is_hashed_not_stored_in_the_content_payload():
    import hashlib
    import json

    from campaign_portal.documents.content import Image, ImageGrid, content_payload

    data = _jpeg((16, 12))
    payload = content_payload(make_doc(annex=[ImageGrid([Image(data=data, caption="Ảnh 1")])]))
    text = json.dumps(payload, ensure_ascii=False)  # a JSONField holds it
    picture = payload["annex"][0]["images"][0]
    assert picture["sha256"] == hashlib.sha256(data).hexdigest() and picture["size"] == len(data)
    assert picture["caption"] == "Ảnh 1" and "data" not in picture
    assert len(text) < 2000
