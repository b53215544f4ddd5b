import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        log.exception("healthz: database unreachable")
        return False


def _broker_status() -> tuple[str, int | None]:
    """('ok'|'down'|'in-process', number of live workers or None)."""
    if not settings.REDIS_URL:
        return "in-process", None
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001
        log.warning("healthz: broker unreachable")
        return "down", None
    from campaign_portal.celery import app

    try:
        replies = app.control.ping(timeout=0.5) or []
    except Exception:  # noqa: BLE001
        replies = []
    return "ok", len(replies)


@login_not_required
@never_cache
def healthz(request):
    """Liveness for load balancers and operators: database, broker and worker reachability as JSON."""
    database = "ok" if _database_ok() else "down"
    broker, workers = _broker_status()
    healthy = database == "ok" and broker != "down"
    body = {"status": "ok" if healthy else "degraded", "database": database, "broker": broker, "workers": workers}
    return JsonResponse(body, status=200 if healthy else 503)
