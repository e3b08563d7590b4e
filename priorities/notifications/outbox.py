"""The notification outbox: claiming due rows, sending them and recording each outcome.
The Celery tasks (``priorities.notifications.tasks``) only call these.

The outbox (``Notification``) is written with each status change. ``deliver_notifications``
claims the rows it was given that are due, sends them over one SMTP connection and marks each
row sent as soon as the server accepts its email. A claim is a lease: the rows' ``next_attempt_at``
moves ``PORTAL_NOTIFICATION_CLAIM_SECONDS`` ahead, so no other worker takes them meanwhile, and a
worker that dies leaves them due again once the lease ends (the relay then re-queues them). The
lease is renewed while the batch is sent and checked before each email (``Lease``), so a worker
whose connection stalled past its lease sends none of the rows another worker has taken since.
At most the one email in flight when a worker dies or stalls can go twice. Temporary refusals
(4xx) back off on the same connection, permanent ones (5xx) are dead at once, a dropped
connection is reopened (``classify_failure``).

Every email goes through the backend ``PORTAL_EMAIL_DELIVERY`` chooses ("The sending seam"
below): Django's email backend (SMTP) or GOV.UK Notify
(``priorities.notifications.notify``), with the same lease, states and retries.

Digests, meeting packs and reminders go once per occasion: each inserts a ``Delivery`` row
(kind, key) before sending; the unique constraint turns a second run into a no-op. One model and
one rule for all three.
"""

import contextlib
import datetime
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from priorities.models import (
    Initiative,
    Notification,
    NotificationState,
    StatusChange,
)
from priorities.notifications.emails import (
    _status_change_message,
)
from priorities.notifications.failures import DROPPED, PERMANENT, STOP
from priorities.notifications.mailers import mailer

logger = logging.getLogger(__name__)

#: The longest wait between two attempts at one email.
MAX_RETRY_DELAY = datetime.timedelta(hours=12)
_random = secrets.SystemRandom()

# The outbox --------------------------------------------------------------------------------


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0


