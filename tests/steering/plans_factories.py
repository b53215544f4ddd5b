"""Factories for plans, tasks, monitoring and activities (steering/models/plans.py, monitoring.py, activities.py)."""

import datetime

import factory

from steering.models import (
    Activity,
    ActivityKind,
    ContentArea,
    LeadKind,
    MonitoringAssignment,
    MonitoringVisit,
    Plan,
    PlanTask,
)
from tests.steering.factories import AgencyFactory, CommitteeFactory, MembershipFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = None  # pass the unit
    number = factory.Sequence(lambda n: f"{90 + n}/KH-MT")
    date = datetime.date(2021, 4, 28)
    title = "Triển khai cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” năm 2021"
    year = 2021
    implements_number = "286/KH-MTTW-BCĐTWCVĐ"
    implements_date = datetime.date(2021, 4, 7)


class TaskFactory(factory.django.DjangoModelFactory):
    """A task led by an agency of the plan's unit."""

    class Meta:
        model = PlanTask

    plan = None  # pass the plan
    content_area = ContentArea.PROPAGANDA
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")
    lead_kind = LeadKind.AGENCY
    lead_agency = factory.LazyAttribute(lambda o: AgencyFactory(unit=o.plan.unit))
    unit = factory.LazyAttribute(lambda o: o.lead_agency.unit if o.lead_agency else o.lead_committee.unit)
    due_date = datetime.date(2021, 6, 15)
    current_due = factory.LazyAttribute(lambda o: o.due_date)


class CommitteeTaskFactory(TaskFactory):
    """A task led by a committee (pass lead_committee)."""

    lead_kind = LeadKind.COMMITTEE
    lead_agency = None
    lead_committee = None


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringAssignment
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    membership = factory.LazyAttribute(lambda o: MembershipFactory(committee=o.committee))
    person = factory.LazyAttribute(lambda o: o.membership.person)
    start_date = datetime.date(2021, 5, 1)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringVisit

    assignment = None
    unit = None
    date = datetime.date(2021, 6, 10)
    content = "Đôn đốc triển khai Kế hoạch 98/KH-MT"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    unit = None
    kind = ActivityKind.PROPAGANDA
    content_area = ContentArea.PROPAGANDA
    title = factory.Sequence(lambda n: f"Hội nghị tuyên truyền {n}")
    date = datetime.date(2021, 5, 20)
    attendees = 100
