"""Celery workers and the beat process write a heartbeat row every ``PORTAL_HEARTBEAT_SECONDS``.

The status endpoint (``portal.health``) reads them: no fresh worker heartbeat means no
worker is running, so emails and report builds wait. The rows are in the database, not in
Redis, so that a Redis outage is told apart from dead workers.
"""

import datetime
import logging
import os
import socket
import threading

from celery import signals
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(role: str, name: str, started_at) -> None:
    """Record that ``name`` (of ``role``) is alive now."""
    from priorities.models import Heartbeat

    Heartbeat.objects.update_or_create(
        role=role,
        name=name,
        defaults={"last_seen_at": timezone.now(), "started_at": started_at},
    )


def forget_old(days: int = 1) -> None:
    """Delete the heartbeats of processes gone for more than ``days``."""
    from priorities.models import Heartbeat

    gone = timezone.now() - datetime.timedelta(days=days)
    Heartbeat.objects.filter(last_seen_at__lt=gone).delete()


def start(role: str) -> threading.Thread:
    """Beat for ``role`` from a daemon thread of this process, until the process ends."""
    from django.conf import settings

    name, started_at = process_name(), timezone.now()
    interval = settings.PORTAL_HEARTBEAT_SECONDS

    def run():
        stop = threading.Event()
        while not stop.wait(0 if run.first else interval):
            run.first = False
            try:
                close_old_connections()
                beat(role, name, started_at)
                forget_old()
            except DatabaseError:
                logger.warning("Could not record the %s heartbeat", role, exc_info=True)

    run.first = True
    thread = threading.Thread(target=run, name=f"portal-heartbeat-{role}", daemon=True)
    thread.start()
    return thread


@signals.worker_ready.connect
def worker_started(**kwargs):
    start("worker")


@signals.beat_init.connect
def beat_started(**kwargs):
    start("beat")
