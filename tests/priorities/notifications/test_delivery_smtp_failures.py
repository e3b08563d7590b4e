"""A mail server or a worker that fails part-way through a batch.

A row of the outbox may be marked sent only once the mail server has accepted its email: every
row after the failure stays waiting, to be sent by a later run, and no accepted email is sent
twice. These tests run on SQLite and PostgreSQL alike and depend on no timing: the server
counts the emails, it does not race the worker.
"""

import datetime
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from priorities import models as p
from priorities.notifications import mailers, outbox
from priorities.notifications.tasks import relay_pending_notifications
from priorities.services import initiative_change_status
from tests import factories
from tests.celery_worker import free_port

pytestmark = pytest.mark.django_db

FOLLOWERS = 5
ACCEPTED_BEFORE_FAILURE = 2


@pytest.fixture
def outbox_rows():
    """Five followers of an initiative whose status has just changed: five pending rows."""
    initiative = factories.InitiativeFactory()
    for _ in range(FOLLOWERS):
        factories.SubscriptionFactory(scope="initiative", initiative=initiative)
    initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="Agreed.")
    rows = list(p.Notification.objects.select_related("subscriber").order_by("pk"))
    assert len(rows) == FOLLOWERS
    assert {row.state for row in rows} == {"pending"}
    return rows


def states(rows):
    return {
        row.subscriber.email: (row.state, row.sent_at is not None)
        for row in p.Notification.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "subscriber"
        )
    }


class FlakyServer:
    """An aiosmtpd handler: accepts ``accept`` emails, then drops the connection in the middle
    of the next one (nothing accepted), then refuses every email with 451 until ``heal()``."""

    def __init__(self, accept):
        self.accept = accept
        self.received = []  # the recipients of each accepted email, in order
        self.dropped = False
        self.healed = False
        self.lock = threading.Lock()

    def heal(self):
        self.healed = True

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.healed or len(self.received) < self.accept:
                self.received.extend(envelope.rcpt_tos)
                return "250 2.0.0 OK"
            if not self.dropped:
                self.dropped = True
                server.transport.close()  # gone before the reply: the email was not accepted
                return "421 4.3.0 Closing"
            return "451 4.3.0 Try again later"


@pytest.fixture
def flaky_smtp():
    handler = FlakyServer(accept=ACCEPTED_BEFORE_FAILURE)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ):
            yield handler
    finally:
        controller.stop()


@override_settings(PORTAL_NOTIFICATION_MAX_ATTEMPTS=5, PORTAL_NOTIFICATION_RETRY_BASE_SECONDS=60)
def test_a_connection_dropped_mid_batch_marks_sent_only_what_the_server_accepted(
    outbox_rows, flaky_smtp
):
    before = timezone.now()
    result = outbox.deliver_notifications([row.pk for row in outbox_rows])

    accepted = [row.subscriber.email for row in outbox_rows[:ACCEPTED_BEFORE_FAILURE]]
    refused = [row.subscriber.email for row in outbox_rows[ACCEPTED_BEFORE_FAILURE:]]
    assert flaky_smtp.dropped
    assert flaky_smtp.received == accepted
    assert (result.sent, result.failed, result.dead) == (len(accepted), len(refused), 0)
    assert states(outbox_rows) == {
        **{address: ("sent", True) for address in accepted},
        **{address: ("failed", False) for address in refused},
    }
    errors = []
    for row in p.Notification.objects.filter(subscriber__email__in=refused).order_by("pk"):
        assert row.attempts == 1
        assert row.next_attempt_at > before  # waits for its retry, not given up
        errors.append(row.last_error.split(":")[0])
    # The email in flight when the connection dropped, then those the reconnected server refused.
    assert errors == ["SMTPServerDisconnected"] + ["SMTPDataError"] * (len(refused) - 1)

    # The server recovers; once the retries are due, the rest go, and the first two not again.
    flaky_smtp.heal()
    p.Notification.objects.filter(state="failed").update(next_attempt_at=timezone.now())
    result = outbox.deliver_notifications([row.pk for row in outbox_rows])
    assert (result.sent, result.skipped) == (len(refused), len(accepted))
    assert flaky_smtp.received == accepted + refused
    assert set(states(outbox_rows).values()) == {("sent", True)}


class WorkerKilled(BaseException):
    """Stands for the worker being killed (SIGKILL, out of memory) with an email in flight."""


class DyingConnection:
    """An SMTP connection that accepts ``accept`` emails and then takes the worker down."""

    def __init__(self, accept):
        self.accept = accept
        self.accepted = []

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if len(self.accepted) >= self.accept:
            raise WorkerKilled
        self.accepted.extend(address for message in messages for address in message.to)
        return len(messages)


@override_settings(PORTAL_NOTIFICATION_CLAIM_SECONDS=300, PORTAL_RELAY_AFTER_SECONDS=60)
def test_a_worker_killed_mid_batch_leaves_the_unsent_rows_to_the_relay(outbox_rows, monkeypatch):
    dying = DyingConnection(accept=ACCEPTED_BEFORE_FAILURE)
    monkeypatch.setattr(mailers, "get_connection", lambda **kwargs: dying)
    with pytest.raises(WorkerKilled):
        outbox.deliver_notifications([row.pk for row in outbox_rows])

    accepted = [row.subscriber.email for row in outbox_rows[:ACCEPTED_BEFORE_FAILURE]]
    unsent = [row.subscriber.email for row in outbox_rows[ACCEPTED_BEFORE_FAILURE:]]
    assert dying.accepted == accepted
    # The email in flight and those after it are still owed: pending, leased to the dead worker.
    assert states(outbox_rows) == {
        **{address: ("sent", True) for address in accepted},
        **{address: ("pending", False) for address in unsent},
    }
    assert not outbox.due_for_relay().exists()  # the lease still holds

    # Once the lease has passed, the relay sends exactly the unsent ones, each once.
    monkeypatch.undo()
    later = timezone.now() + datetime.timedelta(seconds=301)
    assert {row.subscriber.email for row in outbox.due_for_relay(later)} == set(unsent)
    p.Notification.objects.filter(state="pending").update(next_attempt_at=timezone.now())
    assert relay_pending_notifications() == len(unsent)
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(unsent)
    assert set(states(outbox_rows).values()) == {("sent", True)}
