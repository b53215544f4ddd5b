"""Who may see and change businesses, plans, inspections, photos and follow-ups.

Built on steering.permissions (own unit and below). Inspectors add one thing: a member of a committee
(Person.user, an active Membership) also sees that committee's unit and everything below it, and may log
inspections and re-checks for the committee's plans. Outsiders get 404, read-only users 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from inspections.models import Business, FollowUp, Inspection, InspectionPhoto, InspectionPlan
from steering.models import AdministrativeUnit, Membership, Role
from steering.permissions import can_change_unit, can_view_unit, unit_q

_CACHE_ATTR = "_inspection_committee_paths"


def _committee_memberships(user) -> list[tuple[int, str]]:
    """(committee id, committee unit path) of the user's active committee terms, cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = []
        if user.has_role(Role.INSPECTOR):
            cached = list(
                Membership.objects.filter(person__user=user, end_date__isnull=True).values_list(
                    "committee_id", "committee__unit__path"
                )
            )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def scope_q(user, field: str = "unit") -> Q:
    """A filter on `<field>` (a unit relation) keeping what the user may see, committee scope included."""
    q = unit_q(user, field=field)
    for _committee_id, path in _committee_memberships(user):
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def units_q(user) -> Q:
    """A filter on AdministrativeUnit itself: the units the user may see."""
    q = unit_q(user, field="")
    for _committee_id, path in _committee_memberships(user):
        q |= Q(path__startswith=path)
    return q


def raise_not_found():
    raise Http404


def can_view(user, unit: AdministrativeUnit | None) -> bool:
    if unit is None:
        return False
    if can_view_unit(user, unit):
        return True
    return any(unit.path.startswith(path) for _c, path in _committee_memberships(user))


def is_committee_member(user, committee_id: int) -> bool:
    return any(cid == committee_id for cid, _p in _committee_memberships(user))


def can_manage_plan(user, plan_or_committee_unit: AdministrativeUnit) -> bool:
    """Plans are drawn up by the committee's unit staff and the provincial office."""
    return can_change_unit(user, plan_or_committee_unit)


def can_log_for_plan(user, plan: InspectionPlan) -> bool:
    """Log inspections and re-checks: the committee's members, its unit staff and the provincial office."""
    if not can_view(user, plan.committee.unit):
        return False
    return can_change_unit(user, plan.committee.unit) or is_committee_member(user, plan.committee_id)


def can_edit_businesses(user, commune: AdministrativeUnit) -> bool:
    """The registry is kept by every non-viewer who sees the commune (staff, office, inspectors in the field)."""
    if not can_view(user, commune):
        return False
    return user.is_superuser or user.has_role(Role.PROVINCIAL_OFFICE, Role.UNIT_STAFF, Role.INSPECTOR)


def can_edit_some_business(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    has_scope = user.unit_id is not None or bool(_committee_memberships(user))
    return has_scope and user.has_role(Role.PROVINCIAL_OFFICE, Role.UNIT_STAFF, Role.INSPECTOR)


def can_import_businesses(user) -> bool:
    return user.is_superuser or (user.has_role(Role.PROVINCIAL_OFFICE) and user.unit_id is not None)


def _check(user, unit, *, allowed_to_write: bool, write: bool) -> None:
    if not can_view(user, unit):
        raise Http404
    if write and not allowed_to_write:
        raise PermissionDenied


def get_business_for_user(user, pk: int, *, write: bool = False) -> Business:
    business = get_object_or_404(Business.objects.select_related("commune__parent"), pk=pk)
    _check(user, business.commune, allowed_to_write=write and can_edit_businesses(user, business.commune), write=write)
    return business


def get_plan_for_user(user, pk: int, *, write: bool = False) -> InspectionPlan:
    plan = get_object_or_404(InspectionPlan.objects.select_related("committee__unit"), pk=pk)
    unit = plan.committee.unit
    _check(user, unit, allowed_to_write=write and can_manage_plan(user, unit), write=write)
    return plan


def get_plan_to_log_for_user(user, pk: int) -> InspectionPlan:
    plan = get_object_or_404(InspectionPlan.objects.select_related("committee__unit"), pk=pk)
    _check(user, plan.committee.unit, allowed_to_write=can_log_for_plan(user, plan), write=True)
    return plan


def get_inspection_for_user(user, pk: int, *, write: bool = False) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.select_related(
            "plan__committee__unit", "unit", "business__commune", "lead__person", "lead__agency", "target"
        ),
        pk=pk,
    )
    _check(
        user,
        inspection.unit,
        allowed_to_write=write and can_log_for_plan(user, inspection.plan),
        write=write,
    )
    return inspection


def get_photo_for_user(user, pk: int, *, write: bool = False) -> InspectionPhoto:
    photo = get_object_or_404(InspectionPhoto.objects.select_related("inspection__plan__committee__unit"), pk=pk)
    inspection = photo.inspection
    _check(
        user,
        inspection.plan.committee.unit,
        allowed_to_write=write and can_log_for_plan(user, inspection.plan),
        write=write,
    )
    return photo


def get_follow_up_for_user(user, pk: int, *, write: bool = False) -> FollowUp:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related(
            "finding__category", "finding__inspection__plan__committee__unit", "finding__inspection__business"
        ),
        pk=pk,
    )
    plan = follow_up.finding.inspection.plan
    _check(user, plan.committee.unit, allowed_to_write=write and can_log_for_plan(user, plan), write=write)
    return follow_up
