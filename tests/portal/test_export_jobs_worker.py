"""Export jobs with a REAL Celery worker against Redis: routing to the `exports` queue, success, a transient
failure retried, a duplicate delivery, a permanent failure the user can read.

Needs REDIS_URL and PostgreSQL (the worker is another process and must see the test database):

    REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_x pytest -m worker

The worker uses Redis database 15 and a key prefix unique to the run, so it never takes another run's messages.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from campaign_portal import jobs
from campaign_portal.celery import app
from campaign_portal.models import ExportJob
from campaign_portal.tasks import export_job_run_task

pytestmark = [
    pytest.mark.worker,
    pytest.mark.xdist_group("worker"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("test_builders"),
]
ROOT = Path(__file__).resolve().parents[2]
Status = ExportJob.Status


def _test_broker_url(redis_url: str) -> str:
    parts = urlsplit(redis_url)
    return urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker tests need Redis (e.g. REDIS_URL=redis://127.0.0.1:6379/0)")
    if connection.vendor != "postgresql":
        pytest.skip("the real-worker tests need PostgreSQL (DATABASE_URL=postgres://…): the worker is another process")
    import redis

    broker = _test_broker_url(settings.REDIS_URL)
    try:
        redis.Redis.from_url(broker, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {broker}: {exc}")

    prefix = f"cp-test-{uuid.uuid4().hex[:8]}:"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "campaign_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": broker,
        "TEST_BROKER_URL": broker,
        "TEST_BROKER_PREFIX": prefix,
        "PYTHONPATH": str(ROOT),
    }
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "tests.portal.worker_app", "worker",
                "-Q", "exports,celery", "-c", "1", "--pool=solo", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{prefix}@%h",
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 40
    while b" ready." not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the Celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)

    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")}
    app.conf.update(
        task_always_eager=False,
        broker_url=broker,
        broker_transport_options={"global_keyprefix": prefix, "visibility_timeout": 3600},
    )
    _reset_producer_pool()
    yield log
    app.conf.update(saved)
    _reset_producer_pool()
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    redis.Redis.from_url(broker).delete(*(redis.Redis.from_url(broker).keys(f"{prefix}*") or [b"none"]))


def _reset_producer_pool() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def wait_for(job: ExportJob, statuses=(Status.DONE, Status.FAILED), timeout: float = 40) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job.pk} still {job.status} after {timeout} s")


def test_export_tasks_are_routed_to_the_exports_queue():
    route = app.amqp.router.route({}, export_job_run_task.name)
    assert route["queue"].name == "exports"
    assert export_job_run_task.acks_late is True
    assert export_job_run_task.soft_time_limit < export_job_run_task.time_limit


def test_a_job_is_built_by_the_worker(celery_worker_process, users, tree, client_for):
    job = jobs.export_job_request(kind="dummy", params={"data": "w"}, unit=tree.province, requested_by=users.office)
    job = wait_for(job)
    assert job.status == Status.DONE and job.progress == 100 and job.attempts == 1
    assert job.file.read() == f"w|{job.verification_code}".encode()
    body = client_for(users.office).get(reverse("exports:status", args=[job.pk])).json()
    assert body["status"] == "done" and body["download_url"]


def test_a_transient_failure_is_retried_with_backoff(celery_worker_process, users, tree, tmp_path):
    counter = tmp_path / "counter"
    job = jobs.export_job_request(
        kind="flaky", params={"counter": str(counter), "fail_times": 1}, unit=tree.province, requested_by=users.office
    )
    job = wait_for(job)
    assert job.status == Status.DONE
    assert job.attempts == 2
    assert counter.read_text() == "x"
    assert "Retry in" in celery_worker_process.read_text() or "retry" in celery_worker_process.read_text().lower()


def test_a_duplicate_delivery_does_nothing(celery_worker_process, users, tree):
    job = jobs.export_job_request(kind="dummy", params={"data": "d"}, unit=tree.province, requested_by=users.office)
    export_job_run_task.delay(job.pk)  # the same message delivered twice more
    export_job_run_task.delay(job.pk)
    job = wait_for(job)
    finished = job.finished_at
    time.sleep(1.5)  # let the worker consume the duplicates
    job.refresh_from_db()
    assert job.status == Status.DONE and job.attempts == 1 and job.finished_at == finished


def test_a_permanent_failure_is_shown_to_the_user(celery_worker_process, users, tree, client_for):
    job = jobs.export_job_request(kind="broken", params={}, unit=tree.province, requested_by=users.office)
    job = wait_for(job)
    assert job.status == Status.FAILED and job.attempts == 1
    body = client_for(users.office).get(reverse("exports:status", args=[job.pk])).json()
    assert body["error"] == "Kỳ báo cáo chưa có báo cáo nào được chấp nhận."
    assert body["retry_url"] == reverse("exports:retry", args=[job.pk])
    page = client_for(users.office).get(reverse("exports:list")).content.decode()
    assert "Kỳ báo cáo chưa có báo cáo nào được chấp nhận." in page
