"""Export builders for the job tests: they exercise the machinery, not a real document."""

import time
from pathlib import Path

from django.utils import timezone

from campaign_portal.jobs import Built, ExportError, Prepared, TransientExportError, content_hash

TEST_BUILDERS = {
    "dummy": "tests.portal.builders.DUMMY",
    "flaky": "tests.portal.builders.FLAKY",
    "broken": "tests.portal.builders.BROKEN",
    "crashing": "tests.portal.builders.CRASHING",
}


class Dummy:
    """Builds "<data>|<verification code>"; params: data, steps, sleep (seconds per step)."""

    def prepare(self, *, params, unit):
        data = params.get("data", "rows")
        return Prepared(
            data=data,
            content_hash=content_hash("dummy", data, unit.pk if unit else None),
            data_as_of=timezone.now(),
            filename="dummy.txt",
            title="Dummy export",
        )

    def build(self, prepared, *, context):
        steps = 5
        for step in range(steps):
            context.on_progress(10 + step * 80 // steps, f"step {step + 1}")
            time.sleep(float(getattr(self, "sleep", 0)))
        return Built(content=f"{prepared.data}|{context.verification_code}".encode(), summary={"number": "1/BC-MT"})


class Flaky(Dummy):
    """Raises a transient error while the counter file named in params["counter"] holds fewer than
    params["fail_times"] marks (a file, so that a worker process and the test share it)."""

    def prepare(self, *, params, unit):
        counter = Path(params["counter"])
        seen = counter.read_text() if counter.exists() else ""
        if len(seen) < int(params.get("fail_times", 1)):
            counter.write_text(seen + "x")
            raise TransientExportError("the database is restarting")
        return super().prepare(params=params, unit=unit)


class Broken(Dummy):
    def prepare(self, *, params, unit):
        raise ExportError("Kỳ báo cáo chưa có báo cáo nào được chấp nhận.")


class Crashing(Dummy):
    def build(self, prepared, *, context):
        raise RuntimeError("a bug")


DUMMY = Dummy()
FLAKY = Flaky()
BROKEN = Broken()
CRASHING = Crashing()
