"""Faults with real processes: a database restart, a broker outage, a worker killed in the middle of a job.

Each runs against a stack of its own (tests/portal/stack.py), so the rest of the suite is not disturbed.
"""

import json
import os
import time

import pytest

from tests.portal.stack import Browser, Postgres, Redis, Stack, missing_tools

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("faults"),
    pytest.mark.skipif(
        bool(missing_tools()) and not os.environ.get("CI"),
        reason=f"needs {', '.join(missing_tools())}",
    ),
]


@pytest.fixture(scope="module")
def stack():
    postgres, redis = Postgres(), Redis()
    postgres.create()
    redis.start()
    stack = Stack(postgres=postgres, redis=redis)
    try:
        stack.prepare()
        stack.start_web()
        stack.start_worker()
        yield stack
    finally:
        stack.stop()
        redis.stop()
        postgres.destroy()


def test_the_next_request_succeeds_after_postgresql_restarts(stack):
    browser = Browser(stack)
    browser.login("district")
    assert browser.get("/committees/")[0] == 200

    stack.postgres.restart()

    status, body = browser.get("/committees/")
    assert status == 200
    assert "Nam Sách" in body
    assert browser.get("/healthz")[0] == 200


def _job(stack, job_id: int) -> tuple[str, int, int]:
    return stack.sql("SELECT status, progress, attempts FROM campaign_portal_exportjob WHERE id = %s", job_id)[0]


def _wait_for_status(stack, job_id, wanted, timeout=60, poll=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if poll:
            poll()  # a user watching the progress bar
        status = _job(stack, job_id)
        if status[0] in wanted:
            return status
        time.sleep(0.3)
    error = stack.sql("SELECT error FROM campaign_portal_exportjob WHERE id = %s", job_id)[0][0]
    raise AssertionError(f"job {job_id} stayed {_job(stack, job_id)}: {error}")


def test_a_worker_killed_in_the_middle_of_an_export_does_not_lose_it(stack):
    job_id = int(
        stack.python(
            "import tests.portal.stack_worker\n"
            "from django.db import transaction\n"
            "from campaign_portal import jobs\n"
            "from steering.models import AdministrativeUnit, User\n"
            "with transaction.atomic():\n"
            "    job = jobs.export_job_request(kind='slow', params={'steps': 12, 'sleep': 0.5},\n"
            "        unit=AdministrativeUnit.objects.get(code='30'),\n"
            "        requested_by=User.objects.get(username='province'))\n"
            "print(job.pk)"
        )
    )
    browser = Browser(stack)
    browser.login("province")
    status = _wait_for_status(stack, job_id, {"running", "failed"})
    assert status[0] == "running", stack.sql("SELECT error FROM campaign_portal_exportjob WHERE id = %s", job_id)
    while _job(stack, job_id)[1] < 20:
        time.sleep(0.1)

    stack.kill_worker()
    code, body = browser.get(f"/exports/{job_id}/status.json")
    assert code == 200 and json.loads(body)["status"] == "running"  # the user sees it running, not lost

    stack.start_worker()
    status = _wait_for_status(
        stack, job_id, {"done", "failed"}, poll=lambda: browser.get(f"/exports/{job_id}/status.json")
    )
    assert status[0] == "done" and status[2] >= 2  # a second attempt finished it
    code, body = browser.get(f"/exports/{job_id}/download")
    assert code == 200 and body.startswith("slow export|")


def test_pages_work_while_redis_is_down_and_a_queued_export_runs_once_it_is_back(stack):
    district = Browser(stack)
    district.login("district")
    office = Browser(stack)
    office.login("province")
    report = int(
        stack.sql(
            "SELECT r.id FROM reporting_report r JOIN steering_administrativeunit u ON u.id = r.unit_id "
            "JOIN reporting_reportingperiod p ON p.id = r.period_id "
            "WHERE u.code = '291' AND p.code = '2021-H1' AND r.agency_id IS NULL"
        )[0][0]
    )

    stack.redis.stop()
    try:
        for path in ("/", "/committees/", "/reports/", f"/reports/{report}/edit/", "/inspections/"):
            assert district.get(path)[0] == 200, path
        # Typing into a draft while the broker is down: saved.
        code, body = district.get(f"/reports/{report}/edit/")
        version = Browser.find(r'name="version" value="(\d+)"', body)
        text = "Báo cáo soạn khi Redis ngừng hoạt động"
        code, _ = district.post(f"/reports/{report}/edit/", {"version": version, "s_I": text})
        assert code == 200
        assert (
            text
            in stack.sql(
                "SELECT text FROM reporting_reportsection s JOIN reporting_templatesection t "
                "ON t.id = s.section_id WHERE s.report_id = %s AND t.key = 'I'",
                report,
            )[0][0]
        )
        # Starting an export: queued, and the page says why it waits.
        code, body = office.post("/reports/consolidation/30/2021-H1/export/pdf/", {})
        assert code == 200
        job_id = stack.sql("SELECT max(id) FROM campaign_portal_exportjob WHERE kind = 'consolidated_pdf'")[0][0]
        state = json.loads(office.get(f"/exports/{job_id}/status.json")[1])
        assert state["status"] == "queued" and state["stage"]
    finally:
        stack.redis.start()

    status = _wait_for_status(
        stack, job_id, {"done", "failed"}, poll=lambda: office.get(f"/exports/{job_id}/status.json")
    )
    assert status[0] == "done"
    code, body = office.get(f"/exports/{job_id}/download")
    assert code == 200 and body.startswith("%PDF")
