"""Sending the portal's emails: the notification outbox, weekly digests, meeting packs and
reminders. The Celery tasks in ``priorities/tasks.py`` only call these.

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
import functools
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import make_msgid, sanitize_address
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from priorities import selectors
from priorities.models import (
    AgendaItem,
    Delivery,
    DeliveryKind,
    Frequency,
    Initiative,
    Meeting,
    MeetingStatus,
    Notification,
    NotificationState,
    StatusChange,
    Subscriber,
    Subscription,
    SubscriptionScope,
)
from priorities.subscribing.links import (
    absolute,
    list_unsubscribe_headers,
    make_token,
    manage_url,
    unsubscribe_url,
)

logger = logging.getLogger(__name__)

#: The longest wait between two attempts at one email.
MAX_RETRY_DELAY = datetime.timedelta(hours=12)
_random = secrets.SystemRandom()


# Building emails ---------------------------------------------------------------------------


def _fallback_build_email(*, subscriber, subject, template, context):
    """Build a subscriber's email from templates/emails/<template>.txt and .html (used only
    where ``priorities.subscribing.emails`` is missing)."""
    context = {
        "subscriber": subscriber,
        "subject": subject,
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "portal_name": settings.PORTAL_NAME,
        "portal_url": absolute("/"),
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[subscriber.email],
        headers=list_unsubscribe_headers(subscriber),
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def build_subscriber_email(*, subscriber, subject, template, context):
    """Build an email to a subscriber, with manage and one-click unsubscribe links."""
    try:
        from priorities.subscribing.emails import build_email
    except ImportError:
        build_email = _fallback_build_email
    return build_email(subscriber=subscriber, subject=subject, template=template, context=context)


#: Subjects never name an initiative, meeting or committee: someone else may see the inbox, and a
#: title can say more than the recipient would want shown ("domestic abuse", "child protection").
STATUS_CHANGE_SUBJECT = "An update you follow"
REMINDER_SUBJECT = "An initiative you own needs an update"


def meeting_pack_subject(meeting) -> str:
    return f"A meeting you follow: {timezone.localtime(meeting.starts_at):%-d %B %Y}"


def status_change_url(status_change) -> str:
    return absolute(
        f"{status_change.initiative.get_absolute_url()}#status-change-{status_change.pk}"
    )


def status_change_email(notification, url=None):
    status_change = notification.status_change
    initiative = status_change.initiative
    return build_subscriber_email(
        subscriber=notification.subscriber,
        subject=STATUS_CHANGE_SUBJECT,
        template="notify_status_change",
        context={
            "status_change": status_change,
            "initiative": initiative,
            "meeting": status_change.meeting,
            "from_label": status_change.get_from_status_display(),
            "to_label": status_change.get_to_status_display(),
            "url": url or status_change_url(status_change),
        },
    )


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME bytes are made already (see ``StatusChangeMail``): every backend
    sends those bytes; ``body``, ``alternatives`` and the headers are kept for the others."""

    def __init__(self, raw, **kwargs):
        super().__init__(**kwargs)
        self.raw = raw

    def message(self, **kwargs):
        return _RawMessage(self.raw)


class _RawMessage:
    def __init__(self, raw):
        self.raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n", **kwargs):
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n", **kwargs):
        return self.as_bytes(linesep=linesep).decode()

    def get_charset(self):
        return None


