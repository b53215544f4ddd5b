"""Who may see a consolidated report and act on it: the unit tree decides (outsider 404, read-only 403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from steering.models import AdministrativeUnit
from steering.permissions import can_change_unit, check_unit_access

NATIONAL = "national"


def get_consolidation_unit_for_user(user, code: str, *, write: bool = False) -> AdministrativeUnit | None:
    """The unit whose consolidation is asked for ("national" = the country, for superusers only)."""
    if code == NATIONAL:
        if not user.is_superuser:
            raise Http404
        return None
    unit = get_object_or_404(AdministrativeUnit, code=code)
    check_unit_access(user, unit, write=write)
    return unit


def can_edit_consolidation(user, unit: AdministrativeUnit | None) -> bool:
    if unit is None:
        return bool(user.is_superuser)
    return bool(can_change_unit(user, unit))


def check_can_edit(user, unit) -> None:
    if not can_edit_consolidation(user, unit):
        raise PermissionDenied
