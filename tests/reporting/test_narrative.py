"""The consolidated narrative reads like a report: figures per content area, each unit's point once, nothing from
units left out, an opening citing the plan, the data window, no empty heading, and later acceptances reported."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from campaign_portal.documents.pdf import render_pdf
from reporting import services as reporting_services
from reporting.consolidation import documents, selectors, services
from reporting.consolidation.jobs import consolidated_document
from reporting.models import Report
from tests.reporting.conftest import fresh, save
from tests.steering.plans_factories import PlanFactory

pytestmark = pytest.mark.django_db
D = Decimal
SAME = "Tổ chức tuyên truyền trên loa truyền thanh."


def file_and_accept(report, filer, reviewer, values, sections):
    save(report, filer, values=values, sections=sections, submit=True)
    reporting_services.report_accept(report=fresh(report), by=reviewer)
    return fresh(report)


@pytest.fixture
def reports(h1, tree, users):
    """Both districts accepted with the same II.1 sentence; Nam Sách also writes IV; the commune is submitted but
    not accepted by the province (it is below the district anyway)."""
    nam_sach = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    city = Report.objects.get(period=h1, unit=tree.other_district, agency__isnull=True)
    file_and_accept(
        nam_sach, users.district, users.office, {"TT02": D(5), "TT03": D(1200)}, {"II.1": SAME, "IV": "Làm tiếp."}
    )
    file_and_accept(city, users.outsider, users.office, {"TT02": D(7), "TT03": D(800)}, {"II.1": f"  {SAME} "})
    return {"nam_sach": nam_sach, "city": city}


def load(unit):
    return selectors.consolidation_load(unit=unit, period_code="2021-H1")


def test_identical_texts_are_said_once_with_every_unit_that_wrote_them(tree, reports):
    text = selectors.narrative_assemble(data=load(tree.province))["II.1"]
    assert text.count(SAME) == 1
    assert f"Thành phố Hải Dương, huyện Nam Sách: {SAME}" in text  # the second name lower-case in the sentence


def test_a_content_area_starts_with_its_consolidated_figures(tree, reports):
    text = selectors.narrative_assemble(data=load(tree.province))["II.1"]
    first = text.split("\n\n")[0]
    assert first.startswith("Toàn tỉnh: ")
    assert "12 buổi" in first and "2.000" in first  # 5 + 7 sessions, 1.200 + 800 people


def test_a_unit_left_out_of_the_figures_is_left_out_of_the_text(tree, h1, users, reports):
    Report.objects.filter(pk=reports["city"].pk).update(status="submitted")  # no longer counted
    text = selectors.narrative_assemble(data=load(tree.province))["II.1"]
    assert "Thành phố Hải Dương" not in text and f"Huyện Nam Sách: {SAME}" in text


def test_the_document_cites_the_plan_prints_the_data_window_and_skips_empty_headings(tree, users, reports):
    PlanFactory(
        unit=tree.province,
        number="98/KH-MT",
        date=datetime.date(2021, 4, 28),
        year=2021,
        title="Triển khai thực hiện Cuộc vận động năm 2021",
    )
    doc = consolidated_document(unit=tree.province, period_code="2021-H1")
    content = render_pdf(documents.official_document(doc))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "Thực hiện Kế hoạch số 98/KH-MT ngày 28/4/2021" in text
    assert "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Hải Dương" in text  # lower-case in the sentence
    period = reports["nam_sach"].period
    a, b = period.cutoff_from, period.cutoff_to
    assert f"Số liệu tính từ ngày {a.day}/{a.month}/{a.year} đến ngày {b.day}/{b.month}/{b.year}" in text
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in text  # Nam Sách wrote under IV
    assert "ĐỀ XUẤT, KIẾN NGHỊ" not in text  # nobody wrote under V: the heading is not printed
    assert "Rà soát cơ chế, chính sách" not in text.split("BIỂU TỔNG HỢP")[0]  # nor II.2
    assert "(TT02)" not in text and "Cách tổng hợp" not in text  # internal codes and methods stay off the annex


def test_the_office_edits_the_opening_and_it_is_what_prints(tree, users, reports):
    services.narrative_save(
        unit=tree.province,
        period_code="2021-H1",
        sections={selectors.OPENING_KEY: "Thực hiện Kế hoạch số 12/KH-MT ngày 02/3/2021, Ban Thường trực báo cáo:"},
        allowed_keys={selectors.OPENING_KEY},
        version=0,
        by=users.office,
    )
    doc = consolidated_document(unit=tree.province, period_code="2021-H1")
    assert doc.opening.startswith("Thực hiện Kế hoạch số 12/KH-MT")


def test_reports_accepted_after_the_last_save_are_reported_and_can_be_merged(tree, h1, users, client_for):
    nam_sach = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    file_and_accept(nam_sach, users.district, users.office, {"TT02": D(5)}, {"II.1": "Nam Sách viết."})
    data = load(tree.province)
    services.narrative_save(
        unit=tree.province,
        period_code="2021-H1",
        sections=selectors.narrative_assemble(data=data),
        allowed_keys={s.key for s in data.outline if s.writable},
        version=0,
        by=users.office,
    )
    city = Report.objects.get(period=h1, unit=tree.other_district, agency__isnull=True)
    file_and_accept(city, users.outsider, users.office, {"TT02": D(7)}, {"II.1": "Thành phố viết sau."})
    page = client_for(users.office).get(reverse("consolidation:detail", args=["30", "2021-H1"])).content.decode()
    assert 'id="narrative-late"' in page and "Thành phố Hải Dương" in page
    response = client_for(users.office).post(reverse("consolidation:merge", args=["30", "2021-H1"]))
    assert response.status_code == 302
    draft = selectors.narrative_draft(unit=tree.province, period_code="2021-H1")
    assert "Thành phố Hải Dương: Thành phố viết sau." in draft.sections["II.1"]
    assert "Huyện Nam Sách: Nam Sách viết." in draft.sections["II.1"]  # what was there stays
    assert selectors.narrative_late(data=load(tree.province), draft=draft) == []
    assert client_for(users.viewer).post(reverse("consolidation:merge", args=["30", "2021-H1"])).status_code == 403


def test_recipients_are_the_offices_own_list_or_the_default(tree, users, reports):
    from steering.models import RecipientList
    from steering.services import issuer_for_unit

    default = consolidated_document(unit=tree.province, period_code="2021-H1").recipients
    assert "Ban Tuyên giáo Ủy ban Trung ương MTTQ Việt Nam (để báo cáo)" in default
    assert default[-1] == "Lưu: VT, BPT." and len(default) >= 7
    RecipientList.objects.create(
        issuer=issuer_for_unit(unit=tree.province),
        kind="consolidated_report",
        lines="- Ban Chỉ đạo Trung ương;\nThường trực Tỉnh ủy\n\nLưu: VT, BPT.",
    )
    doc = consolidated_document(unit=tree.province, period_code="2021-H1")
    assert doc.recipients == ["Ban Chỉ đạo Trung ương;", "Thường trực Tỉnh ủy", "Lưu: VT, BPT."]
    content = render_pdf(documents.official_document(doc))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "- Thường trực Tỉnh ủy; - Lưu: VT, BPT." in text
