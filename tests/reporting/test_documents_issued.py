"""Official documents are drafts until issued; issuing takes the next number of the issuer's register, once.

What an office notices: a draft says so and carries no number; two exports of the same report are still drafts
(no number used up); the number is taken when the office presses "Phát hành", in its own yearly series from 01,
and the issued PDF and Word files carry the same number and date; a unit numbers its own report when it submits
it; a steering committee issues in its own name and series; the register shows every number, gaps and
cancellations included.
"""

import io
import re
import threading

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaign_portal.documents import register
from campaign_portal.models import ExportJob
from inspections import services as inspection_services
from reporting import services
from reporting.consolidation import services as consolidation_services
from steering.models import DocumentIssuer, DocumentSequence, IssuedDocument
from steering.plans import services as plan_services
from tests.inspections.conftest import world  # noqa: F401 (the inspection fixture)
from tests.inspections.factories import PlanFactory as InspectionPlanFactory
from tests.reporting import test_consolidation
from tests.reporting.conftest import fresh, save
from tests.reporting.test_export_consolidated import export
from tests.steering.plans_factories import PlanFactory


def pdf_text(content: bytes) -> str:
    """The PDF's text laid out as printed, on single spaces: "Số: 01/BC-MT" stays on its line."""
    import subprocess

    try:
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        text = out.stdout.decode("utf-8")
    except FileNotFoundError:
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return "\n".join(" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines())


pytestmark = pytest.mark.django_db
filed = test_consolidation.filed  # 2021-H1 with the district and commune reports accepted


def today_line(place: str = "Hải Dương") -> str:
    day = timezone.localdate()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def issue_consolidation(tree, users, **kwargs) -> IssuedDocument:
    return consolidation_services.consolidation_issue(
        unit=tree.province, period_code="2021-H1", include_late=True, by=users.office, **kwargs
    )


def province_series(tree) -> int:
    return (
        DocumentSequence.objects.filter(issuer__unit=tree.province, issuer__committee__isnull=True)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )


# --- drafts --------------------------------------------------------------------------------------------------


def test_draft_exports_take_no_number_however_often_they_run(tree, users, filed, django_capture_on_commit_callbacks):
    before = province_series(tree)
    first = export(tree, users, "pdf", django_capture_on_commit_callbacks)
    again = export(tree, users, "pdf", django_capture_on_commit_callbacks, include_late=False)
    word = export(tree, users, "docx", django_capture_on_commit_callbacks)
    assert province_series(tree) == before
    assert not IssuedDocument.objects.filter(kind=IssuedDocument.Kind.CONSOLIDATED_REPORT).exists()
    for job in (first, again):
        text = pdf_text(job.file.open("rb").read())
        assert "DỰ THẢO" in text
        assert re.search(r"Số: /BC-MT", text), text[:600]  # the number left blank
        assert "Hải Dương, ngày tháng năm" in text  # the date too
    assert "DỰ THẢO" in docx_text(word.file.open("rb").read()) or _header_text(word.file.open("rb").read())


def _header_text(content: bytes) -> str:
    section = docx.Document(io.BytesIO(content)).sections[0]
    return " ".join(p.text for p in section.first_page_header.paragraphs + section.header.paragraphs)


def test_a_retried_failed_export_takes_no_number(tree, users, filed, django_capture_on_commit_callbacks):
    from campaign_portal import jobs

    job = export(tree, users, "pdf", django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.export_job_retry(job=ExportJob.objects.get(pk=job.pk), user=users.office)
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE
    assert province_series(tree) == 0


def test_the_cli_exports_a_word_draft(tree, users, filed, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command("export_report", unit="30", period="2021-H1", fmt="docx", out=str(out))
    document = docx.Document(str(out))
    assert "BÁO CÁO" in docx_text(out.read_bytes())
    assert "DỰ THẢO" in _header_text(out.read_bytes())
    assert document.sections[0].page_height is not None
    assert province_series(tree) == 0


# --- issuing ---------------------------------------------------------------------------------------------------


def test_issuing_takes_01_dates_today_and_both_files_say_so(tree, users, filed):
    issued = issue_consolidation(tree, users)
    assert issued.number == "01/BC-MT" and issued.issued_on == timezone.localdate()
    assert issued.issuer.unit == tree.province and issued.issued_by == users.office
    pdf = pdf_text(issued.pdf.open("rb").read())
    word = docx_text(issued.docx.open("rb").read())
    for text in (pdf, word):
        assert "Số: 01/BC-MT" in text
        assert today_line() in text
        assert "DỰ THẢO" not in text
    assert issued.verification_code in pdf
    import hashlib

    assert hashlib.sha256(issued.pdf.open("rb").read()).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(issued.docx.open("rb").read()).hexdigest() == issued.docx_sha256


def test_issuing_twice_is_refused_and_numbers_run_on_without_gap(tree, users, filed):
    first = issue_consolidation(tree, users)
    with pytest.raises(ValidationError) as refused:
        issue_consolidation(tree, users)
    assert "01/BC-MT" in " ".join(refused.value.messages)
    assert province_series(tree) == 1  # the refused issue gave its number back
    plan = PlanFactory(unit=tree.province, number="")
    second = plan_services.plan_issue(plan=plan, by=users.office)
    assert (first.serial, second.serial) == (1, 2)
    assert second.number == "02/KH-MT"  # one series per issuer and year, whatever the type
    plan.refresh_from_db()
    assert plan.number == "02/KH-MT" and plan.date == timezone.localdate()


def test_a_cancelled_number_is_never_given_again_and_the_register_shows_it(tree, users, filed, client_for):
    first = issue_consolidation(tree, users)
    consolidation_services.consolidation_cancel(
        unit=tree.province, period_code="2021-H1", reason="Sai số liệu huyện", by=users.office
    )
    again = issue_consolidation(tree, users)
    assert again.number == "02/BC-MT"
    DocumentSequence.objects.filter(issuer=first.issuer).update(last_number=3)  # 03 taken on paper
    lines = register.register_lines(issuer=first.issuer, year=first.year)
    assert [(line.serial, line.entry and line.entry.status) for line in lines] == [
        (1, "cancelled"),
        (2, "issued"),
        (3, None),
    ]
    page = client_for(users.viewer).get(reverse("documents:register"), {"issuer": first.issuer.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sai số liệu huyện" in html and "02/BC-MT" in html and 'data-serial="3"' in html


def test_cancelling_needs_a_reason(tree, users, filed):
    issue_consolidation(tree, users)
    with pytest.raises(ValidationError):
        consolidation_services.consolidation_cancel(unit=tree.province, period_code="2021-H1", reason=" ", by=None)
    assert IssuedDocument.objects.get(kind="consolidated_report").status == IssuedDocument.Status.ISSUED


def test_an_ended_unit_issues_nothing(tree, users, filed):
    import datetime

    tree.province.valid_to = datetime.date(2025, 6, 30)
    tree.province.save()
    with pytest.raises(ValidationError):
        issue_consolidation(tree, users)
    assert province_series(tree) == 0


def test_the_issue_button_is_the_offices_and_outsiders_see_nothing(tree, users, filed, client_for):
    url = reverse("consolidation:issue", args=["30", "2021-H1"])
    assert client_for(users.viewer).post(url).status_code == 403
    assert client_for(users.other_office).post(url).status_code == 404
    assert province_series(tree) == 0
    response = client_for(users.office).post(url)
    assert response.status_code == 302
    issued = IssuedDocument.objects.get(kind="consolidated_report")
    detail = client_for(users.viewer).get(reverse("consolidation:detail", args=["30", "2021-H1"]))
    assert "01/BC-MT" in detail.content.decode()
    download = reverse("documents:download", args=[issued.pk, "docx"])
    assert client_for(users.viewer).get(download).status_code == 200
    assert client_for(users.other_office).get(download).status_code == 404
    page = client_for(users.other_office).get(reverse("documents:register"), {"issuer": issued.issuer.pk})
    assert page.status_code == 404


# --- unit reports --------------------------------------------------------------------------------------------


def test_a_unit_numbers_its_own_report_when_it_submits_it(commune_report, tree, users):
    report = save(commune_report, users.commune, submit=True)
    assert report.number == "01/BC-MT"
    issued = IssuedDocument.objects.get(kind=IssuedDocument.Kind.UNIT_REPORT)
    assert issued.issuer.unit == tree.commune  # the commune's own register, not the reviewer's
    assert issued.issued_on == timezone.localdate() == timezone.localdate(fresh(report).submitted_at)
    services.report_accept(report=fresh(report), by=users.district)
    accepted = fresh(report)
    assert accepted.number == "01/BC-MT"  # the reviewer took no number
    assert not DocumentSequence.objects.filter(issuer__unit=tree.district).exists()
    text = pdf_text(issued.pdf.open("rb").read())
    assert "Số: 01/BC-MT" in text and "XÃ NAM HỒNG" in text


def test_a_resubmission_is_a_new_number_that_replaces_the_first(commune_report, users):
    save(commune_report, users.commune, submit=True)
    services.report_return(report=fresh(commune_report), by=users.district, reason="Thiếu số liệu TT02")
    report = save(commune_report, users.commune, submit=True)
    assert report.number == "02/BC-MT"
    second = IssuedDocument.objects.get(number="02/BC-MT")
    assert second.replaces.number == "01/BC-MT"


def test_the_report_page_offers_the_issued_files_and_drafts(commune_report, users, client_for):
    client = client_for(users.commune)
    draft = client.get(reverse("reporting:report_pdf", args=[commune_report.pk]))
    assert draft.status_code == 200 and "du-thao" in draft["Content-Disposition"]
    assert "DỰ THẢO" in pdf_text(draft.content)
    save(commune_report, users.commune, submit=True)
    issued = client.get(reverse("reporting:report_pdf", args=[commune_report.pk]), {"format": "docx"})
    assert issued.status_code == 200
    assert "Số: 01/BC-MT" in docx_text(b"".join(issued.streaming_content))
    assert client.get(reverse("reporting:report_pdf", args=[commune_report.pk]), {"format": "odt"}).status_code == 404
    assert client_for(users.outsider).get(reverse("reporting:report_pdf", args=[commune_report.pk])).status_code == 404


# --- steering committees issue as themselves -----------------------------------------------------------------


def test_a_committee_issues_its_inspection_plan_and_records_in_its_own_series(world, users):  # noqa: F811
    plan = InspectionPlanFactory(committee=world.committee, number="")
    issued = inspection_services.plan_issue(plan=plan, user=users.district)
    assert issued.number == "01/KH-BCĐ"
    assert issued.issuer.committee == world.committee
    text = pdf_text(issued.pdf.open("rb").read())
    assert "BAN CHỈ ĐẠO" in text and "TM. BAN CHỈ ĐẠO" in text and "Trần Văn Trưởng" in text
    word = docx_text(issued.docx.open("rb").read())
    assert "Số: 01/KH-BCĐ" in word
    board = DocumentIssuer.objects.filter(unit=world.committee.unit, committee__isnull=True).first()
    assert board is None or not DocumentSequence.objects.filter(issuer=board).exists()
    with pytest.raises(ValidationError):
        inspection_services.plan_save(
            plan=plan,
            committee=world.committee,
            year=2021,
            title="Khác",
            issued_on=plan.issued_on,
            decision_number="1",
            decision_date=plan.issued_on,
            team=[world.lead],
            lead=world.lead,
        )


def test_every_document_type_renders_as_pdf_and_word_with_one_number(world, tree, users, commune_report):  # noqa: F811
    from tests.inspections.factories import InspectionFactory

    save(commune_report, users.commune, submit=True)
    plan = PlanFactory(unit=tree.province, number="")
    plan_services.plan_issue(plan=plan, by=users.office)
    inspection_plan = InspectionPlanFactory(committee=world.committee, number="")
    inspection_services.plan_issue(plan=inspection_plan, user=users.district)
    inspection = InspectionFactory(plan=world.plan, business=world.business)
    inspection.team.add(world.lead)
    inspection_services.inspection_submit(inspection=inspection, user=users.inspector)
    kinds = set()
    for issued in IssuedDocument.objects.all():
        kinds.add(issued.kind)
        pdf = pdf_text(issued.pdf.open("rb").read())
        word = docx_text(issued.docx.open("rb").read())
        assert f"Số: {issued.number}" in pdf and f"Số: {issued.number}" in word, issued.kind
    assert kinds == {"unit_report", "plan", "inspection_plan", "inspection_record"}
    inspection.refresh_from_db()
    assert inspection.number == "02/BB-BCĐ"  # after the committee's plan 01/KH-BCĐ


# --- at the same moment -----------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_issuing_at_the_same_moment_gives_consecutive_numbers_and_one_issue_per_document(tree, users, filed):
    plans = [PlanFactory(unit=tree.province, number="") for _ in range(2)]
    barrier = threading.Barrier(3)
    outcomes: list[str] = []

    def act(action):
        try:
            barrier.wait(timeout=10)
            outcomes.append(action().number)
        except ValidationError as exc:
            outcomes.append("refused: " + " ".join(exc.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(lambda p=p: plan_services.plan_issue(plan=p, by=users.office),))
        for p in plans
    ] + [threading.Thread(target=act, args=(lambda: issue_consolidation(tree, users),))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(o[:2] for o in outcomes) == ["01", "02", "03"], outcomes
    assert province_series(tree) == 3

    same = PlanFactory(unit=tree.province, number="")
    twice = [
        threading.Thread(target=act, args=(lambda: plan_services.plan_issue(plan=same, by=users.office),))
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes.clear()
    for thread in twice:
        thread.start()
    for thread in twice:
        thread.join(30)
    assert sorted(outcomes)[0] == "04/KH-MT" and sorted(outcomes)[1].startswith("refused"), outcomes
    assert province_series(tree) == 4  # the refused one gave its number back


def test_the_verification_page_finds_an_issued_document_and_compares_a_file(tree, users, filed, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    issued = issue_consolidation(tree, users)
    client = client_for(users.viewer)
    url = reverse("exports:verify", args=[issued.verification_code])
    page = client.get(url).content.decode()
    assert "01/BC-MT" in page and issued.pdf_sha256 in page
    same = client.post(url, {"file": SimpleUploadedFile("x.docx", issued.docx.open("rb").read())})
    assert "đúng là tệp Cổng đã phát hành" in same.content.decode() or "exactly the one" in same.content.decode()
    other = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 not it")})
    assert "khác với" in other.content.decode() or "differs" in other.content.decode()
    assert client_for(users.other_office).get(url).status_code == 404


def test_a_plan_is_issued_by_its_office_only(tree, users, client_for):
    plan = PlanFactory(unit=tree.province, number="")
    url = reverse("steering:plan_issue", args=[plan.pk])
    assert client_for(users.viewer).post(url).status_code == 403
    assert client_for(users.outsider).post(url).status_code == 404
    plan.refresh_from_db()
    assert plan.number == ""
    assert client_for(users.office).post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.number == "01/KH-MT"
    again = client_for(users.office).post(url, follow=True)
    assert "01/KH-MT" in again.content.decode()  # "already has the number", not a second one
    assert IssuedDocument.objects.filter(kind="plan").count() == 1


def test_the_inspection_plan_gives_full_addresses_and_the_committees_own_recipients(world, users):  # noqa: F811
    from steering.models import RecipientList
    from steering.services import issuer_for_committee

    issuer = issuer_for_committee(committee=world.committee)
    RecipientList.objects.create(issuer=issuer, kind="inspection_plan", lines="Sở Công Thương\nLưu: VT, BCĐ.")
    document = inspection_services.plan_document(plan=world.plan, issuer=issuer, on=world.plan.issued_on)
    from campaign_portal.documents.content import Table

    rows = [row for block in document.body if isinstance(block, Table) for row in block.rows]
    assert any(str(cell).endswith("xã Nam Hồng, huyện Nam Sách, tỉnh Hải Dương") for row in rows for cell in row)
    assert document.recipients == ["Sở Công Thương", "Lưu: VT, BCĐ."]
