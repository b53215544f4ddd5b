"""A national-scale synthetic dataset for benchmarks (PostgreSQL), on both maps.

    manage.py make_synthetic            # the old map 2022-2023 (H1 + annual) and the two-level map 2025-H2, 2026-H1

The old map is the three-level one that ended on 30/06/2025 (63 provinces, their districts, 10,040 communes, from
vietnamadminunits, imported with `units_import`), padded with synthetic communes (codes 99xxxx, ending with their
districts on 30/06/2025) up to --communes. Then the official 2025 reorganisation is applied (`reorganise`: 34
provinces, 3,321 communes, no districts, from 01/07/2025). National periods (owner = none) open with the reports
service, for --years on the old map and --two-level-periods on the new one: each gets the expected reports of the
units that exist on its last day. Every report then gets one submission with ~40 values and most are accepted
(some missing, returned, waiting, late), written with bulk_create and COPY in batches: about 1.5 million values in
a few minutes. Deterministic (seeded random) and idempotent: the units are imported and reorganised once, and a
period that already has its submissions is left alone.

--provinces limits both maps to some old provinces and the new provinces they went into (a quick try, a test).
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
from simple_history.utils import bulk_create_with_history

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
from reporting.services.periods import period_defaults
from steering.models import AdministrativeUnit, UnitKind, unit_kind_of
from steering.reorganisation import reorganise
from steering.services import division_type_from_name, unit_key, unit_rows_from_package, units_import
from steering.text import fold
from steering.unit_data import REFORM_2025

SYNTHETIC_PREFIX = "99"  # synthetic commune codes: 99xxxx (6 digits, never a GSO code)
OLD_LAST_DAY = REFORM_2025 - datetime.timedelta(days=1)  # the old map's last day (30/06/2025)
NATIONAL_COMMUNES = 10_600
SCALE = {UnitKind.PROVINCE: 40, UnitKind.DISTRICT: 12, UnitKind.COMMUNE: 1}  # values grow with the unit's kind


def _period_specs(text: str) -> list[tuple[str, int]]:
    """ "2025-H2,2026-H1,2026" -> [("H2", 2025), ("H1", 2026), ("Y", 2026)] (period type code, year)."""
    specs = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        year, _sep, type_code = item.partition("-")
        if not year.isdigit():
            raise CommandError(f"{item!r}: write a period as YYYY (annual) or YYYY-H1 / YYYY-H2.")
        specs.append((type_code.upper() or "Y", int(year)))
    return specs


class Command(BaseCommand):
    help = "Build the national synthetic dataset (PostgreSQL) for `make bench`: the old and the two-level map."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", default="2022,2023", help="old-map years, each H1 + annual (default 2022,2023; '' for none)"
        )
        parser.add_argument(
            "--two-level-periods",
            default="2025-H2,2026-H1",
            help="two-level-map periods, YYYY or YYYY-H1/H2 (default 2025-H2,2026-H1; '' skips the reorganisation)",
        )
        parser.add_argument(
            "--communes",
            type=int,
            default=None,
            help=f"pad the old map's communes up to this number (default {NATIONAL_COMMUNES:,}; none with --provinces)",
        )
        parser.add_argument(
            "--provinces", default="", help="only these old provinces (comma-separated codes) and what they went into"
        )
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--allow-sqlite", action="store_true", help="for a quick try on a small machine")

    def handle(self, *args, years, two_level_periods, communes, provinces, seed, allow_sqlite, **options):
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError("make_synthetic writes ~1.5 M rows: run it on PostgreSQL (DATABASE_URL=postgres://…).")
        province_codes = [f"{int(c):02d}" for c in provinces.split(",") if c.strip()] or None
        if communes is None:
            communes = 0 if province_codes else NATIONAL_COMMUNES
        old_periods = [(type_code, int(y)) for y in years.split(",") if y.strip() for type_code in ("H1", "Y")]
        new_periods = _period_specs(two_level_periods)
        started = time.perf_counter()
        rng = random.Random(seed)
        self._old_map(communes, province_codes)
        old_units = AdministrativeUnit.objects.valid_on(OLD_LAST_DAY).count()
        self.stdout.write(f"old map: {old_units} units ({time.perf_counter() - started:.1f} s)")
        if new_periods:
            t = time.perf_counter()
            outcome = reorganise(province_codes=province_codes, move_people=False)
            new_units = AdministrativeUnit.objects.valid_on(REFORM_2025).count()
            done = ", ".join(f"{k} {v}" for k, v in sorted(outcome.counts.items())) or "already done"
            self.stdout.write(f"two-level map: {new_units} units ({done}; {time.perf_counter() - t:.1f} s)")
        template = reporting_selectors.newest_published_template()
        if template is None:
            raise CommandError("No published report template: run migrate first.")
        for type_code, year in old_periods + new_periods:
            period_type = PeriodType.objects.filter(code=type_code).first()
            if period_type is None:
                raise CommandError(f"No period type {type_code!r} (see reporting/migrations/0002).")
            t = time.perf_counter()
            code, reports, written = self._period(period_type, year, template, rng)
            self.stdout.write(f"{code}: {reports} reports, {written} values ({time.perf_counter() - t:.1f} s)")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")

    # --- units -------------------------------------------------------------------------------------------------

    @transaction.atomic
    def _old_map(self, target_communes: int, province_codes: list[str] | None) -> None:
        """The three-level map as it was on its last day, with the synthetic communes that pad it (ending with it)."""
        rows = [row for code in province_codes or [None] for row in unit_rows_from_package(province_code=code)]
        held = set(
            AdministrativeUnit.objects.valid_on(OLD_LAST_DAY)
            .filter(code__in=[r.code for r in rows])
            .values_list("code", flat=True)
        )
        if len(held) < len({r.code for r in rows}):
            units_import(rows=rows)
        old = AdministrativeUnit.objects.valid_on(OLD_LAST_DAY)
        communes = old.filter(level=3).count()
        if communes >= target_communes:
            return
        districts = list(old.filter(level=2).order_by("code").values_list("pk", "path"))
        taken = set(AdministrativeUnit.objects.filter(code__startswith=SYNTHETIC_PREFIX).values_list("key", flat=True))
        number = AdministrativeUnit.objects.filter(code__startswith=SYNTHETIC_PREFIX, level=3).count()
        pad = []
        while communes + len(pad) < target_communes:
            pk, path = districts[(number + len(pad)) % len(districts)]
            new_code = f"{SYNTHETIC_PREFIX}{number + len(pad):04d}"
            key = unit_key(new_code, None, taken)
            taken.add(key)
            name = f"Xã Tổng Hợp {number + len(pad) + 1}"
            pad.append(
                AdministrativeUnit(
                    code=new_code,
                    key=key,
                    name=name,
                    search_name=fold(name),
                    division_type=division_type_from_name(name, level=3),
                    level=3,
                    parent_id=pk,
                    path=f"{path}{key}/",
                    valid_to=OLD_LAST_DAY,  # its district ends then (every district does)
                )
            )
        bulk_create_with_history(pad, AdministrativeUnit, batch_size=2000)

    # --- one period ----------------------------------------------------------------------------------------------

    def _period(
        self, period_type: PeriodType, year: int, template: ReportTemplate, rng: random.Random
    ) -> tuple[str, int, int]:
        """(code, reports, values written) of one national period, opened (for the units that exist on its last
        day: the old map before 01/07/2025, the two-level map after) and filled unless it already is."""
        code = period_defaults(period_type=period_type, year=year).code
        period = ReportingPeriod.objects.filter(owner__isnull=True, code=code).first()
        if period is None:
            period = reporting_services.period_open(owner=None, period_type=period_type, year=year, template=template)
        if ReportSubmission.objects.filter(report__period=period).exists():
            return code, Report.objects.filter(period=period).count(), 0
        indicators = [
            ind
            for ind in Indicator.objects.filter(template=template).order_by("order")
            if period.is_annual or not ind.annual_only
        ]
        reports = list(Report.objects.filter(period=period).values_list("pk", "due_date", "unit__division_type"))
        # Each unit fills only the indicators its kind's form carries (reporting/scope.py).
        forms = {
            kind: [ind for ind in indicators if scope.fills(ind.filled_by, scope.Reporter.unit(kind))]
            for kind in scope.UNIT_KINDS
        }
        now = timezone.now()
        submissions = []
        plans = []  # (report pk, status, first_submitted_at, values)
        for pk, due, division_type in reports:
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
            kind = unit_kind_of(division_type)
            values = self._values(forms[kind], SCALE.get(kind, 1), rng)
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
                for indicator_code, value in values.items():
                    buffer.write(f"{pk}\t{by_code[indicator_code]}\t{value}\tmanual\t\t\n")
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
        return code, len(reports), written

    def _values(self, indicators, scale: int, rng: random.Random) -> dict[str, Decimal]:
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
