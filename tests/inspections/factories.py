import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from inspections.models import (
    Business,
    Finding,
    FollowUp,
    Inspection,
    InspectionPlan,
    PlanTarget,
    TeamMember,
    ViolationCategory,
)
from inspections.validators import tax_code_check_digit
from steering.text import fold
from tests.steering.factories import CommitteeFactory, UnitFactory


def valid_tax_code(n: int) -> str:
    """A valid 10-digit tax code: province prefix 08 and a running number, with its check digit."""
    n0 = n
    while True:
        first_nine = f"08{n0:07d}"
        digit = tax_code_check_digit(first_nine)
        if digit is not None:
            return f"{first_nine}{digit}"
        n0 += 1000003


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    commune = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Cửa hàng Thử Nghiệm {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    kind = "shop"
    tax_code = factory.Sequence(lambda n: valid_tax_code(n + 1))
    address = "Số 1 đường Thử"
    representative = "Nguyễn Văn Chủ"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionPlan

    committee = factory.SubFactory(CommitteeFactory)
    year = 2021
    title = "Kế hoạch kiểm tra năm 2021"
    number = factory.Sequence(lambda n: f"{n + 1}/KH-MT")
    issued_on = datetime.date(2021, 3, 1)
    decision_number = "52/QĐ-MT"
    decision_date = datetime.date(2021, 2, 25)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTarget

    scheduled_on = datetime.date(2021, 5, 10)


def category(code: str) -> ViolationCategory:
    return ViolationCategory.objects.get(code=code)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    client_uuid = factory.LazyFunction(uuid.uuid4)
    plan = factory.SubFactory(PlanFactory)
    unit = factory.LazyAttribute(lambda o: o.plan.committee.unit)
    business = factory.SubFactory(BusinessFactory)
    inspected_at = factory.LazyFunction(
        lambda: datetime.datetime(2021, 5, 10, 9, 0, tzinfo=timezone.get_current_timezone())
    )
    vn_goods_share = Decimal("80")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    category = factory.LazyFunction(lambda: category("labelling"))
    goods = "Nước mắm"
    recommendation = "Dán nhãn phụ tiếng Việt"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    finding = factory.SubFactory(FindingFactory)
    due_date = datetime.date(2021, 6, 10)
