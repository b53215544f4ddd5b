"""The summary selector and the report pre-fill: counts for a unit and a date range."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspections.prefill import inspection_prefill
from inspections.selectors import inspection_summary
from tests.inspections.factories import (
    BusinessFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    PlanFactory,
    category,
)
from tests.steering.factories import CommitteeFactory

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=TZ)


@pytest.fixture
def records(tree, world):
    """Nam Sách's committee: 3 submitted records in the first half of 2021 (two at the same business), one in
    July, one draft; the sibling district's committee: one record. Findings and follow-ups in every state."""
    plan = world.plan
    a, b = world.business, BusinessFactory(commune=tree.commune, name="Hộ kinh doanh Lan")
    first = InspectionFactory(
        plan=plan, business=a, status="submitted", inspected_at=at("2021-01-05"), vn_goods_share=80
    )
    second = InspectionFactory(
        plan=plan, business=a, status="submitted", inspected_at=at("2021-06-14", 23), vn_goods_share=90
    )
    third = InspectionFactory(
        plan=plan, business=b, status="submitted", inspected_at=at("2021-03-01"), vn_goods_share=None
    )
    InspectionFactory(plan=plan, business=b, status="submitted", inspected_at=at("2021-07-02"), vn_goods_share=10)
    InspectionFactory(plan=plan, business=b, status="draft", inspected_at=at("2021-03-02"), vn_goods_share=10)
    FindingFactory(inspection=first, category=category("counterfeit"))
    FindingFactory(inspection=first, category=category("ip_infringing"))
    FindingFactory(inspection=second, category=category("smuggled"))
    FindingFactory(inspection=second, category=category("price_posting"))
    FindingFactory(inspection=third, category=category("expired"))
    FollowUpFactory(
        finding=FindingFactory(inspection=third, category=category("labelling")),
        status="fixed",
        rechecked_on=datetime.date(2021, 4, 1),
    )
    FollowUpFactory(
        finding=FindingFactory(inspection=third, category=category("substandard")),
        status="referred",
        referred_to="police",
        referral_number="1/CV",
        referral_date=datetime.date(2021, 4, 2),
    )
    FollowUpFactory(
        finding=FindingFactory(inspection=first, category=category("unknown_origin")),
        status="referred",
        referred_to="market_surveillance",
        referral_number="2/CV",
        referral_date=datetime.date(2021, 7, 20),
    )
    FollowUpFactory(
        finding=FindingFactory(inspection=first, category=category("unknown_origin")),
        status="open",
        due_date=datetime.date(2021, 2, 1),
    )
    other_committee = CommitteeFactory(unit=tree.other_district)
    other_plan = PlanFactory(committee=other_committee)
    InspectionFactory(plan=other_plan, business=world.other_business, status="submitted", inspected_at=at("2021-02-02"))
    return world


H1 = (datetime.date(2021, 1, 1), datetime.date(2021, 6, 14))


def test_the_district_summary_for_the_first_half_year(records, tree):
    s = inspection_summary(unit=tree.district, date_from=H1[0], date_to=H1[1])
    assert s["inspections"] == 3  # July and the draft are out; 23:00 on the last day is in
    assert s["businesses"] == 2  # a business inspected twice counts once
    assert s["violations"] == 9
    assert s["by_group"] == {"KT05": 2, "KT06": 1, "KT07": 3, "KT08": 2}
    counts = {c.code: n for c, n in s["by_category"]}
    assert counts["expired"] == 1 and counts["banned"] == 0
    assert s["referrals"] == 1 and s["referrals_police"] == 1  # the July referral is outside the period
    assert s["fixes_confirmed"] == 1
    assert s["vn_share_average"] == Decimal("85.0")  # the record without a share is left out
    assert s["vn_share_count"] == 2


def test_the_province_adds_its_districts_and_a_commune_has_none(records, tree):
    assert inspection_summary(unit=tree.province, date_from=H1[0], date_to=H1[1])["inspections"] == 4
    assert inspection_summary(unit=tree.commune, date_from=H1[0], date_to=H1[1])["inspections"] == 0
    assert inspection_summary(unit=tree.other_district, date_from=H1[0], date_to=H1[1])["inspections"] == 1


def test_the_summary_takes_four_queries_whatever_the_size(records, tree, django_assert_num_queries):
    with django_assert_num_queries(4):
        inspection_summary(unit=tree.province, date_from=H1[0], date_to=H1[1])


def test_the_prefill_offers_the_report_indicators_with_their_source(records, tree):
    values = inspection_prefill(unit=tree.district, date_from=H1[0], date_to=H1[1])
    assert {k: int(v.value) for k, v in values.items() if k != "XT08"} == {
        "KT01": 3,
        "KT02": 2,
        "KT04": 9,
        "KT05": 2,
        "KT06": 1,
        "KT07": 3,
        "KT08": 2,
        "KT11": 1,
    }
    assert values["XT08"].value == Decimal("85.0")
    assert "01/01/2021" in values["KT01"].source and "14/06/2021" in values["KT01"].source


def test_no_share_measured_means_no_xt08(tree):
    assert "XT08" not in inspection_prefill(unit=tree.district, date_from=H1[0], date_to=H1[1])


def test_the_summary_page_and_its_excel(client_for, users, records, tree):
    client = client_for(users.district)
    params = "?date_from=2021-01-01&date_to=2021-06-14"
    page = client.get(reverse("inspections:summary") + params)
    assert page.status_code == 200 and page.context["summary"]["inspections"] == 3
    export = client.get(reverse("inspections:summary") + params + "&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert any(row[1] == 3 for row in values if row and len(row) > 1)


def test_the_outsider_cannot_ask_for_nam_sach(client_for, users, records, tree):
    response = client_for(users.outsider).get(reverse("inspections:summary") + f"?unit={tree.district.pk}")
    # An out-of-scope unit is not a choice: the form refuses it and the outsider sees their own unit.
    assert response.context["summary"]["unit"] == tree.other_district
