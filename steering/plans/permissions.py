"""Who may see and change plans, tasks, monitoring assignments and activities. Built on steering.permissions.

- A plan belongs to its unit: seen by that unit and above, changed (with its tasks, cascades and attachments)
  by whoever may change the unit (the provincial office for the province's plan).
- A task is seen by anyone who sees its unit (a district sees its copy; the province sees every copy). Progress
  is posted by the assignee: whoever may change the task's unit (its unit staff, the office above), or the
  person holding the lead position, or a member representing the lead agency / sitting on the lead committee.
- A monitoring assignment is seen by the committee's unit and by the units it follows; the committee's office
  changes it; visits are logged by the office or the assigned member themself.
- An activity belongs to its unit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from steering.models import (
    Activity,
    LeadKind,
    Membership,
    MonitoringAssignment,
    MonitoringVisit,
    Plan,
    PlanAttachment,
    PlanTask,
    TaskEvidence,
)
from steering.permissions import can_change_unit, can_view_unit, check_unit_access, unit_q


def get_plan_for_user(user, pk: int, *, write: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit", "committee"), pk=pk)
    check_unit_access(user, plan.unit, write=write)
    return plan


def can_manage_plan(user, plan: Plan) -> bool:
    return can_change_unit(user, plan.unit)


def _task_qs():
    return PlanTask.objects.select_related(
        "plan__unit", "unit", "lead_agency", "lead_committee__unit", "parent_task__unit"
    )


def get_task_for_user(user, pk: int, *, write: bool = False) -> PlanTask:
    """`write` means changing the task itself (or cascading it): the plan's owners, or for a copy its unit."""
    task = get_object_or_404(_task_qs(), pk=pk)
    check_unit_access(user, task.unit)
    if write and not can_edit_task(user, task):
        raise PermissionDenied
    return task


def can_edit_task(user, task: PlanTask) -> bool:
    if task.parent_task_id is None:
        return can_change_unit(user, task.plan.unit)
    # A copy's unit may cascade it further down (a district to its communes); its definition stays the plan's.
    return can_change_unit(user, task.unit)


def _held_memberships(user) -> list[Membership]:
    """The active committee terms of the person linked to `user` (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(person__user=user, end_date__isnull=True).only("committee_id", "role", "agency_id")
    )


def lead_q(user) -> Q:
    """Tasks whose lead is a position, agency or committee `user` holds or represents in person."""
    held = _held_memberships(user)
    if not held:
        return Q(pk__in=[])
    q = Q(lead_kind=LeadKind.AGENCY, lead_agency_id__in=[m.agency_id for m in held if m.agency_id])
    q |= Q(lead_kind=LeadKind.MEMBERS, lead_committee_id__in=[m.committee_id for m in held])
    for m in held:
        q |= Q(lead_kind=LeadKind.POSITION, lead_committee_id=m.committee_id, lead_role=m.role)
    return q


def can_update_task(user, task: PlanTask) -> bool:
    """May `user` post progress on `task`?"""
    if not can_view_unit(user, task.unit):
        return False
    if can_change_unit(user, task.unit):
        return True
    return PlanTask.objects.filter(lead_q(user), pk=task.pk).exists()


def get_task_for_update(user, pk: int) -> PlanTask:
    task = get_task_for_user(user, pk)
    if not can_update_task(user, task):
        raise PermissionDenied
    return task


def task_q(user) -> Q:
    return unit_q(user)


def get_attachment_for_user(user, pk: int) -> PlanAttachment:
    attachment = get_object_or_404(PlanAttachment.objects.select_related("plan__unit"), pk=pk)
    check_unit_access(user, attachment.plan.unit)
    return attachment


def get_evidence_for_user(user, pk: int) -> TaskEvidence:
    evidence = get_object_or_404(TaskEvidence.objects.select_related("update__task__unit"), pk=pk)
    check_unit_access(user, evidence.update.task.unit)
    return evidence


# --- monitoring ----------------------------------------------------------------------------------------------


def assignment_q(user) -> Q:
    """Assignments of a committee the user sees, or following a unit the user sees."""
    return unit_q(user, "committee__unit") | Q(
        pk__in=MonitoringAssignment.objects.filter(unit_q(user, "units")).values("pk")
    )


def get_assignment_for_user(user, pk: int, *, write: bool = False) -> MonitoringAssignment:
    assignment = get_object_or_404(
        MonitoringAssignment.objects.select_related("committee__unit", "person", "membership__agency", "plan"),
        pk=pk,
    )
    visible = can_view_unit(user, assignment.committee.unit) or any(
        can_view_unit(user, u) for u in assignment.units.all()
    )
    if not visible:
        raise Http404
    if write and not can_change_unit(user, assignment.committee.unit):
        raise PermissionDenied
    return assignment


def can_log_visit(user, assignment: MonitoringAssignment) -> bool:
    if can_change_unit(user, assignment.committee.unit):
        return True
    return bool(user.is_authenticated and assignment.person.user_id == user.pk)


def get_visit_for_user(user, pk: int, *, write: bool = False) -> MonitoringVisit:
    """A visit is seen with its assignment; the office or the assigned member corrects it."""
    visit = get_object_or_404(MonitoringVisit.objects.select_related("unit", "assignment"), pk=pk)
    visit.assignment = get_assignment_for_user(user, visit.assignment_id)
    if write and not can_log_visit(user, visit.assignment):
        raise PermissionDenied
    return visit


# --- activities ----------------------------------------------------------------------------------------------


def get_activity_for_user(user, pk: int, *, write: bool = False) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("unit", "task"), pk=pk)
    check_unit_access(user, activity.unit, write=write)
    return activity
