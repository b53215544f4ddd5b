"""The export-job machinery in-process (eager Celery): lifecycle, dedupe, retries, stale jobs, views and scope."""

import datetime
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaign_portal import jobs
from campaign_portal.models import ExportJob
from campaign_portal.tasks import export_job_run_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_builders")]
Status = ExportJob.Status


def request_and_run(django_capture_on_commit_callbacks, *, user, unit, kind="dummy", params=None):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.export_job_request(kind=kind, params=params or {"data": "abc"}, unit=unit, requested_by=user)
    job.refresh_from_db()
    return job


def test_it_builds_the_file_and_records_what_it_was_built_from(users, tree, django_capture_on_commit_callbacks):
    job = request_and_run(django_capture_on_commit_callbacks, user=users.office, unit=tree.province)
    assert job.status == Status.DONE
    assert job.progress == 100
    assert job.attempts == 1
    assert job.file.read() == f"abc|{job.verification_code}".encode()
    assert len(job.content_hash) == 64 and len(job.file_sha256) == 64
    assert job.data_as_of is not None and job.finished_at is not None
    assert job.summary == {"number": "1/BC-MT"}
    assert job.file.name.startswith("exports/")


def test_a_second_click_while_queued_returns_the_job_under_way(users, tree):
    def request(data):
        return jobs.export_job_request(
            kind="dummy", params={"data": data}, unit=tree.province, requested_by=users.office
        )

    first, again, other = request("a"), request("a"), request("b")
    assert again.pk == first.pk
    assert other.pk != first.pk


def test_an_unknown_kind_is_refused(users, tree):
    with pytest.raises(ValidationError):
        jobs.export_job_request(kind="nope", params={}, unit=tree.province, requested_by=users.office)


def test_a_duplicate_delivery_does_nothing(users, tree, django_capture_on_commit_callbacks):
    job = request_and_run(django_capture_on_commit_callbacks, user=users.office, unit=tree.province)
    name, finished = job.file.name, job.finished_at
    jobs.export_job_run(job_id=job.pk)
    export_job_run_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.file.name, job.finished_at, job.attempts) == (name, finished, 1)


def test_a_job_running_elsewhere_is_not_claimed_twice(users, tree):
    job = ExportJob.objects.create(kind="dummy", unit=tree.province, requested_by=users.office)
    assert jobs.export_job_claim(job_id=job.pk) is True
    assert jobs.export_job_claim(job_id=job.pk) is False
    jobs.export_job_run(job_id=job.pk)  # the duplicate message
    job.refresh_from_db()
    assert job.status == Status.RUNNING and not job.file


def test_same_data_reuses_the_stored_file(users, tree, django_capture_on_commit_callbacks):
    first = request_and_run(django_capture_on_commit_callbacks, user=users.office, unit=tree.province)
    second = request_and_run(django_capture_on_commit_callbacks, user=users.admin, unit=tree.province)
    assert second.status == Status.DONE
    assert second.reused_from_id == first.pk
    assert second.file.name == first.file.name
    assert second.verification_code == first.verification_code
    third = request_and_run(
        django_capture_on_commit_callbacks, user=users.office, unit=tree.province, params={"data": "changed"}
    )
    assert third.reused_from_id is None
    assert third.file.name != first.file.name
    assert third.content_hash != first.content_hash


def test_a_transient_error_puts_the_job_back_in_the_queue(users, tree, tmp_path):
    job = ExportJob.objects.create(
        kind="flaky", params={"counter": str(tmp_path / "c"), "fail_times": 1}, unit=tree.province
    )
    with pytest.raises(jobs.TransientExportError):
        jobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.QUEUED
    assert "restarting" in job.error
    jobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.DONE and job.attempts == 2 and job.error == ""


def test_the_task_retries_a_transient_error(users, tree, tmp_path):
    job = ExportJob.objects.create(
        kind="flaky", params={"counter": str(tmp_path / "c"), "fail_times": 2}, unit=tree.province
    )
    export_job_run_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.attempts == 3


def test_retries_give_up_and_the_job_says_why(users, tree, tmp_path):
    job = ExportJob.objects.create(
        kind="flaky", params={"counter": str(tmp_path / "c"), "fail_times": 100}, unit=tree.province
    )
    export_job_run_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "restarting" in job.error
    assert job.attempts == export_job_run_task.max_retries + 1


def test_a_permanent_error_fails_with_the_message(users, tree):
    job = ExportJob.objects.create(kind="broken", unit=tree.province)
    export_job_run_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "Kỳ báo cáo chưa có báo cáo nào được chấp nhận."
    assert job.attempts == 1


