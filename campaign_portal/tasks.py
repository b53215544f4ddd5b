"""Thin tasks: an id in, one service call. The names start with `export_` so CELERY_TASK_ROUTES sends them to
the dedicated `exports` queue (a long PDF never delays reminders or other short jobs)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.utils.translation import gettext as _

from campaign_portal.jobs import TRANSIENT_ERRORS

log = logging.getLogger(__name__)

# Hard limit: the worker process is killed; soft limit: SoftTimeLimitExceeded is raised in the task first.
EXPORT_SOFT_TIME_LIMIT = 5 * 60
EXPORT_TIME_LIMIT = 6 * 60


class ExportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Whatever escaped the service (retries exhausted, time limit, database gone): the job says so."""
        from campaign_portal import jobs

        job_id = args[0] if args else kwargs.get("job_id")
        if job_id is None:
            return
        if isinstance(exc, TRANSIENT_ERRORS):
            reason = _("The export failed several times because a service was unavailable: %(error)s") % {"error": exc}
        else:
            reason = _("The export failed: %(error)s") % {"error": exc.__class__.__name__}
        try:
            jobs.export_job_fail(job_id=job_id, reason=reason)
        except Exception:  # noqa: BLE001 - the database itself may be what failed; the log keeps the trace
            log.exception("export job %s: could not record the failure", job_id)


@shared_task(
    base=ExportTask,
    name="campaign_portal.tasks.export_job_run",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=EXPORT_SOFT_TIME_LIMIT,
    time_limit=EXPORT_TIME_LIMIT,
)
def export_job_run_task(job_id: int) -> None:
    from campaign_portal import jobs

    jobs.export_job_run(job_id=job_id)


@shared_task(name="campaign_portal.tasks.export_jobs_sweep")
def export_jobs_sweep_task() -> int:
    from campaign_portal import jobs

    return jobs.export_jobs_sweep()
