"""Reads for plans, tasks, monitoring and activities. Every list is scoped with steering.permissions.unit_q and
fetched in a fixed number of queries whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from steering.models import (
    FIGURE_FIELDS,
    Activity,
    ContentArea,
    MonitoringAssignment,
    MonitoringVisit,
    Person,
    Plan,
    PlanTask,
    TaskStatus,
    TaskUpdate,
)
from steering.permissions import unit_q
from steering.plans.permissions import assignment_q, lead_q
from steering.text import fold


def overdue_q(today: datetime.date | None = None) -> Q:
    """Open tasks whose current deadline has passed."""
    return Q(is_open=True, current_due__lt=today or timezone.localdate())


def _progress_counts(prefix: str = "", today: datetime.date | None = None) -> dict:
    p = f"{prefix}__" if prefix else ""
    return {
        "n_total": Count(f"{p}pk", distinct=bool(prefix)),
        "n_done": Count(f"{p}pk", filter=Q(**{f"{p}status": TaskStatus.DONE}), distinct=bool(prefix)),
        "n_progress": Count(f"{p}pk", filter=Q(**{f"{p}status": TaskStatus.IN_PROGRESS}), distinct=bool(prefix)),
        "n_blocked": Count(f"{p}pk", filter=Q(**{f"{p}status": TaskStatus.BLOCKED}), distinct=bool(prefix)),
        "n_overdue": Count(
            f"{p}pk",
            filter=Q(**{f"{p}is_open": True, f"{p}current_due__lt": today or timezone.localdate()}),
            distinct=bool(prefix),
        ),
    }


# --- plans ---------------------------------------------------------------------------------------------------


def plan_list(*, user, year: int | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.filter(unit_q(user)).select_related("unit", "committee")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(**_progress_counts("tasks")).order_by("-date", "-pk")


def plan_tasks(*, plan: Plan, today: datetime.date | None = None) -> QuerySet[PlanTask]:
    """The plan's own tasks (not the copies), with how their copies are doing."""
    return (
        PlanTask.objects.filter(plan=plan, parent_task__isnull=True)
        .select_related("unit", "lead_agency", "lead_committee__unit")
        .prefetch_related("co_agencies")
        .annotate(**{f"copies_{k[2:]}": v for k, v in _progress_counts("copies", today).items()})
        .order_by("content_area", "order", "pk")
    )


@dataclass
class ProgressRow:
    label: str
    total: int
    done: int
    in_progress: int
    blocked: int
    overdue: int

    @property
    def not_started(self) -> int:
        return self.total - self.done - self.in_progress - self.blocked

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _row(label: str, values: dict) -> ProgressRow:
    return ProgressRow(
        label=label,
        total=values["n_total"],
        done=values["n_done"],
        in_progress=values["n_progress"],
        blocked=values["n_blocked"],
        overdue=values["n_overdue"],
    )


def plan_progress_by_area(*, plan: Plan, today: datetime.date | None = None) -> list[ProgressRow]:
    """Every task of the plan, copies included, counted per content area (one query)."""
    rows = (
        PlanTask.objects.filter(plan=plan)
        .values("content_area")
        .annotate(**_progress_counts(today=today))
        .order_by("content_area")
    )
    return [_row(ContentArea(r["content_area"]).label, r) for r in rows]


def plan_progress_by_assignee(*, plan: Plan, today: datetime.date | None = None) -> list[ProgressRow]:
    """Every task of the plan, copies included, counted per lead (one query; grouped here for the labels)."""
    today = today or timezone.localdate()
    groups: dict[tuple, ProgressRow] = {}
    tasks = PlanTask.objects.filter(plan=plan).select_related("lead_agency", "lead_committee__unit")
    for task in tasks.only(
        "lead_kind", "lead_role", "status", "is_open", "current_due", "lead_agency__name", "lead_committee__unit__name"
    ):
        key = (task.lead_kind, task.lead_agency_id, task.lead_committee_id, task.lead_role)
        row = groups.get(key)
        if row is None:
            row = groups[key] = ProgressRow(task.lead_label, 0, 0, 0, 0, 0)
        row.total += 1
        row.done += task.status == TaskStatus.DONE
        row.in_progress += task.status == TaskStatus.IN_PROGRESS
        row.blocked += task.status == TaskStatus.BLOCKED
        row.overdue += bool(task.is_open and task.current_due and task.current_due < today)
    return sorted(groups.values(), key=lambda r: (-r.total, r.label))


def plan_attachments(*, plan: Plan):
    return plan.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


# --- tasks ---------------------------------------------------------------------------------------------------


def task_list(
    *,
    user,
    status: str = "",
    content_area: int | None = None,
    overdue: bool = False,
    mine: bool = False,
    plan: Plan | None = None,
    query: str = "",
    today: datetime.date | None = None,
) -> QuerySet[PlanTask]:
    qs = PlanTask.objects.filter(unit_q(user))
    if mine:
        qs = qs.filter(Q(unit_id=user.unit_id) | lead_q(user))
    if status:
        qs = qs.filter(status=status)
    if content_area:
        qs = qs.filter(content_area=content_area)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if plan is not None:
        qs = qs.filter(plan=plan)
    for word in query.split():
        qs = qs.filter(Q(title__icontains=word) | Q(unit__search_name__contains=fold(word)))
    return qs.select_related("plan", "unit", "lead_agency", "lead_committee__unit").order_by(
        "current_due", "plan", "content_area", "order", "pk"
    )


