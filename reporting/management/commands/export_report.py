"""Export a consolidated report from the command line: the same export job and service as the web page.

    manage.py export_report --unit 30 --period 2021-H1 --format pdf --out bao-cao.pdf
    manage.py export_report --unit 30 --period 2021-H1 --format docx --out bao-cao.docx
    manage.py export_report --unit national --period 2021-H1 --format xlsx --out toan-quoc.xlsx

What it exports is a draft (no number, no date, marked DỰ THẢO): a report is numbered only when the office issues it
from the consolidation page, so exporting from here never uses up a number.

The job is recorded like any other (the operator's export appears under the unit's jobs) and runs in this
process; it reuses a stored file when the same data was exported before. Timings go to stderr.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign_portal import jobs
from campaign_portal.models import ExportJob
from reporting.consolidation.selectors import consolidation_unit


class Command(BaseCommand):
    help = "Export a draft of a unit's consolidated report for a period as PDF, Word or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code (30, 291 …) or 'national'")
        parser.add_argument("--period", required=True, help="period code (2021-H1, 2021 …)")
        parser.add_argument("--format", required=True, choices=["pdf", "docx", "xlsx"], dest="fmt")
        parser.add_argument("--out", required=True, help="where to write the file")
        parser.add_argument("--exclude-late", action="store_true", help="leave late (but accepted) reports out")

    def handle(self, *args, unit, period, fmt, out, exclude_late, **options):
        if unit == "national":
            unit_obj = None
        else:
            unit_obj = consolidation_unit(key=unit, period_code=period)
            if unit_obj is None:
                raise CommandError(f"No unit with code {unit}.")
        job = ExportJob.objects.create(
            kind=f"consolidated_{fmt}",
            params={"unit": unit_obj.code if unit_obj else None, "period": period, "include_late": not exclude_late},
            unit=unit_obj,
            title=f"{fmt.upper()} – {unit} – {period} (manage.py export_report)",
        )
        started = time.perf_counter()
        jobs.export_job_run(job_id=job.pk)
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        if job.status != ExportJob.Status.DONE:
            raise CommandError(job.error or f"The export ended as {job.status}.")
        with job.file.open("rb") as source:
            Path(out).write_bytes(source.read())
        reused = " (stored file reused)" if job.reused_from_id else ""
        self.stderr.write(f"{fmt} export of {unit} {period}: {elapsed:.3f} s, {job.size} bytes{reused}")
        self.stdout.write(
            f"{out}\tjob {job.pk}\tcode {job.verification_code}\tsha256 {job.file_sha256}\tdata as of {job.data_as_of}"
        )
