"""List pages: search ignoring diacritics, exports, and query counts that do not grow with the data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.inspections.factories import BusinessFactory, FindingFactory, FollowUpFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def _add_records(world, tree, n):
    for i in range(n):
        business = BusinessFactory(commune=tree.commune, name=f"Cửa hàng Thử {i}")
        inspection = InspectionFactory(
            plan=world.plan, business=business, status="submitted", number=f"{i + 10}/BB-MT", lead=world.lead
        )
        FollowUpFactory(finding=FindingFactory(inspection=inspection), owner=world.lead)


@pytest.mark.parametrize(
    "name", ["inspections:list", "inspections:business_list", "inspections:follow_up_list", "inspections:plan_list"]
)
def test_list_queries_do_not_grow_with_the_data(client_for, users, world, tree, name, django_assert_max_num_queries):
    client = client_for(users.district)
    url = reverse(name)
    _add_records(world, tree, 2)
    client.get(url)  # warm the session and the unit cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _add_records(world, tree, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_business_search_ignores_diacritics(client_for, users, world):
    client = client_for(users.district)
    page = client.get(reverse("inspections:business_list") + "?q=cua+hang+hai+ha").content.decode()
    assert "Cửa hàng Hải Hà" in page
    page = client.get(reverse("inspections:business_list") + "?q=HẢI HÀ").content.decode()
    assert "Cửa hàng Hải Hà" in page
    page = client.get(reverse("inspections:business_list") + f"?q={world.business.tax_code[:6]}").content.decode()
    assert "Cửa hàng Hải Hà" in page


def test_the_inspection_list_exports_to_excel(client_for, users, world, tree):
    _add_records(world, tree, 3)
    response = client_for(users.district).get(reverse("inspections:list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert len([r for r in rows if r[0] and str(r[0]).endswith("/BB-MT")]) == 3


def test_the_business_list_exports_to_excel(client_for, users, world):
    response = client_for(users.district).get(reverse("inspections:business_list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert any(r[0] == "Cửa hàng Hải Hà" for r in rows)


def test_the_home_card_shows_the_planned_inspection(client_for, users, world):
    page = client_for(users.inspector).get(reverse("home")).content.decode()
    assert reverse("inspections:start") in page


def test_the_inspector_sees_the_planned_inspection_to_log(client_for, users, world):
    page = client_for(users.inspector).get(reverse("inspections:start")).content.decode()
    assert "Cửa hàng Hải Hà" in page and f"?target={world.plan.targets.get().pk}" in page
