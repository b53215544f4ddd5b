"""Consolidation on the database: accepted submissions only, lineage by version, exclusions, narrative, views."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting import services as reporting_services
from reporting.consolidation import engine, selectors, services
from reporting.models import Report
from tests.reporting.conftest import fresh, save
from tests.steering.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = Decimal


def file_and_accept(report, filer, reviewer, values, sections=None):
    save(report, filer, values=values, sections=sections or {"I": f"Văn bản của {report.unit.name}."}, submit=True)
    reporting_services.report_accept(report=fresh(report), by=reviewer)
    return fresh(report)


@pytest.fixture
def filed(h1, tree, users):
    """291 accepted (KT02=10, XT08=90), 288 accepted late (KT02=30, XT08=70); the commune below 291 filed too."""
    nam_sach = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    city = Report.objects.get(period=h1, unit=tree.other_district, agency__isnull=True)
    file_and_accept(nam_sach, users.district, users.office, {"TT02": D(5), "KT02": D(10), "XT08": D(90)})
    file_and_accept(city, users.outsider, users.office, {"TT02": D(7), "KT02": D(30), "XT08": D(70)})
    late = timezone.make_aware(datetime.datetime.combine(city.due_date + datetime.timedelta(days=3), datetime.time(9)))
    Report.objects.filter(pk=city.pk).update(first_submitted_at=late)
    early = timezone.make_aware(datetime.datetime.combine(nam_sach.due_date, datetime.time(9)))
    Report.objects.filter(pk=nam_sach.pk).update(first_submitted_at=early)
    commune = Report.objects.get(period=h1, unit=tree.commune, agency__isnull=True)
    file_and_accept(commune, users.commune, users.district, {"TT02": D(100)})
    return {"nam_sach": fresh(nam_sach), "city": fresh(city), "commune": fresh(commune)}


def load(unit, **kwargs):
    return selectors.consolidation_load(unit=unit, period_code="2021-H1", **kwargs)


def test_the_province_adds_up_its_districts_not_the_communes_below_them(tree, filed):
    data = load(tree.province)
    assert data.result.figure("TT02").value == D(12)
    # weighted by KT02: (90*10 + 70*30) / 40
    assert data.result.figure("XT08").value == D("75.00")
    assert data.result.figure("KT02").value == D(40)


def test_a_district_consolidates_its_communes(tree, filed):
    assert load(tree.district).result.figure("TT02").value == D(100)


def test_lineage_cites_the_accepted_version(tree, users, filed):
    sources = load(tree.province).result.figure("TT02").sources
    assert [(s.unit_code, s.report_id, s.submission_number, s.value) for s in sources] == [
        ("288", filed["city"].pk, 1, D(7)),
        ("291", filed["nam_sach"].pk, 1, D(5)),
    ]


def test_a_returned_then_resubmitted_report_is_cited_with_its_second_submission(h1, tree, users):
    report = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    save(report, users.district, values={"TT02": D(1)}, submit=True)
    reporting_services.report_return(report=fresh(report), by=users.office, reason="Thiếu số liệu")
    assert load(tree.province).result.excluded[0].reason in (engine.REASON_RETURNED, engine.REASON_MISSING)
    save(report, users.district, values={"TT02": D(3)}, submit=True)
    reporting_services.report_accept(report=fresh(report), by=users.office)
    (source,) = load(tree.province).result.figure("TT02").sources
    assert (source.submission_number, source.value) == (2, D(3))


def test_it_is_current_the_moment_a_report_is_accepted(h1, tree, users):
    report = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    save(report, users.district, values={"TT02": D(4)}, submit=True)
    before = load(tree.province).result
    assert before.figure("TT02").value is None
    assert {e.unit_code: e.reason for e in before.excluded}["291"] == engine.REASON_NOT_ACCEPTED
    reporting_services.report_accept(report=fresh(report), by=users.office)
    assert load(tree.province).result.figure("TT02").value == D(4)


def test_late_reports_can_be_left_out(tree, filed):
    data = load(tree.province, include_late=False)
    assert data.result.figure("TT02").value == D(5)
    assert [(e.unit_code, e.reason) for e in data.result.excluded] == [("288", engine.REASON_LATE)]
    c = data.result.completeness
    assert (c.expected, c.submitted, c.on_time, c.late, c.counted) == (2, 2, 1, 1, 1)


def test_values_edited_after_acceptance_do_not_change_the_consolidation(tree, filed):
    # the working copy is not what was accepted; consolidation reads the accepted submission
    filed["nam_sach"].values.filter(indicator__code="TT02").update(value=D(999))
    assert load(tree.province).result.figure("TT02").value == D(12)


def test_the_country_rolls_up_the_provinces_with_exact_weights(tree, filed):
    data = selectors.consolidation_load(unit=None, period_code="2021-H1")
    assert data.result.figure("TT02").value == D(12)
    assert data.result.figure("XT08").value == D("75.00")
    assert [c.unit_code for c in data.result.included] == ["30"]
    assert data.result.completeness.expected == 2


def test_narrative_assembly_names_each_unit(tree, filed):
    assembled = selectors.narrative_assemble(data=load(tree.province))
    assert (
        assembled["I"]
        == "Thành phố Hải Dương: Văn bản của Thành phố Hải Dương.\n\nHuyện Nam Sách: Văn bản của Huyện Nam Sách."
    )
    assert assembled["V"] == ""


def test_the_completeness_paragraph_counts_units(tree, filed):
    text = selectors.completeness_text(load(tree.province).result.completeness)
    assert text.startswith("Có 2/2 đơn vị đã gửi báo cáo (100,0%), trong đó 1 đơn vị gửi đúng hạn, 1 đơn vị gửi muộn")


def test_narrative_save_refuses_a_stale_form(tree, users):
    keys = {"I", "V"}
    first = services.narrative_save(
        unit=tree.province, period_code="2021-H1", sections={"I": "A"}, allowed_keys=keys, version=0, by=users.office
    )
    assert first.version == 1
    services.narrative_save(
        unit=tree.province, period_code="2021-H1", sections={"I": "B"}, allowed_keys=keys, version=1, by=users.admin
    )
    with pytest.raises(ValidationError):
        services.narrative_save(
            unit=tree.province,
            period_code="2021-H1",
            sections={"I": "C"},
            allowed_keys=keys,
            version=1,
            by=users.office,
        )
    with pytest.raises(ValidationError):
        services.narrative_save(
            unit=tree.province,
            period_code="2021-H1",
            sections={"X": "?"},
            allowed_keys=keys,
            version=2,
            by=users.office,
        )


# --- views -----------------------------------------------------------------------------------------------------


def url(code="30", period="2021-H1"):
    return reverse("consolidation:detail", args=[code, period])


def test_anonymous_users_are_sent_to_login(client, filed):
    assert client.get(url()).status_code == 302
    assert client.post(reverse("consolidation:export", args=["30", "2021-H1", "pdf"])).status_code == 302


def test_outsiders_get_404(users, client_for, filed):
    for user in (users.outsider, users.other_office, users.district):
        client = client_for(user)
        assert client.get(url()).status_code == 404
        assert client.post(reverse("consolidation:export", args=["30", "2021-H1", "pdf"])).status_code == 404
    assert client_for(users.office).get(url("national")).status_code == 404


def test_read_only_users_export_drafts_but_cannot_write_or_issue(users, client_for, filed):
    client = client_for(users.viewer)
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-export=" in html and 'id="issue-button"' not in html  # drafts yes, the number no
    assert client.post(url(), {"version": 0, "s_I": "x"}).status_code == 403
    assert client.post(reverse("consolidation:export", args=["30", "2021-H1", "pdf"])).status_code == 302
    assert client.post(reverse("consolidation:issue", args=["30", "2021-H1"])).status_code == 403


def test_the_office_sees_figures_lineage_and_exclusions(users, client_for, filed):
    body = client_for(users.office).get(url() + "?late=0").content.decode()
    assert 'data-figure="TT02">5<' in body
    assert "Thành phố Hải Dương" in body and "data-excluded" in body
    assert f"#{filed['nam_sach'].pk}" in body


def test_an_unknown_period_or_unit_is_404(users, client_for, filed):
    client = client_for(users.office)
    assert client.get(url(period="2030-H1")).status_code == 404
    assert client.get(url(code="99999")).status_code == 404


def test_the_superuser_sees_the_country(users, client_for, filed):
    assert client_for(users.admin).get(url("national")).status_code == 200


def test_saving_the_narrative_and_a_stale_save(users, client_for, filed):
    client = client_for(users.office)
    response = client.post(url(), {"version": 0, "s_I": "Tổng hợp chung."})
    assert response.status_code == 302
    stale = client.post(url(), {"version": 0, "s_I": "Ghi đè?"})
    assert stale.status_code == 400
    assert "Ghi đè?" in stale.content.decode()  # the user's text is still on the form
    draft = selectors.narrative_draft(unit=filed["nam_sach"].reviewer_unit, period_code="2021-H1")
    assert draft.sections["I"] == "Tổng hợp chung." and draft.version == 1


def test_the_page_runs_the_same_number_of_queries_whatever_the_number_of_children(h1, tree, users, client_for, filed):
    client = client_for(users.office)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url()).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for n in range(5):
        unit = UnitFactory(code=f"8{n:02d}", name=f"Huyện Mới {n}", division_type="huyen", parent=tree.province)
        report = Report.objects.create(period=h1, unit=unit, reviewer_unit=tree.province, due_date=h1.end_date)
        file_and_accept(report, users.office, users.office, {"TT02": D(n)})
    assert count() == small
