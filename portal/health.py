"""What an operator asks of a running portal: is the process alive, can it serve, and what is
wrong.

- ``/healthz`` (liveness): the process answers. Touches nothing else, so a restart is never
  triggered by a fault a restart cannot mend.
- ``/readyz`` (readiness and status): every part the portal relies on, each "ok", "degraded",
  "down" or "not used", and an overall status that is "ok" only when every part is. It answers
  503 only when the database is down (the one part without which no page can be served); a
  cache, broker, worker or mail relay that fails leaves the public site up, so the answer is 200
  with ``"status": "degraded"`` and the part that failed. Thresholds are settings
  (``PORTAL_HEALTH_*``, ``PORTAL_OUTBOX_*``).

The checks take a bounded time each: the cache and the broker have their own socket timeouts.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.shared_cache import CACHE_ERRORS

OK, DEGRADED, DOWN, NOT_USED = "ok", "degraded", "down", "not used"


def seconds_since(moment, now):
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"status": DOWN, "error": type(error).__name__}
    return {"status": OK}


def check_cache():
    """Write and read back a value in the shared cache."""
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if backend != "RedisCache":
        return {"status": NOT_USED, "backend": backend}
    token = f"{time.time()}"
    try:
        cache.set("health:probe", token, 30)
        answered = cache.get("health:probe") == token
    except CACHE_ERRORS as error:
        return {"status": DOWN, "error": f"{type(error).__name__}: {error}"[:200]}
    return {"status": OK if answered else DEGRADED}


def check_broker():
    """Open a connection to the Celery broker (tasks run in-process in the quick start)."""
    from celery import current_app as app

    if app.conf.task_always_eager:
        return {"status": NOT_USED, "detail": "tasks run in the web process"}
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=settings.PORTAL_HEALTH_BROKER_TIMEOUT)
    except Exception as error:  # kombu raises the transport's own errors
        return {"status": DOWN, "error": f"{type(error).__name__}: {error}"[:200]}
    return {"status": OK}


#: Parts the domain apps add (``register_check``), each a callable taking the time of the
#: report and returning the part's state; run only while the database answers.
_database_checks: dict = {}


def register_check(name, check):
    """Add part ``name`` to the report: ``check(now)`` returns its state (a dict with
    ``status``). It reads the database, so it runs only when the database answers."""
    _database_checks[name] = check


def status_report(now=None) -> dict:
    """Every part's state, and the portal's as a whole."""
    now = now or timezone.now()
    parts = {"database": check_database()}
    if parts["database"]["status"] == OK:
        for name, check in _database_checks.items():
            parts[name] = check(now)
    parts["cache"] = check_cache()
    parts["broker"] = check_broker()
    if parts["database"]["status"] != OK:
        overall = "unavailable"
    elif any(part["status"] in (DOWN, DEGRADED) for part in parts.values()):
        overall = DEGRADED
    else:
        overall = OK
    return {"status": overall, "checks": parts}


@never_cache
def healthz(request):
    """Liveness: the process answers. Nothing else is checked (see ``readyz``)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness and status: 200 while pages can be served (the database answers), with each
    part's state; 503 when the database is down."""
    report = status_report()
    return JsonResponse(report, status=503 if report["status"] == "unavailable" else 200)
