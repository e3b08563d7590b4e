"""The parts of ``/readyz`` (``portal.health``) that read this app's records: the email outbox
and the heartbeats Celery workers and beat write (``priorities.heartbeat``)."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Q

from portal.health import DEGRADED, DOWN, NOT_USED, OK, register_check, seconds_since
from priorities.models import Heartbeat, Notification, NotificationState


def check_heartbeats(role, now):
    """The processes of ``role`` (workers or beat) whose heartbeat is fresh."""
    from celery import current_app as app

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
        "last_seen_seconds_ago": seconds_since(heartbeats["last_seen"], now),
    }


def check_outbox(now):
    """Emails waiting, how long the oldest has waited, retries and deaths.

    Degraded when the oldest waits longer than ``PORTAL_OUTBOX_DEGRADED_AFTER_SECONDS``, when
    the mail relay is refusing or unreachable (emails waiting for a retry), or when more than
    ``PORTAL_OUTBOX_DEAD_PER_DAY`` emails were given up in the last day.
    """
    waiting = [NotificationState.PENDING, NotificationState.FAILED]
    day_ago = now - datetime.timedelta(days=1)
    numbers = Notification.objects.aggregate(
        waiting=Count("pk", filter=Q(state__in=waiting)),
        retrying=Count("pk", filter=Q(state=NotificationState.FAILED)),
        oldest=Min("created_at", filter=Q(state__in=waiting)),
        dead_last_day=Count("pk", filter=Q(state=NotificationState.DEAD, created_at__gte=day_ago)),
    )
    oldest = seconds_since(numbers["oldest"], now) or 0
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


def register():
    """Add the outbox, the workers and beat to the status report (from ``PrioritiesConfig``)."""
    register_check("outbox", check_outbox)
    register_check("workers", lambda now: check_heartbeats("worker", now))
    register_check("beat", lambda now: check_heartbeats("beat", now))
