"""What an operator meets: deploy checks, health, login throttling, languages, the catalogue."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "campaign_portal.settings.base",
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "cvd.mttq-haiduong.vn",
    "DATABASE_URL": "sqlite:////tmp/campaign-deploy-check.sqlite3",
}


def _production_env() -> dict[str, str]:
    """This process's environment, less what the test settings and fixtures put in it, plus production values."""
    test_only = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "REDIS_URL"}
    return {**{k: v for k, v in os.environ.items() if k not in test_only}, **PRODUCTION_ENV}


def test_check_deploy_is_clean_with_production_values():
    env = _production_env()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_server_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in _production_env().items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "in-process"}
    assert body["status"] == "ok"


def test_healthz_says_degraded_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_locks_after_five_failures(client, users):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "district", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "district", "password": "demo12345"})
    assert response.status_code in (403, 429)
    assert "30 phút" in response.content.decode()


def test_a_correct_login_reaches_the_home_page_in_vietnamese(client, users):
    response = client.post(reverse("login"), {"username": "district", "password": "demo12345"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in body
    assert "Đăng xuất" in body and "Huyện Nam Sách" in body


def test_the_language_switch_turns_the_interface_english(client_for, users):
    client = client_for(users.district)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Log out" in body


def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_carries_an_inline_script():
    """The Content-Security-Policy blocks inline scripts, so a template that has one is broken for users."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for template in [*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")]:
        text = template.read_text(encoding="utf-8")
        for chunk in text.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(str(template.relative_to(base)))
        if " onclick=" in text or " onchange=" in text or " onsubmit=" in text:
            offenders.append(str(template.relative_to(base)))
    assert offenders == []


def _catalogues():
    base = Path(settings.BASE_DIR)
    return sorted(p for p in base.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_the_vietnamese_catalogues_are_complete():
    assert _catalogues(), "no Vietnamese catalogue found"
    for path in _catalogues():
        catalogue = polib.pofile(str(path))
        untranslated = [e.msgid for e in catalogue.untranslated_entries()]
        fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
        assert untranslated == [], f"{path}: untranslated {untranslated[:10]}"
        assert fuzzy == [], f"{path}: fuzzy {fuzzy[:10]}"


def test_models_and_migrations_agree():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.slow
def test_the_catalogues_hold_every_string_the_code_marks_for_translation(tmp_path):
    """Extract the strings again (as `make messages` does) in a copy of the tree: none may be missing or empty."""
    import shutil as sh

    if sh.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is missing; .ci/run installs it")
        pytest.skip("needs GNU gettext (apt-get install gettext)")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    ignore = sh.ignore_patterns(
        ".venv", ".git", "media", ".test-media", "staticfiles", "bench-out", "__pycache__", "*.mo"
    )
    sh.copytree(base, copy, ignore=ignore)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "campaign_portal.settings.test", "PYTHONPATH": str(copy)}
    command = [sys.executable, str(copy / "manage.py"), "makemessages", "-l", "vi", "--no-obsolete"]
    for app in ("campaign_portal", "steering", "reporting", "inspections"):
        subprocess.run(command, cwd=copy / app, env=env, check=True, capture_output=True)
    ignores = [
        f"--ignore={name}/*" for name in ("campaign_portal", "steering", "reporting", "inspections", "tests", "bench")
    ]
    subprocess.run([*command, *ignores], cwd=copy, env=env, check=True, capture_output=True)
    missing = {}
    for path in sorted(copy.glob("**/locale/vi/LC_MESSAGES/django.po")):
        catalogue = polib.pofile(str(path))
        gaps = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        if gaps:
            missing[str(path.relative_to(copy))] = gaps[:10]
    assert missing == {}, f"strings without a Vietnamese translation (run `make messages` and translate): {missing}"
