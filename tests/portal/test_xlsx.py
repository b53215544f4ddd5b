"""The Excel builder: read back with openpyxl."""

import datetime
import io
import zipfile
from urllib.parse import unquote

import openpyxl
import pytest

from campaign_portal.xlsx import XLSX_CONTENT_TYPE, Column, Sheet, build_workbook, xlsx_response

COLUMNS = [
    Column("Đơn vị"),
    Column("Số tiền (đồng)", number_format="#,##0"),
    Column("Tỷ lệ", width=12, number_format='0.0"%"'),
    Column("Ngày", number_format="DD/MM/YYYY"),
]
ROWS = [
    ("Xã Nam Hồng", 1234567, 92.5, datetime.date(2021, 7, 5)),
    ("Phường Hải Tân", 0, None, datetime.date(2021, 12, 14)),
]
HEADER = ["ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG", ["Số:", "12/BC-MT"]]


@pytest.fixture(scope="module")
def sheet():
    content = build_workbook([Sheet("Tổng hợp", COLUMNS, ROWS, header_lines=HEADER)])
    return openpyxl.load_workbook(io.BytesIO(content))["Tổng hợp"]


def test_it_writes_bold_header_lines_above_the_table(sheet):
    assert sheet["A1"].value == "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG"
    assert [sheet["A2"].value, sheet["B2"].value] == ["Số:", "12/BC-MT"]
    assert sheet["A1"].font.b and sheet["B2"].font.b


def test_it_writes_a_bold_header_row_and_freezes_below_it(sheet):
    assert [c.value for c in sheet[3]] == ["Đơn vị", "Số tiền (đồng)", "Tỷ lệ", "Ngày"]
    assert all(c.font.b for c in sheet[3])
    assert sheet.freeze_panes == "A4"


def test_it_writes_values_with_their_number_formats(sheet):
    assert [c.value for c in sheet[4]] == ["Xã Nam Hồng", 1234567, 92.5, datetime.datetime(2021, 7, 5)]
    assert sheet["B4"].number_format == "#,##0"
    assert sheet["C4"].number_format == '0.0"%"'
    assert sheet["D4"].number_format == "DD/MM/YYYY"
    assert sheet["C5"].value is None
    assert sheet.max_row == 5


def test_it_sets_column_widths_given_or_estimated(sheet):
    assert sheet.column_dimensions["C"].width == 12
    assert sheet.column_dimensions["A"].width >= len("Phường Hải Tân")
    assert sheet.column_dimensions["B"].width >= len("Số tiền (đồng)")


def test_estimated_widths_are_capped():
    content = build_workbook([Sheet("x", [Column("Ghi chú")], [("chữ " * 100,)])])
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws.column_dimensions["A"].width == 60


def test_user_text_never_becomes_a_formula():
    content = build_workbook([Sheet("x", [Column("Tên")], [('=HYPERLINK("http://evil","bấm")',), ("a\x07b",)])])
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value == '=HYPERLINK("http://evil","bấm")'
    assert ws["A3"].value == "ab"  # control characters Excel refuses are dropped


def test_it_builds_several_sheets_with_safe_unique_titles_and_reports_progress():
    progress = []
    content = build_workbook(
        [Sheet("Báo cáo: 6/2021", [Column("a")], [[1]] * 5000), Sheet("Báo cáo: 6/2021", [Column("b")], [[2]])],
        on_progress=progress.append,
    )
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Báo cáo  6 2021", "Báo cáo  6 2021 (2)"]
    assert progress == sorted(set(progress)) and progress[-1] == 100 and len(progress) > 2


def test_a_100000_row_generator_streams_through():
    def rows():
        for i in range(100_000):
            yield (f"Đơn vị {i}", i * 1000, i / 3, datetime.date(2021, 1, 1))

    content = build_workbook([Sheet("Lớn", COLUMNS, rows())])
    assert content[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b'<row r="100001"' in xml and b'<row r="100002"' not in xml


def test_xlsx_response_carries_the_vietnamese_filename():
    response = xlsx_response(b"PK..", "Báo cáo 6 tháng đầu năm 2021.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="Bao cao 6 thang dau nam 2021.xlsx"' in disposition
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "Báo cáo 6 tháng đầu năm 2021.xlsx"
    assert response.content == b"PK.."


def test_a_generator_with_a_row_count_reports_progress_as_it_streams():
    progress = []
    rows = ((i,) for i in range(20_000))
    build_workbook([Sheet("x", [Column("n")], rows, row_count=20_000)], on_progress=progress.append)
    assert len(progress) >= 15
    assert progress == sorted(set(progress)) and progress[-1] == 100
