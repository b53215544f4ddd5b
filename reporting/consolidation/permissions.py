"""Who may see a consolidated report and act on it: the unit tree decides (outsider 404, read-only 403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reporting.consolidation import selectors
from steering.models import AdministrativeUnit
from steering.permissions import can_change_unit, can_view_unit, check_unit_access

NATIONAL = "national"


def get_consolidation_unit_for_user(
    user, key: str, *, write: bool = False, period_code: str | None = None
) -> AdministrativeUnit | None:
    """The unit whose consolidation is asked for ("national" = the country, for superusers only).

    The URL names the unit by its key; a bare code that another unit took over later (a link built from a
    consolidation's own rows) means the unit holding it at the end of the period."""
    if key == NATIONAL:
        if not user.is_superuser:
            raise Http404
        return None
    unit = selectors.consolidation_unit(key=key, period_code=period_code)
    if unit is None:
        raise Http404
    check_unit_access(user, unit, write=write)
    return unit


def can_edit_consolidation(user, unit: AdministrativeUnit | None) -> bool:
    if unit is None:
        return bool(user.is_superuser)
    return bool(can_change_unit(user, unit))


def can_export_consolidation(user, unit: AdministrativeUnit | None) -> bool:
    """Drafts (PDF, Word, Excel) are for anyone who may read the consolidation: they carry no number."""
    if unit is None:
        return bool(user.is_superuser)
    return bool(can_view_unit(user, unit))


def can_issue_consolidation(user, unit: AdministrativeUnit | None) -> bool:
    """Issuing (taking the number) is the office's: whoever may edit the unit, while the unit exists."""
    return unit is not None and unit.is_current and can_edit_consolidation(user, unit)


def check_can_edit(user, unit) -> None:
    if not can_edit_consolidation(user, unit):
        raise PermissionDenied