def _due(now):
    """Rows that may be sent now: waiting, and not leased to a worker or waiting for a retry."""
    return Q(state__in=[NotificationState.PENDING, NotificationState.FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def due_for_relay(now=None):
    """Rows the relay re-queues: pending rows whose own task should have sent them by now, and
    rows whose retry time or claim has passed."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.PORTAL_RELAY_AFTER_SECONDS)
    return Notification.objects.filter(
        Q(state=NotificationState.PENDING, next_attempt_at__isnull=True, created_at__lte=stale)
        | Q(
            state__in=[NotificationState.PENDING, NotificationState.FAILED],
            next_attempt_at__lte=now,
        )
    ).order_by("created_at", "pk")


def _claim(notification_ids, now=None):
    """Lease the due rows among ``notification_ids`` to this worker.

    Returns their ids and the lease's token: the ``next_attempt_at`` the rows now carry. While a
    row still carries this worker's token it is this worker's to send; once the lease has run
    out and another worker has claimed the row, it carries that worker's (later) token.
    """
    now = now or timezone.now()
    token = now + datetime.timedelta(seconds=settings.PORTAL_NOTIFICATION_CLAIM_SECONDS)
    with transaction.atomic():
        rows = Notification.objects.filter(_due(now), pk__in=list(notification_ids))
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = list(rows.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=claimed).update(next_attempt_at=token)
    return claimed, token


def claim_notifications(notification_ids, now=None) -> list[int]:
    """Lease the due rows among ``notification_ids`` to this worker; return their ids."""
    return _claim(notification_ids, now)[0]


class Lease:
    """The rows a worker holds while it sends them.

    The lease (``PORTAL_NOTIFICATION_CLAIM_SECONDS``) is renewed, by one conditional UPDATE of
    the rows still carrying this worker's token, whenever a third of it has passed, and always
    before an email is handed to the mail server: so each email starts with at least two thirds
    of the lease ahead of it, and a worker whose connection stalled past its lease finds, when
    it wakes, that another worker has taken its rows and sends none of them. Only the email in
    flight during the stall can go twice. Marks (sent, failed, dead) apply only to rows still
    carrying the token.
    """

    def __init__(self, ids, token):
        self.ids = set(ids)
        self.token = token
        self.seconds = settings.PORTAL_NOTIFICATION_CLAIM_SECONDS
        self.renew_at = time.monotonic() + self.seconds / 3

    def holds(self, pk) -> bool:
        """Whether row ``pk`` is still this worker's to send (renewing the lease if due)."""
        if time.monotonic() >= self.renew_at:
            self.renew()
        return pk in self.ids

    def renew(self):
        token = timezone.now() + datetime.timedelta(seconds=self.seconds)
        mine = Notification.objects.filter(
            pk__in=self.ids,
            next_attempt_at=self.token,
            state__in=[NotificationState.PENDING, NotificationState.FAILED],
        )
        if mine.update(next_attempt_at=token) != len(self.ids):
            lost = self.ids - set(
                Notification.objects.filter(pk__in=self.ids, next_attempt_at=token).values_list(
                    "pk", flat=True
                )
            )
            logger.warning("Lease ran out: %s emails now belong to another worker", len(lost))
            self.ids -= lost
        self.token = token
        self.renew_at = time.monotonic() + self.seconds / 3

    def rows(self, pk):
        """Row ``pk`` if it still carries this worker's token (a queryset to update)."""
        self.ids.discard(pk)
        return Notification.objects.filter(pk=pk, next_attempt_at=self.token)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter: about base × 2^(attempts-1), ±25%, at most 12 hours."""
    base = settings.PORTAL_NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    delay = min(base, MAX_RETRY_DELAY.total_seconds())
    return datetime.timedelta(seconds=delay * _random.uniform(0.75, 1.25))


def _mark_sent(lease, notification):
    """One UPDATE, written out: it runs once per email, and the ORM's building of it cost
    as much as the commit."""
    lease.ids.discard(notification.pk)
    ops = connection.ops
    table = ops.quote_name(Notification._meta.db_table)
    pk = ops.quote_name(Notification._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, sent_at = %s, attempts = %s, "  # noqa: S608
            f"next_attempt_at = NULL, last_error = '' WHERE {pk} = %s AND next_attempt_at = %s",
            [
                NotificationState.SENT.value,
                ops.adapt_datetimefield_value(timezone.now()),
                notification.attempts + 1,
                notification.pk,
                ops.adapt_datetimefield_value(lease.token),
            ],
        )


def _mark_dead(lease, notification, reason, attempted=False):
    lease.rows(notification.pk).update(
        state=NotificationState.DEAD,
        attempts=notification.attempts + attempted,
        next_attempt_at=None,
        last_error=reason[:2000],
    )


def _mark_failed(lease, notification, error, can_give_up=True) -> str:
    """Back off; after ``PORTAL_NOTIFICATION_MAX_ATTEMPTS`` the email is dead, unless the
    failure was not the email's (``can_give_up`` False: a refused API key, a rate limit)."""
    attempts = notification.attempts + 1
    gave_up = can_give_up and attempts >= settings.PORTAL_NOTIFICATION_MAX_ATTEMPTS
    lease.rows(notification.pk).update(
        state=NotificationState.DEAD if gave_up else NotificationState.FAILED,
        attempts=attempts,
        next_attempt_at=None if gave_up else timezone.now() + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    return NotificationState.DEAD if gave_up else NotificationState.FAILED


def _why_not_send(notification, public_initiatives) -> str:
    subscriber = notification.subscriber
    if subscriber.unsubscribed_at is not None:
        return "unsubscribed"
    if subscriber.confirmed_at is None:
        return "not confirmed"
    if notification.status_change.initiative_id not in public_initiatives:
        return "initiative no longer published"
    return ""


# How a failed send is handled.
MAX_RECONNECTS = 3


@contextlib.contextmanager
def _commits_not_waiting_for_the_disk():
    """Let each row's "sent" commit return without waiting for the disk, for one batch.

    Each row is marked sent, in its own commit, before the next email goes, so that a killed
    worker repeats at most the email in flight; waiting for a disk flush on each of those
    commits was the largest cost of sending. A commit that has not reached the disk yet is
    still seen by every other process and survives the worker being killed; only a crash of
    the database server (or the machine) within about a second could forget the last few
    marks, and those emails would go again. PostgreSQL: ``synchronous_commit = off`` for this
    session; SQLite in WAL mode: ``synchronous = NORMAL``.
    """
    if connection.in_atomic_block:
        yield
        return
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
            reset = "RESET synchronous_commit"
        elif vendor == "sqlite" and cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            previous = int(cursor.execute("PRAGMA synchronous").fetchone()[0])
            cursor.execute("PRAGMA synchronous = NORMAL")
            reset = f"PRAGMA synchronous = {previous}"
        else:
            reset = None
    try:
        yield
    finally:
        if reset:
            with contextlib.suppress(Exception), connection.cursor() as cursor:
                cursor.execute(reset)


def deliver_notifications(notification_ids, *, now=None) -> DeliveryResult:
    """Send the due outbox rows among ``notification_ids`` through one mailer: one SMTP
    connection, or one GOV.UK Notify client (``PORTAL_EMAIL_DELIVERY``)."""
    result = DeliveryResult()
    claimed, token = _claim(notification_ids, now=now)
    result.skipped = len(set(notification_ids)) - len(claimed)
    if not claimed:
        return result
    lease = Lease(claimed, token)
    notifications = list(
        Notification.objects.filter(pk__in=claimed).select_related("subscriber").order_by("pk")
    )
    # A batch is mostly one status change: load each once, not joined into every row.
    changes = StatusChange.objects.select_related(
        "initiative__organisation", "meeting__committee__organisation"
    ).in_bulk({n.status_change_id for n in notifications})
    for notification in notifications:
        notification.status_change = changes[notification.status_change_id]
    public_initiatives = set(
        Initiative.public_objects.filter(
            pk__in={n.status_change.initiative_id for n in notifications}
        ).values_list("pk", flat=True)
    )

    def failed(notification, error, kind=None):
        state = _mark_failed(lease, notification, error, can_give_up=kind != STOP)
        result.dead += state == NotificationState.DEAD
        result.failed += state == NotificationState.FAILED

    sender = mailer()
    try:
        sender.open()
    except Exception as error:
        logger.warning("Could not connect to %s: %s", sender.name, error)
        for notification in notifications:
            failed(notification, error)
        return result
    merges = {}
    reconnects = 0
    try:
        with _commits_not_waiting_for_the_disk():
            for position, notification in enumerate(notifications):
                reason = _why_not_send(notification, public_initiatives)
                if reason:
                    _mark_dead(lease, notification, reason)
                    result.dead += 1
                    continue
                try:
                    message = _status_change_message(notification, merges)
                except Exception as error:
                    logger.warning("Email for notification %s failed: %s", notification.pk, error)
                    failed(notification, error)
                    continue
                sender.pace()
                if not lease.holds(notification.pk):
                    result.skipped += 1
                    continue
                try:
                    sender.send(message, reference=f"notification-{notification.pk}")
                except Exception as error:
                    kind = sender.classify(error)
                    logger.warning(
                        "Email for notification %s failed (%s): %s", notification.pk, kind, error
                    )
                    if kind == PERMANENT:
                        _mark_dead(lease, notification, sender.reason(error), attempted=True)
                        result.dead += 1
                        continue
                    failed(notification, error, kind)
                    if kind == DROPPED:
                        reconnects += 1
                    if kind == STOP or (
                        kind == DROPPED and (reconnects > MAX_RECONNECTS or not sender.reconnect())
                    ):
                        for rest in notifications[position + 1 :]:
                            if lease.holds(rest.pk):
                                failed(rest, error, kind)
                        break
                    continue
                _mark_sent(lease, notification)
                result.sent += 1
    finally:
        with contextlib.suppress(Exception):  # the connection may be broken already
            sender.close()
    return result
