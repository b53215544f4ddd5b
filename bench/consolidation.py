"""`make bench`: consolidation and export timings on the national synthetic dataset, beside the library floors.

Both maps: the old three-level one (PERIOD, 63 provinces, ~700 districts, 10,600 communes) and the two-level one
from 01/07/2025 (TWO_LEVEL_PERIOD, 34 provinces, 3,321 communes); units are looked up by code as of the period's
last day, since a code may name an old and a new unit ("31" is the old and the new Hải Phòng).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench python -m bench.consolidation

Builds the dataset first when it is absent (manage.py migrate + make_synthetic). Every measurement runs in a fresh
forked process, so its peak memory growth (ru_maxrss at the end minus the resident size at its start) is its own.
Times are the median of a few runs where a run is short. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO

PERIOD = "2023-H1"
PROVINCE = "01"  # Hà Nội: the province with the most districts (30) in the 2021 map
TWO_LEVEL_PERIOD = "2025-H2"
TWO_LEVEL_PROVINCE = "31"  # the new Thành phố Hải Phòng (old Hải Phòng + Hải Dương: 114 communes), key 31.20250701

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings.base")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cp_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789")
os.environ.setdefault("DEBUG", "false")  # DEBUG keeps every query in memory: it would spoil the memory figures
os.environ.setdefault("MEDIA_ROOT", "/tmp/cp-bench-media")  # noqa: S108
os.environ.setdefault("LOG_LEVEL", "WARNING")


def _ensure_database() -> None:
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432, password=db["PASSWORD"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()


def _prepare_dataset() -> None:
    from django.core.management import call_command

    from reporting.models import ReportSubmission

    call_command("migrate", verbosity=0, interactive=False)
    national = ReportSubmission.objects.filter(report__period__owner__isnull=True)
    if not all(national.filter(report__period__code=code).exists() for code in (PERIOD, TWO_LEVEL_PERIOD)):
        print("building the synthetic dataset (once) …", file=sys.stderr)
        call_command("make_synthetic", stdout=sys.stderr)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _child(conn, fn) -> None:
    from django.db import connections

    for c in connections.all():
        c.close_if_unusable_or_obsolete()
    start_rss = _rss_mb()
    started = time.perf_counter()
    extra = fn()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send((seconds, max(0.0, peak - start_rss), extra))
    conn.close()


def measure(fn: Callable[[], object], runs: int = 1) -> tuple[float, float, object]:
    """(median seconds, peak memory growth in MB, fn's return) of `fn` run `runs` times, each in a fresh fork."""
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    results = []
    for _i in range(runs):
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_child, args=(child, fn))
        process.start()
        results.append(parent.recv())
        process.join()
    return (
        statistics.median(r[0] for r in results),
        max(r[1] for r in results),
        results[-1][2],
    )


# --- what is measured ------------------------------------------------------------------------------------------


def _unit(code, period_code=PERIOD):
    """The unit holding `code` on the last day of the national period (None for the country)."""
    from reporting.models import ReportingPeriod
    from steering.models import AdministrativeUnit

    if not code:
        return None
    period = ReportingPeriod.objects.get(owner__isnull=True, code=period_code)
    unit = AdministrativeUnit.objects.with_code(code, on=period.end_date)
    if unit is None:
        raise LookupError(f"no unit holds code {code} on {period.end_date}")
    return unit


def consolidation(code, period_code=PERIOD):
    from reporting.consolidation import selectors

    def run():
        data = selectors.consolidation_load(unit=_unit(code, period_code), period_code=period_code)
        return data.result.completeness.counted

    return run


def export(code, fmt):
    """Prepare (consolidation, narrative, hash) + build (document number, file): what a job does, minus storage."""

    def run():
        from campaign_portal.jobs import BuildContext
        from reporting.consolidation.jobs import CONSOLIDATED_PDF, CONSOLIDATED_XLSX

        builder = CONSOLIDATED_PDF if fmt == "pdf" else CONSOLIDATED_XLSX
        unit = _unit(code)
        prepared = builder.prepare(params={"period": PERIOD, "include_late": True}, unit=unit)
        context = BuildContext(0, unit.pk if unit else None, None, "BENCH-MARK0", lambda percent, stage="": None)
        return len(builder.build(prepared, context=context).content)

    return run


def _national_document():
    from reporting.consolidation import selectors
    from reporting.consolidation.jobs import consolidated_document

    doc = consolidated_document(unit=None, period_code=PERIOD)
    detail = list(selectors.accepted_reports_detail(unit=None, period_code=PERIOD))
    return doc, detail


def xlsx_floor_pair():
    """Our workbook builder vs openpyxl's plain write-only loop writing the same cells (data read beforehand)."""
    from openpyxl import Workbook

    from reporting.consolidation import xlsx

    doc, detail = _national_document()
    sheets = [
        xlsx._cover(doc, number="", verification="BENCH", content_hash="0" * 64),
        xlsx._indicators(doc),
        xlsx._matrix(doc),
        xlsx._completeness(doc),
        xlsx._narrative(doc),
        xlsx._detail(doc, detail),
    ]
    cells = [([*s.header_lines], [c.header for c in s.columns], [list(r) for r in s.rows]) for s in sheets]

    started = time.perf_counter()
    xlsx.build(doc, verification="BENCH", content_hash="0" * 64, detail_rows=detail)
    ours = time.perf_counter() - started

    started = time.perf_counter()
    wb = Workbook(write_only=True)
    for index, (lines, header, rows) in enumerate(cells):
        ws = wb.create_sheet(f"S{index}")
        for line in lines:
            ws.append([line])
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.save(BytesIO())
    floor = time.perf_counter() - started
    return ours, floor, sum(len(r) * len(r[0]) if r else 0 for _l, _h, r in cells)


