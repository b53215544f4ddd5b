"""Rows the whole portal shares: the background export job.

An `ExportJob` is one request for a file (a consolidated PDF, an Excel workbook ...). The web process creates the
row and queues its id; a worker claims it (QUEUED -> RUNNING with a conditional UPDATE), reports progress on it,
and finishes it (DONE with a private file, or FAILED with a reason the user reads). The page polls the row.

Every finished file records what it was built from: `data_as_of` and `content_hash` (a SHA-256 of the data the
builder was given). A later job with the same kind and the same hash reuses the stored file (`reused_from`)
instead of building it again. `verification_code` is printed on the document, so anyone with access to the unit
can check on the portal that a printed copy matches what was exported.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _export_path(instance: ExportJob, filename: str) -> str:
    now = timezone.localdate()
    return f"exports/{now:%Y/%m}/{instance.pk}-{filename}"


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "steering.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="export_jobs",
        help_text=_("Whose data the file holds; empty = the whole country (superusers only)."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="export_jobs",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=_export_path, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=20, blank=True, db_index=True)
    summary = models.JSONField(pgettext_lazy("export job", "summary"), default=dict, blank=True)
    reused_from = models.ForeignKey(
        "self", verbose_name=_("reuses the file of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [
            models.Index(fields=["kind", "content_hash", "status"], name="export_job_reuse_idx"),
            models.Index(fields=["requested_by", "-created_at"], name="export_job_mine_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="export_job_stale_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="export_job_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