def test_a_crash_fails_with_a_readable_reason(users, tree):
    job = ExportJob.objects.create(kind="crashing", unit=tree.province)
    jobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert str(job.pk) in job.error and "RuntimeError" not in job.error


def test_a_failed_job_can_be_retried(users, tree, tmp_path, django_capture_on_commit_callbacks):
    job = ExportJob.objects.create(
        kind="flaky", params={"counter": str(tmp_path / "c"), "fail_times": 1}, unit=tree.province
    )
    jobs.export_job_fail(job_id=job.pk, reason="boom")
    with django_capture_on_commit_callbacks(execute=True):
        jobs.export_job_retry(job=job, user=users.office)
    job.refresh_from_db()
    assert job.status == Status.DONE
    with pytest.raises(ValidationError):
        jobs.export_job_retry(job=job, user=users.office)


def test_a_job_whose_worker_died_is_sent_again_and_completes(users, tree):
    job = ExportJob.objects.create(kind="dummy", unit=tree.province)
    jobs.export_job_claim(job_id=job.pk)  # a worker took it ... and died without a word
    assert jobs.export_jobs_sweep() == 0  # still fresh: it may be working
    later = timezone.now() + jobs.STALE_AFTER + datetime.timedelta(seconds=1)
    assert jobs.export_jobs_sweep(now=later) == 1
    job.refresh_from_db()
    assert job.status == Status.DONE and job.attempts == 2  # tasks are eager here: sent again = run again


def test_a_redelivered_message_takes_over_a_job_whose_worker_died(users, tree):
    job = ExportJob.objects.create(kind="dummy", unit=tree.province)
    assert jobs.export_job_claim(job_id=job.pk)
    assert not jobs.export_job_claim(job_id=job.pk)  # alive: the duplicate does nothing
    ExportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - jobs.STALE_AFTER - datetime.timedelta(seconds=1)
    )
    assert jobs.export_job_claim(job_id=job.pk)


def test_a_job_that_loses_its_worker_too_often_fails_with_a_reason(users, tree):
    job = ExportJob.objects.create(kind="dummy", unit=tree.province)
    jobs.export_job_claim(job_id=job.pk)
    ExportJob.objects.filter(pk=job.pk).update(attempts=jobs.MAX_ATTEMPTS)
    later = timezone.now() + jobs.STALE_AFTER + datetime.timedelta(seconds=1)
    assert jobs.export_jobs_sweep(now=later) == 1
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.error


def test_a_job_asked_for_while_the_broker_is_down_waits_and_is_sent_later(
    users, tree, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from campaign_portal import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(tasks.export_job_run_task, "apply_async", broker_down)
        job = jobs.export_job_request(kind="dummy", params={}, unit=tree.province, requested_by=users.office)
    job.refresh_from_db()
    assert job.status == Status.QUEUED
    assert job.stage == jobs.WAITING_FOR_BROKER and jobs.stage_label(job) != job.stage
    # The broker is back: the sweep (every minute, and when a worker starts) sends the job again.
    later = timezone.now() + jobs.RESEND_AFTER + datetime.timedelta(seconds=1)
    assert jobs.export_jobs_sweep(now=later) == 1
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error


def test_progress_is_throttled_and_bounded(users, tree):
    job = ExportJob.objects.create(kind="dummy", unit=tree.province)
    jobs.export_job_claim(job_id=job.pk)
    report = jobs._progress_reporter(job.pk)
    report(5, "a")
    report(6, "a")  # too small a step to write
    job.refresh_from_db()
    assert job.progress == 5
    jobs.export_job_progress(job_id=job.pk, percent=250)
    job.refresh_from_db()
    assert job.progress == 100


def test_content_hash_ignores_dict_order():
    assert jobs.content_hash({"a": 1, "b": 2}) == jobs.content_hash({"b": 2, "a": 1})
    assert jobs.content_hash({"a": 1}) != jobs.content_hash({"a": 2})


@pytest.mark.django_db(transaction=True)
def test_in_the_demo_the_job_runs_in_a_background_thread(users, tree, settings):
    settings.EXPORTS_BACKGROUND_THREAD = True
    job = jobs.export_job_request(kind="dummy", params={"data": "t"}, unit=tree.province, requested_by=users.office)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.05)
    assert job.status == Status.DONE


# --- views ---------------------------------------------------------------------------------------------------


@pytest.fixture
def done_job(users, tree, django_capture_on_commit_callbacks):
    return request_and_run(django_capture_on_commit_callbacks, user=users.district, unit=tree.district)


