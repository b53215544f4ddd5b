"""The Celery app a test worker runs (`celery -A tests.portal.worker_app worker`): the portal's app, plus the
test builders registered, and the broker key prefix of the test run so that parallel runs never share queues."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings.test")
django.setup()

from campaign_portal import jobs  # noqa: E402
from campaign_portal.celery import app  # noqa: E402
from tests.portal.builders import TEST_BUILDERS  # noqa: E402

jobs.BUILDERS.update(TEST_BUILDERS)
app.conf.update(
    task_always_eager=False,
    broker_url=os.environ["TEST_BROKER_URL"],
    broker_transport_options={"global_keyprefix": os.environ["TEST_BROKER_PREFIX"], "visibility_timeout": 3600},
)

__all__ = ["app"]
