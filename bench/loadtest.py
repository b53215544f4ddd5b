"""`make loadtest`: the end-of-period rush against the production stack, then a check that no write was lost.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python -m bench.loadtest [--duration 60] [--users 20]

1. Prepares a PostgreSQL database: migrate, the Hải Dương demo, the national synthetic dataset (make_synthetic),
   a load period "LOAD" opened over Hải Dương, and one account per virtual user.
2. Starts gunicorn (2 x cores + 1 workers) and a Celery worker, like `make serve`.
3. Runs the virtual users on loopback for --duration seconds after a --warmup (15 s, not timed: each gunicorn
   worker's first request for a page compiles its templates), each pausing 2-5 s between clicks (--think-min/max):
   unit staff open their dashboard and report, save drafts and submit; reviewers open status boards and consolidated
   reports; inspectors log inspections; the provincial office starts a few exports and polls them.
4. Stops the stack and verifies every write against the database: each draft save and submission bumps the report's
   version exactly once and the last text is there; each inspection appears once with its marker; each export job
   exists. The last line is one JSON object.

Every request goes to 127.0.0.1 only; loops are bounded by the duration and by --max-requests.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import html.parser
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from campaign_portal.management.commands.serve import web_workers  # noqa: E402
from tests.portal.stack import Browser, free_port, port_open, wait_for  # noqa: E402

PASSWORD = "load-test-Pa55word"  # noqa: S105 - accounts of a throw-away benchmark database


# --- a browser's view of a form ----------------------------------------------------------------------------


class _FormParser(html.parser.HTMLParser):
    """The fields of one <form> (by action substring, or the first POST form) with the values a browser posts."""

    def __init__(self, action_hint: str = ""):
        super().__init__(convert_charrefs=True)
        self.hint = action_hint
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self.unchecked: dict[str, list[str]] = collections.defaultdict(list)  # boxes a person could tick
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and not self.inside:
            action = a.get("action") or ""
            if (a.get("method") or "get").lower() == "post" and (self.hint in action or action in ("", ".")):
                self.inside = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                self.unchecked[name].append(a.get("value") or "on")
                return
            self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.select_value = name, None
        elif tag == "option" and self.select is not None:
            if a.get("value"):
                self.unchecked[self.select].append(a["value"])  # choices a person could pick
            if self.select_value is None or "selected" in a:
                self.select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select is not None:
            self.fields.append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_fields(body: str, action_hint: str = "") -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(the values a browser would post as the page stands, the other choices: unticked boxes, select options)."""
    parser = _FormParser(action_hint)
    parser.feed(body)
    fields: dict[str, list[str]] = collections.defaultdict(list)
    for name, value in parser.fields:
        fields[name].append(value)
    return dict(fields), dict(parser.unchecked)


# --- measurements ---------------------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, page: str, seconds: float, status: int, ok: bool, note: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.latencies[page].append(seconds * 1000)
            if not ok:
                self.errors.append(f"{page}: HTTP {status} {note}")


@dataclass
class Writes:
    report_saves: collections.Counter = field(default_factory=collections.Counter)  # report id -> saves
    report_last_text: dict[int, str] = field(default_factory=dict)
    inspection_markers: list[str] = field(default_factory=list)
    export_jobs: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def made(self) -> int:
        return sum(self.report_saves.values()) + len(self.inspection_markers) + len(self.export_jobs)