def test_anonymous_users_are_sent_to_login(client, done_job):
    for name in ("status", "download"):
        response = client.get(reverse(f"exports:{name}", args=[done_job.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("exports:list")).status_code == 302


def test_status_json_for_users_in_scope(users, client_for, done_job):
    for user in (users.district, users.office, users.viewer, users.admin):
        response = client_for(user).get(reverse("exports:status", args=[done_job.pk]))
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "done" and body["progress"] == 100
        assert body["download_url"] == reverse("exports:download", args=[done_job.pk])


def test_outsiders_get_404_for_status_download_retry_and_verify(users, client_for, done_job):
    for user in (users.outsider, users.other_office, users.commune):
        client = client_for(user)
        assert client.get(reverse("exports:status", args=[done_job.pk])).status_code == 404
        assert client.get(reverse("exports:download", args=[done_job.pk])).status_code == 404
        assert client.post(reverse("exports:retry", args=[done_job.pk])).status_code == 404
        assert client.get(reverse("exports:verify", args=[done_job.verification_code])).status_code == 404


def test_a_guessed_job_id_is_404(users, client_for, done_job):
    assert client_for(users.admin).get(reverse("exports:download", args=[done_job.pk + 999])).status_code == 404


def test_download_serves_the_private_file(users, client_for, done_job):
    response = client_for(users.office).get(reverse("exports:download", args=[done_job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == done_job.file.open("rb").read()
    assert response["Content-Disposition"].startswith("attachment") and "dummy.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_is_not_served_before_the_job_is_done(users, tree, client_for):
    job = ExportJob.objects.create(kind="dummy", unit=tree.district, requested_by=users.district)
    assert client_for(users.district).get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_media_files_are_not_served_by_url(users, client_for, done_job):
    assert client_for(users.admin).get(f"/media/{done_job.file.name}").status_code == 404


def test_retry_is_for_the_requester_or_a_writer_of_the_unit(users, tree, client_for):
    job = ExportJob.objects.create(kind="dummy", unit=tree.province, requested_by=users.office, status=Status.FAILED)
    assert client_for(users.viewer).post(reverse("exports:retry", args=[job.pk])).status_code == 403
    response = client_for(users.office).post(reverse("exports:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status in (Status.QUEUED, Status.DONE)


def test_retrying_a_job_that_did_not_fail_says_so(users, client_for, done_job):
    response = client_for(users.district).post(reverse("exports:retry", args=[done_job.pk]), follow=True)
    assert "retried" in response.content.decode() or "thử lại" in response.content.decode()


def test_a_national_job_is_for_superusers_only(users, client_for, django_capture_on_commit_callbacks):
    job = request_and_run(django_capture_on_commit_callbacks, user=users.admin, unit=None)
    assert client_for(users.office).get(reverse("exports:status", args=[job.pk])).status_code == 404
    assert client_for(users.admin).get(reverse("exports:download", args=[job.pk])).status_code == 200


def test_my_exports_lists_my_jobs_only(users, tree, client_for, done_job):
    ExportJob.objects.create(kind="dummy", unit=tree.province, requested_by=users.office, title="Office's file")
    body = client_for(users.district).get(reverse("exports:list")).content.decode()
    assert "Dummy export" in body
    assert "Office&#x27;s file" not in body and "Office's file" not in body


def test_my_exports_query_count_does_not_grow(users, tree, client_for, django_assert_max_num_queries):
    client = client_for(users.office)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("exports:list")).status_code == 200
        return len(ctx.captured_queries)

    ExportJob.objects.create(kind="dummy", unit=tree.province, requested_by=users.office)
    small = count()
    ExportJob.objects.bulk_create(
        ExportJob(kind="dummy", unit=tree.district, requested_by=users.office) for _i in range(20)
    )
    assert count() == small


def test_verify_shows_the_document_to_users_in_scope(users, client_for, done_job):
    client = client_for(users.office)
    response = client.get(reverse("exports:verify_form"), {"code": done_job.verification_code.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert done_job.content_hash in body and "1/BC-MT" in body


def test_verify_compares_an_uploaded_file(users, client_for, done_job):
    client = client_for(users.district)
    url = reverse("exports:verify", args=[done_job.verification_code])
    same = SimpleUploadedFile("copy.txt", Path(done_job.file.path).read_bytes())
    assert 'alert-success">' in client.post(url, {"file": same}).content.decode().replace(" ", "")
    forged = SimpleUploadedFile("copy.txt", b"something else")
    response = client.post(url, {"file": forged})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()


def test_an_unknown_verification_code_is_404(users, client_for):
    assert client_for(users.admin).get(reverse("exports:verify", args=["NOPE0-NOPE0"])).status_code == 404
