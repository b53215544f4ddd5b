"""A member organisation's figure that is not counted stands beside the total on the page, in the PDF annex and in
the workbook, and is never added; a report state and a content area read the same on the web, in the PDF and in
the workbook."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reporting import services
from reporting.models import Report
from tests.reporting.conftest import fresh, save
from tests.reporting.test_export_consolidated import export, pdf_text
from tests.steering.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def with_union(h1, tree, users):
    """Nam Sách (a district) reports 8 propaganda sessions; the provincial Youth Union 24 (not counted)."""
    district = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    save(district, users.district, values={"TT02": D(8), "TT01": D(1)}, submit=True)
    services.report_accept(report=fresh(district), by=users.office)
    union = AgencyFactory(unit=tree.province, must_report=True, kind="doan_the", name="Tỉnh đoàn", order=5)
    report = Report.objects.create(
        period=h1, unit=tree.province, agency=union, reviewer_unit=tree.province, due_date=h1.cutoff_to
    )
    save(report, users.office, values={"TT02": D(24), "TT01": D(3)}, sections={}, submit=True)
    services.report_accept(report=fresh(report), by=users.office)
    return report


def test_the_page_shows_the_union_beside_the_total_with_why(with_union, users, client_for):
    body = client_for(users.office).get("/reports/consolidation/30/2021-H1/").content.decode()
    row = body.split('data-code="TT02"')[1].split("</tr>")[0]
    assert ">8<" in row.replace(" ", "")  # the total: only the district
    beside = body.split('data-beside="TT02"')[1].split("</div>")[0]
    assert "Tỉnh đoàn 24" in beside
    lineage = body.split('data-beside-lineage="TT02"')[1].split("</table>")[0]
    assert "Tỉnh đoàn" in lineage and "không cộng" in lineage
    assert "Tỉnh đoàn" not in body.split('data-lineage="TT02"')[1].split("</table>")[0]
    # A counted report that left a figure empty is named, not shown by its internal code.
    panel = body.split('id="lineage-TT03"')[1].split("</td></tr>")[0]
    assert "Huyện Nam Sách" in panel and "291" not in panel
    # TT01 counts every agency: the union's 3 documents are added.
    assert "Tỉnh đoàn" in body.split('data-lineage="TT01"')[1].split("</table>")[0]


def test_the_pdf_annex_lists_the_union_apart_and_the_total_leaves_it_out(
    with_union, tree, users, django_capture_on_commit_callbacks
):
    text = pdf_text(export(tree, users, "pdf", django_capture_on_commit_callbacks).file.open("rb").read())
    assert "SỐ LIỆU CỦA CÁC CƠ QUAN THÀNH VIÊN" in text
    annex = text.split("SỐ LIỆU CỦA CÁC CƠ QUAN THÀNH VIÊN")[1]
    assert "Tỉnh đoàn" in annex and "24" in annex


def test_the_workbook_has_the_member_agencies_sheet_and_matrix_columns_sum_to_the_totals(
    with_union, tree, users, django_capture_on_commit_callbacks
):
    job = export(tree, users, "xlsx", django_capture_on_commit_callbacks)
    wb = load_workbook(io.BytesIO(job.file.open("rb").read()))
    rows = [r for r in wb["Cơ quan thành viên"].iter_rows(values_only=True) if r and r[0] == "TT02"]
    assert [(r[3], r[4]) for r in rows] == [("Tỉnh đoàn", 24)]
    header = next(r for r in wb["Ma trận"].iter_rows(values_only=True) if r and r[0] == "Mã đơn vị")
    col = next(i for i, name in enumerate(header) if str(name).startswith("TT02"))
    body = [r for r in wb["Ma trận"].iter_rows(values_only=True) if r and r[0] not in (None, "Mã đơn vị")]
    total = next(r for r in wb["Ma trận"].iter_rows(values_only=True) if r and r[1] == "Tổng cộng / tổng hợp")
    assert sum((r[col] or 0) for r in body if r[1] != "Tổng cộng / tổng hợp") == total[col] == 8


def test_a_state_and_an_area_read_the_same_on_the_web_in_the_pdf_and_in_the_workbook(
    with_union, tree, users, client_for, django_capture_on_commit_callbacks
):
    web = client_for(users.office).get(f"/reports/{with_union.pk}/").content.decode()
    assert "Đã tiếp nhận" in web
    text = pdf_text(export(tree, users, "pdf", django_capture_on_commit_callbacks).file.open("rb").read())
    wb = load_workbook(
        io.BytesIO(export(tree, users, "xlsx", django_capture_on_commit_callbacks).file.open("rb").read())
    )
    states = {r[2] for r in wb["Tình hình báo cáo"].iter_rows(values_only=True) if r and r[6] == "Có"}
    assert states == {"Đã tiếp nhận"} and "Đã tiếp nhận" in text and "Đã chấp nhận" not in text
    area4 = "Xúc tiến thương mại, đưa hàng Việt về nông thôn"
    assert area4 in " ".join(text.split())
    assert area4 in {r[2] for r in wb["Chỉ tiêu"].iter_rows(values_only=True) if r}
    assert area4 in client_for(users.office).get("/reports/consolidation/30/2021-H1/").content.decode()
