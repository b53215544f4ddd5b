"""Every workbook the portal writes prints: A4, landscape when wide, scaled to the page width, the header lines and
the column header row on every page (and the unit's columns, where a sheet has them), numbered pages, sentences
wrapped with a row height to match, numbers as they are ("1.234", "462,5", never "462.00"), Times New Roman only.

The builders are called with plain objects: no database."""

import datetime
import io
import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils import translation

from campaign_portal.documents.content import Issuer
from campaign_portal.xlsx import Column, Sheet, Text, build_workbook, number_format_for

D = Decimal
SENTENCE = (
    "Ban Thường trực Ủy ban MTTQ tỉnh đã ban hành Kế hoạch triển khai Cuộc vận động năm 2021; các huyện, thị xã, "
    "thành phố và các tổ chức thành viên đã cụ thể hóa bằng kế hoạch của mình."
)


def load(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def table_width(ws) -> float:
    return sum(dimension.width or 0 for dimension in ws.column_dimensions.values())


def header_row(ws, first_header: str) -> int:
    return next(row[0].row for row in ws.iter_rows() if row[0].value == first_header)


def assert_prints(wb, *, unit_columns: dict[str, str] | None = None, pages_wide: dict[str, int] | None = None):
    """What every sheet of every workbook must carry; unit_columns: sheet -> the print title columns ("$A:$B")."""
    unit_columns = unit_columns or {}
    pages_wide = pages_wide or {}
    assert wb._named_styles["Normal"].font.name == "Times New Roman"
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth == pages_wide.get(ws.title, 1), ws.title
        assert setup.fitToHeight == 0, ws.title
        assert setup.orientation == ("landscape" if table_width(ws) > 110 else "portrait"), ws.title
        assert ws.print_title_rows and re.fullmatch(r"\$\d+:\$\d+", ws.print_title_rows), ws.title
        assert ws.print_title_cols == unit_columns.get(ws.title), ws.title
        assert ws.oddFooter.center.text == "Trang &P / &N", ws.title
        assert ws.print_options.horizontalCentered, ws.title
        assert ws.page_margins.left < 0.75 and ws.page_margins.top < 1, ws.title  # not Excel's wide defaults


def cell_where(ws, value):
    return next(cell for row in ws.iter_rows() for cell in row if cell.value == value)


def no_calibri(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    return "Calibri" not in styles and 'scheme val="minor"' not in styles and "Times New Roman" in styles


# --- the builder ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built():
    wide = Sheet(
        "Rộng",
        [
            Column("Đơn vị", width=30, repeat=True),
            Column("Nội dung", width=90, wrap=True),
            Column("Số tiền (đồng)", width=14, money=True),
            Column("Số liệu", width=12),
            Column("Ghi chú", width=20),
        ],
        [
            ("Xã Nam Hồng", SENTENCE, 1234567, 1234, "ngắn"),
            ("Phường Hải Tân", "Một câu.", D("2500000.40"), 462.5, SENTENCE),
            ("Xã An Lâm", None, 0, D("462.00"), None),
            ("Tổng", "", 7, D("0.25"), ""),
        ],
        header_lines=["BÁO CÁO SỐ LIỆU", "Kỳ 6 tháng đầu năm 2021"],
        bold_rows=[3],
    )
    narrow = Sheet("Hẹp", [Column("Chỉ tiêu", width=40), Column("Kết quả", width=12)], [("Số buổi", 12)])
    very_wide = Sheet(
        "Ma trận",
        [Column("Mã", width=9, repeat=True), Column("Đơn vị", width=30, repeat=True)]
        + [Column(f"TT{i:02}", width=11) for i in range(46)],
        [("288", "Thành phố Hải Dương", *range(46))],
        header_lines=["SỐ LIỆU THEO ĐƠN VỊ – TỈNH HẢI DƯƠNG – 6 tháng đầu năm 2021"],
    )
    cover = Sheet(
        "Bìa",
        [Column("Mục", width=42), Column("Nội dung", width=66, wrap=True)],
        [("Đơn vị", "Tỉnh Hải Dương")],
        letterhead=[
            [Text("ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"), Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)],
            [Text("BÁO CÁO", bold=True, size=14, span=2)],
        ],
        freeze=False,
    )
    content = build_workbook([wide, narrow, very_wide, cover])
    return content, load(content)


def test_every_sheet_is_set_up_for_a4(built):
    _content, wb = built
    assert_prints(
        wb,
        unit_columns={"Rộng": "$A:$A", "Ma trận": "$A:$B"},
        pages_wide={"Ma trận": 3},  # 46 indicators: three legible pages across, the unit repeated on each
    )
    assert wb["Rộng"].page_setup.orientation == "landscape" and wb["Hẹp"].page_setup.orientation == "portrait"


def test_the_header_lines_and_the_header_row_repeat_on_every_page(built):
    _content, wb = built
    assert wb["Rộng"].print_title_rows == "$1:$3"
    assert wb["Hẹp"].print_title_rows == "$1:$1"
    assert wb["Ma trận"].print_title_rows == "$1:$2"
    assert wb["Bìa"].print_title_rows == "$3:$3"  # the letterhead prints once, above the table
    assert wb["Rộng"].freeze_panes == "B4"  # the unit's column stays in view too


def test_a_title_line_spans_the_table_or_the_repeated_columns_of_a_sheet_printed_across_pages(built):
    _content, wb = built
    assert "A1:E1" in {str(r) for r in wb["Rộng"].merged_cells.ranges}
    assert "A1:B1" in {str(r) for r in wb["Ma trận"].merged_cells.ranges}  # so it prints on every page
    assert wb["Rộng"]["A1"].font.b and wb["Rộng"]["A1"].alignment.wrap_text


def test_sentences_wrap_at_the_top_of_rows_tall_enough_to_show_them(built):
    _content, wb = built
    ws = wb["Rộng"]
    sentence = ws["B4"]
    assert sentence.value == SENTENCE and sentence.alignment.wrap_text and sentence.alignment.vertical == "top"
    assert ws["E5"].alignment.wrap_text  # a long text in a column not marked wrap: wrapped all the same
    assert not ws["E4"].alignment.wrap_text and ws["A4"].alignment.vertical == "top"
    assert ws.row_dimensions[4].height >= 2 * 13  # two lines at least: LibreOffice does not fit the row itself
    assert ws.row_dimensions[6].height is None  # nothing wrapped: the default height


def test_numbers_show_as_they_are(built):
    _content, wb = built
    ws = wb["Rộng"]
    assert [ws[f"D{row}"].number_format for row in range(4, 8)] == ["#,##0", "#,##0.0", "#,##0", "#,##0.00"]
    assert ws["D5"].value == 462.5 and ws["D6"].value == 462
    assert [ws[f"C{row}"].number_format for row in range(4, 8)] == ["#,##0"] * 4  # money: whole đồng
    assert wb["Hẹp"]["B2"].number_format == "#,##0"
    assert ws["A7"].font.b and ws["D7"].font.b  # a bold row (a total)


def test_number_formats_follow_the_value():
    assert number_format_for(1234) == "#,##0"
    assert number_format_for(462.0) == number_format_for(D("462.00")) == "#,##0"
    assert number_format_for(462.5) == number_format_for(D("462.50")) == "#,##0.0"
    assert number_format_for(0.25) == number_format_for(D("80.92")) == "#,##0.00"
    assert number_format_for(1 / 3) == "#,##0.00"  # two decimals at most
    assert number_format_for(2.999) == "#,##0"  # 3.00 rounded: no "3.00"


def test_one_font_family_even_for_the_defaults(built):
    content, wb = built
    assert no_calibri(content)
    fonts = {cell.font.name for ws in wb.worksheets for row in ws.iter_rows() for cell in row}
    assert fonts == {"Times New Roman"}


def test_the_letterhead_sits_side_by_side_and_spans_where_asked(built):
    _content, wb = built
    ws = wb["Bìa"]
    assert ws["A1"].value == "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"
    assert ws["B1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and ws["B1"].font.b
    assert ws["A1"].alignment.wrap_text and ws["A1"].alignment.horizontal == "center"
    assert ws.row_dimensions[1].height >= 2 * 15  # the issuer's name takes two lines in its column
    assert "A2:B2" in {str(r) for r in ws.merged_cells.ranges} and ws["A2"].font.sz == 14


# --- the consolidated report ------------------------------------------------------------------------------------


def _document(indicator_count: int = 4):
    from reporting.consolidation.content import CompletenessLine, ConsolidatedDocument, IndicatorLine

    at = datetime.datetime(2021, 6, 24, 15, tzinfo=datetime.UTC)
    kinds = [("integer", D(1234)), ("decimal", D("462.5")), ("money", D("2500000")), ("percentage", D("80.92"))]
    indicators = []
    for i in range(indicator_count):
        value_type, value = kinds[i % len(kinds)]
        indicators.append(
            IndicatorLine(
                area=1 + i // 3,
                code=f"TT{i + 1:02}",
                label=f"Số hội nghị, buổi tuyên truyền, quán triệt số {i + 1}",
                unit_label="buổi",
                aggregation="sum",
                value_type=value_type,
                value=value,
                sources=2,
                area_title=f"Lĩnh vực {1 + i // 3}",
                aggregation_text="Cộng tổng",
            )
        )
    matrix = [
        ("288", "Thành phố Hải Dương", [line.value for line in indicators]),
        ("30-CQ6", "Sở Nông nghiệp và Phát triển nông thôn", [None] * indicator_count),
    ]
    completeness = [
        CompletenessLine("288", "Thành phố Hải Dương", "accepted", at, datetime.date(2021, 6, 18), True, True, "", 1),
    ]
    return ConsolidatedDocument(
        unit_code="30",
        unit_name="Tỉnh Hải Dương",
        period_code="2021-H1",
        period_name="6 tháng đầu năm 2021",
        year=2021,
        is_annual=False,
        header=Issuer("ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG", "BAN THƯỜNG TRỰC", "Hải Dương", "MT", "TM.", "CT", "A"),
        subject="Kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” 6 tháng đầu năm 2021",
        sections=[("I", "Công tác lãnh đạo, chỉ đạo", 1, SENTENCE + "\n\n" + SENTENCE), ("II", "Kết quả", 1, "")],
        completeness_text="Có 1/1 đơn vị đã gửi báo cáo.",
        indicators=indicators,
        matrix_rows=matrix,
        completeness=completeness,
        recipients=["Lưu: VT."],
        data_as_of=at,
    )


def test_the_consolidated_workbook_prints():
    from reporting.consolidation import xlsx

    content = xlsx.build(_document(), number="9/BC-MT", detail_rows=[("288", "Thành phố Hải Dương", "huyện", 7, 1, {})])
    wb = load(content)
    units = {"Ma trận": "$A:$B", "Tình hình báo cáo": "$A:$B", "Chi tiết": "$A:$B", "Mã chỉ tiêu": "$A:$B"}
    assert_prints(wb, unit_columns=units)
    assert no_calibri(content)
    assert wb["Bìa"].page_setup.orientation == "portrait"  # like the PDF
    narrative = wb["Nội dung báo cáo"]
    paragraph = cell_where(narrative, SENTENCE)
    assert paragraph.alignment.wrap_text and paragraph.alignment.vertical == "top"
    assert [c.value for c in narrative[paragraph.row + 1]] == [None, None, SENTENCE]  # one row per paragraph


def test_the_cover_lays_the_header_out_as_the_pdf_does():
    from campaign_portal.documents.content import MOTTO, NATIONAL_NAME
    from reporting.consolidation import xlsx

    ws = load(xlsx.build(_document(), number="9/BC-MT"))["Bìa"]
    assert [ws["A1"].value, ws["B1"].value] == ["ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG", NATIONAL_NAME]
    assert [ws["A2"].value, ws["B2"].value] == ["BAN THƯỜNG TRỰC", MOTTO]
    assert ws["A3"].value == "Số: 9/BC-MT" and ws["B3"].value.startswith("Hải Dương, ngày")
    assert ws["A2"].font.b and ws["B1"].font.b and ws["B3"].font.i
    for cell in (ws["A1"], ws["B1"], ws["A2"], ws["B2"]):  # centred in their own wide column, wrapped, not cut
        assert cell.alignment.horizontal == "center" and cell.alignment.wrap_text
    assert ws.column_dimensions["A"].width >= 40 and ws.column_dimensions["B"].width >= 60
    title = cell_where(ws, "BÁO CÁO")
    assert f"A{title.row}:B{title.row}" in {str(r) for r in ws.merged_cells.ranges}


def test_the_official_table_keeps_internal_codes_and_methods_on_their_own_sheet():
    from reporting.consolidation import xlsx

    wb = load(xlsx.build(_document()))
    official = wb["Chỉ tiêu"]
    header = header_row(official, "STT")
    assert [c.value for c in official[header]] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Số báo cáo"]
    values = [c.value for row in official.iter_rows() for c in row]
    assert not any(isinstance(v, str) and re.fullmatch(r"TT\d\d", v) for v in values) and "Cộng tổng" not in values
    rows = list(official.iter_rows(min_row=header + 1))
    assert [c.value for c in rows[0][:2]] == ["I", "Lĩnh vực 1"] and rows[0][1].font.b  # the area, in bold
    by_label = {row[1].value: row for row in rows}
    whole, half = (
        by_label["Số hội nghị, buổi tuyên truyền, quán triệt số 1"],
        by_label["Số hội nghị, buổi tuyên truyền, quán triệt số 2"],
    )
    assert (whole[3].value, whole[3].number_format) == (1234, "#,##0")
    assert (half[3].value, half[3].number_format) == (462.5, "#,##0.0")  # not 462.50, nor "462." when whole
    assert by_label["Số hội nghị, buổi tuyên truyền, quán triệt số 4"][3].number_format == "#,##0.00"
    assert official["B" + str(header + 2)].alignment.wrap_text

    codes = wb["Mã chỉ tiêu"]
    header = header_row(codes, "STT")
    assert [c.value for c in codes[header]] == ["STT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp"]
    assert [c.value for c in codes[header + 1]] == [1, "TT01", whole[1].value, "buổi", "Cộng tổng"]


def test_the_matrix_prints_the_unit_on_every_page_across():
    from reporting.consolidation import xlsx

    wb = load(xlsx.build(_document(indicator_count=46)))
    ws = wb["Ma trận"]
    assert ws.print_title_cols == "$A:$B"
    assert ws.page_setup.fitToWidth == 3 and ws.page_setup.orientation == "landscape"
    header = header_row(ws, "Mã đơn vị")
    assert ws.print_title_rows == f"$1:${header}" and ws.freeze_panes == f"C{header + 1}"
    assert ws[f"B{header + 2}"].alignment.wrap_text  # "Sở Nông nghiệp và Phát triển nông thôn"
    money = [c for c in ws[header] if c.value == "TT03 (buổi)"][0].column_letter
    assert ws[f"{money}{header + 1}"].number_format == "#,##0"
    total = ws[ws.max_row]
    assert total[1].value.startswith("Tổng cộng") and total[1].font.b


# --- the plans, tasks, activities and monitoring lists --------------------------------------------------------


def _task(number, title):
    from steering.models import ContentArea, TaskStatus

    return SimpleNamespace(
        plan=SimpleNamespace(number="98/KH-MT"),
        section=f"II.{number}",
        content_area=ContentArea.values[0],
        title=title,
        lead_label="Ủy ban MTTQ Việt Nam tỉnh",
        unit=SimpleNamespace(name="Tỉnh Hải Dương"),
        due_date=datetime.date(2021, 6, 14),
        get_recurrence_display=lambda: "Định kỳ 6 tháng",
        current_due=datetime.date(2021, 6, 14),
        status=TaskStatus.values[0],
        is_open=True,
        expected_output="Số hội nghị, buổi tuyên truyền; số lượt người tham dự",
    )


def _progress(label, total):
    return SimpleNamespace(label=label, total=total, done=1, in_progress=1, blocked=0, not_started=0, overdue=1234)


def test_the_plan_workbook_prints_its_tasks_on_landscape_pages_with_wrapped_titles():
    from steering.plans import workbooks

    plan = SimpleNamespace(number="98/KH-MT", title="Triển khai Cuộc vận động", date=datetime.date(2021, 4, 28))
    with translation.override("en"):
        content = workbooks.plan_workbook(
            plan=plan,
            tasks=[_task(i, SENTENCE) for i in range(3)],
            by_area=[_progress("1. Tuyên truyền", 12)],
            by_assignee=[_progress("Ban Chỉ đạo huyện Nam Sách", 3)],
            today=datetime.date(2021, 7, 1),
        )
    wb = load(content)
    assert_prints(wb, unit_columns={"Tasks": "$A:$A", "By content area": "$A:$A", "By assignee": "$A:$A"})
    tasks = wb["Tasks"]
    assert tasks.page_setup.orientation == "landscape" and table_width(tasks) <= 205  # ~75 %: legible
    header = header_row(tasks, "Plan")
    assert tasks.print_title_rows == f"$1:${header}"
    title = cell_where(tasks, SENTENCE)
    assert title.alignment.wrap_text and tasks.row_dimensions[title.row].height > 15
    assert cell_where(tasks, "Số hội nghị, buổi tuyên truyền; số lượt người tham dự").alignment.wrap_text
    overdue = wb["By content area"][header + 1][6]
    assert (overdue.value, overdue.number_format) == (1234, "#,##0")


def test_the_task_list_workbook_prints():
    from steering.plans import workbooks

    with translation.override("en"):
        content = workbooks.tasks_workbook(tasks=[_task(1, SENTENCE)], title="Tasks", today=datetime.date(2021, 7, 1))
    wb = load(content)
    assert_prints(wb, unit_columns={"Tasks": "$A:$A"})
    assert cell_where(wb["Tasks"], SENTENCE).alignment.wrap_text


def test_the_activity_list_workbook_prints_its_figures_as_they_are():
    from steering.models import FIGURE_FIELDS
    from steering.plans import workbooks

    figures = dict.fromkeys(FIGURE_FIELDS)
    figures.update(attendees=1234, revenue_million_vnd=D("462.5"), days=D("3.00"))
    activity = SimpleNamespace(
        date=datetime.date(2021, 5, 1),
        unit=SimpleNamespace(name="Huyện Nam Sách"),
        get_kind_display=lambda: "Hội nghị tuyên truyền",
        get_content_area_display=lambda: "Công tác tuyên truyền, vận động",
        title=SENTENCE,
        place="Nhà văn hóa xã Nam Hồng",
        **figures,
    )
    with translation.override("en"):
        wb = load(workbooks.activities_workbook(activities=[activity]))
    assert_prints(wb, unit_columns={"Activities": "$A:$B"})
    ws = wb["Activities"]
    assert ws.page_setup.orientation == "landscape"
    assert cell_where(ws, SENTENCE).alignment.wrap_text
    header = [c.value for c in ws[1]]
    row = ws[2]
    attendees = row[6 + FIGURE_FIELDS.index("attendees")]
    revenue = row[6 + FIGURE_FIELDS.index("revenue_million_vnd")]
    days = row[6 + FIGURE_FIELDS.index("days")]
    assert (attendees.value, attendees.number_format) == (1234, "#,##0")
    assert (revenue.value, revenue.number_format) == (462.5, "#,##0.0")
    assert days.number_format == "#,##0" and len(header) == 6 + len(FIGURE_FIELDS)


def test_the_monitoring_and_plan_list_workbooks_print():
    from steering.plans import workbooks

    assignment = SimpleNamespace(
        committee=SimpleNamespace(unit=SimpleNamespace(name="Ủy ban MTTQ tỉnh")),
        person=SimpleNamespace(full_name="Nguyễn Văn An"),
        membership_id=None,
        units=SimpleNamespace(all=lambda: [SimpleNamespace(name=f"Xã Nam {i}") for i in range(12)]),
        start_date=datetime.date(2021, 1, 1),
        end_date=None,
        visit_count=1234,
    )
    plan = SimpleNamespace(
        number="98/KH-MT",
        date=datetime.date(2021, 4, 28),
        title=SENTENCE,
        unit=SimpleNamespace(name="Tỉnh Hải Dương"),
        implements_number="",
        n_total=12,
        n_done=3,
        n_overdue=1,
    )
    with translation.override("en"):
        monitoring = load(workbooks.assignments_workbook(assignments=[assignment]))
        plans = load(workbooks.plans_workbook(plans=[plan]))
    assert_prints(monitoring, unit_columns={"Monitoring": "$A:$A"})
    assert_prints(plans, unit_columns={"Plans": "$A:$A"})
    followed = monitoring["Monitoring"]["D2"]
    assert followed.value.startswith("Xã Nam 0") and followed.alignment.wrap_text
    assert monitoring["Monitoring"]["G2"].number_format == "#,##0"
    assert cell_where(plans["Plans"], SENTENCE).alignment.wrap_text


# --- the inspections' lists and summary -------------------------------------------------------------------------


class Rows(list):
    def iterator(self, chunk_size=None):
        return iter(self)


def _business():
    commune = SimpleNamespace(name="Xã Nam Hồng", parent_id=1, parent=SimpleNamespace(name="Huyện Nam Sách"))
    return SimpleNamespace(
        name="Công ty TNHH Thực phẩm Hải Dương",
        get_kind_display=lambda: "Doanh nghiệp",
        tax_code="0800123459",
        address="Số 12 đường Trần Hưng Đạo, phường Trần Hưng Đạo, thành phố Hải Dương",
        commune=commune,
        line_of_business="Sản xuất bánh đậu xanh",
        representative="Nguyễn Văn An",
        phone="0912345678",
        ocop_count=2,
        inspection_count=1234,
    )


def test_the_business_and_inspection_lists_print():
    from inspections import workbooks

    business = _business()
    inspection = SimpleNamespace(
        number="12/BB-MT",
        inspected_on=datetime.date(2021, 5, 4),
        business=business,
        unit=SimpleNamespace(name="Ủy ban MTTQ huyện Nam Sách"),
        lead_id=None,
        get_status_display=lambda: "Đã gửi",
        vn_goods_share=D("62.5"),
        finding_count=2,
        open_follow_ups=1,
    )
    with translation.override("en"):
        businesses = load(workbooks.businesses_xlsx(Rows([business])).content)
        inspections = load(workbooks.inspections_xlsx(Rows([inspection])).content)
    assert_prints(businesses, unit_columns={"Businesses": "$A:$A"})
    assert_prints(inspections, unit_columns={"Inspections": "$A:$A"})
    ws = businesses["Businesses"]
    assert ws.page_setup.orientation == "landscape" and ws["D2"].alignment.wrap_text  # the address
    assert (ws["K2"].value, ws["K2"].number_format) == (1234, "#,##0") and ws["C2"].data_type == "s"
    share = inspections["Inspections"]["H2"]
    assert (share.value, share.number_format) == (62.5, "#,##0.0")  # not "62.50"


def test_the_follow_up_list_prints():
    from inspections import workbooks

    finding = SimpleNamespace(
        inspection=SimpleNamespace(number="12/BB-MT", business=_business()),
        category=SimpleNamespace(name="Hàng hóa không rõ nguồn gốc, xuất xứ"),
        goods="Bánh kẹo",
        recommendation=SENTENCE,
    )
    follow_up = SimpleNamespace(
        finding=finding,
        owner_id=None,
        due_date=datetime.date(2021, 7, 1),
        get_status_display=lambda: "Đang theo dõi",
        is_overdue=lambda today: True,
        rechecked_on=None,
        get_referred_to_display=lambda: "",
        referral_number="",
        referral_date=None,
    )
    with translation.override("en"):
        wb = load(workbooks.follow_ups_xlsx(Rows([follow_up]), today=datetime.date(2021, 7, 5)).content)
    assert_prints(wb, unit_columns={"Follow-ups": "$A:$A"})
    assert cell_where(wb["Follow-ups"], SENTENCE).alignment.wrap_text
    assert wb["Follow-ups"].page_setup.orientation == "landscape"


class Category:
    indicator_group = "KT04"

    def __str__(self):
        return "Hàng hóa không rõ nguồn gốc, xuất xứ, không có hóa đơn chứng từ hợp lệ"


def test_the_inspection_summary_prints_its_figures_as_they_are():
    from inspections import workbooks

    summary = {
        "unit": SimpleNamespace(name="Huyện Nam Sách"),
        "date_from": datetime.date(2021, 1, 1),
        "date_to": datetime.date(2021, 6, 14),
        "inspections": 1234,
        "businesses": 3,
        "violations": 2,
        "referrals": 1,
        "referrals_police": 0,
        "referrals_market": 1,
        "fixes_confirmed": 1,
        "follow_ups_open": 1,
        "overdue": 0,
        "vn_share_average": D("62.5"),
        "by_category": [(Category(), 2)],
        "checklist": [{"label": "Niêm yết giá, bán đúng giá niêm yết", "passed": 1234, "failed": 1, "not_checked": 0}],
    }
    with translation.override("en"):
        wb = load(workbooks.summary_xlsx(summary).content)
    assert_prints(wb, unit_columns={name: "$A:$A" for name in wb.sheetnames})  # each sheet's first column
    figures = wb["Summary"]
    inspections = cell_where(figures, "Inspections done").offset(column=1)
    share = cell_where(figures, "Average share of Vietnamese goods (%)").offset(column=1)
    assert (inspections.value, inspections.number_format) == (1234, "#,##0")
    assert (share.value, share.number_format) == (62.5, "#,##0.0")
    assert figures.print_title_rows == "$1:$3"


def test_the_import_template_keeps_plain_numbers_and_its_header_in_row_1():
    from inspections import workbooks

    wb = load(workbooks.import_template_xlsx().content)
    assert_prints(wb)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "ten_co_so" and ws.print_title_rows == "$1:$1"
    year = ws.cell(row=2, column=12)
    assert (year.value, year.number_format) == (2021, "0")  # 2021, not 2.021
