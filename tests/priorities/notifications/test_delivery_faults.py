"""Email delivery against a misbehaving mail server: a stalled connection, a storm of temporary
refusals, permanent refusals. Each test runs its own aiosmtpd server on a free port.

The stall test sends from two threads (two "worker processes", each with its own database
connection), so it needs committed data: ``transaction=True``. It runs on SQLite and PostgreSQL.
"""

import asyncio
import collections
import email
import threading
import time
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from priorities import models as p
from priorities.notifications import outbox as the_outbox
from priorities.services import initiative_change_status
from tests import factories
from tests.celery_worker import free_port


class Server:
    """An aiosmtpd handler that counts connections (one EHLO each) and the emails it accepts.

    ``refuse_rcpt`` / ``refuse_data``: the reply to every RCPT / DATA instead of accepting.
    ``stall_on``: the n-th DATA (1-based) is held until ``release`` is set (the event loop goes
    on serving other connections meanwhile).
    """

    def __init__(self, refuse_rcpt=None, refuse_data=None, stall_on=None):
        self.refuse_rcpt = refuse_rcpt
        self.refuse_data = refuse_data
        self.stall_on = stall_on
        self.connections = 0
        self.data_commands = 0
        self.received = []
        self.messages = []
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.lock:
            self.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            number = self.data_commands
        if self.refuse_data:
            return self.refuse_data
        if number == self.stall_on:
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        with self.lock:
            self.received.extend(envelope.rcpt_tos)
            self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"

    def duplicates(self):
        with self.lock:
            counts = collections.Counter(self.received)
        return sum(n - 1 for n in counts.values())


@pytest.fixture
def smtp_server():
    controllers = []

    def start(**options):
        handler = Server(**options)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        handler.settings = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": controller.port,
        }
        return handler

    yield start
    for controller in controllers:
        controller.handler.release.set()
        controller.stop()


def outbox(followers):
    initiative = factories.InitiativeFactory()
    for _ in range(followers):
        factories.SubscriptionFactory(scope="initiative", initiative=initiative)
    # Not queued: the tests deliver the rows themselves (with transaction=True the on-commit
    # hook would run at once and send them in-process).
    with mock.patch("priorities.services.enqueue_notifications"):
        initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="Agreed.")
    return list(p.Notification.objects.order_by("pk").values_list("pk", flat=True))


# Finding 4: a bounded timeout, and a stalled connection never sends rows another worker took.


def test_smtp_waits_are_bounded_and_shorter_than_a_lease():
    assert settings.EMAIL_TIMEOUT is not None
    assert 0 < settings.EMAIL_TIMEOUT <= settings.PORTAL_NOTIFICATION_CLAIM_SECONDS


@pytest.mark.django_db(transaction=True)
def test_a_connection_stalled_past_its_lease_sends_at_most_the_email_in_flight_twice(
    smtp_server,
):
    """Worker A's connection stalls on its 3rd email past A's lease; worker B takes the batch
    over and sends it; when A's connection wakes, A sends nothing more."""
    ids = outbox(20)
    server = smtp_server(stall_on=3)
    results = {}

    def worker_a():
        try:
            results["a"] = the_outbox.deliver_notifications(ids)
        finally:
            connection.close()

    with override_settings(
        **server.settings, PORTAL_NOTIFICATION_CLAIM_SECONDS=1, EMAIL_TIMEOUT=60
    ):
        a = threading.Thread(target=worker_a)
        a.start()
        assert server.stalled.wait(30), f"worker A never reached the stalled email: {results}"
        # Wait until A's lease has run out, then let worker B take the rows over.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            leases = p.Notification.objects.filter(state="pending").values_list(
                "next_attempt_at", flat=True
            )
            if all(lease is not None and lease < timezone.now() for lease in leases):
                break
            time.sleep(0.1)
        results["b"] = the_outbox.deliver_notifications(ids)
        server.release.set()
        a.join(60)
        assert not a.is_alive()

    print(f"\nstalled past the lease: {len(server.received)} accepted, {server.duplicates()} twice")
    assert results["b"].sent == 18  # the email in flight and the 17 after it
    assert sorted(set(server.received)) == sorted(
        p.Subscriber.objects.values_list("email", flat=True)
    )
    assert server.duplicates() == 1  # exactly the one email in flight in the stalled worker
    assert set(p.Notification.objects.values_list("state", flat=True)) == {"sent"}


# Finding 5: temporary refusals back off without reconnecting; permanent ones are dead at once.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "refusal",
    [
        {"refuse_data": "451 4.3.0 Try again later"},
        {"refuse_rcpt": "450 4.2.1 Slow down"},
    ],
    ids=["451-on-data", "450-on-rcpt"],
)
def test_a_storm_of_temporary_refusals_backs_off_on_one_connection(smtp_server, refusal):
    ids = outbox(30)
    server = smtp_server(**refusal)
    before = timezone.now()
    with override_settings(**server.settings):
        result = the_outbox.deliver_notifications(ids)
    print(f"\n{len(ids)} temporary refusals: {server.connections} connection(s) opened")
    assert server.connections == 1
    assert (result.sent, result.failed, result.dead) == (0, 30, 0)
    for row in p.Notification.objects.all():
        assert (row.state, row.attempts) == ("failed", 1)
        assert row.next_attempt_at > before
        assert row.last_error.startswith("SMTP")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "refusal",
    [
        {"refuse_rcpt": "550 5.1.1 No such mailbox"},
        {"refuse_data": "554 5.7.1 Message rejected"},
    ],
    ids=["550-on-rcpt", "554-on-data"],
)
def test_a_permanent_refusal_is_dead_at_once_with_the_reason(smtp_server, refusal):
    ids = outbox(3)
    server = smtp_server(**refusal)
    with override_settings(**server.settings):
        result = the_outbox.deliver_notifications(ids)
    assert (result.sent, result.failed, result.dead) == (0, 0, 3)
    assert server.connections == 1
    reply = next(iter(refusal.values()))
    for row in p.Notification.objects.all():
        assert (row.state, row.attempts, row.next_attempt_at) == ("dead", 1, None)
        assert reply.split(" ", 1)[0] in row.last_error
        assert reply.split(" ", 2)[2] in row.last_error


# Finding 8: one status change's emails are rendered once; each copy is the follower's own.


@pytest.mark.django_db
def test_each_follower_gets_their_own_address_links_and_message_id(smtp_server):
    from priorities.subscribing.links import manage_url, unsubscribe_url

    ids = outbox(3)
    server = smtp_server()
    with override_settings(**server.settings):
        assert the_outbox.deliver_notifications(ids).sent == 3
    message_ids = set()
    for (recipient,), content in server.messages:
        message = email.message_from_bytes(content)
        subscriber = p.Subscriber.objects.get(email=recipient)
        assert message["To"] == recipient
        unfolded = "".join(message["List-Unsubscribe"].split())
        assert unfolded.rsplit(":", 2)[0] == f"<{unsubscribe_url(subscriber)}".rsplit(":", 2)[0]
        text, html = (
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_maintype() == "text"
        )
        for part in (text, html):
            assert manage_url(subscriber).rsplit(":", 2)[0] in part  # the signed id, any time
            assert unsubscribe_url(subscriber).rsplit(":", 2)[0] in part
            assert "MERGE" not in part
        assert "Agreed." in text
        message_ids.add(message["Message-ID"])
    assert len(message_ids) == 3
