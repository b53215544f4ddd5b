"""Periods: Decree 09/2019 defaults, custom plans, deadlines per level, and the expected reports."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reporting import services
from reporting.models import PeriodType, Report, ReportingPeriod, ReportStatus
from tests.steering.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_it_uses_decree_09_cutoffs_for_the_half_year():
    d = services.period_defaults(period_type=PeriodType.objects.get(code="H1"), year=2021)
    assert (d.code, d.cutoff_from, d.cutoff_to) == ("2021-H1", D(2020, 12, 15), D(2021, 6, 14))
    assert (d.start_date, d.end_date) == (D(2021, 1, 1), D(2021, 6, 30))


def test_it_uses_decree_09_cutoffs_for_the_year():
    d = services.period_defaults(period_type=PeriodType.objects.get(code="Y"), year=2021)
    assert (d.code, d.cutoff_from, d.cutoff_to) == ("2021", D(2020, 12, 15), D(2021, 12, 14))


def test_it_gives_the_second_half_year_its_own_window():
    d = services.period_defaults(period_type=PeriodType.objects.get(code="H2"), year=2021)
    assert (d.cutoff_from, d.cutoff_to) == (D(2021, 6, 15), D(2021, 12, 14))


def test_default_deadlines_put_communes_before_districts_before_the_province():
    d = services.period_defaults(period_type=PeriodType.objects.get(code="H1"), year=2021)
    assert d.deadlines["commune"] < d.deadlines["district"] < d.deadlines["province"]
    assert d.deadlines["commune"] > d.cutoff_to


def test_it_opens_a_period_with_a_custom_plan(tree, users):
    period = services.period_open(
        owner=tree.province,
        period_type=PeriodType.objects.get(code="H1"),
        year=2021,
        code="2021-6T",
        name="Sáu tháng 2021 theo KH 98",
        cutoff_from=D(2021, 1, 1),
        cutoff_to=D(2021, 6, 15),
        deadlines={3: D(2021, 6, 20), 2: D(2021, 6, 25), 1: D(2021, 7, 10)},
    )
    assert (period.cutoff_from, period.cutoff_to) == (D(2021, 1, 1), D(2021, 6, 15))
    assert Report.objects.get(period=period, unit=tree.commune).due_date == D(2021, 6, 20)
    assert Report.objects.get(period=period, unit=tree.district).due_date == D(2021, 6, 25)


def test_it_refuses_deadlines_out_of_order(tree):
    with pytest.raises(ValidationError) as exc:
        services.period_open(
            owner=tree.province,
            period_type=PeriodType.objects.get(code="H1"),
            year=2021,
            deadlines={3: D(2021, 6, 25), 2: D(2021, 6, 20)},
        )
    assert "deadlines" in exc.value.message_dict
    assert not ReportingPeriod.objects.exists()


def test_it_refuses_a_cutoff_ending_before_it_starts(tree):
    with pytest.raises(ValidationError) as exc:
        services.period_open(
            owner=tree.province,
            period_type=PeriodType.objects.get(code="H1"),
            year=2021,
            cutoff_from=D(2021, 6, 1),
            cutoff_to=D(2021, 5, 1),
        )
    assert "cutoff_to" in exc.value.message_dict


def test_opening_creates_the_expected_reports_of_the_subtree_and_agencies(tree, users):
    AgencyFactory(unit=tree.province, name="Sở Công Thương", must_report=True)
    AgencyFactory(unit=tree.province, name="Ủy ban MTTQ tỉnh", must_report=False)
    period = services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2021)
    reports = Report.objects.filter(period=period)
    units = sorted(r.unit.code for r in reports if r.agency_id is None)
    assert units == ["10507", "10546", "288", "291"]  # not the province itself, not province 31
    agency_report = reports.get(agency__isnull=False)
    assert agency_report.agency.name == "Sở Công Thương"
    assert agency_report.reviewer_unit == tree.province
    assert reports.get(unit=tree.commune).reviewer_unit == tree.district
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.NOT_STARTED}


def test_the_same_code_cannot_be_opened_twice(h1, tree):
    with pytest.raises(ValidationError):
        services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2021)


def test_moving_deadlines_moves_the_reports(h1, tree):
    services.period_deadlines_set(period=h1, deadlines={3: D(2021, 6, 21), 2: D(2021, 6, 24), 1: D(2021, 6, 30)})
    assert Report.objects.get(period=h1, unit=tree.commune).due_date == D(2021, 6, 21)
    assert Report.objects.get(period=h1, unit=tree.district).due_date == D(2021, 6, 24)


def test_a_period_can_be_closed_and_reopened(h1):
    assert services.period_set_status(period=h1, status="closed").status == "closed"
    assert services.period_set_status(period=h1, status="open").closed_at is None


def test_period_for_unit_finds_the_nearest_owner(h1, tree):
    from reporting.selectors import period_for_unit

    assert period_for_unit(unit=tree.commune, code="2021-H1") == h1
    assert period_for_unit(unit=tree.other_province, code="2021-H1") is None