class VirtualUser(threading.Thread):
    def __init__(self, run, username: str, role: str, data: dict, seed: int):
        super().__init__(daemon=True)
        self.run_ = run
        self.username, self.role, self.data = username, role, data
        self.rng = random.Random(seed)
        self.browser = Browser(run.stack)

    def timed(self, page: str, path: str, data: dict | None = None, expect=(200, 302)) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            status, body = self.browser.request(path, data, timeout=30)
        except Exception as exc:  # noqa: BLE001 - a refused or timed-out request is an error to report
            if self.run_.measuring():
                self.run_.stats.record(page, time.perf_counter() - started, 0, False, repr(exc))
            return 0, ""
        if self.run_.measuring():
            self.run_.stats.record(page, time.perf_counter() - started, status, status in expect, path)
        return status, body

    def think(self) -> None:
        time.sleep(self.rng.uniform(self.run_.args.think_min, self.run_.args.think_max))

    def run(self) -> None:
        try:
            self.browser.login(self.username, PASSWORD)
        except AssertionError as exc:
            self.run_.stats.errors.append(f"login {self.username}: {exc}")
            return
        step = getattr(self, f"step_{self.role}")
        while not self.run_.finished():
            step()
            self.think()

    # unit staff: dashboard, report, drafts, one submission
    def step_staff(self) -> None:
        report = self.data["report"]
        self.timed("dashboard", "/")
        if self.data.get("submitted"):  # locked for its unit now: they read it and wait for the review
            self.think()
            self.timed("report_detail", f"/reports/{report}/")
            return
        self.think()
        status, body = self.timed("report_edit", f"/reports/{report}/edit/")
        if status != 200 or "action" not in body:
            self.timed("report_detail", f"/reports/{report}/")
            return
        self.think()  # typing the figures
        fields, _unticked = form_fields(body, f"/reports/{report}/edit/")
        marker = f"LOAD-{uuid.uuid4().hex[:12]}"
        for name in fields:
            if name.startswith("v_") and self.rng.random() < 0.5:
                fields[name] = [str(self.rng.randint(0, 40))]
        fields["s_I"] = [f"Nội dung chỉ đạo, triển khai {marker}"]
        submit = self.run_.writes.report_saves[report] >= 3  # three drafts, then the submission
        if submit:
            fields["action"] = ["submit"]
        # A saved form redirects (followed: 200); a refused one answers 400/409 with the form.
        status, _body = self.timed("report_submit" if submit else "report_save", f"/reports/{report}/edit/", fields)
        if status == 200:
            with self.run_.writes.lock:
                self.run_.writes.report_saves[report] += 1
                self.run_.writes.report_last_text[report] = marker
            if submit:
                self.data["submitted"] = True

    # reviewers: status boards and consolidated reports
    def step_reviewer(self) -> None:
        self.timed("board", f"/reports/periods/{self.data['period']}/")
        self.think()
        self.timed("consolidation", f"/reports/consolidation/{self.data['unit']}/{self.data['period_code']}/")
        self.think()
        self.timed("report_list", "/reports/")

    # inspectors: log an inspection on the phone form
    def step_inspector(self) -> None:
        self.timed("inspection_list", "/inspections/")
        path = f"/inspections/plans/{self.data['plan']}/log/"
        status, body = self.timed("inspection_form", path)
        if status != 200:
            return
        fields, unticked = form_fields(body, path)
        marker = f"LOAD-{uuid.uuid4().hex[:12]}"
        fields["client_uuid"] = [str(uuid.uuid4())]
        fields["conclusion"] = [f"Kết luận của đoàn {marker}"]
        if not (fields.get("business") or [""])[0] and unticked.get("business"):
            fields["business"] = [self.rng.choice(unticked["business"])]
        # An inspection belongs to its plan's year.
        day = datetime.date(self.data["year"], self.rng.randint(1, 12), self.rng.randint(1, 28))
        fields["inspected_at"] = [f"{day:%Y-%m-%d}T09:30"]
        fields["vn_goods_share"] = [str(self.rng.randint(60, 98))]
        if not fields.get("team") and unticked.get("team"):
            fields["team"] = unticked["team"][:2]
        status, _ = self.timed("inspection_save", path, fields)
        if status == 200:
            with self.run_.writes.lock:
                self.run_.writes.inspection_markers.append(marker)

    # the provincial office: a few exports
    def step_exporter(self) -> None:
        page = f"/reports/consolidation/{self.data['unit']}/{self.data['period_code']}/"
        status, body = self.timed("consolidation", page)
        if self.run_.elapsed() - self.data.setdefault("last_export", -99) < 15:
            return
        self.data["last_export"] = self.run_.elapsed()
        fmt = self.rng.choice(["pdf", "xlsx"])
        status, body = self.timed("export_start", f"{page}export/{fmt}/", {})
        job = self.run_.latest_job_for(self.username)
        if job:
            with self.run_.writes.lock:
                if job not in self.run_.writes.export_jobs:
                    self.run_.writes.export_jobs.append(job)
            self.timed("export_status", f"/exports/{job}/status.json")


# --- the run ---------------------------------------------------------------------------------------------------


