"""Celery application.

With REDIS_URL set, tasks go to Redis and a separate `celery worker` runs them. Without it (the demo and quick
local runs) settings make Celery eager, so the same task code runs in-process and nothing else must be started.
"""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings.base")

app = Celery("campaign_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _sweep_export_jobs_on_start(**kwargs) -> None:
    """A worker (re)starting after a crash or a broker outage picks up jobs whose messages were lost."""
    from campaign_portal.tasks import export_jobs_sweep_task

    export_jobs_sweep_task.delay()
