"""Who may see, download and retry an export: decided by the job's unit, like every other object."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from campaign_portal.models import ExportJob
from steering.permissions import can_change_unit, can_view_unit, unit_q


def can_view_job(user, job: ExportJob) -> bool:
    if job.unit_id is None:  # a national file: only superusers see the whole country
        return bool(user.is_authenticated and user.is_superuser)
    return can_view_unit(user, job.unit)


def can_request_export(user, unit) -> bool:
    """Exporting issues a document (a PDF takes a number from the unit's series): it needs write access."""
    if unit is None:
        return bool(user.is_authenticated and user.is_superuser)
    return can_change_unit(user, unit)


def get_export_job_for_user(user, pk: int, *, write: bool = False) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.select_related("unit", "requested_by"), pk=pk)
    if not can_view_job(user, job):
        raise Http404
    if write and not (job.requested_by_id == user.pk or can_request_export(user, job.unit)):
        raise PermissionDenied
    return job


def visible_jobs_q(user):
    """Jobs whose unit the user can see (national jobs only for superusers)."""
    if user.is_superuser:
        from django.db.models import Q

        return Q()
    return unit_q(user, field="unit")
