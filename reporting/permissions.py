"""Who may see, fill and review reports, built on steering.permissions (outsider -> 404, read-only -> 403).

- See a report: anyone who sees its unit (the unit itself and everything above it).
- Fill a report: whoever may change its unit (the unit's staff; the provincial office for units below it).
- Review a report: whoever may change its reviewing unit (the parent unit's staff, or the provincial office).
- Open / edit periods: the provincial office of the owner unit (or a superuser).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from reporting.models import Indicator, Report, ReportAttachment, ReportingPeriod, ReportTemplate, TemplateSection
from steering.models import AdministrativeUnit, Role
from steering.permissions import can_change_unit, can_view_unit, check_unit_access, history_roots


def _report_qs():
    return Report.objects.select_related(
        "period__period_type", "period__template", "period__owner", "unit__parent", "agency", "reviewer_unit"
    )


def get_report_for_user(user, pk: int, *, write: bool = False) -> Report:
    report = get_object_or_404(_report_qs(), pk=pk)
    check_unit_access(user, report.unit, write=write)
    return report


def can_review(user, report: Report) -> bool:
    return report.reviewer_unit is not None and bool(can_change_unit(user, report.reviewer_unit))


def get_report_for_reviewer(user, pk: int) -> Report:
    report = get_object_or_404(_report_qs(), pk=pk)
    check_unit_access(user, report.unit)  # 404 for outsiders
    if not can_review(user, report):
        raise PermissionDenied
    return report


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> ReportAttachment:
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report__unit", "report__period"), pk=pk)
    check_unit_access(user, attachment.report.unit, write=write)
    return attachment


def can_view_period(user, period: ReportingPeriod) -> bool:
    if user.is_superuser:
        return True
    if not user.is_authenticated or not user.unit_id:
        return False
    if period.owner is None:
        return True
    return bool(can_view_unit(user, period.owner)) or period.owner.is_ancestor_of(user.unit)


def get_period_for_user(user, pk: int, *, write: bool = False) -> ReportingPeriod:
    period = get_object_or_404(ReportingPeriod.objects.select_related("period_type", "owner", "template"), pk=pk)
    if not can_view_period(user, period):
        raise Http404
    if write and not can_manage_periods(user, period.owner):
        raise PermissionDenied
    return period


def can_manage_periods(user, owner: AdministrativeUnit | None) -> bool:
    if user.is_superuser:
        return True
    if owner is None or not user.has_role(Role.PROVINCIAL_OFFICE):
        return False
    return owner.pk == user.unit_id


def board_unit_for_user(user, key: str | None, *, period=None) -> AdministrativeUnit | None:
    """The unit whose board is shown: the asked one (if visible), else the user's own, else, for a period before
    the user's unit existed, the unit of its history that existed then."""
    if key:
        unit = get_object_or_404(AdministrativeUnit, key=key)
        check_unit_access(user, unit)
        return unit
    unit = user.unit
    if unit is not None and period is not None and not unit.existed_on(period.end_date):
        for old in history_roots(unit):
            if old.existed_on(period.end_date):
                return old
    return unit


# --- report templates -------------------------------------------------------------------------------------------
# Template versions are one national catalogue (version numbers are global): every user of a unit may read them,
# since they are the form everybody fills. Only the provincial office (or a superuser) changes them, and a version
# still being prepared belongs to the office that created it: another province's office sees it read-only.


def can_view_templates(user) -> bool:
    return bool(user.is_superuser or (user.is_authenticated and user.unit_id))


def can_edit_templates(user) -> bool:
    """May create a new version (and edit their own office's unused versions)."""
    if user.is_superuser:
        return True
    return bool(user.is_authenticated and user.unit_id and user.has_role(Role.PROVINCIAL_OFFICE))


def can_edit_template(user, template: ReportTemplate) -> bool:
    if not can_edit_templates(user):
        return False
    if user.is_superuser:
        return True
    creator = template.created_by
    return creator is None or not creator.unit_id or creator.unit_id == user.unit_id


def get_template_for_user(user, pk: int, *, write: bool = False) -> ReportTemplate:
    if not can_view_templates(user):
        raise Http404
    template = get_object_or_404(ReportTemplate.objects.select_related("created_by", "based_on", "published_by"), pk=pk)
    if write and not can_edit_template(user, template):
        raise PermissionDenied
    return template


def get_template_indicator_for_user(user, template_pk: int, pk: int, *, write: bool = False) -> Indicator:
    template = get_template_for_user(user, template_pk, write=write)
    indicator = get_object_or_404(Indicator, template=template, pk=pk)
    indicator.template = template
    return indicator


def get_template_section_for_user(user, template_pk: int, pk: int, *, write: bool = False) -> TemplateSection:
    template = get_template_for_user(user, template_pk, write=write)
    section = get_object_or_404(TemplateSection, template=template, pk=pk)
    section.template = template
    return section