class StatusChangeMail:
    """A status change's email, rendered and encoded once per batch.

    Followers' copies differ only in the address, the manage and unsubscribe links (in both
    parts and in List-Unsubscribe) and the Message-ID: each copy is the first one's bytes with
    those filled in. ``prepare`` returns None when that can't be done safely (a part encoded so
    that a link could be split, an address that needs encoding, the address in the text), and
    each email is then rendered on its own.
    """

    TO = "merge-recipient-7c1e@example.invalid"
    MANAGE = "MERGEMANAGEURL7c1e"
    UNSUBSCRIBE = "MERGEUNSUBSCRIBEURL7c1e"

    def __init__(self, template, raw, message_id, links):
        self.template = template
        self.raw = raw
        self.message_id = message_id
        self.links = links  # placeholder -> (purpose, URL before the token, URL after it)

    @classmethod
    def prepare(cls, message, subscriber):
        links = {cls.MANAGE: manage_url(subscriber), cls.UNSUBSCRIBE: unsubscribe_url(subscriber)}
        html = message.alternatives[0][0] if len(message.alternatives) == 1 else None
        parts = [message.body, html, *message.extra_headers.values()]
        if html is None or not subscriber.email.isascii() or subscriber.email in message.subject:
            return None
        if any(
            subscriber.email in part or escape(url) != url
            for part in parts
            for url in links.values()
        ):
            return None

        def template(text):
            for placeholder, url in links.items():
                text = text.replace(url, placeholder)
            return text

        merged = EmailMultiAlternatives(
            subject=message.subject,
            body=template(message.body),
            from_email=message.from_email,
            to=[cls.TO],
            headers={name: template(value) for name, value in message.extra_headers.items()},
        )
        merged.attach_alternative(template(html), "text/html")
        mime = merged.message()
        message_id = mime["Message-ID"]
        raw = mime.as_bytes(linesep="\r\n")
        expected = [merged.body, merged.alternatives[0][0], *merged.extra_headers.values()]
        for placeholder in links:
            if raw.count(placeholder.encode()) != sum(p.count(placeholder) for p in expected):
                return None
        if raw.count(cls.TO.encode()) != 1 or raw.count(message_id.encode()) != 1:
            return None
        # Each follower's links: the URL around the token is the same for all (no reverse()).
        link_parts = {}
        for placeholder, purpose, name in (
            (cls.MANAGE, "manage", "subscriptions:manage"),
            (cls.UNSUBSCRIBE, "unsubscribe", "subscriptions:unsubscribe"),
        ):
            before, _, after = absolute(reverse(name, args=[placeholder])).partition(placeholder)
            url = links[placeholder]
            token = url[len(before) : len(url) - len(after)]
            if not (url.startswith(before) and url.endswith(after)) or quote(token, ":") != token:
                return None
            link_parts[placeholder] = (purpose, before, after)
        return cls(merged, raw, message_id, link_parts)

    def for_subscriber(self, subscriber):
        if not subscriber.email.isascii():
            return None
        values = {}
        for placeholder, (purpose, before, after) in self.links.items():
            token = make_token(subscriber, purpose)
            if quote(token, ":") != token:
                return None
            values[placeholder] = before + token + after

        def fill(text):
            for placeholder, value in values.items():
                text = text.replace(placeholder, value)
            return text

        raw = self.raw.replace(self.TO.encode(), subscriber.email.encode())
        for placeholder, value in values.items():
            raw = raw.replace(placeholder.encode(), value.encode())
        raw = raw.replace(self.message_id.encode(), make_msgid(domain=DNS_NAME).encode())
        template = self.template
        message = PreparedEmail(
            raw,
            subject=template.subject,
            body=fill(template.body),
            from_email=template.from_email,
            to=[subscriber.email],
            headers={name: fill(value) for name, value in template.extra_headers.items()},
        )
        message.attach_alternative(fill(template.alternatives[0][0]), "text/html")
        return message


def _status_change_message(notification, merges):
    """The email for ``notification``: the status change's first is rendered (and kept, in
    ``merges``, as the others' template); the others are filled in from it."""
    change_id = notification.status_change_id
    if change_id not in merges:
        message = status_change_email(notification)
        merges[change_id] = StatusChangeMail.prepare(message, notification.subscriber)
        return message
    merge = merges[change_id]
    message = merge.for_subscriber(notification.subscriber) if merge else None
    return message or status_change_email(notification)


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


