"""A committee of Nam Sách with a plan, a team (the `inspector` persona is on it) and a business in Nam Hồng."""

import datetime
from dataclasses import dataclass

import pytest

from inspections.models import Business, InspectionPlan
from steering.models import Committee, MemberRole, Membership
from tests.inspections.factories import BusinessFactory, PlanFactory, TargetFactory, TeamMemberFactory
from tests.steering.factories import CommitteeFactory, MembershipFactory, PersonFactory


@dataclass
class World:
    committee: Committee
    lead: Membership
    member: Membership
    plan: InspectionPlan
    business: Business
    other_business: Business  # in the sibling district: outside the committee's area


@pytest.fixture
def world(tree, users) -> World:
    committee = CommitteeFactory(unit=tree.district)
    lead = MembershipFactory(
        committee=committee, role=MemberRole.HEAD, person=PersonFactory(full_name="Trần Văn Trưởng")
    )
    member = MembershipFactory(committee=committee, person=PersonFactory(full_name="Lê Thị Kiểm", user=users.inspector))
    plan = PlanFactory(committee=committee)
    TeamMemberFactory(plan=plan, membership=lead, is_lead=True)
    TeamMemberFactory(plan=plan, membership=member)
    business = BusinessFactory(commune=tree.commune, name="Cửa hàng Hải Hà")
    other = BusinessFactory(commune=tree.other_commune, name="Siêu thị Hải Tân")
    TargetFactory(plan=plan, business=business, scheduled_on=datetime.date(2021, 5, 10))
    return World(committee, lead, member, plan, business, other)
