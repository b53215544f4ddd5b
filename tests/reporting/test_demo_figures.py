"""The demo's figures read like a real consolidation: each fact counted once, from the reporter that holds it.

The observed problem: Hải Dương's 2021-H1 consolidation added every reporter's figure into every total (KT03,
market surveillance inspections, came out at 368 from 16 member agencies; committee members summed across
agencies; OCOP counts came from the newspaper and the police), because every member agency filled all 46
indicators. The demo is loaded once for the module (inside a transaction rolled back at the end).
"""

import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from reporting import records, scope
from reporting.consolidation import engine
from reporting.consolidation.selectors import consolidation_load
from reporting.models import Report, ReportingPeriod, ReportStatus, ReportValue
from steering.models import AdministrativeUnit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

H1 = "2021-H1"
V2_PERIOD = "2025-H1"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, once; how long the reports' part took."""
    import reporting.demo

    seed = reporting.demo.seed
    elapsed: dict[str, float] = {}

    def timed(stdout=None):
        started = time.monotonic()
        try:
            return seed(stdout=stdout)
        finally:
            elapsed["reporting"] = time.monotonic() - started

    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp, override_settings(DEBUG=True):
            mp.setattr(reporting.demo, "seed", timed)
            call_command("seed_demo", stdout=StringIO())
        yield elapsed
        transaction.set_rollback(True)


@pytest.fixture
def province(demo):
    return AdministrativeUnit.objects.get(code="30")


@pytest.fixture
def h1(province):
    data = consolidation_load(unit=province, period_code=H1)
    assert data is not None
    return data


def _reports_by_id(figure: engine.Figure, *, beside=False) -> list[Report]:
    ids = [s.report_id for s in (figure.beside if beside else figure.sources)]
    by_pk = Report.objects.select_related("unit", "agency").in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def _accepted_value(province, kind: str, code: str) -> Decimal:
    report = Report.objects.select_related("accepted_submission").get(
        period__owner=province, period__code=H1, unit=province, agency__kind=kind, status=ReportStatus.ACCEPTED
    )
    return Decimal(report.accepted_submission.values[code])


def test_market_inspections_are_market_surveillance_s_plus_the_police_s(h1, province):
    figure = h1.result.figure("KT03")
    assert figure.value == _accepted_value(province, "qltt", "KT03") + _accepted_value(province, "cong_an", "KT03")
    assert 40 <= figure.value <= 200
    kinds = {r.agency.kind for r in _reports_by_id(figure) if r.agency_id}
    assert all(r.agency_id for r in _reports_by_id(figure))
    assert kinds == {"qltt", "cong_an"}
    assert not figure.beside
    # Health and science report the violations they handled, not inspections they did not lead.
    for kind in ("y_te", "khcn"):
        values = Report.objects.get(period__code=H1, agency__kind=kind).accepted_submission.values
        assert "KT03" not in values and "KT04" in values


def test_committee_members_come_from_the_units_and_the_standing_body(h1):
    figure = h1.result.figure("BC02")
    sources = _reports_by_id(figure)
    assert sources and figure.value == sum(s.value for s in figure.sources)
    assert all(r.agency_id is None or r.agency.kind == scope.STANDING_BODY for r in sources)
    assert any(r.agency_id and r.agency.kind == scope.STANDING_BODY for r in sources)
    assert not {r.agency.kind for r in sources if r.agency_id} & {"doan_the", "bao_chi"}
    assert not figure.beside


def test_ocop_comes_from_the_agriculture_department_only(h1):
    figure = h1.result.figure("KT12")
    (source,) = _reports_by_id(figure)
    assert source.agency.kind == "nong_nghiep"
    assert 100 <= figure.value <= 150
    four_stars = h1.result.figure("KT13").value
    assert Decimal("0.1") * figure.value <= four_stars <= Decimal("0.3") * figure.value


def test_what_is_shown_beside_comes_from_agencies_that_are_not_counted(h1):
    indicators = {ind.code: ind for ind in h1.indicators}
    beside = 0
    for code, figure in h1.result.figures.items():
        for report in _reports_by_id(figure, beside=True):
            beside += 1
            assert report.agency_id, (code, report.unit.name)
            reporter = records.reporter_of(report)
            assert scope.fills(indicators[code].filled_by, reporter), (code, report.agency.name)
            assert not scope.counts(indicators[code].counts_from, reporter), (code, report.agency.name)
        assert all(s.reason == engine.BESIDE_NOT_COUNTED for s in figure.beside), code
    assert beside  # the unions' propaganda sessions, the Party board's news items …
    assert h1.result.figure("TT02").beside