class LoadRun:
    def __init__(self, args):
        self.args = args
        self.stats = Stats()
        self.writes = Writes()
        self.started = 0.0
        self.stack = None

    def elapsed(self) -> float:
        """Seconds since the measurement began (negative during the warm-up)."""
        return time.monotonic() - self.started - self.args.warmup

    def measuring(self) -> bool:
        return self.elapsed() >= 0

    def finished(self) -> bool:
        return self.elapsed() >= self.args.duration or self.stats.requests >= self.args.max_requests

    def latest_job_for(self, username: str) -> int | None:
        from campaign_portal.models import ExportJob

        job = ExportJob.objects.filter(requested_by__username=username).order_by("-pk").first()
        return job.pk if job else None


def _env(args) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "campaign_portal.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": "load-test-secret-key-0123456789-abcdefghijklmnopqrstuv",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "MEDIA_ROOT": str(ROOT / "bench-out" / "media"),
        "STATIC_ROOT": str(ROOT / "bench-out" / "static"),
        "AXES_FAILURE_LIMIT": "100000",
        "LOG_LEVEL": "WARNING",
    }


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=True)


def prepare(args, env) -> None:
    parsed = urllib.parse.urlparse(args.database_url)
    dbname = parsed.path.lstrip("/")
    subprocess.run(
        [
            "createdb",
            "-h",
            parsed.hostname or "127.0.0.1",
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username or "postgres",
            dbname,
        ],
        capture_output=True,
        check=False,
    )
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "compile_catalogues", "-v", "0")
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    _manage(env, "seed_demo", "--force")
    if not args.skip_synthetic:
        _manage(env, "make_synthetic")


def setup_users(args) -> list[tuple[str, str, dict]]:
    """One account per virtual user, a fresh LOAD period over Hải Dương, and what each user works on."""
    from django.contrib.auth.models import Group

    from inspections.models import InspectionPlan
    from reporting import services as reporting_services
    from reporting.models import PeriodType, Report, ReportingPeriod
    from steering.models import AdministrativeUnit, Role, User

    province = AdministrativeUnit.objects.get(code="30")
    office = User.objects.get(username="province")
    code = f"LOAD-{int(time.time())}"
    period = reporting_services.period_open(
        owner=province,
        period_type=PeriodType.objects.get(code="H1"),
        year=2021,
        opened_by=office,
        code=code,
        name=f"Load test {code}",
    )
    demo_period = ReportingPeriod.objects.get(code="2021-H1")
    reports = list(
        Report.objects.filter(period=period, agency__isnull=True, unit__level=3).select_related("unit").order_by("?")
    )
    plan = InspectionPlan.objects.filter(committee__unit=province).order_by("pk").first()

    def account(username: str, unit, role: str) -> str:
        user, _ = User.objects.get_or_create(username=username, defaults={"unit": unit})
        user.unit = unit
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return username

    users: list[tuple[str, str, dict]] = []
    n_staff = max(1, args.users - 6)
    for i, report in enumerate(reports[:n_staff]):
        users.append((account(f"load-staff-{i}", report.unit, Role.UNIT_STAFF), "staff", {"report": report.pk}))
    districts = list(province.children.order_by("code")[:2])
    for i, unit in enumerate([province, *districts]):
        role = Role.PROVINCIAL_OFFICE if unit == province else Role.UNIT_STAFF
        users.append(
            (
                account(f"load-reviewer-{i}", unit, role),
                "reviewer",
                {"period": demo_period.pk, "unit": unit.code, "period_code": demo_period.code},
            )
        )
    # Inspectors log for the committee they sit on: two phones of the demo `inspector`, who is on the 2021 team.
    inspector = User.objects.get(username="inspector")
    inspector.set_password(PASSWORD)
    inspector.save()
    for _ in range(2):
        users.append(("inspector", "inspector", {"plan": plan.pk, "year": plan.year}))
    users.append(
        (
            account("load-exporter", province, Role.PROVINCIAL_OFFICE),
            "exporter",
            {"unit": province.code, "period_code": demo_period.code},
        )
    )
    return users[: args.users]


