"""Who may see and change what, decided by the unit tree.

The one rule every app builds on: a user sees their own unit and every unit below it, and the history of their
unit (every unit it succeeded, with all that was below it: the new Hải Phòng's office reads Hải Dương's 2021
reports); they change their own unit, and the provincial office also changes every unit below it, never the
history. Viewers change nothing. Superusers see and change everything. Outsiders get 404 (the object does not
exist for them), read-only users 403.

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
    """The path prefix of what the user may change, or None for nothing ('' means everything)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    if user.unit_id is None:
        return None
    return user.unit.path


def history_units(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Every unit `unit` succeeded, however many reorganisations back (one query per step back), in path order."""
    found: dict[int, AdministrativeUnit] = {}
    frontier = [unit.pk]
    while frontier:
        rows = list(
            AdministrativeUnit.objects.filter(successions_out__successor_id__in=frontier)
            .exclude(pk__in=[unit.pk, *found])
            .distinct()
        )
        frontier = [u.pk for u in rows]
        found.update((u.pk, u) for u in rows)
    return sorted(found.values(), key=lambda u: u.path)


def history_roots(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The history units that are not inside another one (Hải Dương and the old Hải Phòng for the new city)."""
    units = history_units(unit)
    return [u for u in units if not any(u.path.startswith(o.path) and u.pk != o.pk for o in units)]


def history_paths(unit: AdministrativeUnit) -> list[str]:
    """Path prefixes of the history a user of `unit` may read."""
    return [u.path for u in history_roots(unit)]


def _visible_paths(user) -> list[str] | None:
    """Path prefixes of everything the user may see: their own subtree and their unit's history."""
    home = _home_path(user)
    if home is None or home == "":
        return None if home is None else [""]
    cached = getattr(user, "_visible_unit_paths", None)
    if cached is None or cached[0] != home:
        cached = (home, [home, *history_paths(user.unit)])
        user._visible_unit_paths = cached
    return cached[1]


def unit_q(user, field: str = "unit") -> Q:
    """A filter on `<field>` (an AdministrativeUnit relation) keeping only what `user` may see."""
    paths = _visible_paths(user)
    if paths is None:
        return Q(pk__in=[])
    if paths == [""]:
        return Q()
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    q = Q()
    for path in paths:
        q |= Q(**{prefix: path})
    return q


def visible_units(user) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(unit_q(user, field=""))


@rules.predicate
def can_view_unit(user, unit: AdministrativeUnit | None) -> bool:
    paths = _visible_paths(user)
    if paths is None or unit is None:
        return False
    return any(unit.path.startswith(path) for path in paths)


@rules.predicate
def can_change_unit(user, unit: AdministrativeUnit | None) -> bool:
    path = _home_path(user)
    if path is None or unit is None or not unit.path.startswith(path):
        return False  # outside the user's own subtree; the history they see is never theirs to change
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


def get_unit_for_user(user, key: str, *, write: bool = False) -> AdministrativeUnit:
    """The unit a URL names by its key (its code, or "code.YYYYMMDD" for a later holder of the code)."""
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), key=key)
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