def pdf_floor_pair(code):
    """Our official PDF vs plain reportlab platypus rendering the same annex tables (chunked, same font/page)."""
    import datetime

    from bench.floors import reportlab_floor
    from campaign_portal.documents.pdf import register_fonts, render_pdf
    from reporting.consolidation import documents
    from reporting.consolidation.jobs import consolidated_document

    register_fonts()
    doc = consolidated_document(unit=_unit(code), period_code=PERIOD)
    tables = [b for b in documents.annex_blocks(doc) if hasattr(b, "rows")]
    for table in tables:  # materialize, outside the timing
        object.__setattr__(table, "rows", list(table.rows))

    started = time.perf_counter()
    official = documents.official_document(doc).issued(
        number="01/BC-MT", date=datetime.date(2023, 7, 5), verification="BENCH"
    )
    render_pdf(official)
    ours = time.perf_counter() - started
    floor = sum(reportlab_floor(table.rows, table.columns) for table in tables)
    return ours, floor, sum(len(t.rows) for t in tables)


def import_export_pair():
    """django-import-export exporting the detail rows to xlsx vs our builder writing the same rows."""
    from import_export import fields, resources

    from campaign_portal.xlsx import Column, Sheet, build_workbook

    doc, detail = _national_document()
    codes = [line.code for line in doc.indicators]
    headers = ["Mã đơn vị", "Đơn vị", "Cấp", "Báo cáo số", "Lần nộp", *codes]
    rows = [
        [code, name, level, pk, number, *(float(values[c]) if values.get(c) else None for c in codes)]
        for code, name, level, pk, number, values in detail
    ]

    class RowResource(resources.Resource):
        pass

    for index, header in enumerate(headers):
        RowResource.fields[f"c{index}"] = fields.Field(attribute=str(index), column_name=header)

    class Row(dict):
        def __getattr__(self, name):
            return self[name]

    objects = [Row({str(i): v for i, v in enumerate(row)}) for row in rows]

    started = time.perf_counter()
    dataset = RowResource().export(objects)
    dataset.export("xlsx")
    theirs = time.perf_counter() - started

    started = time.perf_counter()
    build_workbook([Sheet("Chi tiết", [Column(h) for h in headers], rows)])
    ours = time.perf_counter() - started
    return theirs, ours, len(rows)


def main() -> None:
    import django

    django.setup()
    _ensure_database()
    _prepare_dataset()
    from django.db import connection

    assert connection.vendor == "postgresql", "make bench runs on PostgreSQL"
    out: dict[str, object] = {
        "period": PERIOD,
        "province": PROVINCE,
        "two_level_period": TWO_LEVEL_PERIOD,
        "two_level_province": TWO_LEVEL_PROVINCE,
    }

    def record(key: str, fn, runs: int = 1) -> None:
        seconds, peak, extra = measure(fn, runs=runs)
        out[f"{key}_s"] = round(seconds, 3)
        out[f"{key}_peak_mb"] = round(peak, 1)
        print(f"{key}: {seconds:.3f} s, peak +{peak:.1f} MB ({extra})", file=sys.stderr)

    record("province_consolidation", consolidation(PROVINCE), runs=5)
    record("province_pdf", export(PROVINCE, "pdf"), runs=3)
    record("province_xlsx", export(PROVINCE, "xlsx"), runs=3)
    record("national_consolidation", consolidation(None), runs=3)
    record("national_pdf", export(None, "pdf"))
    record("national_xlsx", export(None, "xlsx"))
    # the two-level map: the country consolidates its 3,321 communes' reports directly, a province its communes
    record("two_level_province_consolidation", consolidation(TWO_LEVEL_PROVINCE, TWO_LEVEL_PERIOD), runs=5)
    record("two_level_national_consolidation", consolidation(None, TWO_LEVEL_PERIOD), runs=3)
    out["province_total_s"] = round(out["province_consolidation_s"] + out["province_pdf_s"] + out["province_xlsx_s"], 3)

    _s, _m, (ours, floor, cells) = measure(xlsx_floor_pair)
    out.update(national_xlsx_builder_s=round(ours, 3), openpyxl_floor_s=round(floor, 3), xlsx_floor_cells=cells)
    out["xlsx_floor_ratio"] = round(ours / floor, 2)
    _s, _m, (ours, floor, rows) = measure(lambda: pdf_floor_pair(None))
    out.update(national_pdf_builder_s=round(ours, 3), reportlab_floor_s=round(floor, 3), pdf_floor_rows=rows)
    out["pdf_floor_ratio"] = round(ours / floor, 2)
    theirs_s, theirs_mb, (theirs, ours, rows) = measure(import_export_pair)
    out.update(import_export_s=round(theirs, 3), ours_same_rows_s=round(ours, 3), import_export_rows=rows)
    out["import_export_ratio"] = round(theirs / ours, 2)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
