"""Background exports: request, claim, progress, finish, fail, retry, stale detection.

A kind of export (``consolidated_pdf``, ``consolidated_xlsx`` ...) is registered in ``BUILDERS`` by the dotted
path of an object with two methods:

    prepare(*, params: dict, unit) -> Prepared      # read the data (plain rows) and fingerprint it
    build(prepared, *, context: BuildContext) -> Built   # turn the rows into bytes, reporting progress

The flow of one job (``export_job_run``, called by the thin Celery task in campaign_portal/tasks.py):

1. claim: ``UPDATE ... SET status=RUNNING WHERE pk=? AND status=QUEUED``; a redelivered or duplicate message
   finds nothing to claim and returns without doing anything;
2. prepare, then look for a finished job of the same kind with the same content hash: if there is one, its stored
   file is reused (no rebuild, same verification code, since it is the same document);
3. otherwise build, store the file privately under MEDIA_ROOT, and finish;
4. a transient error (database or network hiccup, ``TransientExportError``) puts the job back to QUEUED and is
   re-raised so the task retries with backoff; anything else fails the job with a reason the user can read.

Without REDIS_URL (the demo), Celery runs tasks eagerly, which would build the file inside the request and leave
nothing for the progress bar to show. So when Celery is eager and the test settings are not in use, the job is
run in a daemon thread of the web process instead (``EXPORTS_BACKGROUND_THREAD`` in settings forces either way).
The thread runs the same task code; only the transport differs.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from campaign_portal.models import ExportJob

log = logging.getLogger(__name__)

Status = ExportJob.Status

# kind -> dotted path of the builder object. Apps add their kinds here; tests register their own.
BUILDERS: dict[str, str] = {
    "consolidated_pdf": "reporting.consolidation.jobs.CONSOLIDATED_PDF",
    "consolidated_docx": "reporting.consolidation.jobs.CONSOLIDATED_DOCX",
    "consolidated_xlsx": "reporting.consolidation.jobs.CONSOLIDATED_XLSX",
}

# A running job writes a heartbeat with its progress (at least every few seconds while it builds); one silent for
# longer than this has lost its worker, and another delivery may take it over.
STALE_AFTER = datetime.timedelta(seconds=getattr(settings, "EXPORT_STALE_AFTER_SECONDS", 120))
# A queued job nobody has claimed for this long has probably lost its message (broker down when it was sent).
RESEND_AFTER = datetime.timedelta(seconds=getattr(settings, "EXPORT_RESEND_AFTER_SECONDS", 60))
MAX_ATTEMPTS = 3  # workers lost mid-job before the job is failed for good
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper


# Publishing gives up quickly when the broker is down, so a click never hangs the page.
BROKER_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5}
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuOperationalError, RedisError, ConnectionError, OSError)
WAITING_FOR_BROKER = "waiting-for-broker"  # stage of a job that could not be sent yet


class ExportError(Exception):
    """A permanent failure with a message for the user ("the period has no accepted report yet")."""


class TransientExportError(Exception):
    """A failure worth retrying (a service briefly unavailable)."""


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientExportError,
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)


@dataclass
class Prepared:
    data: Any  # plain rows for the builder
    content_hash: str
    data_as_of: datetime.datetime
    filename: str
    title: str = ""


@dataclass
class Built:
    content: bytes
    summary: dict = field(default_factory=dict)  # shown on the verification page (number, totals ...)


@dataclass
class BuildContext:
    job_id: int
    unit_id: int | None
    requested_by_id: int | None
    verification_code: str
    on_progress: Callable[[int, str], None]


class Builder(Protocol):
    def prepare(self, *, params: dict, unit) -> Prepared: ...

    def build(self, prepared: Prepared, *, context: BuildContext) -> Built: ...


def content_hash(*parts: Any) -> str:
    """SHA-256 of a canonical JSON rendering: equal data gives an equal hash, whatever the dict order."""
    payload = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def builder_for(kind: str) -> Builder:
    try:
        dotted = BUILDERS[kind]
    except KeyError:
        raise ExportError(_("Unknown export kind “%(kind)s”.") % {"kind": kind}) from None
    return import_string(dotted)


def verification_code_new() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _i in range(10))
    return f"{raw[:5]}-{raw[5:]}"


# --- request ------------------------------------------------------------------------------------------------


@transaction.atomic
def export_job_request(*, kind: str, params: dict, unit, requested_by, title: str = "") -> ExportJob:
    """Create a job and queue it once the transaction commits. A second click while the same export is still
    queued or running returns the job already under way instead of starting another."""
    if kind not in BUILDERS:
        raise ValidationError({"kind": _("Unknown export kind “%(kind)s”.") % {"kind": kind}})
    under_way = (
        ExportJob.objects.select_for_update()
        .filter(kind=kind, params=params, unit=unit, requested_by=requested_by)
        .filter(status__in=[Status.QUEUED, Status.RUNNING])
        .first()
    )
    if under_way is not None:
        return under_way
    job = ExportJob.objects.create(kind=kind, params=params, unit=unit, requested_by=requested_by, title=title)
    transaction.on_commit(lambda: export_job_enqueue(job_id=job.pk))
    return job


def _background_thread_mode() -> bool:
    configured = getattr(settings, "EXPORTS_BACKGROUND_THREAD", None)
    if configured is not None:
        return bool(configured)
    in_tests = os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".test")
    return bool(settings.CELERY_TASK_ALWAYS_EAGER) and not in_tests


def export_job_enqueue(*, job_id: int) -> bool:
    """Send the job to the workers. With the broker down the job stays QUEUED (the page says it is waiting) and
    the sweep sends it again once the broker is back; nothing the user asked for is lost. True when sent."""
    return bool(_send([job_id]))


def _send(job_ids: list[int]) -> list[int]:
    """Publish each job (one message each) and mark in two UPDATEs which went out and which wait for the broker."""
    from campaign_portal.tasks import export_job_run_task

    sent: list[int] = []
    for job_id in job_ids:  # one publish per job; no query in the loop
        if _background_thread_mode():
            threading.Thread(target=_run_in_thread, args=(job_id,), name=f"export-job-{job_id}", daemon=True).start()
            sent.append(job_id)
            continue
        try:
            export_job_run_task.apply_async(args=[job_id], retry_policy=BROKER_RETRY_POLICY)
        except BROKER_ERRORS as exc:
            log.warning("export job %s: broker unavailable, left queued: %s", job_id, exc)
        else:
            sent.append(job_id)
    waiting = [job_id for job_id in job_ids if job_id not in sent]
    if waiting:
        ExportJob.objects.filter(pk__in=waiting, status=Status.QUEUED).update(stage=WAITING_FOR_BROKER)
    if sent:
        ExportJob.objects.filter(pk__in=sent, status=Status.QUEUED, stage=WAITING_FOR_BROKER).update(stage="")
    return sent


def stage_label(job: ExportJob) -> str:
    """What the progress bar says under the bar."""
    if job.stage == WAITING_FOR_BROKER:
        return _("Queued: the job service is unavailable right now; the export will start as soon as it is back.")
    return job.stage


def _run_in_thread(job_id: int) -> None:
    from campaign_portal.tasks import export_job_run_task

    try:
        export_job_run_task.apply(args=[job_id])
    finally:
        connection.close()


# --- the run ------------------------------------------------------------------------------------------------


def export_job_claim(*, job_id: int) -> bool:
    """QUEUED -> RUNNING, atomically; also RUNNING -> RUNNING when the job's worker has died (its heartbeat is older
    than STALE_AFTER): the redelivered message takes the job over. False when another delivery holds or finished it.
    """
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(
        status=Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER, attempts__lt=MAX_ATTEMPTS
    )
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        status=Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        stage="",
        error="",
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def export_job_progress(*, job_id: int, percent: int, stage: str = "") -> None:
    percent = max(0, min(100, int(percent)))
    ExportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        progress=percent, stage=stage[:100], heartbeat_at=timezone.now()
    )


def _progress_reporter(job_id: int) -> Callable[[int, str], None]:
    """A progress callback that writes at most every 2 % or every half second, so a 10,000-row table does not
    become 10,000 UPDATEs."""
    state = {"percent": -100, "stage": None, "at": 0.0}

    def report(percent: int, stage: str = "") -> None:
        now = time.monotonic()
        if (
            percent - state["percent"] >= 2
            or stage != state["stage"]
            or (now - state["at"] >= 0.5 and percent != state["percent"])
        ):
            state.update(percent=percent, stage=stage, at=now)
            export_job_progress(job_id=job_id, percent=percent, stage=stage)

    return report


def export_job_release(*, job_id: int, error: str) -> None:
    """RUNNING -> QUEUED after a transient error, so the retried task can claim it again."""
    ExportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.QUEUED, error=error[:2000], stage=""
    )


def export_job_fail(*, job_id: int, reason: str) -> bool:
    updated = (
        ExportJob.objects.filter(pk=job_id)
        .exclude(status__in=[Status.DONE, Status.FAILED])
        .update(status=Status.FAILED, error=reason[:2000], finished_at=timezone.now(), stage="")
    )
    return updated == 1


def _finish(job: ExportJob, **fields) -> None:
    fields.update(status=Status.DONE, progress=100, stage="", error="", finished_at=timezone.now())
    updated = ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(**fields)
    if updated != 1:
        log.warning("export job %s was no longer running when it finished", job.pk)


def export_job_run(*, job_id: int) -> None:
    """Build (or reuse) the file of one job. Safe to call twice for the same job: only one call does the work."""
    if not export_job_claim(job_id=job_id):
        log.info("export job %s: nothing to claim (duplicate or redelivered message)", job_id)
        return
    job = ExportJob.objects.select_related("unit").get(pk=job_id)
    report = _progress_reporter(job_id)
    try:
        builder = builder_for(job.kind)
        report(1, _("Reading the data"))
        prepared = builder.prepare(params=job.params, unit=job.unit)
        origin = (
            ExportJob.objects.filter(kind=job.kind, content_hash=prepared.content_hash, status=Status.DONE)
            .exclude(file="")
            .filter(reused_from__isnull=True)
            .order_by("pk")
            .first()
        )
        if origin is not None and origin.file.storage.exists(origin.file.name):
            _finish(
                job,
                file=origin.file.name,
                filename=origin.filename,
                size=origin.size,
                file_sha256=origin.file_sha256,
                content_hash=origin.content_hash,
                data_as_of=origin.data_as_of,
                verification_code=origin.verification_code,
                summary=origin.summary,
                title=prepared.title or job.title,
                reused_from=origin,
            )
            return
        code = verification_code_new()
        context = BuildContext(job.pk, job.unit_id, job.requested_by_id, code, report)
        built = builder.build(prepared, context=context)
        report(99, _("Saving the file"))
        job.file.save(prepared.filename, ContentFile(built.content), save=False)
        _finish(
            job,
            file=job.file.name,
            filename=prepared.filename,
            size=len(built.content),
            file_sha256=hashlib.sha256(built.content).hexdigest(),
            content_hash=prepared.content_hash,
            data_as_of=prepared.data_as_of,
            verification_code=code,
            summary=built.summary,
            title=prepared.title or job.title,
        )
    except TRANSIENT_ERRORS as exc:
        log.warning("export job %s: transient error, will retry: %s", job_id, exc)
        if not connection.in_atomic_block:
            close_old_connections()  # a broken connection is replaced before the job row is written again
        export_job_release(job_id=job_id, error=str(exc))
        raise
    except SoftTimeLimitExceeded:
        export_job_fail(job_id=job_id, reason=_("The export took too long and was stopped. Try again later."))
        raise
    except ExportError as exc:
        export_job_fail(job_id=job_id, reason=str(exc))
    except Exception:
        log.exception("export job %s failed", job_id)
        export_job_fail(
            job_id=job_id,
            reason=_("The export failed because of an internal error (job %(id)s). The team has been told.")
            % {"id": job_id},
        )


# --- after the fact -----------------------------------------------------------------------------------------


@transaction.atomic
def export_job_retry(*, job: ExportJob, user) -> ExportJob:
    """Queue a failed job again (same row, same parameters)."""
    updated = ExportJob.objects.filter(pk=job.pk, status=Status.FAILED).update(
        status=Status.QUEUED, progress=0, stage="", finished_at=None, started_at=None
    )
    if updated != 1:
        raise ValidationError(_("Only a failed export can be retried."))
    transaction.on_commit(lambda: export_job_enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def export_jobs_sweep(*, now: datetime.datetime | None = None, job_ids: list[int] | None = None) -> int:
    """Recover jobs nobody is working on; returns how many changed. Runs every minute (beat), when a worker starts,
    and when a user looks at their exports, so no job stays stuck.

    - RUNNING with no heartbeat for STALE_AFTER (its worker died): back to QUEUED and sent again, or FAILED with a
      reason once MAX_ATTEMPTS workers were lost on it;
    - QUEUED and unclaimed for RESEND_AFTER (its message was lost, e.g. the broker was down): sent again. A
      duplicate message is harmless: only one delivery can claim the job.
    """
    now = now or timezone.now()
    jobs = ExportJob.objects.all() if job_ids is None else ExportJob.objects.filter(pk__in=job_ids)
    dead = jobs.filter(status=Status.RUNNING).filter(
        Q(heartbeat_at__lt=now - STALE_AFTER) | Q(heartbeat_at__isnull=True, created_at__lt=now - STALE_AFTER)
    )
    failed = dead.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED,
        error=_("The export stopped responding several times (its worker was interrupted). Try again."),
        finished_at=now,
        stage="",
    )
    requeued = list(dead.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    if requeued:
        ExportJob.objects.filter(pk__in=requeued, status=Status.RUNNING).update(status=Status.QUEUED, stage="")
    lost = jobs.filter(status=Status.QUEUED, created_at__lt=now - RESEND_AFTER).filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - RESEND_AFTER)
    )
    resend = [*requeued, *lost.exclude(pk__in=requeued).values_list("pk", flat=True)]
    if resend:
        # Remember when the message went out, so a job is not sent again on every sweep.
        ExportJob.objects.filter(pk__in=resend, status=Status.QUEUED).update(heartbeat_at=now)
    _send(resend)
    return failed + len(resend)
