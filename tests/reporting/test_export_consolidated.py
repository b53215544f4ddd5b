"""The consolidated PDF and Excel files, read back: text extracted from the PDF, cells read with openpyxl."""

import io
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from campaign_portal import jobs
from campaign_portal.documents.content import Issuer
from campaign_portal.models import ExportJob
from reporting.models import Report
from tests.reporting import test_consolidation
from tests.reporting.conftest import fresh, save

pytestmark = pytest.mark.django_db
filed = test_consolidation.filed  # the same filed reports
D = Decimal


def export(tree, users, fmt, django_capture_on_commit_callbacks, unit=None, include_late=True):
    from reporting.consolidation import services

    unit = unit or tree.province
    with django_capture_on_commit_callbacks(execute=True):
        job = services.consolidation_export_request(
            unit=unit, period_code="2021-H1", fmt=fmt, include_late=include_late, by=users.office
        )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    return job


def pdf_text(content: bytes) -> str:
    try:
        result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
        return result.stdout.decode("utf-8")
    except FileNotFoundError:  # poppler-utils not installed: pypdf extracts the same text layer
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_the_official_document_with_copyable_vietnamese(
    tree, users, filed, django_capture_on_commit_callbacks
):
    job = export(tree, users, "pdf", django_capture_on_commit_callbacks)
    content = job.file.open("rb").read()
    assert content.startswith(b"%PDF")
    text = " ".join(pdf_text(content).split())
    for expected in (
        "ỦY BAN MTTQ VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "DỰ THẢO",
        "BÁO CÁO",
        "Người Việt Nam ưu tiên dùng hàng Việt Nam",
        "I. CÔNG TÁC LÃNH ĐẠO",
        "Huyện Nam Sách: Văn bản của Huyện Nam Sách.",
        "Có 2/2 đơn vị đã gửi báo cáo",
        "Nơi nhận",
        "BIỂU TỔNG HỢP SỐ LIỆU",
        "Số hội nghị, buổi tuyên truyền, quán triệt",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 portrait
    assert job.summary["number"] == ""  # a draft: the number is taken when the office issues it


def test_a_repeated_export_reuses_the_stored_draft_and_takes_no_number(
    tree,
    users,
    filed,
    django_capture_on_commit_callbacks,
):
    first = export(tree, users, "pdf", django_capture_on_commit_callbacks)
    again = export(tree, users, "pdf", django_capture_on_commit_callbacks)
    assert again.reused_from_id == first.pk
    changed = export(tree, users, "pdf", django_capture_on_commit_callbacks, include_late=False)
    assert changed.reused_from_id is None
    assert first.summary["number"] == again.summary["number"] == changed.summary["number"] == ""
    from steering.models import IssuedDocument

    assert not IssuedDocument.objects.filter(kind=IssuedDocument.Kind.CONSOLIDATED_REPORT).exists()


def test_a_newly_accepted_report_changes_the_hash(tree, users, filed, h1, django_capture_on_commit_callbacks):
    first = export(tree, users, "xlsx", django_capture_on_commit_callbacks)
    commune = Report.objects.get(period=h1, unit=tree.other_commune, agency__isnull=True)
    save(commune, users.outsider, values={"TT02": D(1)}, submit=True)
    from reporting import services as reporting_services

    reporting_services.report_accept(report=fresh(commune), by=users.office)
    second = export(tree, users, "xlsx", django_capture_on_commit_callbacks)
    assert second.reused_from_id is None and second.content_hash != first.content_hash


def test_the_workbook_totals_equal_the_rows_and_the_pdf(tree, users, filed, django_capture_on_commit_callbacks):
    job = export(tree, users, "xlsx", django_capture_on_commit_callbacks)
    wb = load_workbook(io.BytesIO(job.file.open("rb").read()))
    assert wb.sheetnames == [
        "Bìa",
        "Chỉ tiêu",
        "Ma trận",
        "Tình hình báo cáo",
        "Nội dung báo cáo",
        "Mã chỉ tiêu",
        "Chi tiết",
    ]

    cover = [c for row in wb["Bìa"].iter_rows(values_only=True) for c in row if c]
    assert "ỦY BAN MTTQ VIỆT NAM TỈNH HẢI DƯƠNG" in cover and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cover
    assert job.verification_code in cover and job.content_hash in cover

    matrix = wb["Ma trận"]
    rows = list(matrix.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Mã đơn vị")
    assert matrix.freeze_panes == f"C{header_index + 2}"  # the unit's code and name stay in view
    header, body = rows[header_index], rows[header_index + 1 :]
    children, total = body[:-1], body[-1]
    assert [r[0] for r in children] == ["288", "291"]
    assert total[1].startswith("Tổng cộng")
    tt02, xt08 = header.index("TT02 (buổi)"), header.index("XT08 (%)")
    assert total[tt02] == sum(r[tt02] for r in children) == 12
    assert total[xt08] == 75  # weighted, not summed (160) nor averaged (80)

    # The official table has no internal codes: the "Mã chỉ tiêu" sheet maps each code to the table's STT.
    stt = {row[1]: row[0] for row in wb["Mã chỉ tiêu"].iter_rows(values_only=True) if isinstance(row[0], int)}
    results = {row[0]: row[3] for row in wb["Chỉ tiêu"].iter_rows(values_only=True) if isinstance(row[0], int)}
    assert results[stt["TT02"]] == 12
    assert not {"TT02", "Cộng tổng"} & {c for row in wb["Chỉ tiêu"].iter_rows(values_only=True) for c in row}
    pdf_job = export(tree, users, "pdf", django_capture_on_commit_callbacks)
    text = pdf_text(pdf_job.file.open("rb").read())
    assert "Số hội nghị, buổi tuyên truyền, quán triệt" in text and "(TT02)" not in text  # no internal codes
    line = next(line for line in text.splitlines() if line.strip() == "12" or line.endswith(" 12"))
    assert line

    completeness = list(wb["Tình hình báo cáo"].iter_rows(values_only=True))
    assert ("288", "Thành phố Hải Dương", "Đã tiếp nhận") == completeness[2][:3]
    assert completeness[2][5] == "Muộn" and completeness[3][5] == "Đúng hạn"

    detail = [r for r in wb["Chi tiết"].iter_rows(values_only=True)][2:]
    assert sorted(r[0] for r in detail) == ["10546", "288", "291"]  # every accepted report below, all levels


def test_the_cli_writes_the_same_file(tree, users, filed, tmp_path):
    out = tmp_path / "bao-cao.xlsx"
    call_command("export_report", unit="30", period="2021-H1", fmt="xlsx", out=str(out))
    job = ExportJob.objects.get(kind="consolidated_xlsx")
    assert out.read_bytes() == job.file.open("rb").read()
    pdf = tmp_path / "bao-cao.pdf"
    call_command("export_report", unit="30", period="2021-H1", fmt="pdf", out=str(pdf))
    assert "BÁO CÁO" in pdf_text(pdf.read_bytes())


def test_an_export_with_nothing_accepted_fails_with_a_reason(tree, users, h1, django_capture_on_commit_callbacks):
    from reporting.consolidation import services

    with django_capture_on_commit_callbacks(execute=True):
        job = services.consolidation_export_request(
            unit=tree.province, period_code="2021-H1", fmt="pdf", include_late=True, by=users.office
        )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "Chưa có báo cáo nào được tiếp nhận" in job.error


def test_the_export_button_starts_a_job_and_the_page_shows_its_progress(
    users,
    client_for,
    filed,
    django_capture_on_commit_callbacks,
):
    client = client_for(users.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consolidation:export", args=["30", "2021-H1", "xlsx"]), {"include_late": "on"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert f"job={job.pk}" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f'id="export-job-{job.pk}"' in page and reverse("exports:status", args=[job.pk]) in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.status_code == 200
    assert client_for(users.outsider).get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_builders_are_pure(tree, users, filed):
    """The builders take the plain document: no database needed once it is built."""
    from campaign_portal.documents.docx import render_docx
    from campaign_portal.documents.pdf import render_pdf
    from reporting.consolidation import documents, xlsx
    from reporting.consolidation.jobs import consolidated_document

    doc = consolidated_document(unit=tree.province, period_code="2021-H1")
    doc.header = Issuer("ỦY BAN X", "BAN Y", "Nơi Z", "MT", "TM.", "CHỦ TỊCH", "Nguyễn Văn A")
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        official = documents.official_document(doc)
        assert render_pdf(official.issued(number="09/BC-MT", date=datetime.date(2021, 7, 5))).startswith(b"%PDF")
        assert render_docx(official)[:2] == b"PK"
        assert xlsx.build(doc, number="9/BC-MT")[:2] == b"PK"
    assert len(ctx.captured_queries) == 0
    assert jobs.content_hash(doc.hash_payload()) == jobs.content_hash(doc.hash_payload())
