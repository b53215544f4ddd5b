"""make_synthetic builds both maps: old-map periods for the old units (padding included), two-level periods for the
new ones, and the bench finds its units by code as of the period's last day. Two old provinces, one year each."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from reporting.consolidation import selectors
from reporting.models import Report, ReportingPeriod, ReportValue
from steering.models import AdministrativeUnit
from steering.services import unit_rows_from_package

OLD_LAST_DAY = datetime.date(2025, 6, 30)
ARGS = ["--allow-sqlite", "--provinces", "30,31", "--years", "2023", "--two-level-periods", "2025-H2"]


def _run(communes: int) -> str:
    out = StringIO()
    call_command("make_synthetic", *ARGS, "--communes", str(communes), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_both_maps_their_own_units_and_idempotent():
    old_communes = sum(
        1 for code in ("30", "31") for row in unit_rows_from_package(province_code=code) if len(row.code) == 5
    )
    _run(old_communes + 3)

    synthetic = AdministrativeUnit.objects.filter(code__startswith="99")
    assert synthetic.count() == 3
    assert set(synthetic.values_list("valid_to", flat=True)) == {OLD_LAST_DAY}

    old = ReportingPeriod.objects.get(owner__isnull=True, code="2023-H1")
    new = ReportingPeriod.objects.get(owner__isnull=True, code="2025-H2")
    old_units = AdministrativeUnit.objects.filter(reports__period=old)
    new_units = AdministrativeUnit.objects.filter(reports__period=new)
    assert old_units.filter(code__startswith="99").count() == 3
    assert not old_units.filter(valid_from__isnull=False).exists()
    haiphong = AdministrativeUnit.objects.with_code("31", on=new.end_date)
    assert haiphong.key == "31.20250701"
    assert new_units.count() == AdministrativeUnit.objects.filter(parent=haiphong).count() > 100
    assert set(new_units.values_list("valid_from", flat=True)) == {datetime.date(2025, 7, 1)}
    assert ReportValue.objects.filter(report__period=new).exists()

    data = selectors.consolidation_load(unit=None, period_code="2025-H2")
    assert data.result.completeness.counted > 0.9 * new_units.count()
    data = selectors.consolidation_load(unit=haiphong, period_code="2025-H2")
    assert data.result.completeness.counted > 0.9 * new_units.count()

    units, reports, values = AdministrativeUnit.objects.count(), Report.objects.count(), ReportValue.objects.count()
    output = _run(old_communes + 3)
    assert "already done" in output
    assert (AdministrativeUnit.objects.count(), Report.objects.count(), ReportValue.objects.count()) == (
        units,
        reports,
        values,
    )
