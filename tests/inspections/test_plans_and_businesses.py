"""Drawing up a plan and keeping the registry through the pages."""

import pytest
from django.urls import reverse

from inspections.models import Business, InspectionPlan, PlanTarget

pytestmark = pytest.mark.django_db


def test_district_staff_draw_up_a_draft_plan_and_the_committee_issues_it(client_for, users, world):
    client = client_for(users.district)
    response = client.post(
        reverse("inspections:plan_create"),
        {
            "committee": world.committee.pk,
            "year": 2021,
            "title": "Kế hoạch kiểm tra quý III",
            "issued_on": "2021-07-01",
            "decision_number": "60/QĐ-BCĐ",
            "decision_date": "2021-06-28",
            "team": [world.lead.pk, world.member.pk],
            "lead": world.member.pk,
        },
    )
    plan = InspectionPlan.objects.get(title="Kế hoạch kiểm tra quý III")
    assert response["Location"] == reverse("inspections:plan_detail", args=[plan.pk])
    assert plan.number == ""  # a draft: the number is taken when it is issued
    assert plan.team.get(is_lead=True).membership == world.member
    client.post(reverse("inspections:plan_issue", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.number == "01/KH-BCĐ"  # the committee's own series


def test_the_lead_must_be_on_the_team(client_for, users, world):
    response = client_for(users.district).post(
        reverse("inspections:plan_edit", args=[world.plan.pk]),
        {
            "year": 2021,
            "title": "x",
            "issued_on": "2021-03-01",
            "decision_number": "1",
            "decision_date": "2021-03-01",
            "team": [world.member.pk],
            "lead": world.lead.pk,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["lead"]


def test_targets_are_added_in_the_committee_area_and_removed_until_logged(client_for, users, world, tree):
    client = client_for(users.district)
    add = reverse("inspections:plan_target_add", args=[world.plan.pk])
    refused = client.post(add, {"business": world.other_business.pk, "scheduled_on": "2021-08-01"})
    assert refused.status_code == 200 and refused.context["form"].errors["business"]
    from tests.inspections.factories import BusinessFactory

    business = BusinessFactory(commune=tree.commune)
    assert client.post(add, {"business": business.pk, "scheduled_on": "2021-08-01"}).status_code == 302
    target = PlanTarget.objects.get(business=business)
    client.post(reverse("inspections:plan_target_delete", args=[world.plan.pk, target.pk]))
    assert not PlanTarget.objects.filter(pk=target.pk).exists()


def test_a_business_is_registered_with_its_ocop_products(client_for, users, tree):
    client = client_for(users.commune)
    data = {
        "name": "Cơ sở bánh gai Bà Hằng",
        "kind": "producer",
        "tax_code": "0800123459",
        "commune": tree.commune.pk,
        "address": "Thôn Đông",
        "is_active": "on",
        "ocop-TOTAL_FORMS": "1",
        "ocop-INITIAL_FORMS": "0",
        "ocop-0-name": "Bánh gai",
        "ocop-0-stars": "4",
        "ocop-0-certified_year": "2021",
    }
    response = client.post(reverse("inspections:business_create"), data)
    business = Business.objects.get()
    assert response["Location"] == reverse("inspections:business_detail", args=[business.pk])
    assert business.ocop_products.get().stars == 4
    page = client.get(response["Location"]).content.decode()
    assert "Bánh gai" in page and "★★★★" in page


def test_an_invalid_tax_code_is_explained_and_nothing_saved(client_for, users, tree):
    response = client_for(users.commune).post(
        reverse("inspections:business_create"),
        {
            "name": "A",
            "kind": "shop",
            "tax_code": "0800123450",
            "commune": tree.commune.pk,
            "address": "B",
            "ocop-TOTAL_FORMS": "0",
            "ocop-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["tax_code"]
    assert not Business.objects.exists()


def test_a_commune_cannot_register_a_business_elsewhere(client_for, users, tree):
    response = client_for(users.commune).post(
        reverse("inspections:business_create"),
        {
            "name": "A",
            "kind": "shop",
            "commune": tree.other_commune.pk,
            "address": "B",
            "ocop-TOTAL_FORMS": "0",
            "ocop-INITIAL_FORMS": "0",
        },
    )
    assert response.context["form"].errors["commune"]
    assert not Business.objects.exists()