def verify(run: LoadRun, baseline: dict[int, int]) -> dict:
    from campaign_portal.models import ExportJob
    from inspections.models import Inspection
    from reporting.models import Report, ReportSection

    writes = run.writes
    verified = lost = duplicated = 0
    versions = dict(Report.objects.filter(pk__in=list(writes.report_saves)).values_list("pk", "version"))
    texts = {
        report: text
        for report, text in ReportSection.objects.filter(
            report__in=list(writes.report_saves), section__key="I"
        ).values_list("report", "text")
    }
    for report, saves in writes.report_saves.items():
        delta = versions.get(report, 0) - baseline.get(report, 0)
        last_ok = writes.report_last_text[report] in (texts.get(report) or "")
        verified += min(saves, delta) if last_ok else max(0, min(saves, delta) - 1)
        lost += max(0, saves - delta) + (0 if last_ok else 1)
        duplicated += max(0, delta - saves)
    conclusions = collections.Counter()
    for marker in writes.inspection_markers:
        conclusions[marker] = Inspection.objects.filter(conclusion__contains=marker).count()
    for _marker, count in conclusions.items():
        verified += 1 if count >= 1 else 0
        lost += 1 if count == 0 else 0
        duplicated += max(0, count - 1)
    found_jobs = set(ExportJob.objects.filter(pk__in=writes.export_jobs).values_list("pk", flat=True))
    verified += len(found_jobs)
    lost += len(writes.export_jobs) - len(found_jobs)
    return {"writes_verified": verified, "writes_lost": lost, "writes_duplicated": duplicated}


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--max-requests", type=int, default=20000)
    # A person reads a page before the next click: 2-5 s. Lower it (e.g. 0.3-1) to stress the server instead.
    parser.add_argument("--web-workers", type=int, default=0, help="gunicorn workers (default: as `make serve`)")
    # Every gunicorn worker compiles each template and loads the catalogues on its first request for it: the first
    # seconds are not what users meet once a server has been up. Their writes are still checked.
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campaign_load"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true", help="Hải Dương demo only (quick try)")
    args = parser.parse_args()
    env = _env(args)
    os.environ.update(env)
    if not args.skip_prepare:
        prepare(args, env)

    import django

    django.setup()
    from reporting.models import Report
    from tests.portal.stack import Stack

    users = setup_users(args)
    baseline = dict(
        Report.objects.filter(pk__in=[d["report"] for _u, r, d in users if r == "staff"]).values_list("pk", "version")
    )

    class _Stack(Stack):
        def env(self):
            return {**os.environ, **env}

    stack = _Stack(postgres=None, redis=None, web_port=free_port(), log_dir=ROOT / "bench-out")
    stack.log_dir.mkdir(parents=True, exist_ok=True)
    workers = args.web_workers or web_workers()
    log = open(stack.log_dir / "loadtest-gunicorn.log", "ab")  # noqa: SIM115
    stack.web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "campaign_portal.wsgi",
            "--config",
            "python:campaign_portal.gunicorn",
            "-b",
            f"127.0.0.1:{stack.web_port}",
            "-w",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=log,
    )
    stack.start_worker()
    run = LoadRun(args)
    run.stack = stack
    try:
        wait_for(lambda: port_open(stack.web_port), timeout=60, what="gunicorn")
        threads = [VirtualUser(run, name, role, data, seed=i) for i, (name, role, data) in enumerate(users)]
        run.started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + args.warmup + 60)
        elapsed = run.elapsed()
        time.sleep(2)  # let the last requests' transactions commit
    finally:
        stack.stop()

    from django.db import connection

    connection.close()
    result = verify(run, baseline)
    print(f"\n{'page':<18}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    worst95 = worst99 = 0.0
    for page, values in sorted(run.stats.latencies.items()):
        p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
        worst95, worst99 = max(worst95, p95), max(worst99, p99)
        print(f"{page:<18}{len(values):>6}{p50:>10.0f}{p95:>10.0f}{p99:>10.0f}")
    for error in run.stats.errors[:20]:
        print("error:", error)
    all_ms = [v for values in run.stats.latencies.values() for v in values]
    summary = {
        "rps": round(run.stats.requests / elapsed, 1) if elapsed else 0,
        "requests": run.stats.requests,
        "users": len(users),
        "duration_s": round(elapsed, 1),
        "p50_ms": round(statistics.median(all_ms), 1) if all_ms else 0,
        "p95_ms_worst_page": round(worst95, 1),
        "p99_ms_worst_page": round(worst99, 1),
        "errors": len(run.stats.errors),
        "writes_made": run.writes.made,
        **result,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
