"""Who may see and change what, decided by the unit tree.

The one rule every app builds on: a user sees their own unit and every unit below it; they change their own
unit, and the provincial office also changes every unit below it. Viewers change nothing. Superusers see and
change everything. Outsiders get 404 (the object does not exist for them), read-only users 403.

Other apps import `unit_q`, `can_view_unit`, `can_change_unit` and `check_unit_access` rather than repeating
the rule; rules' predicates make the same decisions available as `user.has_perm("steering.…", obj)`.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from steering.models import AdministrativeUnit, Committee, Membership, Role


def _home_path(user) -> str | None:
    """The path prefix of everything the user may see, or None for nothing ('' means everything)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    if user.unit_id is None:
        return None
    return user.unit.path


def unit_q(user, field: str = "unit") -> Q:
    """A filter on `<field>` (an AdministrativeUnit relation) keeping only what `user` may see."""
    path = _home_path(user)
    if path is None:
        return Q(pk__in=[])
    if path == "":
        return Q()
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    return Q(**{prefix: path})


def visible_units(user) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(unit_q(user, field=""))


@rules.predicate
def can_view_unit(user, unit: AdministrativeUnit | None) -> bool:
    path = _home_path(user)
    if path is None or unit is None:
        return False
    return unit.path.startswith(path)


@rules.predicate
def can_change_unit(user, unit: AdministrativeUnit | None) -> bool:
    if not can_view_unit(user, unit):
        return False
    if user.is_superuser:
        return True
    if user.has_role(Role.PROVINCIAL_OFFICE):
        return True
    return user.has_role(Role.UNIT_STAFF) and unit.pk == user.unit_id


def check_unit_access(user, unit: AdministrativeUnit | None, *, write: bool = False) -> None:
    """Raise 404 if `user` may not see `unit`, 403 if they may see but not change it and `write` is asked."""
    if not can_view_unit(user, unit):
        raise Http404
    if write and not can_change_unit(user, unit):
        raise PermissionDenied


def get_unit_for_user(user, code: str, *, write: bool = False) -> AdministrativeUnit:
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), code=code)
    check_unit_access(user, unit, write=write)
    return unit


def get_committee_for_user(user, pk: int, *, write: bool = False) -> Committee:
    committee = get_object_or_404(Committee.objects.select_related("unit"), pk=pk)
    check_unit_access(user, committee.unit, write=write)
    return committee


def get_membership_for_user(user, pk: int, *, write: bool = False) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("committee__unit", "person", "agency"), pk=pk)
    check_unit_access(user, membership.committee.unit, write=write)
    return membership


def can_view_audit(user) -> bool:
    return user.is_superuser or user.has_role(Role.PROVINCIAL_OFFICE)


rules.add_perm("steering.view_unit", can_view_unit)
rules.add_perm("steering.change_unit", can_change_unit)
