"""Query counts of the list pages stay flat as the data grows (no query inside a loop)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import services
from reporting.models import PeriodType, Report
from tests.reporting.conftest import save
from tests.steering.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _grow(tree, n):
    """n more communes under Nam Sách, n agencies of the province, and a report of each in every open period."""
    for i in range(n):
        UnitFactory(code=f"8{i:04d}", name=f"Xã Mới {i}", parent=tree.district)
        AgencyFactory(unit=tree.province, name=f"Hội {i}", must_report=True)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda p, u: f"/reports/periods/{p.pk}/?unit={u}",
        lambda p, u: f"/reports/periods/{p.pk}/?unit={u}&scope=all",
        lambda p, u: "/reports/",
        lambda p, u: "/",
    ],
)
@pytest.mark.parametrize("who", ["office", "district"])
def test_board_and_lists_do_not_grow(tree, users, client_for, django_assert_num_queries, url_of, who):
    user = getattr(users, who)
    client = client_for(user)
    _grow(tree, 2)
    small = services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2021)
    report = Report.objects.get(period=small, unit=tree.commune)
    save(report, users.commune, submit=True)
    n_small = _count(client, url_of(small, user.unit.code))
    _grow_more = 20
    for i in range(_grow_more):
        UnitFactory(code=f"7{i:04d}", name=f"Xã Thêm {i}", parent=tree.district)
        AgencyFactory(unit=tree.province, name=f"Hội thêm {i}", must_report=True)
    big = services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H2"), year=2021)
    for r in Report.objects.filter(period=big, unit__parent=tree.district)[:10]:
        save(r, users.office, submit=True)
    # a second period also feeds the chart: counts must not grow with periods either
    with django_assert_num_queries(n_small):
        assert client.get(url_of(big, user.unit.code)).status_code == 200


def test_report_pages_do_not_grow_with_values(commune_report, users, client_for, django_assert_num_queries):
    client = client_for(users.commune)
    save(commune_report, users.commune, values={"TT01": 1})
    n_detail = _count(client, f"/reports/{commune_report.pk}/")
    n_edit = _count(client, f"/reports/{commune_report.pk}/edit/")
    n_print = _count(client, f"/reports/{commune_report.pk}/print/")
    from decimal import Decimal

    from reporting import selectors

    codes = [ind.code for ind in selectors.report_indicators(report=commune_report)]
    save(commune_report, users.commune, values={c: Decimal(3) for c in codes if c not in ("XT08", "NT06")})
    with django_assert_num_queries(n_detail):
        client.get(f"/reports/{commune_report.pk}/")
    with django_assert_num_queries(n_edit):
        client.get(f"/reports/{commune_report.pk}/edit/")
    with django_assert_num_queries(n_print):
        client.get(f"/reports/{commune_report.pk}/print/")
