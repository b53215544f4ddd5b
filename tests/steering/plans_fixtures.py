"""Fixtures for the plan, monitoring and activity tests: committees at the province and two districts, the
standing body and Sở Công Thương as agencies, and Kế hoạch 98/KH-MT. Import the fixtures you use by name."""

import datetime
from dataclasses import dataclass

import pytest

from steering.models import Agency, Committee, MemberRole, Membership, Plan
from tests.steering.factories import AgencyFactory, CommitteeFactory, MembershipFactory, PersonFactory
from tests.steering.plans_factories import PlanFactory


@dataclass
class World:
    province_committee: Committee
    district_committee: Committee
    other_district_committee: Committee
    standing_body: Agency
    industry: Agency
    deputy: Membership  # standing deputy of the provincial committee (Director of Industry and Trade)
    plan: Plan


@pytest.fixture
def world(tree, users) -> World:
    province_committee = CommitteeFactory(unit=tree.province, name="Ban Chỉ đạo tỉnh")
    district_committee = CommitteeFactory(unit=tree.district, name="Ban Chỉ đạo huyện Nam Sách")
    other_district_committee = CommitteeFactory(unit=tree.other_district, name="Ban Chỉ đạo TP Hải Dương")
    standing_body = AgencyFactory(unit=tree.province, name="Ủy ban MTTQ Việt Nam tỉnh", short_name="MTTQ tỉnh")
    industry = AgencyFactory(unit=tree.province, name="Sở Công Thương", short_name="SCT")
    deputy = MembershipFactory(
        committee=province_committee,
        person=PersonFactory(full_name="Trần Văn Phó", user=users.inspector),
        role=MemberRole.STANDING_DEPUTY,
        agency=industry,
        start_date=datetime.date(2020, 3, 16),
    )
    plan = PlanFactory(unit=tree.province, committee=province_committee, number="98/KH-MT")
    return World(
        province_committee, district_committee, other_district_committee, standing_body, industry, deputy, plan
    )
