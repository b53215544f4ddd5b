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
    assert area4 in {r[1] for r in wb["Chỉ tiêu"].iter_rows(values_only=True) if r}
    assert area4 in client_for(users.office).get("/reports/consolidation/30/2021-H1/").content.decode()


# Pure: hand-written engine rows, no database. The builders take the plain document only.


def _pure_document():
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from campaign_portal.documents.content import Issuer
    from reporting import scope
    from reporting.consolidation import engine
    from reporting.consolidation.content import document_from

    indicators = [
        engine.Indicator("TT02", label="Số buổi tuyên truyền", unit_label="buổi", area=1, filled_by="unit:*;agency:*"),
        engine.Indicator("XT01", label="Số hội chợ, triển lãm", unit_label="cuộc", area=4),
    ]
    at = datetime.datetime(2021, 6, 20, 9, tzinfo=timezone.get_default_timezone())

    def child(code, name, report_id, reporter, key):
        return engine.ChildReport(
            code, name, engine.ACCEPTED, report_id, 1, at, None, at, reporter=reporter, sort_key=key
        )

    children = [
        child("30-CQ7", "Tỉnh đoàn", 3, scope.Reporter.agency("province", "doan_the"), (1, 2, "Tỉnh đoàn", 7)),
        child("300", "Huyện Kim Thành", 2, scope.Reporter.unit("district"), (0, engine.natural_key("300"))),
        child("288", "Thành phố Hải Dương", 1, scope.Reporter.unit("district"), (0, engine.natural_key("288"))),
    ]
    values = [
        engine.Value(1, "TT02", D(5)),
        engine.Value(2, "TT02", D(3)),
        engine.Value(3, "TT02", D(24)),
        engine.Value(1, "XT01", D(2)),
    ]
    result = engine.consolidate(indicators=indicators, children=children, values=values)
    data = SimpleNamespace(
        result=result,
        period=SimpleNamespace(name="6 tháng đầu năm 2021", year=2021),
        period_code="2021-H1",
        indicators=indicators,
        outline=[],
        unit=SimpleNamespace(code="30", level=1, kind="province", division_type="tinh"),
        unit_name="Tỉnh Hải Dương",
        is_annual=False,
        data_as_of=at,
    )
    header = Issuer(
        "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG", "BAN THƯỜNG TRỰC", "Hải Dương", "MT", "TM.", "PHÓ CHỦ TỊCH", ""
    )
    return document_from(data, narrative={}, header=header, completeness_text="Có 3/3 đơn vị đã gửi báo cáo.")


def test_pure_builders_show_the_agency_beside_the_total_in_natural_order_with_one_vocabulary():
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaign_portal.documents.pdf import render_pdf
    from reporting import vocabulary
    from reporting.consolidation import documents, engine, xlsx
    from reporting.models import ContentArea, ReportStatus

    with CaptureQueriesContext(connection) as queries:
        doc = _pure_document()
        pdf_bytes = render_pdf(
            documents.official_document(doc).issued(number="09/BC-MT", date=datetime.date(2021, 7, 5))
        )
        xlsx_bytes = xlsx.build(doc, number="9/BC-MT")
    assert len(queries.captured_queries) == 0
    assert [(b.code, b.reporter, b.value) for b in doc.beside] == [("TT02", "Tỉnh đoàn", D(24))]
    assert doc.indicators[0].value == 8  # 5 + 3: the union's 24 is not added

    accepted = vocabulary.vi(ReportStatus.ACCEPTED.label)
    area4 = vocabulary.vi(ContentArea.TRADE.label)
    assert accepted == vocabulary.vi(vocabulary.status_label(engine.ACCEPTED)) == "Đã tiếp nhận"
    assert area4 == "Xúc tiến thương mại, đưa hàng Việt về nông thôn"

    text = " ".join(pdf_text(pdf_bytes).split())
    table, annex = text.split("BIỂU TỔNG HỢP SỐ LIỆU")[1].split(
        "SỐ LIỆU CỦA CÁC CƠ QUAN THÀNH VIÊN (không cộng vào số tổng hợp)"
    )
    assert "Tỉnh đoàn" in annex and " 24 " in annex
    assert " 8 " in table and "24" not in table  # the annex's total leaves the union out
    assert f"4. {area4}" in text and accepted in text and "chấp nhận" not in text.lower()

    wb = load_workbook(io.BytesIO(xlsx_bytes))
    beside = [r for r in wb["Cơ quan thành viên"].iter_rows(values_only=True) if r and r[0] == "TT02"]
    assert [(r[3], r[4]) for r in beside] == [("Tỉnh đoàn", 24)]
    matrix = list(wb["Ma trận"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(matrix) if r[0] == "Mã đơn vị") + 1
    body, total = matrix[start:-1], matrix[-1]
    assert [r[0] for r in body] == ["288", "300", "30-CQ7"]  # the engine's natural order
    assert total[2] == sum(r[2] or 0 for r in body) == 8
    states = [r for r in wb["Tình hình báo cáo"].iter_rows(values_only=True)][2:]
    assert [r[0] for r in states] == ["288", "300", "30-CQ7"]
    assert {r[2] for r in states} == {accepted}
    assert area4 in {r[1] for r in wb["Chỉ tiêu"].iter_rows(values_only=True)}


def test_the_content_hash_changes_with_the_values_shown_beside():
    from dataclasses import replace

    from campaign_portal.jobs import content_hash

    doc = _pure_document()
    other = _pure_document()
    other.beside = [replace(other.beside[0], value=D(25))]
    assert content_hash(doc.hash_payload()) == content_hash(_pure_document().hash_payload())
    assert content_hash(doc.hash_payload()) != content_hash(other.hash_payload())
