"""Celery application.

With REDIS_URL set, tasks go to Redis and a separate `celery worker` runs them. Without it (the demo and quick
local runs) settings make Celery eager, so the same task code runs in-process and nothing else must be started.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings.base")

app = Celery("campaign_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