def test_no_report_has_a_figure_its_form_does_not_carry(demo):
    for code in (H1, V2_PERIOD):
        period = ReportingPeriod.objects.select_related("template", "period_type").get(code=code)
        indicators = {ind.code: ind for ind in period.template.indicators.all()}
        reports = Report.objects.filter(period=period).select_related("unit", "agency", "accepted_submission")
        stored: dict[int, set[str]] = {}
        for report_id, ind_code in ReportValue.objects.filter(report__period=period).values_list(
            "report_id", "indicator__code"
        ):
            stored.setdefault(report_id, set()).add(ind_code)
        checked = 0
        for report in reports:
            reporter = records.reporter_of(report)
            codes = stored.get(report.pk, set())
            if report.accepted_submission_id:
                codes |= set(report.accepted_submission.values)
            for ind_code in codes:
                assert indicators[ind_code].applies_to(reporter=reporter, annual=period.is_annual), (
                    code,
                    report.agency.name if report.agency_id else report.unit.name,
                    ind_code,
                )
            checked += bool(codes)
        assert checked


def test_every_accepted_report_has_its_frozen_record(demo):
    accepted = Report.objects.filter(status=ReportStatus.ACCEPTED).select_related(
        "accepted_submission", "period__template", "unit", "agency"
    )
    assert accepted.count() > 30
    for report in accepted:
        record = report.accepted_submission.record
        assert record, report.pk
        assert record["template"]["version"] == report.period.template.version
        assert records.reporter_from(record) == records.reporter_of(report)
        carried = {row["code"] for row in record["indicators"]}
        assert set(report.accepted_submission.values) <= carried


def test_2021_keeps_version_1_and_2025_h1_is_on_version_2(province):
    assert set(
        ReportingPeriod.objects.filter(owner=province, year=2021).values_list("template__version", flat=True)
    ) == {1}
    period = ReportingPeriod.objects.get(owner=province, code=V2_PERIOD)
    assert period.template.version == 2
    assert (period.cutoff_from.isoformat(), period.cutoff_to.isoformat()) == ("2024-12-15", "2025-06-14")
    reports = Report.objects.filter(period=period)
    accepted = reports.filter(status=ReportStatus.ACCEPTED)
    assert 3 <= accepted.filter(agency__isnull=True, unit__level=2).count() <= 4
    assert set(accepted.exclude(agency=None).values_list("agency__kind", flat=True)) == {
        "qltt",
        "cong_an",
        "nong_nghiep",
        "mttq",
        "bao_chi",
    }
    assert reports.filter(status=ReportStatus.NOT_STARTED).count() == reports.count() - accepted.count()
    data = consolidation_load(unit=province, period_code=V2_PERIOD)
    assert (
        data.result.figure("KT12").value > consolidation_load(unit=province, period_code=H1).result.figure("KT12").value
    )


def test_the_narrative_draft_of_2021_h1_is_built(province, h1):
    from reporting.consolidation.models import NarrativeDraft

    draft = NarrativeDraft.objects.get(unit=province, period_code=H1)
    assert "98/KH-MT" in draft.sections["I"]
    assert "Cục Quản lý thị trường tỉnh:" in draft.sections["II.3"]


# --- the two-level map of the demo (steering.demo_reform, reporting.demo_reform) --------------------------------


def test_the_demo_runs_hai_phong_on_the_two_level_map(demo):
    city = AdministrativeUnit.objects.with_code("31")
    assert city.key == "31.20250701" and city.children.count() == 114
    assert city.children.filter(division_type="dac_khu").count() == 2
    assert {u.code for u in city.predecessors.all()} == {"30", "31"}
    period = ReportingPeriod.objects.get(owner=city, code="2026-H1")
    reports = Report.objects.filter(period=period, agency__isnull=True)
    assert reports.count() == 114 and not reports.exclude(reviewer_unit=city).exists()
    deadline = period.deadlines.get(kind="commune").due_date
    assert not reports.exclude(due_date=deadline).exists()  # the commune deadline, reporting straight to the city
    assert Report.objects.filter(period=period, status=ReportStatus.ACCEPTED).count() >= 5


def test_the_demo_accounts_of_the_new_map_and_the_2021_ones(demo, client):
    from steering.models import User

    haiphong, xa = User.objects.get(username="haiphong"), User.objects.get(username="xa")
    assert haiphong.unit.key == "31.20250701" and xa.unit.name == "Xã Nam Sách"
    assert User.objects.get(username="commune").unit.valid_to is not None  # the 2021 story keeps its accounts
    client.force_login(haiphong)
    page = client.get("/reports/").content.decode()
    assert "Tỉnh Hải Dương (đến 30/06/2025)" in page
    client.force_login(xa)
    own = Report.objects.get(period__code="2026-H1", unit=xa.unit, agency__isnull=True)
    assert client.get(f"/reports/{own.pk}/edit/").status_code == 200
    assert own.status == ReportStatus.DRAFT
