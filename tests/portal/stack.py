"""A real production-like stack for fault tests: its own PostgreSQL cluster and Redis server, gunicorn and a
Celery worker, all as separate processes on loopback ports, so that stopping or restarting them disturbs nothing
else (the rest of the suite keeps using the machine's own PostgreSQL and Redis).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = f"cpfaults{os.getpid()}"  # one per test process: two runs on one machine never share a cluster


def _scratch() -> Path:
    folder = ROOT / ".test-media"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 30, interval: float = 0.2, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def missing_tools() -> list[str]:
    needed = ["pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "redis-server", "redis-cli"]
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if os.geteuid() != 0:
        missing.append("root (pg_createcluster)")
    return missing


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")


def _pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


@dataclass
class Postgres:
    port: int = field(default_factory=free_port)
    version: str = field(default_factory=_pg_version)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/campaign"

    def _ctl(self, action: str) -> None:
        _run(["pg_ctlcluster", self.version, CLUSTER, action])

    def create(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, CLUSTER], capture_output=True, check=False)
        subprocess.run(
            [
                "pg_createcluster",
                self.version,
                CLUSTER,
                "-p",
                str(self.port),
                "--",
                "--auth-host=trust",
                "--auth-local=trust",
            ],
            check=True,
            capture_output=True,
        )
        self._ctl("start")
        wait_for(lambda: port_open(self.port), what="the PostgreSQL cluster")
        _run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "campaign"])

    def restart(self) -> None:
        self._ctl("restart")
        wait_for(lambda: port_open(self.port), what="PostgreSQL after restart")

    def destroy(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, CLUSTER], capture_output=True, check=False)


@dataclass
class Redis:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), what="redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for(lambda: not port_open(self.port), what="redis-server to stop")


@dataclass
class Stack:
    """gunicorn + Celery worker on top of a Postgres and a Redis of their own."""

    postgres: Postgres
    redis: Redis
    web_port: int = field(default_factory=free_port)
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    # A folder of its own for each stack (static files, media, logs): a second stack in the same run starts clean.
    log_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="stack-", dir=_scratch())))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "campaign_portal.settings.base",
                "DEBUG": "false",
                "SECRET_KEY": "fault-test-secret-key-0123456789-abcdefghijklmnop",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_COOKIES": "false",
                "DATABASE_URL": self.postgres.url,
                "REDIS_URL": self.redis.url,
                "MEDIA_ROOT": str(self.log_dir / "media"),
                "STATIC_ROOT": str(self.log_dir / "static"),
                "AXES_FAILURE_LIMIT": "1000",
                # Faults are noticed in seconds here, not minutes: a dead worker's job, a message lost to an outage.
                "EXPORT_STALE_AFTER_SECONDS": "4",
                "EXPORT_RESEND_AFTER_SECONDS": "3",
                "CELERY_VISIBILITY_TIMEOUT": "8",
                "LOG_LEVEL": "WARNING",
            }
        )
        return env

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode}): {result.stderr[-3000:]}")
        return result

    def prepare(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.manage("seed_demo", "--force")

    def start_web(self) -> None:
        log = open(self.log_dir / "gunicorn.log", "ab")  # noqa: SIM115 - lives as long as the process
        self.web = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "campaign_portal.wsgi",
                "-b",
                f"127.0.0.1:{self.web_port}",
                "-w",
                "2",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        wait_for(lambda: port_open(self.web_port), timeout=60, what="gunicorn")

    def start_worker(self) -> None:
        log = open(self.log_dir / "worker.log", "ab")  # noqa: SIM115
        self.worker = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "tests.portal.stack_worker",  # the portal's app plus a slow export for the tests
                "worker",
                "-Q",
                "celery,exports",
                "-c",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def kill_worker(self) -> None:
        """SIGKILL the whole worker process group: the job in progress dies with no chance to clean up."""
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=10)

    def stop(self) -> None:
        self.kill_worker()
        if self.web and self.web.poll() is None:
            self.web.terminate()
            self.web.wait(timeout=30)

    def python(self, code: str) -> str:
        """Run Python with the stack's settings (django set up) and return what it prints."""
        prelude = "import django; django.setup()\n"
        result = subprocess.run(
            [sys.executable, "-c", prelude + code],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip()

    def sql(self, query: str, *params) -> list[tuple]:
        import psycopg2

        with psycopg2.connect(host="127.0.0.1", port=self.postgres.port, user="postgres", dbname="campaign") as conn:
            with conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"


class Browser:
    """A tiny cookie-keeping HTTP client that logs in through the real form, as a person's browser would."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, timeout: float = 30) -> tuple[int, str]:
        body = None
        headers = {"Referer": self.stack.url(path)}
        if data is not None:
            data = {"csrfmiddlewaretoken": self.csrf(), **data}
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(self.stack.url(path), data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(path)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self.request(path, data)

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        self.get("/accounts/login/")
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username: str, password: str = "demo12345") -> None:
        status, body = self.post("/accounts/login/", {"username": username, "password": password})
        assert status == 200 and "accounts/logout" in body, f"login failed: {status}"

    @staticmethod
    def find(pattern: str, body: str) -> str:
        match = re.search(pattern, body)
        assert match, f"{pattern!r} not found"
        return match.group(1)
