"""The aggregation engine on hand-written rows: no database."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reporting.consolidation import engine
from reporting.consolidation.engine import ChildReport, Indicator, Value, consolidate

D = Decimal
DEADLINE = datetime.date(2021, 6, 18)


def at(day: int, month: int = 6) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2021, month, day, 10, 0))


def child(code, status=engine.ACCEPTED, report_id=None, number=1, submitted=None, deadline=DEADLINE):
    if status != engine.MISSING and report_id is None:
        report_id = int(code)
    if submitted is None and status in (engine.SUBMITTED, engine.RETURNED, engine.ACCEPTED):
        submitted = at(15)
    return ChildReport(
        unit_code=code,
        unit_name=f"Xã {code}",
        status=status,
        report_id=report_id if status != engine.MISSING else None,
        submission_number=number if status != engine.MISSING else None,
        submitted_at=submitted,
        deadline=deadline,
    )


def values(report_id, **by_code):
    return [Value(report_id, code, D(str(v))) for code, v in by_code.items()]


TT02 = Indicator("TT02")
KT02 = Indicator("KT02")
XT08 = Indicator("XT08", engine.WEIGHTED_AVERAGE, weight_code="KT02")
NT02 = Indicator("NT02")
NT01 = Indicator("NT01")
RATE = Indicator("NTR", engine.RATIO, numerator_code="NT02", denominator_code="NT01")
OWN = Indicator("OWN", engine.NONE)


def test_it_adds_up_sums():
    result = consolidate(
        indicators=[TT02],
        children=[child("1"), child("2"), child("3")],
        values=values(1, TT02=4) + values(2, TT02=10) + values(3, TT02="2.5"),
    )
    assert result.figure("TT02").value == D("16.5")


def test_it_weights_an_average_by_its_weight_indicator():
    result = consolidate(
        indicators=[KT02, XT08],
        children=[child("1"), child("2")],
        values=values(1, KT02=10, XT08=90) + values(2, KT02=30, XT08=70),
    )
    figure = result.figure("XT08")
    # (90*10 + 70*30) / 40 = 75, not the plain mean 80 and never the sum 160
    assert figure.value == D("75.00")
    assert figure.weight_total == D(40)
    assert result.figure("KT02").value == D(40)


def test_it_leaves_a_child_without_weight_out_of_the_average_and_says_so():
    result = consolidate(
        indicators=[KT02, XT08],
        children=[child("1"), child("2"), child("3")],
        values=values(1, KT02=10, XT08=90) + values(2, XT08=10) + values(3, KT02=0, XT08=50),
    )
    figure = result.figure("XT08")
    assert figure.value == D("90.00")
    assert figure.unweighted == ["2", "3"]
    assert [s.unit_code for s in figure.sources] == ["1"]


def test_it_rederives_a_ratio_from_the_two_sums():
    result = consolidate(
        indicators=[NT01, NT02, RATE],
        children=[child("1"), child("2")],
        values=values(1, NT01=10, NT02=10) + values(2, NT01=90, NT02=45),
    )
    figure = result.figure("NTR")
    # 55 / 100, not the mean of 100% and 50%
    assert figure.value == D("55.00")
    assert (figure.numerator_total, figure.denominator_total) == (D(55), D(100))
    assert [s.value for s in figure.sources] == [D("100.00"), D("50.00")]


def test_a_ratio_over_a_zero_denominator_has_no_value():
    result = consolidate(
        indicators=[NT01, NT02, RATE],
        children=[child("1")],
        values=values(1, NT01=0, NT02=0),
    )
    assert result.figure("NTR").value is None


def test_a_not_aggregated_indicator_has_no_consolidated_value_but_shows_its_sources():
    result = consolidate(
        indicators=[OWN], children=[child("1"), child("2")], values=values(1, OWN=3) + values(2, OWN=4)
    )
    figure = result.figure("OWN")
    assert figure.value is None
    assert [s.value for s in figure.sources] == [D(3), D(4)]


def test_it_counts_only_accepted_reports_and_names_the_others_with_the_reason():
    children = [
        child("1"),
        child("2", engine.SUBMITTED),
        child("3", engine.RETURNED),
        child("4", engine.DRAFT, submitted=None),
        child("5", engine.MISSING),
    ]
    all_values = [v for c in children if c.report_id for v in values(c.report_id, TT02=100)]
    result = consolidate(indicators=[TT02], children=children, values=all_values)
    assert result.figure("TT02").value == D(100)
    reasons = {e.unit_code: e.reason for e in result.excluded}
    assert reasons == {
        "2": engine.REASON_NOT_ACCEPTED,
        "3": engine.REASON_RETURNED,
        "4": engine.REASON_DRAFT,
        "5": engine.REASON_MISSING,
    }
    assert [c.unit_code for c in result.included] == ["1"]


def test_late_accepted_reports_count_unless_the_user_leaves_them_out():
    children = [child("1"), child("2", submitted=at(25))]
    rows = values(1, TT02=1) + values(2, TT02=10)

    with_late = consolidate(indicators=[TT02], children=children, values=rows)
    assert with_late.figure("TT02").value == D(11)
    assert with_late.excluded == []

    without_late = consolidate(indicators=[TT02], children=children, values=rows, include_late=False)
    assert without_late.figure("TT02").value == D(1)
    assert [(e.unit_code, e.reason) for e in without_late.excluded] == [("2", engine.REASON_LATE)]


def test_lineage_lists_unit_report_and_submission_number_for_each_figure():
    children = [child("1", report_id=11, number=1), child("2", report_id=22, number=3)]
    result = consolidate(indicators=[TT02], children=children, values=values(11, TT02=4) + values(22, TT02=6))
    lineage = [(s.unit_code, s.report_id, s.submission_number, s.value) for s in result.figure("TT02").sources]
    assert lineage == [("1", 11, 1, D(4)), ("2", 22, 3, D(6))]


def test_a_counted_child_that_left_a_value_empty_is_listed_not_counted_as_zero():
    result = consolidate(
        indicators=[TT02, KT02], children=[child("1"), child("2")], values=values(1, TT02=4, KT02=1) + values(2, KT02=2)
    )
    figure = result.figure("TT02")
    assert figure.value == D(4)
    assert figure.no_value == ["2"]


def test_a_figure_with_no_source_is_none_not_zero():
    result = consolidate(indicators=[TT02], children=[child("1", engine.MISSING)], values=[])
    assert result.figure("TT02").value is None


def test_values_of_excluded_reports_are_ignored_even_if_passed():
    result = consolidate(
        indicators=[TT02],
        children=[child("1"), child("2", engine.RETURNED)],
        values=values(1, TT02=1) + values(2, TT02=5),
    )
    assert result.figure("TT02").value == D(1)
    assert "2" not in result.values_by_unit


def test_completeness_counts_reported_on_time_late_and_missing():
    children = [
        child("1"),
        child("2", submitted=at(25)),
        child("3", engine.SUBMITTED),
        child("4", engine.DRAFT, submitted=None),
        child("5", engine.MISSING),
    ]
    c = consolidate(indicators=[TT02], children=children, values=[]).completeness
    assert (c.expected, c.submitted, c.accepted, c.on_time, c.late, c.missing, c.counted) == (5, 3, 2, 2, 1, 2, 2)
    assert c.rate == D("60.0")


def test_submission_on_the_deadline_day_in_vietnam_time_is_on_time():
    # 23:30 on 18/06 in Hà Nội is 16:30 UTC: still the 18th locally
    late_evening = timezone.make_aware(datetime.datetime(2021, 6, 18, 23, 30))
    assert child("1", submitted=late_evening).on_time is True
    assert child("1", submitted=late_evening + datetime.timedelta(hours=1)).on_time is False


def test_the_matrix_has_one_row_per_counted_child_in_code_order():
    result = consolidate(
        indicators=[TT02], children=[child("2"), child("1")], values=values(2, TT02=2) + values(1, TT02=1)
    )
    assert [(c.unit_code, row["TT02"]) for c, row in result.matrix_rows()] == [("1", D(1)), ("2", D(2))]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"aggregation": "median"},
        {"aggregation": engine.WEIGHTED_AVERAGE},
        {"aggregation": engine.RATIO, "numerator_code": "A"},
    ],
)
def test_an_indicator_with_an_incomplete_rule_is_refused(kwargs):
    with pytest.raises(ValueError):
        Indicator("X", **kwargs)


def test_a_rolled_up_child_is_weighed_with_the_weight_it_carries():
    # Two provinces' consolidations counted in the country: each brings its own weight and ratio parts.
    result = consolidate(
        indicators=[KT02, XT08, NT01, NT02, RATE],
        children=[child("1"), child("2")],
        values=[
            Value(1, "XT08", D(80), weight=D(30)),
            Value(1, "KT02", D(35)),  # a province's KT02 sum may include children that gave no XT08
            Value(2, "XT08", D(60), weight=D(10)),
            Value(2, "KT02", D(10)),
            Value(1, "NTR", D(50), numerator=D(5), denominator=D(10)),
            Value(2, "NTR", D(100), numerator=D(30), denominator=D(30)),
        ],
    )
    assert result.figure("XT08").value == D("75.00")  # (80*30 + 60*10) / 40
    assert result.figure("XT08").weight_total == D(40)
    assert result.figure("NTR").value == D("87.50")  # 35 / 40
