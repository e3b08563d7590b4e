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

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from priorities.shared_cache import CACHE_ERRORS

OK, DEGRADED, DOWN, NOT_USED = "ok", "degraded", "down", "not used"


def _seconds_since(moment, now):
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
    from config.celery import app

    if app.conf.task_always_eager:
        return {"status": NOT_USED, "detail": "tasks run in the web process"}
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=settings.PORTAL_HEALTH_BROKER_TIMEOUT)
    except Exception as error:  # kombu raises the transport's own errors
        return {"status": DOWN, "error": f"{type(error).__name__}: {error}"[:200]}
    return {"status": OK}


def check_heartbeats(role, now):
    """The processes of ``role`` (workers or beat) whose heartbeat is fresh."""
    from config.celery import app
    from priorities.models import Heartbeat

    if app.conf.task_always_eager:
        return {"status": NOT_USED, "detail": "tasks run in the web process"}
    silent_after = datetime.timedelta(seconds=settings.PORTAL_HEALTH_SILENT_AFTER_SECONDS)
    heartbeats = Heartbeat.objects.filter(role=role).aggregate(
        alive=Count("pk", filter=Q(last_seen_at__gte=now - silent_after)),
        last_seen=Max("last_seen_at"),
    )
    return {
        "status": OK if heartbeats["alive"] else DOWN,
        "alive": heartbeats["alive"],
        "last_seen_seconds_ago": _seconds_since(heartbeats["last_seen"], now),
    }


def check_outbox(now):
    """Emails waiting, how long the oldest has waited, retries and deaths.

    Degraded when the oldest waits longer than ``PORTAL_OUTBOX_DEGRADED_AFTER_SECONDS``, when
    the mail relay is refusing or unreachable (emails waiting for a retry), or when more than
    ``PORTAL_OUTBOX_DEAD_PER_DAY`` emails were given up in the last day.
    """
    from priorities.models import Notification, NotificationState

    waiting = [NotificationState.PENDING, NotificationState.FAILED]
    day_ago = now - datetime.timedelta(days=1)
    numbers = Notification.objects.aggregate(
        waiting=Count("pk", filter=Q(state__in=waiting)),
        retrying=Count("pk", filter=Q(state=NotificationState.FAILED)),
        oldest=Min("created_at", filter=Q(state__in=waiting)),
        dead_last_day=Count("pk", filter=Q(state=NotificationState.DEAD, created_at__gte=day_ago)),
    )
    oldest = _seconds_since(numbers["oldest"], now) or 0
    problems = []
    if oldest > settings.PORTAL_OUTBOX_DEGRADED_AFTER_SECONDS:
        problems.append(f"the oldest email has waited {oldest} seconds")
    if numbers["retrying"]:
        problems.append(f"{numbers['retrying']} emails wait for a retry")
    if numbers["dead_last_day"] > settings.PORTAL_OUTBOX_DEAD_PER_DAY:
        problems.append(f"{numbers['dead_last_day']} emails were given up in the last day")
    result = {
        "status": DEGRADED if problems else OK,
        "pending": numbers["waiting"],
        "oldest_pending_seconds": oldest,
        "retrying": numbers["retrying"],
        "dead_last_day": numbers["dead_last_day"],
    }
    if numbers["retrying"]:
        last_error = (
            Notification.objects.filter(state=NotificationState.FAILED)
            .exclude(last_error="")
            .order_by("-next_attempt_at")
            .values_list("last_error", flat=True)
            .first()
        )
        result["last_error"] = (last_error or "")[:200]
    if problems:
        result["problems"] = problems
    return result


def status_report(now=None) -> dict:
    """Every part's state, and the portal's as a whole."""
    now = now or timezone.now()
    parts = {"database": check_database()}
    if parts["database"]["status"] == OK:
        parts["outbox"] = check_outbox(now)
        parts["workers"] = check_heartbeats("worker", now)
        parts["beat"] = check_heartbeats("beat", now)
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