def oldest_pending_age(now=None) -> int:
    """Return the age in seconds of the oldest email still to send (0 when none)."""
    now = now or timezone.now()
    oldest = (
        Notification.objects.filter(state__in=[NotificationState.PENDING, NotificationState.FAILED])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(0, int((now - oldest).total_seconds())) if oldest else 0


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
TEMPORARY = "temporary"  # a 4xx refusal: this email waits for its retry; the connection is fine
PERMANENT = "permanent"  # a 5xx refusal: this email is dead, with the server's reason
DROPPED = "dropped"  # the connection broke (or timed out): this email retries; reconnect
#: The service asks to be left alone (GOV.UK Notify's 429) or refuses the portal's configuration
#: (a refused API key): this email and the rest of the batch wait for their retry, untried, and
#: the fault, not being the email's, never makes it dead.
STOP = "stop"

#: Reconnections in one batch before the rest of the batch is left for its retry.
MAX_RECONNECTS = 3


def classify_failure(error) -> str:
    """Sort an exception from sending one email into TEMPORARY, PERMANENT or DROPPED."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if 421 in codes:
            return DROPPED  # smtplib has closed the connection
        if codes and all(500 <= code < 600 for code in codes):
            return PERMANENT
        return TEMPORARY
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return DROPPED
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:
            return DROPPED
        if 500 <= error.smtp_code < 600:
            return PERMANENT
        return TEMPORARY
    if isinstance(error, smtplib.SMTPException):
        return TEMPORARY  # a protocol error on a connection that still works
    if isinstance(error, OSError):
        return DROPPED  # refused, reset, timed out: the connection's state is unknown
    return TEMPORARY


def refusal_reason(error) -> str:
    """The server's own words for a permanent refusal, e.g. "550 5.1.1 No such mailbox"."""

    def words(code, message):
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        return f"{code} {message}"

    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(words(code, message) for code, message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return words(error.smtp_code, error.smtp_error)
    return f"{type(error).__name__}: {error}"


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


# The sending seam ----------------------------------------------------------------------------
#
# ``PORTAL_EMAIL_DELIVERY`` chooses where every email goes: "smtp", Django's email backend
# (``EMAIL_BACKEND``: SMTP in production), or "notify", GOV.UK Notify
# (``priorities.notifications.notify``).
# The outbox sends a batch through a mailer: ``open``, then for each email ``pace`` (before the
# lease is checked) and ``send`` (raises when the email was not accepted; ``classify`` sorts the
# error into TEMPORARY, PERMANENT, DROPPED or STOP and ``reason`` words a permanent one),
# ``reconnect`` after a DROPPED, and ``close``. One-off emails go through ``send_message``.


class SmtpMailer:
    """The outbox over one connection of Django's email backend (SMTP in production)."""

    name = "the mail server"

    def __init__(self):
        self.connection = get_connection(fail_silently=False)

    def open(self):
        self.connection.open()

    def pace(self):
        pass

    def send(self, message, *, reference=None):
        if not _send(self.connection, message):
            raise smtplib.SMTPException("the mail server accepted no recipient")

    def classify(self, error) -> str:
        return classify_failure(error)

    def reason(self, error) -> str:
        return refusal_reason(error)

    def reconnect(self) -> bool:
        return _reconnect(self.connection)

    def close(self):
        self.connection.close()


def mailer():
    """A mailer for one outbox batch, of the backend ``PORTAL_EMAIL_DELIVERY`` names."""
    if settings.PORTAL_EMAIL_DELIVERY == "notify":
        from priorities.notifications.notify import NotifyMailer

        return NotifyMailer()
    return SmtpMailer()


def send_message(message, *, reference=None):
    """Send one email now through the chosen backend; raise if it was not accepted.

    ``reference`` names what the email is for (e.g. "digest:<Delivery key>"): GOV.UK Notify
    keeps it with the notification; SMTP ignores it."""
    if settings.PORTAL_EMAIL_DELIVERY == "notify":
        from priorities.notifications.notify import send_now

        send_now(message, reference=reference)
        return
    message.send(fail_silently=False)


def _send(smtp, message) -> bool:
    """Send one email; a prepared one over Django's SMTP connection as its bytes (its
    addresses are plain ASCII, checked when it was prepared), anything else as usual."""
    if isinstance(message, PreparedEmail) and isinstance(smtp, SMTPBackend):
        if smtp.connection is None:
            smtp.open()
        from_email = _sanitized_from(message.from_email, message.encoding)
        smtp.connection.sendmail(from_email, message.to, message.raw)
        return True
    return bool(smtp.send_messages([message]))


@functools.lru_cache(maxsize=8)
def _sanitized_from(address, encoding):
    return sanitize_address(address, encoding or settings.DEFAULT_CHARSET)


def _reconnect(smtp) -> bool:
    with contextlib.suppress(Exception):  # already broken; a new connection follows
        smtp.close()
    try:
        smtp.open()
    except Exception as error:
        logger.warning("Could not reconnect to the mail server: %s", error)
        return False
    return True


# Once-only deliveries ----------------------------------------------------------------------


def _claim_occasion(kind, key) -> Delivery | None:
    """Insert the (kind, key) row; return None when an earlier run already has it."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(kind=kind, key=key)
    except IntegrityError:
        return None


def send_once(kind, key, build_message) -> bool:
    """Send the message ``build_message()`` returns unless (kind, key) has gone already.

    Returns True when it sent. A failed send releases the claim so that the next run retries.
    """
    claim = _claim_occasion(kind, key)
    if claim is None:
        return False
    try:
        message = build_message()
        send_message(message, reference=f"{kind}:{key}")
    except Exception:
        claim.delete()
        raise
    Delivery.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return True


# Weekly digests ----------------------------------------------------------------------------


def digest_week_starting(today: datetime.date) -> datetime.date:
    """The Monday of the last full week before ``today``."""
    return today - datetime.timedelta(days=today.weekday() + 7)


def _subscription_condition(subscription) -> Q:
    """Which status changes a subscription follows."""
    scope = subscription.scope
    if scope == SubscriptionScope.EVERYTHING:
        return Q(pk__isnull=False)  # not Q(): an empty Q drops out of an OR
    if scope == SubscriptionScope.INITIATIVE:
        return Q(initiative=subscription.initiative_id)
    if scope == SubscriptionScope.ORGANISATION:
        return Q(initiative__organisation=subscription.organisation_id)
    if scope == SubscriptionScope.COMMITTEE:
        return Q(meeting__committee=subscription.committee_id)
    if scope == SubscriptionScope.PRIORITY:
        return Q(
            initiative__priorities=subscription.priority_id,
            initiative__priorities__in=selectors.public_priorities().values("pk"),
        )
    raise ValueError(scope)


def digest_changes(subscriber, start, end):
    """The published status changes in [start, end) that ``subscriber``'s weekly
    subscriptions follow."""
    condition = Q(pk__in=[])
    for subscription in subscriber.subscriptions.filter(frequency=Frequency.WEEKLY):
        condition |= _subscription_condition(subscription)
    matching = StatusChange.objects.published().filter(
        condition, changed_at__gte=start, changed_at__lt=end
    )
    return list(
        StatusChange.objects.filter(pk__in=matching.values("pk"))
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("changed_at", "pk")
    )


def send_weekly_digests(today=None) -> int:
    """Send each weekly subscriber one digest of last week's changes; return how many went."""
    today = today or timezone.localdate()
    week_starting = digest_week_starting(today)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week_starting, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(
        week_starting + datetime.timedelta(days=7), datetime.time(), tzinfo=tz
    )
    subscribers = Subscriber.objects.filter(
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        pk__in=Subscription.objects.filter(frequency=Frequency.WEEKLY).values("subscriber"),
    ).order_by("pk")
    sent = 0
    for subscriber in subscribers:
        changes = digest_changes(subscriber, start, end)
        if not changes:
            continue
        items = [{"change": change, "url": status_change_url(change)} for change in changes]

        def build(subscriber=subscriber, items=items):
            return build_subscriber_email(
                subscriber=subscriber,
                subject=f"Weekly update: week starting {week_starting:%-d %B %Y}",
                template="notify_digest",
                context={"week_starting": week_starting, "items": items},
            )

        key = f"subscriber:{subscriber.pk}:week:{week_starting.isoformat()}"
        sent += send_once(DeliveryKind.DIGEST, key, build)
    return sent


# Meeting packs -----------------------------------------------------------------------------


def meeting_pack_items(meeting):
    """The meeting's public agenda items, each with its initiative's status and last change."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("initiative__organisation", "plan__organisation")
        .order_by("order", "item_number")
    )
    public_initiatives = set(
        Initiative.public_objects.filter(
            pk__in=[item.initiative_id for item in items if item.initiative_id]
        ).values_list("pk", flat=True)
    )
    pack = []
    for item in items:
        if item.initiative_id in public_initiatives:
            last_change = (
                StatusChange.objects.filter(initiative=item.initiative_id)
                .order_by("-changed_at", "-pk")
                .first()
            )
            pack.append(
                {
                    "item": item,
                    "initiative": item.initiative,
                    "status": item.initiative.get_status_display(),
                    "last_change": last_change,
                    "url": absolute(item.initiative.get_absolute_url()),
                }
            )
        elif item.plan and item.plan.is_published:
            pack.append({"item": item, "url": absolute(item.plan.get_absolute_url())})
    return pack


def send_meeting_packs(now=None) -> int:
    """Send committee followers the pack of each meeting in the next
    ``PORTAL_MEETING_PACK_DAYS_BEFORE`` days, once per meeting and subscriber."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.PORTAL_MEETING_PACK_DAYS_BEFORE)
    meetings = Meeting.objects.filter(
        starts_at__gte=now, starts_at__lte=horizon, status=MeetingStatus.SCHEDULED
    ).select_related("committee__organisation")
    sent = 0
    for meeting in meetings:
        items = meeting_pack_items(meeting)
        if not items:
            continue
        subscribers = Subscriber.objects.filter(
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
            subscriptions__scope=SubscriptionScope.COMMITTEE,
            subscriptions__committee=meeting.committee_id,
        ).distinct()
        for subscriber in subscribers:

            def build(subscriber=subscriber, meeting=meeting, items=items):
                return build_subscriber_email(
                    subscriber=subscriber,
                    subject=meeting_pack_subject(meeting),
                    template="notify_meeting_pack",
                    context={
                        "meeting": meeting,
                        "items": items,
                        "meeting_url": absolute(meeting.get_absolute_url()),
                    },
                )

            key = f"meeting:{meeting.pk}:subscriber:{subscriber.pk}"
            sent += send_once(DeliveryKind.MEETING_PACK, key, build)
    return sent


# Reminders to owners of stale initiatives ----------------------------------------------------


def reminder_period(initiative, today) -> int:
    """Which stale period the initiative is in: 1 once it is stale, 2 after twice as long..."""
    idle_days = (today - timezone.localdate(initiative.updated_at)).days
    return max(1, idle_days // settings.PORTAL_STALE_INITIATIVE_DAYS)


def send_stale_reminders(now=None) -> int:
    """Remind each owner (with an email address) of each stale initiative, once per period of
    ``PORTAL_STALE_INITIATIVE_DAYS`` without an update."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for initiative in selectors.initiatives_due_a_reminder(now):
        period = reminder_period(initiative, today)
        edit_url = absolute(reverse("admin:priorities_initiative_change", args=[initiative.pk]))
        for owner in initiative.owners.all():
            if not owner.email or not owner.is_active:
                continue

            def build(owner=owner, initiative=initiative, edit_url=edit_url):
                context = {
                    "owner": owner,
                    "initiative": initiative,
                    "edit_url": edit_url,
                    "stale_days": settings.PORTAL_STALE_INITIATIVE_DAYS,
                    "portal_name": settings.PORTAL_NAME,
                }
                message = EmailMultiAlternatives(
                    subject=REMINDER_SUBJECT,
                    body=render_to_string("emails/notify_reminder.txt", context),
                    to=[owner.email],
                )
                message.attach_alternative(
                    render_to_string("emails/notify_reminder.html", context), "text/html"
                )
                return message

            updated = timezone.localdate(initiative.updated_at).isoformat()
            key = f"initiative:{initiative.pk}:user:{owner.pk}:since:{updated}:period:{period}"
            sent += send_once(DeliveryKind.REMINDER, key, build)
    return sent
