"""Delivery end to end: a real Redis, a real Celery worker (a subprocess) and a local SMTP server.

These need PostgreSQL (the worker shares the test database) and Redis (REDIS_URL). They use
Redis database 15 on REDIS_URL's server, and for the "Redis stopped" test a redis-server of
their own on a free port: the machine's Redis is never stopped.
"""

import collections
import contextlib
import email
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from priorities import models as p
from priorities.notifications.tasks import relay_pending_notifications
from priorities.services import initiative_change_status
from tests import factories
from tests.celery_worker import broker, flush, free_port, redis_url_for_tests

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


STATUS_CHANGE_LINK = re.compile(r"status-change-(\d+)")


def status_change_of(message):
    """Return the id of the status change an email is about, from the link in its text part."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            found = STATUS_CHANGE_LINK.search(part.get_payload(decode=True).decode())
            if found:
                return int(found.group(1))
    return None


class Inbox:
    """An aiosmtpd handler that keeps (recipient, status change) of every email it accepts.

    Subjects are the same for every update (they never name a record), so an email is told
    apart by the status change its link points to.
    """

    def __init__(self, delay=0.0):
        self.received = []
        self.times = []
        self.delay = delay
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, status_change_of(message)))
            self.times.append(time.monotonic())
        return "250 OK"

    def count(self):
        with self.lock:
            return len(self.received)

    def duplicates(self):
        with self.lock:
            counts = collections.Counter(self.received)
        return sum(n - 1 for n in counts.values() if n > 1)

    def wait_for(self, n, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(set(self.received)) < n:
            time.sleep(0.05)
        return len(set(self.received))


@pytest.fixture
def smtp():
    def start(delay=0.0):
        inbox = Inbox(delay)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        inbox.port = controller.port
        return inbox

    controllers = []
    yield start
    for controller in controllers:
        controller.stop()


def make_changes(initiatives):
    for initiative in initiatives:
        initiative_change_status(
            initiative=initiative, to="awaiting_scrutiny", reason="Agreed at cabinet."
        )


def test_a_hundred_changes_to_fifty_followers_send_five_thousand_emails(smtp, workers):
    url = redis_url_for_tests()
    flush(url)
    inbox = smtp()
    factories.SubscriptionFactory.create_batch(50)
    initiatives = factories.InitiativeFactory.create_batch(100)
    workers(url, inbox.port)
    with broker(url):
        started = time.monotonic()
        make_changes(initiatives)
        saved = time.monotonic() - started
        received = inbox.wait_for(5000, timeout=90)
    elapsed = inbox.times[-1] - inbox.times[0] if inbox.times else 0
    print(
        f"\nfan-out: {received} emails, {inbox.duplicates()} twice; 100 saves in {saved:.1f}s; "
        f"{received / max(elapsed, 0.001):.0f} emails/s with one worker"
    )
    assert received == 5000
    assert inbox.count() == 5000
    assert p.Notification.objects.filter(state="sent").count() == 5000


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server program")
def test_saves_go_on_while_redis_is_down_and_the_relay_sends_later(smtp, workers, tmp_path):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    inbox = smtp()
    factories.SubscriptionFactory.create_batch(5)
    initiatives = factories.InitiativeFactory.create_batch(10)
    with broker(url):
        # Redis is not running: each save still succeeds, quickly.
        for initiative in initiatives:
            started = time.monotonic()
            make_changes([initiative])
            assert time.monotonic() - started < 2
        assert p.Notification.objects.filter(state="pending").count() == 50

        server = subprocess.Popen(  # noqa: S603 - a redis-server of the test's own
            [
                shutil.which("redis-server"),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                    break
                time.sleep(0.05)
            workers(url, inbox.port)
            with override_settings(PORTAL_RELAY_AFTER_SECONDS=0):
                assert relay_pending_notifications() == 50
            received = inbox.wait_for(50, timeout=30)
        finally:
            server.terminate()
            server.wait(10)
    assert received == 50
    assert inbox.count() == 50
    assert p.Notification.objects.filter(state="sent").count() == 50


def test_a_killed_worker_loses_nothing(smtp, workers):
    url = redis_url_for_tests()
    flush(url)
    inbox = smtp(delay=0.01)
    factories.SubscriptionFactory.create_batch(50)
    initiatives = factories.InitiativeFactory.create_batch(10)
    claim = {"PORTAL_NOTIFICATION_CLAIM_SECONDS": "2"}
    first = workers(url, inbox.port, **claim)
    with broker(url):
        make_changes(initiatives)
        deadline = time.monotonic() + 30
        while inbox.count() < 120 and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait()
        at_kill = inbox.count()
        assert 0 < at_kill < 500
        time.sleep(2.5)  # the killed worker's claim runs out
        workers(url, inbox.port, **claim)
        with override_settings(PORTAL_RELAY_AFTER_SECONDS=0):
            relay_pending_notifications()
        received = inbox.wait_for(500, timeout=60)
    duplicates = inbox.duplicates()
    print(f"\nkilled after {at_kill} emails: {received} distinct received, {duplicates} twice")
    assert received == 500
    assert duplicates <= 1  # the one email in flight in the killed worker process
    assert p.Notification.objects.filter(state="sent").count() == 500


def test_a_killed_workers_emails_resume_within_about_a_minute(smtp, workers, tmp_path):
    """With the default lease and relay schedule, and beat running (in the second worker):
    a worker killed mid-batch holds up its emails for about the lease (30 s) plus the relay's
    interval (15 s), not the 5.5 minutes of a 300 s lease."""
    url = redis_url_for_tests()
    flush(url)
    inbox = smtp(delay=0.02)
    factories.SubscriptionFactory.create_batch(50)
    initiatives = factories.InitiativeFactory.create_batch(4)
    first = workers(url, inbox.port)
    with broker(url):
        make_changes(initiatives)
        deadline = time.monotonic() + 60
        while inbox.count() < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at = time.monotonic()
        at_kill = inbox.count()
        assert 0 < at_kill < 100  # killed in the middle of its first batch
        workers(url, inbox.port, TEST_WORKER_ARGS=f"--beat --schedule={tmp_path / 'beat'}")
        received = inbox.wait_for(200, timeout=80)
        waited = time.monotonic() - killed_at
    duplicates = inbox.duplicates()
    print(
        f"\nkilled after {at_kill} emails: all {received} delivered {waited:.0f}s after the kill, "
        f"{duplicates} twice"
    )
    assert received == 200
    assert waited <= 70  # lease (30 s) + relay interval (15 s) + a loaded machine's slack
    assert duplicates <= 1
    assert p.Notification.objects.filter(state="sent").count() == 200
