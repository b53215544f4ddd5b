"""The Celery app of the fault-test stack's worker (`celery -A tests.portal.stack_worker worker`): the portal's
own app, with settings from the stack's environment, plus a slow export so a test can kill the worker mid-job."""

import time

import django

django.setup()

from campaign_portal import jobs  # noqa: E402
from campaign_portal.celery import app  # noqa: E402
from campaign_portal.jobs import Built  # noqa: E402
from tests.portal.builders import Dummy  # noqa: E402


class Slow(Dummy):
    """params: steps, sleep (seconds per step)."""

    def build(self, prepared, *, context):
        steps, pause = int(self.params.get("steps", 10)), float(self.params.get("sleep", 0.5))
        for step in range(steps):
            context.on_progress(5 + step * 90 // steps, f"step {step + 1}/{steps}")
            time.sleep(pause)
        return Built(content=f"slow export|{context.verification_code}".encode(), summary={})

    def prepare(self, *, params, unit):
        self.params = params
        return super().prepare(params=params, unit=unit)


SLOW = Slow()
jobs.BUILDERS["slow"] = "tests.portal.stack_worker.SLOW"

__all__ = ["app"]
