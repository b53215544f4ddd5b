"""Accepted reports are frozen: renaming or moving the unit, re-forming its committee or editing the template
afterwards never changes what the accepted report says, on the page, in its PDF or in a consolidation."""

import io

import pypdf
import pytest
from django.utils import translation

from campaign_portal.documents.pdf import render_pdf
from reporting import documents, selectors
from reporting.consolidation.selectors import consolidation_load
from reporting.models import Indicator, Report, ReportStatus
from steering.models import DocumentIssuer
from tests.reporting.conftest import fresh, save

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def accepted(commune_report, users):
    from reporting import services

    save(commune_report, users.commune, submit=True)
    services.report_accept(report=fresh(commune_report), by=users.district)
    return Report.objects.select_related("period__template", "unit", "accepted_submission").get(pk=commune_report.pk)


def _change_the_world(report: Report, tree) -> None:
    """What happens to a unit after its report was accepted: renamed, moved, new signer, template edited."""
    unit = report.unit
    unit.name = "Xã Nam Hồng Mới"
    unit.division_type = "phuong"
    unit.parent = tree.other_district
    unit.save()
    DocumentIssuer.objects.update_or_create(
        unit=unit, defaults={"parent_body": "ỦY BAN MTTQ VIỆT NAM PHƯỜNG MỚI", "place_name": "Nơi khác"}
    )
    template = report.period.template
    Indicator.objects.filter(template=template, code="TT02").update(label_vi="Nhãn đã sửa", filled_by="agency:qltt")


def test_the_accepted_pdf_reads_the_same_after_the_unit_and_the_template_change(accepted, tree):
    before = _text(render_pdf(documents.report_document(accepted)))
    assert "XÃ NAM HỒNG" in before and "Số hội nghị" in before

    _change_the_world(accepted, tree)
    again = Report.objects.select_related("period__template", "unit", "accepted_submission").get(pk=accepted.pk)
    assert _text(render_pdf(documents.report_document(again))) == before


@translation.override("vi")  # labels are read in the active language; another test may have left English active
def test_the_accepted_page_keeps_its_rows_and_labels(accepted, tree):
    groups, _missing, _warnings = selectors.report_indicator_groups(report=accepted)
    before = [(row.indicator.code, row.indicator.label, row.value) for g in groups for row in g.rows]
    _change_the_world(accepted, tree)
    again = Report.objects.select_related("period__template", "unit", "accepted_submission").get(pk=accepted.pk)
    groups, _missing, _warnings = selectors.report_indicator_groups(report=again)
    assert [(row.indicator.code, row.indicator.label, row.value) for g in groups for row in g.rows] == before
    assert ("TT02", "Số hội nghị, buổi tuyên truyền, quán triệt") in [(c, label) for c, label, _v in before]


def test_the_accepted_report_page_keeps_the_name_it_was_accepted_under(accepted, tree, users, client_for):
    _change_the_world(accepted, tree)
    body = client_for(users.office).get(f"/reports/{accepted.pk}/").content.decode()
    assert "<h1" in body and "Xã Nam Hồng <small" in body and "Xã Nam Hồng Mới" not in body


def test_a_consolidation_names_the_accepted_child_as_it_was(accepted, tree):
    data = consolidation_load(unit=tree.district, period_code="2021-H1")
    names = [c.unit_name for c in data.result.included]
    figure = data.result.figure("TT02").value
    _change_the_world(accepted, tree)
    data = consolidation_load(unit=tree.district, period_code="2021-H1")
    assert [c.unit_name for c in data.result.included] == names == ["Xã Nam Hồng"]
    assert data.result.figure("TT02").value == figure
    assert accepted.status == ReportStatus.ACCEPTED
    assert accepted.accepted_submission.record["reporter"]["unit_kind"] == "commune"
