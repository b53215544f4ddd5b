"""Each reporter fills only its indicators; the checks a clerk expects warn (never refuse) and take a note; a
district sees its accepted communes' totals while filling."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reporting import selectors, services
from reporting.models import PeriodType, Report, ReportTemplate
from steering.agency_kinds import NAME_RULES, guess_kind
from tests.reporting.conftest import fresh, save
from tests.steering.factories import AgencyFactory

pytestmark = pytest.mark.django_db

D = Decimal


def _agency_report(h1, tree, kind: str, name: str) -> Report:
    agency = AgencyFactory(unit=tree.province, must_report=True, kind=kind, name=name)
    return Report.objects.create(
        period=h1, unit=tree.province, agency=agency, reviewer_unit=tree.province, due_date=h1.cutoff_to
    )


def _codes(report) -> list[str]:
    return [ind.code for ind in selectors.report_indicators(report=fresh(report))]


def test_market_surveillance_gets_the_enforcement_block_and_not_the_committee_figures(h1, tree, users, client_for):
    report = _agency_report(h1, tree, "qltt", "Cục Quản lý thị trường tỉnh")
    codes = _codes(report)
    assert {"KT03", "KT04", "KT09", "KT10"} <= set(codes)
    assert not {"BC02", "KT12", "KT01", "NT01"} & set(codes)
    body = client_for(users.office).get(f"/reports/{report.pk}/edit/").content.decode()
    assert 'name="v_KT03"' in body and 'name="v_BC02"' not in body and 'name="v_KT12"' not in body


def test_the_agriculture_department_gets_the_ocop_counts_and_the_newspaper_its_media_items(h1, tree):
    ocop = _codes(_agency_report(h1, tree, "nong_nghiep", "Sở Nông nghiệp và Phát triển nông thôn"))
    press = _codes(_agency_report(h1, tree, "bao_chi", "Báo Hải Dương"))
    assert "KT12" in ocop and "KT03" not in ocop
    assert {"TT04", "TT05"} <= set(press) and not {"KT03", "KT12", "BC02"} & set(press)


def test_a_unit_form_follows_its_kind_not_its_depth(h1, tree):
    commune = _codes(Report.objects.get(period=h1, unit=tree.commune, agency__isnull=True))
    district = _codes(Report.objects.get(period=h1, unit=tree.district, agency__isnull=True))
    assert "TT10" in commune and "BC04" not in commune and "KT03" not in commune
    assert "BC04" in district and "CS03" in district


def test_a_commune_gets_the_same_form_on_the_three_level_and_the_two_level_map(tree, users):
    """After 07/2025 a commune hangs directly under its province (depth 2): its form is still a commune's."""
    from tests.steering.factories import UnitFactory

    new_commune = UnitFactory(code="10606", name="Xã Nam Sách", division_type="xa", parent=tree.other_province)
    v2 = ReportTemplate.objects.get(version=2)
    y2026 = services.period_open(
        owner=tree.other_province, period_type=PeriodType.objects.get(code="H1"), year=2026, template=v2
    )
    y2025 = services.period_open(
        owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2025, template=v2
    )
    old = Report.objects.get(period=y2025, unit=tree.commune, agency__isnull=True)
    new = Report.objects.get(period=y2026, unit=new_commune, agency__isnull=True)
    assert (old.unit.level, new.unit.level) == (3, 2)
    assert _codes(old) == _codes(new)
    assert "TT10" in _codes(new) and "BC04" not in _codes(new)


def test_a_value_for_an_indicator_outside_the_form_is_refused_with_its_code(commune_report, users):
    with pytest.raises(ValidationError) as exc:
        save(commune_report, users.commune, values={"TT01": D(1), "KT03": D(5)})
    assert "KT03" in " ".join(exc.value.messages)
    assert not fresh(commune_report).values.exists()