def task_updates(*, task: PlanTask) -> QuerySet[TaskUpdate]:
    return task.updates.select_related("author").prefetch_related("evidence").order_by("-created_at", "-pk")


def task_copies(*, task: PlanTask) -> QuerySet[PlanTask]:
    return task.copies.select_related("unit", "lead_committee__unit").order_by("unit__code")


def unit_tasks(*, unit, limit: int = 10) -> list[PlanTask]:
    """Open tasks the unit itself tracks, soonest deadline first."""
    return list(
        PlanTask.objects.filter(unit=unit)
        .select_related("plan", "lead_agency", "lead_committee__unit")
        .order_by("-is_open", "current_due", "pk")[:limit]
    )


# --- monitoring ----------------------------------------------------------------------------------------------


def _assignment_qs():
    return (
        MonitoringAssignment.objects.select_related("committee__unit", "person", "membership__agency", "plan")
        .prefetch_related("units")
        .annotate(visit_count=Count("visits", distinct=True))
    )


def assignment_list(*, user, committee=None) -> QuerySet[MonitoringAssignment]:
    qs = _assignment_qs().filter(assignment_q(user))
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs.order_by("committee__unit__path", "person__full_name", "-start_date")


def unit_assignments(*, unit) -> QuerySet[MonitoringAssignment]:
    """Who follows `unit` (assignments naming it), active first."""
    return _assignment_qs().filter(units=unit).order_by("end_date", "person__full_name")


def committee_assignments(*, committee) -> QuerySet[MonitoringAssignment]:
    return _assignment_qs().filter(committee=committee).order_by("person__full_name", "-start_date")


def person_assignments(*, person: Person) -> QuerySet[MonitoringAssignment]:
    return _assignment_qs().filter(person=person).order_by("-start_date")


def visit_list(*, assignment=None, unit=None, person=None, limit: int | None = None):
    qs = MonitoringVisit.objects.select_related("unit", "assignment__person", "created_by")
    if assignment is not None:
        qs = qs.filter(assignment=assignment)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if person is not None:
        qs = qs.filter(assignment__person=person)
    qs = qs.order_by("-date", "-pk")
    return qs[:limit] if limit else qs


def person_tasks(*, person: Person) -> QuerySet[PlanTask]:
    """Tasks led by a position the person holds now, or by an agency they represent."""
    from steering.models import LeadKind, Membership

    held = list(
        Membership.objects.filter(person=person, end_date__isnull=True).only("committee_id", "role", "agency_id")
    )
    if not held:
        return PlanTask.objects.none()
    q = Q(lead_kind=LeadKind.AGENCY, lead_agency_id__in=[m.agency_id for m in held if m.agency_id])
    for m in held:
        q |= Q(lead_kind=LeadKind.POSITION, lead_committee_id=m.committee_id, lead_role=m.role)
    return (
        PlanTask.objects.filter(q)
        .select_related("plan", "unit", "lead_agency", "lead_committee__unit")
        .order_by("-is_open", "current_due", "pk")
    )


# --- activities ----------------------------------------------------------------------------------------------


def activity_list(
    *,
    user,
    unit=None,
    kind: str = "",
    content_area: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    query: str = "",
) -> QuerySet[Activity]:
    qs = Activity.objects.filter(unit_q(user))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    if content_area:
        qs = qs.filter(content_area=content_area)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    for word in query.split():
        qs = qs.filter(Q(title__icontains=word) | Q(place__icontains=word))
    return qs.select_related("unit").order_by("-date", "-pk")


def activity_totals(*, activities: QuerySet[Activity]) -> dict:
    """Sums of every figure over `activities`, and their count (one query)."""
    totals = activities.order_by().aggregate(count=Count("pk"), **{name: Sum(name) for name in FIGURE_FIELDS})
    return totals


def unit_activities(*, unit, limit: int = 8) -> list[Activity]:
    return list(Activity.objects.filter(unit=unit).order_by("-date", "-pk")[:limit])


def person_for_committee_members(*, committee) -> dict[int, int]:
    """person id -> number of active assignments, for the committee page."""
    rows = (
        MonitoringAssignment.objects.filter(committee=committee, end_date__isnull=True)
        .values("person")
        .annotate(n=Count("pk"))
    )
    return {r["person"]: r["n"] for r in rows}


def prefetch_updates():
    return Prefetch("updates", queryset=TaskUpdate.objects.order_by("-created_at"))


def committee_tasks(*, committee) -> QuerySet[PlanTask]:
    """Tasks led by the committee as a body, by its members, or by one of its positions."""
    return (
        PlanTask.objects.filter(lead_committee=committee)
        .select_related("plan", "lead_agency", "lead_committee__unit")
        .order_by("-is_open", "current_due", "pk")[:50]
    )
