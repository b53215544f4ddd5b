"""The report workflow: the state machine, snapshots, diff, numbering, validation and optimistic locking."""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reporting import selectors, services
from reporting.models import Indicator, Report, ReportStatus, ReportTransition
from tests.reporting.conftest import GOOD_VALUES, fresh, save

pytestmark = pytest.mark.django_db

ALL = list(ReportStatus.values)
ALLOWED = {
    ("not_started", "draft"),
    ("not_started", "submitted"),
    ("draft", "submitted"),
    ("returned", "submitted"),
    ("submitted", "returned"),
    ("submitted", "accepted"),
}


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(ALL, ALL)))
def test_the_state_machine_allows_exactly_the_workflow(from_status, to_status):
    assert services.transition_allowed(from_status, to_status) == ((from_status, to_status) in ALLOWED)


def _force(report, status):
    Report.objects.filter(pk=report.pk).update(status=status)
    return fresh(report)


@pytest.mark.parametrize("status", ALL)
def test_submit_from_every_status(commune_report, users, status):
    report = _force(commune_report, status)
    if status in ("not_started", "draft", "returned"):
        save(report, users.commune, submit=True)
        assert fresh(report).status == "submitted"
    else:
        with pytest.raises(ValidationError):
            save(report, users.commune, submit=True)
        assert fresh(report).status == status


@pytest.mark.parametrize("status", ALL)
def test_accept_and_return_only_from_submitted(commune_report, users, status):
    report = _force(commune_report, status)
    if status == "submitted":
        assert services.report_accept(report=report, by=users.district).status == "accepted"
        return
    with pytest.raises(ValidationError):
        services.report_accept(report=report, by=users.district)
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=users.district, reason="x")
    assert fresh(report).status == status


def test_saving_a_draft_records_values_sections_and_a_transition(commune_report, users):
    save(commune_report, users.commune)
    report = fresh(commune_report)
    assert report.status == "draft"
    assert report.version == 2
    assert dict(report.values.values_list("indicator__code", "value")) == GOOD_VALUES
    assert report.sections.get(section__key="I").text == "Đã ban hành kế hoạch."
    t = ReportTransition.objects.get(report=report)
    assert (t.from_status, t.to_status, t.by) == ("not_started", "draft", users.commune)


def test_clearing_a_value_removes_it(commune_report, users):
    save(commune_report, users.commune)
    save(commune_report, users.commune, values={"TT01": None, "TT02": Decimal(5)})
    assert set(fresh(commune_report).values.values_list("indicator__code", flat=True)) == {"TT02", "XT08", "KT02"}


def test_submit_snapshots_and_locks_for_the_submitter(submitted, users):
    assert submitted.status == "submitted"
    assert submitted.first_submitted_at is not None
    snap = submitted.submissions.get()
    assert snap.number == 1
    assert snap.values["XT08"] == "87.5000"
    assert snap.sections["I"] == "Đã ban hành kế hoạch."
    with pytest.raises(ValidationError):
        save(submitted, users.commune)


def test_return_needs_a_reason_and_can_pin_an_indicator(submitted, users):
    with pytest.raises(ValidationError) as exc:
        services.report_return(report=submitted, by=users.district, reason="  ")
    assert "reason" in exc.value.message_dict
    tt03 = Indicator.objects.get(template=submitted.period.template, code="TT03")
    services.report_return(report=submitted, by=users.district, reason="TT03 thiếu", pinned_indicator=tt03)
    report = fresh(submitted)
    assert report.status == "returned"
    last = selectors.last_return(report=report)
    assert (last.reason, last.pinned_indicator, last.by) == ("TT03 thiếu", tt03, users.district)


def test_resubmission_after_return_is_diffed_and_issued_under_a_new_number(submitted, users):
    services.report_return(report=submitted, by=users.district, reason="Sửa TT01")
    save(submitted, users.commune, values={**GOOD_VALUES, "TT01": Decimal(3)}, submit=True)
    report = fresh(submitted)
    assert report.submissions.count() == 2
    before, after, lines = selectors.report_diff(report=report)
    assert (before.number, after.number) == (1, 2)
    assert [(line.key, line.before, line.after) for line in lines] == [("TT01", "2", "3")]
    services.report_accept(report=report, by=users.district)
    report = fresh(report)
    assert report.status == "accepted"
    assert report.accepted_submission.number == 2
    assert report.number == "02/BC-MT"  # the resubmission is a new document, issued when sent
    # first submission time is kept: timeliness is judged on it
    assert report.first_submitted_at < report.submitted_at
    statuses = list(report.transitions.values_list("to_status", flat=True))
    assert statuses == ["submitted", "returned", "submitted", "accepted"]


@pytest.mark.parametrize(
    ("code", "value"),
    [("TT01", Decimal(-1)), ("XT08", Decimal(101)), ("XT08", Decimal(-0.5)), ("TT02", Decimal("1.5"))],
)
def test_it_refuses_bad_values_and_saves_nothing(commune_report, users, code, value):
    with pytest.raises(ValidationError) as exc:
        save(commune_report, users.commune, values={code: value})
    assert f"v_{code}" in exc.value.message_dict
    report = fresh(commune_report)
    assert report.status == "not_started" and report.version == 1 and not report.values.exists()


def test_it_refuses_unknown_indicators(commune_report, users):
    with pytest.raises(ValidationError):
        save(commune_report, users.commune, values={"ZZ99": Decimal(1)})


def test_a_closed_period_refuses_changes_and_submissions(commune_report, users, h1):
    services.period_set_status(period=h1, status="closed")
    with pytest.raises(ValidationError) as exc:
        save(commune_report, users.commune, submit=True)
    assert "closed" in str(exc.value) or "đóng" in str(exc.value)
    assert fresh(commune_report).status == "not_started"


def test_a_stale_version_is_refused_never_overwritten(commune_report, users):
    save(commune_report, users.commune, values={"TT01": Decimal(7)})  # first editor saves: version 2
    with pytest.raises(ValidationError) as exc:
        save(commune_report, users.office, values={"TT01": Decimal(9)}, version=1)  # second editor's stale form
    assert exc.value.code == "stale" or "stale" in [e.code for e in exc.value.error_list]
    assert fresh(commune_report).values.get(indicator__code="TT01").value == 7


def test_a_stale_review_is_refused(submitted, users):
    with pytest.raises(ValidationError):
        services.report_accept(report=submitted, by=users.district, version=submitted.version - 1)
    assert fresh(submitted).status == "submitted"


def test_far_from_previous_period_warns(commune_report, users, tree):
    from reporting.models import PeriodType

    older = services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H2"), year=2020)
    prev = Report.objects.get(period=older, unit=tree.commune)
    save(prev, users.commune, values={"TT02": Decimal(10), "TT01": Decimal(2)}, submit=True)
    save(commune_report, users.commune, values={"TT02": Decimal(40), "TT01": Decimal(2)})
    _groups, missing, warnings = selectors.report_indicator_groups(report=fresh(commune_report))
    assert [row.indicator.code for row in warnings] == ["TT02"]
    assert "TT03" in [row.indicator.code for row in missing]


def test_agency_reports_are_not_numbered(h1, tree, users):
    from tests.steering.factories import AgencyFactory

    agency = AgencyFactory(unit=tree.province, must_report=True)
    report = Report.objects.create(
        period=h1, unit=tree.province, agency=agency, reviewer_unit=tree.province, due_date=h1.cutoff_to
    )
    save(report, users.office, values={"TT01": Decimal(2), "TT02": Decimal(5)}, submit=True)
    services.report_accept(report=fresh(report), by=users.office)
    assert fresh(report).number == ""
