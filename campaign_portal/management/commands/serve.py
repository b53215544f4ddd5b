"""Run the production stack on this machine: gunicorn, a Celery worker (default and exports queues) and beat.

    DATABASE_URL=postgres://… REDIS_URL=redis://… SECRET_KEY=… manage.py serve

Prepares first (migrate, compile the catalogue, collect static files for WhiteNoise), then starts the three
processes, restarts any that dies (a crashed worker must not leave exports stuck), and stops them all on Ctrl-C
or SIGTERM. On a real server run the same three commands under systemd instead; README.md lists them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def web_workers() -> int:
    """Gunicorn's rule of thumb, 2 x cores + 1, capped so a small server keeps memory for PostgreSQL."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = "Run gunicorn + Celery worker + Celery beat against DATABASE_URL and REDIS_URL, supervised."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=web_workers(), help="gunicorn worker processes")
        parser.add_argument("--celery-concurrency", type=int, default=2)
        parser.add_argument("--skip-prepare", action="store_true", help="do not migrate/collectstatic first")

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError("serve runs the production stack: set DEBUG=false.")
        if not settings.REDIS_URL:
            raise CommandError("serve needs REDIS_URL (the Celery broker), e.g. redis://127.0.0.1:6379/0.")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            self.stderr.write("warning: DATABASE_URL is not set; serving from SQLite is for trials only.")
        if not options["skip_prepare"]:
            call_command("migrate", interactive=False, verbosity=1)
            call_command("compile_catalogues", verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        run_dir = Path(settings.BASE_DIR) / ".run"
        run_dir.mkdir(exist_ok=True)
        bin_dir = Path(sys.executable).parent
        commands = {
            "web": [
                str(bin_dir / "gunicorn"),
                "campaign_portal.wsgi",
                "--config",
                "python:campaign_portal.gunicorn",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--timeout",
                "60",
                "--graceful-timeout",
                "30",
                "--max-requests",
                "2000",
                "--max-requests-jitter",
                "200",
                "--access-logfile",
                "-",
            ],
            "worker": [
                str(bin_dir / "celery"),
                "-A",
                "campaign_portal",
                "worker",
                "-Q",
                "celery,exports",
                "-c",
                str(options["celery_concurrency"]),
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            "beat": [
                str(bin_dir / "celery"),
                "-A",
                "campaign_portal",
                "beat",
                "-l",
                "INFO",
                "--schedule",
                str(run_dir / "celerybeat-schedule"),
            ],
        }
        self._supervise(commands)

    def _supervise(self, commands: dict[str, list[str]]) -> None:
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command)  # noqa: S603 - our own binaries, fixed arguments
            self.stdout.write(f"serve: started {name} (pid {processes[name].pid})")
        try:
            while not stopping:
                time.sleep(1)
                for name, process in processes.items():
                    if process.poll() is not None and not stopping:
                        self.stderr.write(f"serve: {name} exited with {process.returncode}; restarting it")
                        time.sleep(2)
                        processes[name] = subprocess.Popen(commands[name])  # noqa: S603
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 30
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
            self.stdout.write("serve: stopped")
