"""A national-scale synthetic dataset for benchmarks (PostgreSQL).

    manage.py make_synthetic            # 63 provinces, ~700 districts, ~10,600 communes, 2 years x (H1 + annual)

Units come from vietnam-provinces (the 2021 three-level map: 63 / 696 / 10,051), padded with synthetic communes
up to --communes. National periods (owner = none) for --years open with the reports service; then every report
gets one submission with ~40 values and most are accepted (some missing, returned, waiting, late), written with
bulk_create and COPY in batches: about 1.7 million values in a few minutes. Deterministic (seeded random) and
idempotent: a period that already has its submissions is left alone.
"""

from __future__ import annotations

import datetime
import io
import json
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from reporting import scope
from reporting import selectors as reporting_selectors
from reporting import services as reporting_services
from reporting.models import (
    Indicator,
    PeriodType,
    Report,
    ReportingPeriod,
    ReportStatus,
    ReportSubmission,
    ReportTemplate,
)
from steering.models import AdministrativeUnit, unit_kind_of
from steering.services import division_type_from_name, unit_rows_from_package
from steering.text import fold

SYNTHETIC_PREFIX = "99"  # synthetic commune codes: 99xxxx (6 digits, never a GSO code)


class Command(BaseCommand):
    help = "Build the national synthetic dataset (PostgreSQL) for `make bench`."

    def add_arguments(self, parser):
        parser.add_argument("--years", default="2022,2023", help="comma-separated years (default 2022,2023)")
        parser.add_argument("--communes", type=int, default=10_600, help="pad communes up to this number")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--allow-sqlite", action="store_true", help="for a quick try on a small machine")

    def handle(self, *args, years, communes, seed, allow_sqlite, **options):
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError("make_synthetic writes ~1.7 M rows: run it on PostgreSQL (DATABASE_URL=postgres://…).")
        started = time.perf_counter()
        rng = random.Random(seed)
        self._units(communes)
        self.stdout.write(f"units: {AdministrativeUnit.objects.count()} ({time.perf_counter() - started:.1f} s)")
        template = reporting_selectors.newest_published_template()
        if template is None:
            raise CommandError("No published report template: run migrate first.")
        for year in [int(y) for y in years.split(",") if y.strip()]:
            for type_code in ("H1", "Y"):
                t = time.perf_counter()
                written = self._period(PeriodType.objects.get(code=type_code), year, template, rng)
                self.stdout.write(f"{year} {type_code}: {written} values ({time.perf_counter() - t:.1f} s)")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")

    # --- units -------------------------------------------------------------------------------------------------

    @transaction.atomic
    def _units(self, target_communes: int) -> None:
        existing = set(AdministrativeUnit.objects.values_list("code", flat=True))
        rows = unit_rows_from_package()
        by_level = {1: [], 2: [], 3: []}
        for row in rows:
            level = 1 if not row.parent_code else (2 if len(row.code) == 3 else 3)
            by_level[level].append(row)
        paths = dict(AdministrativeUnit.objects.values_list("code", "path"))
        ids = dict(AdministrativeUnit.objects.values_list("code", "pk"))
        for level in (1, 2, 3):
            new = []
            for row in by_level[level]:
                if row.code in existing:
                    continue
                path = f"{paths[row.parent_code] if row.parent_code else ''}{row.code}/"
                paths[row.code] = path
                new.append(
                    AdministrativeUnit(
                        code=row.code,
                        name=row.name,
                        search_name=fold(row.name),
                        division_type=row.division_type,
                        level=level,
                        parent_id=ids.get(row.parent_code),
                        path=path,
                    )
                )
            AdministrativeUnit.objects.bulk_create(new, batch_size=2000)
            ids.update(AdministrativeUnit.objects.filter(level=level).values_list("code", "pk"))
        communes = AdministrativeUnit.objects.filter(level=3).count()
        districts = list(AdministrativeUnit.objects.filter(level=2).order_by("code").values_list("code", "pk", "path"))
        pad = []
        number = AdministrativeUnit.objects.filter(code__startswith=SYNTHETIC_PREFIX, level=3).count()
        while communes + len(pad) < target_communes:
            code, pk, path = districts[(number + len(pad)) % len(districts)]
            new_code = f"{SYNTHETIC_PREFIX}{number + len(pad):04d}"
            name = f"Xã Tổng Hợp {number + len(pad) + 1}"
            pad.append(
                AdministrativeUnit(
                    code=new_code,
                    name=name,
                    search_name=fold(name),
                    division_type=division_type_from_name(name, level=3),
                    level=3,
                    parent_id=pk,
                    path=f"{path}{new_code}/",
                )
            )
        AdministrativeUnit.objects.bulk_create(pad, batch_size=2000)

    # --- one period ----------------------------------------------------------------------------------------------

    def _period(self, period_type: PeriodType, year: int, template: ReportTemplate, rng: random.Random) -> int:
        code = f"{year}-H1" if period_type.code == "H1" else str(year)
        period = ReportingPeriod.objects.filter(owner__isnull=True, code=code).first()
        if period is None:
            period = reporting_services.period_open(owner=None, period_type=period_type, year=year, template=template)
        if ReportSubmission.objects.filter(report__period=period).exists():
            return 0
        indicators = [
            ind
            for ind in Indicator.objects.filter(template=template).order_by("order")
            if period.is_annual or not ind.annual_only
        ]
        reports = list(
            Report.objects.filter(period=period).values_list("pk", "unit__level", "due_date", "unit__division_type")
        )
        # Each unit fills only the indicators its kind's form carries (reporting/scope.py).
        forms = {
            kind: [ind for ind in indicators if scope.fills(ind.filled_by, scope.Reporter.unit(kind))]
            for kind in scope.UNIT_KINDS
        }
        now = timezone.now()
        submissions = []
        plans = []  # (report pk, status, first_submitted_at, values)
        for pk, level, due, division_type in reports:
            roll = rng.random()
            if roll < 0.03:
                continue  # missing: never started
            status = (
                ReportStatus.SUBMITTED
                if roll < 0.05
                else ReportStatus.RETURNED
                if roll < 0.06
                else ReportStatus.ACCEPTED
            )
            late = rng.random() < 0.1
            day = due + datetime.timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 5))
            submitted_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 8))))
            values = self._values(forms[unit_kind_of(division_type)], level or 3, rng)
            submissions.append(
                ReportSubmission(
                    report_id=pk,
                    number=1,
                    submitted_at=submitted_at,
                    values={k: str(v) for k, v in values.items()},
                    sections={"I": "Đã triển khai kế hoạch năm.", "III.1": "Nhiều chuyển biến tích cực."},
                )
            )
            plans.append((pk, status, submitted_at, values))
        with transaction.atomic():
            for start in range(0, len(submissions), 5000):
                ReportSubmission.objects.bulk_create(submissions[start : start + 5000])
            sub_ids = dict(ReportSubmission.objects.filter(report__period=period).values_list("report_id", "pk"))
            by_code = {ind.code: ind.pk for ind in indicators}
            buffer = io.StringIO()
            written = 0
            for pk, _status, _at, values in plans:
                for code, value in values.items():
                    buffer.write(f"{pk}\t{by_code[code]}\t{value}\tmanual\t\t\n")
                    written += 1
            buffer.seek(0)
            self._copy_values(buffer)
            rows = [
                (
                    pk,
                    status,
                    at,
                    now if status == ReportStatus.ACCEPTED else None,
                    sub_ids[pk] if status == ReportStatus.ACCEPTED else None,
                )
                for pk, status, at, _values in plans
            ]
            self._update_reports(rows)
        return written

    def _values(self, indicators, level: int, rng: random.Random) -> dict[str, Decimal]:
        scale = {1: 40, 2: 12, 3: 1}.get(level, 1)
        values: dict[str, Decimal] = {}
        for ind in indicators:
            if ind.aggregation == Indicator.Aggregation.NONE or ind.value_type == Indicator.ValueType.PERCENTAGE:
                continue
            if ind.value_type == Indicator.ValueType.MONEY:
                values[ind.code] = Decimal(rng.randint(0, 500 * scale)) / 10
            else:
                values[ind.code] = Decimal(rng.randint(0, 30 * scale))
        for ind in indicators:
            if ind.value_type == Indicator.ValueType.PERCENTAGE and ind.aggregation != Indicator.Aggregation.RATIO:
                values[ind.code] = Decimal(rng.randint(600, 980)) / 10
        return values

    def _copy_values(self, buffer: io.StringIO) -> None:
        table = Indicator._meta.apps.get_model("reporting", "ReportValue")._meta.db_table
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {table} (report_id, indicator_id, value, source, prefill_source, note) FROM STDIN", buffer
                )
            return
        from reporting.models import ReportValue

        batch = []
        for line in buffer:
            report_id, indicator_id, value, source, _prefill, _note = line.rstrip("\n").split("\t")
            batch.append(ReportValue(report_id=report_id, indicator_id=indicator_id, value=value, source=source))
        ReportValue.objects.bulk_create(batch, batch_size=5000)

    def _update_reports(self, rows) -> None:
        """One UPDATE per batch from a VALUES list (PostgreSQL), or bulk_update elsewhere."""
        if connection.vendor != "postgresql":
            objs = []
            for pk, status, at, accepted_at, sub_id in rows:
                objs.append(
                    Report(
                        pk=pk,
                        status=status,
                        first_submitted_at=at,
                        submitted_at=at,
                        accepted_at=accepted_at,
                        accepted_submission_id=sub_id,
                        version=2,
                    )
                )
            Report.objects.bulk_update(
                objs,
                ["status", "first_submitted_at", "submitted_at", "accepted_at", "accepted_submission", "version"],
                batch_size=2000,
            )
            return
        table = Report._meta.db_table
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            payload = json.dumps(
                [
                    [pk, status, at.isoformat(), accepted.isoformat() if accepted else None, sub]
                    for pk, status, at, accepted, sub in chunk
                ]
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {table} AS r SET status = v.status, first_submitted_at = v.at, submitted_at = v.at,
                        accepted_at = v.accepted_at, accepted_submission_id = v.sub, version = 2
                    FROM (
                        SELECT (e->>0)::bigint AS pk, e->>1 AS status, (e->>2)::timestamptz AS at,
                               (e->>3)::timestamptz AS accepted_at, (e->>4)::bigint AS sub
                        FROM jsonb_array_elements(%s::jsonb) AS e
                    ) AS v
                    WHERE r.id = v.pk
                    """,  # noqa: S608 - table names come from the models, values are parameters
                    [payload],
                )
