"""Who fills and whose values count (reporting/scope.py) and the engine that applies it, on hand-written rows."""

from decimal import Decimal

import pytest

from reporting import scope
from reporting.consolidation import engine
from reporting.consolidation.engine import ChildReport, Indicator, Value, consolidate, natural_key

D = Decimal
R = scope.Reporter

KT03 = Indicator("KT03", filled_by="agency:qltt,cong_an,y_te,khcn", counts_from="agency:qltt,cong_an,y_te,khcn")
TT02 = Indicator("TT02", filled_by="unit:*;agency:*", counts_from="unit:*")
BC02 = Indicator("BC02", filled_by="unit:*", counts_from="unit:*")
XT08 = Indicator("XT08", engine.WEIGHTED_AVERAGE, weight_code="KT02", filled_by="unit:*", counts_from="unit:*")
KT02 = Indicator("KT02", filled_by="unit:*", counts_from="unit:*")


def district(code: str) -> ChildReport:
    return ChildReport(code, f"Huyện {code}", engine.ACCEPTED, report_id=int(code), reporter=R.unit("district"))


def agency(pk: int, kind: str, name: str, order: int = 100) -> ChildReport:
    return ChildReport(
        f"30-CQ{pk}", name, engine.ACCEPTED, report_id=1000 + pk, reporter=R.agency("province", kind),
        sort_key=(1, order, name, pk),
    )  # fmt: skip


def vals(child: ChildReport, **by_code) -> list[Value]:
    return [Value(child.report_id, code, D(str(v))) for code, v in by_code.items()]


def test_an_agency_outside_counts_from_never_changes_a_total_and_appears_beside_it():
    qltt, police, youth, paper = (
        agency(1, "qltt", "Cục QLTT", order=1),
        agency(2, "cong_an", "Công an tỉnh", order=2),
        agency(3, "doan_the", "Tỉnh đoàn", order=3),
        agency(4, "bao_chi", "Báo Hải Dương", order=4),
    )
    children = [qltt, police, youth, paper]
    rows = vals(qltt, KT03=62) + vals(police, KT03=14) + vals(youth, KT03=24, TT02=30) + vals(paper, KT03=9)
    without = consolidate(
        indicators=[KT03, TT02], children=[qltt, police], values=vals(qltt, KT03=62) + vals(police, KT03=14)
    )
    result = consolidate(indicators=[KT03, TT02], children=children, values=rows)

    kt03 = result.figure("KT03")
    assert kt03.value == without.figure("KT03").value == D(76)
    assert [s.unit_name for s in kt03.sources] == ["Cục QLTT", "Công an tỉnh"]
    assert {(s.unit_name, s.value, s.reason) for s in kt03.beside} == {
        ("Tỉnh đoàn", D(24), engine.BESIDE_NOT_FILLED),
        ("Báo Hải Dương", D(9), engine.BESIDE_NOT_FILLED),
    }
    tt02 = result.figure("TT02")
    assert tt02.value is None  # only the Front's system counts propaganda sessions, and no unit reported
    assert [(s.unit_name, s.reason) for s in tt02.beside] == [("Tỉnh đoàn", engine.BESIDE_NOT_COUNTED)]
    # The matrix holds only what was added, so its columns sum to the totals.
    assert sum(row.get("KT03", 0) for _c, row in result.matrix_rows()) == kt03.value
    assert "KT03" not in result.values_by_unit.get(youth.unit_code, {})


def test_unit_star_includes_the_levels_standing_body():
    standing = agency(9, "mttq", "Ban Phong trào")
    union = agency(3, "doan_the", "Hội Nông dân")
    d1, d2 = district("291"), district("288")
    rows = vals(standing, BC02=25, TT02=4) + vals(union, TT02=40) + vals(d1, BC02=11, TT02=8) + vals(d2, BC02=9)
    result = consolidate(indicators=[BC02, TT02], children=[standing, union, d1, d2], values=rows)
    assert result.figure("BC02").value == D(45)
    assert result.figure("TT02").value == D(12)
    assert [s.unit_name for s in result.figure("TT02").beside] == ["Hội Nông dân"]


def test_a_kind_based_scope_gives_the_same_forms_on_a_three_level_and_a_two_level_tree():
    """A commune is a commune whether it sits at depth 3 (2021) or depth 2 (after 07/2025)."""
    rules = [
        KT03,
        TT02,
        BC02,
        Indicator("TT10", filled_by="unit:district,commune"),
        Indicator("BC04", filled_by="unit:province,district"),
    ]
    old_commune = R.unit("commune")  # 30/291/10606
    new_commune = R.unit("commune")  # 31/10606
    assert [i.code for i in rules if scope.fills(i.filled_by, old_commune)] == ["TT02", "BC02", "TT10"]
    assert [i.code for i in rules if scope.fills(i.filled_by, new_commune)] == ["TT02", "BC02", "TT10"]
    assert [i.code for i in rules if scope.fills(i.filled_by, R.agency("province", "qltt"))] == ["KT03", "TT02"]
    assert [i.code for i in rules if scope.fills(i.filled_by, R.agency("province", "mttq"))] == ["TT02", "BC02", "BC04"]


def test_a_roll_up_without_reporter_counts_for_every_indicator():
    province = ChildReport("30", "Tỉnh Hải Dương", engine.ACCEPTED, report_id=-1)
    result = consolidate(indicators=[KT03], children=[province], values=[Value(-1, "KT03", D(76))])
    assert result.figure("KT03").value == D(76) and not result.figure("KT03").beside


def test_weighted_averages_skip_values_that_do_not_count():
    d1 = district("291")
    youth = agency(3, "doan_the", "Tỉnh đoàn")
    rows = vals(d1, XT08=80, KT02=10) + vals(youth, XT08=20, KT02=100)
    result = consolidate(indicators=[KT02, XT08], children=[d1, youth], values=rows)
    assert result.figure("XT08").value == D("80.00")
    assert result.figure("XT08").weight_total == D(10)


def test_children_come_in_natural_order_units_by_number_then_agencies_in_committee_order():
    children = [
        agency(5, "qltt", "Cục QLTT", order=4),
        district("300"),
        agency(9, "mttq", "Ban Phong trào", order=1),
        district("290"),
        district("288"),
    ]
    result = consolidate(indicators=[BC02], children=children, values=[])
    assert [c.unit_name for c in result.children] == [
        "Huyện 288",
        "Huyện 290",
        "Huyện 300",
        "Ban Phong trào",
        "Cục QLTT",
    ]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["300", "30-CQ9", "288", "290"], ["30-CQ9", "288", "290", "300"]),
        (["10507", "291", "30"], ["30", "291", "10507"]),
        (["30-CQ10", "30-CQ9", "30-CQ100"], ["30-CQ9", "30-CQ10", "30-CQ100"]),
    ],
)
def test_natural_key_reads_codes_with_letters_and_numbers(codes, expected):
    assert sorted(codes, key=natural_key) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("units:*", "unit:KINDS"), ("unit:town", "unknown unit kind"), ("agency:", "unit:KINDS"), ("agency:xyz", "xyz")],
)
def test_a_rule_that_cannot_be_read_says_which_part(text, message):
    with pytest.raises(scope.RuleError, match=message):
        scope.parse(text, agency_kinds=["qltt", "mttq"])


def test_rules_are_written_one_canonical_way():
    assert scope.normalise(" agency:qltt, cong_an ; unit:* ") == "unit:*;agency:cong_an,qltt"
    assert scope.normalise("") == "unit:*"