def test_resolved_above_received_warns_names_both_numbers_and_keeps_a_note(h1, tree, users, client_for):
    report = _agency_report(h1, tree, "bao_ve_ntd", "Hội Bảo vệ người tiêu dùng tỉnh")
    client = client_for(users.office)
    data = {"version": report.version, "action": "save", "v_NT01": "9", "v_NT02": "12"}
    assert client.post(f"/reports/{report.pk}/edit/", data).status_code == 302
    body = client.get(f"/reports/{report.pk}/edit/").content.decode()
    assert 'data-warning="above"' in body and "NT02" in body and "(12)" in body and "(9)" in body
    assert 'name="n_NT02"' in body
    data = {**data, "version": fresh(report).version, "n_NT02": "Giải quyết cả đơn tồn từ kỳ trước"}
    assert client.post(f"/reports/{report.pk}/edit/", {**data, "action": "submit"}).status_code == 302
    submitted = fresh(report)
    assert submitted.status == "submitted"
    assert submitted.submissions.get().notes == {"NT02": "Giải quyết cả đơn tồn từ kỳ trước"}
    assert "Giải quyết cả đơn tồn từ kỳ trước" in client.get(f"/reports/{report.pk}/").content.decode()


def test_an_ocop_running_total_lower_than_last_period_warns(h1, tree, users):
    v1 = ReportTemplate.objects.get(version=1)
    older = services.period_open(
        owner=tree.province, period_type=PeriodType.objects.get(code="H2"), year=2020, template=v1
    )
    agency = AgencyFactory(unit=tree.province, must_report=True, kind="nong_nghiep", name="Sở Nông nghiệp")
    before, now = (
        Report.objects.create(period=p, unit=tree.province, agency=agency, reviewer_unit=tree.province,
                              due_date=p.cutoff_to)
        for p in (older, h1)
    )  # fmt: skip
    save(before, users.office, values={"KT12": D(130)}, sections={}, submit=True)
    save(now, users.office, values={"KT12": D(118)}, sections={})
    _groups, _missing, warnings = selectors.report_indicator_groups(report=fresh(now))
    (row,) = warnings
    assert row.indicator.code == "KT12" and row.warning == "running_total_down"
    assert "118" in row.warnings[0].message and "130" in row.warnings[0].message


def test_the_district_sees_its_accepted_communes_total_and_a_warning_below_it(h1, tree, users, client_for):
    commune = Report.objects.get(period=h1, unit=tree.commune, agency__isnull=True)
    save(commune, users.commune, values={"TT02": D(7), "TT01": D(1)}, submit=True)
    services.report_accept(report=fresh(commune), by=users.district)
    district = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    save(district, users.district, values={"TT02": D(5)}, sections={})

    body = client_for(users.district).get(f"/reports/{district.pk}/edit/").content.decode()
    hint = body.split('data-lower-total="TT02"')[1].split("</div>")[0]
    assert "<strong>7</strong>" in hint and "/consolidation/" in hint and "#lineage-TT02" in hint
    assert 'data-warning="below_children"' in body
    # A warning, not a refusal: the district can still submit.
    save(district, users.district, values={"TT02": D(5)}, sections={}, submit=True)
    assert fresh(district).status == "submitted"


def test_the_name_guess_and_its_migration_copy_agree():
    import importlib

    migration = importlib.import_module("steering.migrations.0005_agency_kinds_from_names")
    assert migration.NAME_RULES == NAME_RULES
    assert guess_kind("Cục Quản lý thị trường tỉnh") == "qltt"
    assert guess_kind("Ban Phong trào, Ủy ban MTTQ tỉnh") == "mttq"
    assert guess_kind("Hội Bảo vệ người tiêu dùng tỉnh") == "bao_ve_ntd"
    assert guess_kind("Báo Hải Dương") == "bao_chi"
    assert guess_kind("Hội Nông dân tỉnh") == "doan_the"
    assert guess_kind("Ủy ban nhân dân xã Nam Hồng") == ""
