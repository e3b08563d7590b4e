"""/healthz says the process lives; /readyz says what is wrong, part by part, within a minute.

Faults are real where they can be: a Redis of the test's own, stopped; a broker address where
nothing listens; a real worker killed.
"""

import datetime
import signal
import subprocess
import time
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.utils import timezone

from portal import shared_cache
from priorities import heartbeat
from priorities import models as p
from priorities.services import initiative_change_status
from tests import factories
from tests.celery_worker import broker, free_port, redis_url_for_tests
from tests.redis_server import redis_server  # noqa: F401 (a fixture)

DATABASE_DOWN = mock.patch(
    "django.db.backends.utils.CursorWrapper.execute",
    side_effect=OperationalError("connection refused"),
)


def readiness(client):
    response = client.get("/readyz")
    return response.status_code, response.json()


@pytest.fixture(autouse=True)
def fresh_cache_state():
    shared_cache.outage.down_until = 0.0
    shared_cache.outage.reported = False
    yield
    shared_cache.outage.down_until = 0.0
    shared_cache.outage.reported = False


@pytest.fixture
def queued_tasks():
    """Tasks go to a broker (not run in-process), as on the full stack; nothing listens."""
    with broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


# Liveness -------------------------------------------------------------------------------------


def test_healthz_answers_while_the_database_is_down(client):
    """Liveness checks only that the process answers: restarting it cannot mend a database."""
    with DATABASE_DOWN:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# Readiness and status -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_quick_start_is_ready_with_nothing_else_running(client):
    """SQLite or PostgreSQL, no shared cache and tasks in-process: every part is ok or not
    used, and the portal is "ok"."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ):
        status, body = readiness(client)
    assert status == 200
    assert body["status"] == "ok", body
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "not used"
    assert body["checks"]["broker"]["status"] == "not used"
    assert body["checks"]["outbox"] == {
        "status": "ok",
        "pending": 0,
        "oldest_pending_seconds": 0,
        "retrying": 0,
        "dead_last_day": 0,
    }


def test_readyz_answers_503_when_the_database_is_down(client, db):
    with DATABASE_DOWN:
        status, body = readiness(client)
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "down"


@pytest.mark.django_db
def test_redis_stopped_is_reported_and_the_portal_stays_ready(client, redis_server):  # noqa: F811
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=caches):
        status, body = readiness(client)
        assert (status, body["checks"]["cache"]["status"]) == (200, "ok")

        redis_server.stop()
        started = time.monotonic()
        status, body = readiness(client)

    assert time.monotonic() - started < 5
    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "down"
    assert "ConnectionError" in body["checks"]["cache"]["error"]


@pytest.mark.django_db
def test_a_broker_nobody_answers_is_reported(client, queued_tasks, settings):
    settings.PORTAL_HEALTH_BROKER_TIMEOUT = 0.5
    started = time.monotonic()
    status, body = readiness(client)
    assert time.monotonic() - started < 10
    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "down"


@pytest.mark.django_db
def test_no_worker_heartbeat_means_workers_down(client, queued_tasks):
    """With tasks queued for workers, no fresh heartbeat is reported as no worker running."""
    body = readiness(client)[1]
    assert body["checks"]["workers"]["status"] == "down"
    assert body["checks"]["workers"]["alive"] == 0
    assert body["checks"]["beat"]["status"] == "down"

    heartbeat.beat("worker", "web-1:42", timezone.now())
    heartbeat.beat("beat", "web-1:43", timezone.now())
    body = readiness(client)[1]
    assert body["checks"]["workers"] == {"status": "ok", "alive": 1, "last_seen_seconds_ago": 0}
    assert body["checks"]["beat"]["status"] == "ok"

    p.Heartbeat.objects.update(last_seen_at=timezone.now() - datetime.timedelta(seconds=61))
    body = readiness(client)[1]
    assert body["checks"]["workers"]["status"] == "down"
    assert body["checks"]["workers"]["last_seen_seconds_ago"] >= 61


def waiting_email(**fields):
    factories.SubscriptionFactory()
    initiative_change_status(
        initiative=factories.InitiativeFactory(), to="awaiting_scrutiny", reason="Listed."
    )
    notification = p.Notification.objects.latest("pk")
    p.Notification.objects.filter(pk=notification.pk).update(**fields)
    return notification


@pytest.mark.django_db
def test_an_email_waiting_three_minutes_degrades_the_outbox(client):
    with mock.patch("priorities.services.enqueue_notifications"):
        waiting_email(created_at=timezone.now() - datetime.timedelta(seconds=200))
    outbox = readiness(client)[1]["checks"]["outbox"]
    assert outbox["status"] == "degraded"
    assert outbox["pending"] == 1
    assert outbox["oldest_pending_seconds"] >= 200
    assert outbox["problems"] == [
        f"the oldest email has waited {outbox['oldest_pending_seconds']} seconds"
    ]


@pytest.mark.django_db
def test_a_relay_refusing_emails_degrades_the_outbox_at_once(client):
    """An email waiting for a retry means the relay refused it or could not be reached: the
    status says so with the last error, without waiting for the backlog to age."""
    with mock.patch("priorities.services.enqueue_notifications"):
        waiting_email(
            state=p.NotificationState.FAILED,
            attempts=1,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
            next_attempt_at=timezone.now() + datetime.timedelta(minutes=1),
        )
    outbox = readiness(client)[1]["checks"]["outbox"]
    assert outbox["status"] == "degraded"
    assert outbox["retrying"] == 1
    assert outbox["last_error"] == "SMTPServerDisconnected: Connection unexpectedly closed"


@pytest.mark.django_db
def test_many_emails_given_up_in_a_day_degrade_the_outbox(client, settings):
    settings.PORTAL_OUTBOX_DEAD_PER_DAY = 0
    with mock.patch("priorities.services.enqueue_notifications"):
        waiting_email(state=p.NotificationState.DEAD, attempts=8, last_error="550 No such user")
    outbox = readiness(client)[1]["checks"]["outbox"]
    assert outbox["status"] == "degraded"
    assert outbox["dead_last_day"] == 1


# A real worker -------------------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_is_reported_within_the_silence_threshold(client, workers, settings):
    """A real worker's heartbeat shows it alive; after SIGKILL the status says no worker is
    running once its last heartbeat is older than the threshold (60 s by default; 3 s here)."""
    settings.PORTAL_HEALTH_SILENT_AFTER_SECONDS = 3
    url = redis_url_for_tests()
    with broker(url):
        worker = workers(url, free_port(), PORTAL_HEARTBEAT_SECONDS="1")
        deadline = time.monotonic() + 60
        while readiness(client)[1]["checks"]["workers"]["status"] != "ok":
            assert time.monotonic() < deadline, "the worker never reported a heartbeat"
            time.sleep(0.2)

        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        killed = time.monotonic()
        while readiness(client)[1]["checks"]["workers"]["status"] != "down":
            assert time.monotonic() - killed < 30, "the dead worker still counts as alive"
            time.sleep(0.2)
    noticed = time.monotonic() - killed
    print(f"\nkilled worker noticed after {noticed:.1f}s (threshold 3 s)")
    assert noticed <= 3 + 2
    assert isinstance(worker, subprocess.Popen)
