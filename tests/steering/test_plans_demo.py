"""The demo plan: Kế hoạch 98/KH-MT with its real structure, idempotent, deterministic and fast."""

import time

import pytest

from steering import demo, demo_plans
from steering.models import (
    Activity,
    LeadKind,
    MonitoringAssignment,
    MonitoringVisit,
    Plan,
    PlanTask,
    TaskUpdate,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts():
    return [m.objects.count() for m in (Plan, PlanTask, TaskUpdate, MonitoringAssignment, MonitoringVisit, Activity)]


def test_it_seeds_plan_98_once_quickly():
    demo.seed()
    started = time.monotonic()
    result = demo_plans.seed()
    elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    assert result["created"]

    plan = Plan.objects.get(number="98/KH-MT", year=2021)
    assert plan.implements_number == "286/KH-MTTW-BCĐTWCVĐ" and plan.date.isoformat() == "2021-04-28"
    own = PlanTask.objects.filter(plan=plan, parent_task__isnull=True)
    assert own.count() == len(demo_plans.TASKS)
    assert own.filter(lead_agency__name="Sở Công Thương").exists()
    assert own.filter(lead_agency__name="Ủy ban MTTQ Việt Nam tỉnh").exists()
    assert own.filter(lead_kind=LeadKind.POSITION).exists() and own.filter(lead_kind=LeadKind.MEMBERS).exists()
    assert set(own.values_list("content_area", flat=True)) == {1, 2, 3, 4, 5, 6}
    # Every task of the plan's sections II and III (checked line by line in tests/steering/test_plans_document.py).
    assert len(demo_plans.TASKS) == 41
    # Recorded from the paper of 28/04/2021: no task of the plan was added after it (an amendment would be).
    assert not PlanTask.objects.filter(plan=plan, created_at__date__gt=plan.date).exists()
    copies = PlanTask.objects.filter(plan=plan, parent_task__isnull=False, unit__level=2)
    assert copies.values("unit").distinct().count() == 12
    assert PlanTask.objects.filter(plan=plan, unit__level=3).exists()  # Nam Sách passed one on to its communes
    assert TaskUpdate.objects.filter(status="done").exists() and TaskUpdate.objects.filter(status="blocked").exists()
    followed = MonitoringAssignment.objects.values_list("units__code", flat=True)
    assert len(set(followed)) == 12
    assert MonitoringVisit.objects.exists()
    assert Activity.objects.filter(unit__level=1).exists() and Activity.objects.filter(unit__level=3).exists()
    assert Activity.objects.values("kind").distinct().count() >= 6

    before = _counts()
    again = demo_plans.seed()
    assert not again["created"] and _counts() == before
