"""Sending the portal's emails through GOV.UK Notify (``PORTAL_EMAIL_DELIVERY = "notify"``).

The portal composes its emails itself, as it does for SMTP, and sends each through one generic
Notify email template (``GOVUK_NOTIFY_EMAIL_TEMPLATE_ID``) whose subject is ``((subject))`` and
whose message is ``((body))``: the personalisation carries the email's subject and its plain
text part. The one-click unsubscribe link of the email's List-Unsubscribe header goes as
``one_click_unsubscribe_url``; Notify adds the List-Unsubscribe headers itself.

``NotifyMailer`` is the delivery seam's Notify side
(``priorities.notifications.mailers.mailer``): the outbox sends through it with the same lease
rules as over SMTP, and ``send_now`` sends the one-off emails (digests, meeting packs,
reminders, confirmations). Notify's answers map onto the outbox's states (``failure``):

- 201: sent.
- 429 (rate limit, daily limit): this email retries; the rest of the batch waits for its retry
  untried, so a throttling Notify is not asked again at once.
- 5xx, a timeout or no connection: this email retries; after ``MAX_RECONNECTS`` of these in one
  batch the rest of the batch waits for its retry.
- 400 about the recipient or the content: the email is dead at once, with Notify's reason.
- 403 (the API key refused) and a 400 about the template or the service's settings (template
  not found, missing personalisation, trial mode): a fault in the portal's configuration that
  would fail every email: this one and the rest of the batch retry with backoff, and the fault
  is logged once (as an error) until an email goes again.

Requests are paced to ``GOVUK_NOTIFY_RATE_PER_MINUTE`` (Notify's limit is per service: 3,000 a
minute unless Notify agreed another) across every worker, by a counter per second in the
shared cache (``RateLimit``).
"""

import logging
import math
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from portal import shared_cache
from priorities.notifications.failures import DROPPED, PERMANENT, STOP, TEMPORARY

logger = logging.getLogger(__name__)

KEY_FORMAT = "{key_name}-{service_id}-{secret}"

#: Words in a 400's message that say the fault is the portal's configuration, not the email.
CONFIGURATION_FAULTS = (
    "template",
    "missing personalisation",
    "team-only",
    "team only",
    "trial mode",
    "reply_to",
    "reply-to",
    "not allowed to send",
    "api key",
)


class NotifyError(Exception):
    """Notify did not accept an email: ``kind`` is how the outbox treats it, the message is
    what the outbox's ``last_error`` (and /readyz) show."""

    def __init__(self, kind, reason, status=None):
        super().__init__(reason)
        self.kind = kind
        self.status = status


def _words(error: APIError) -> str:
    message = error.message
    if isinstance(message, list):
        return "; ".join(
            str(item.get("message", item)) if isinstance(item, dict) else str(item)
            for item in message
        )
    return str(message)


def failure(error: APIError) -> NotifyError:
    """Map an error from the client onto the outbox's kinds of failure."""
    if error.response is None:  # timed out, refused, reset: Notify gave no answer
        cause = error.__cause__ or error
        return NotifyError(
            DROPPED, f"GOV.UK Notify did not answer: {type(cause).__name__}: {cause}"
        )
    status = error.status_code
    words = _words(error)
    if status == 429:
        return NotifyError(STOP, f"429 GOV.UK Notify's rate limit: {words}", status)
    if status in (401, 403):
        return NotifyError(
            STOP,
            f"{status} GOV.UK Notify refused the API key (check GOVUK_NOTIFY_API_KEY): {words}",
            status,
        )
    if status == 400:
        if any(fault in words.lower() for fault in CONFIGURATION_FAULTS):
            return NotifyError(
                STOP,
                f"400 GOV.UK Notify refused the portal's Notify settings (check "
                f"GOVUK_NOTIFY_EMAIL_TEMPLATE_ID, GOVUK_NOTIFY_REPLY_TO_ID and the service): "
                f"{words}",
                status,
            )
        return NotifyError(PERMANENT, f"400 {words}", status)
    if status >= 500:
        return NotifyError(DROPPED, f"{status} GOV.UK Notify failed: {words}", status)
    return NotifyError(TEMPORARY, f"{status} {words}", status)


class _Problem:
    """A configuration fault is logged once, as an error, until an email goes again."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reported = None

    def failed(self, error: NotifyError):
        if error.kind != STOP or error.status == 429:
            return
        with self.lock:
            first, self.reported = self.reported != error.status, error.status
        if first:
            logger.error("Emails wait: %s", error)

    def succeeded(self):
        if self.reported is None:
            return
        with self.lock:
            was, self.reported = self.reported, None
        if was is not None:
            logger.warning("GOV.UK Notify accepts the portal's emails again.")


problem = _Problem()


class RateLimit:
    """At most ``GOVUK_NOTIFY_RATE_PER_MINUTE`` requests a minute from all workers together.

    Time is cut into seconds; second ``n`` may carry ``floor((n+1)·r) - floor(n·r)`` requests
    (``r`` the rate per second), which adds up to the rate over any run of whole seconds, also
    for rates below one a second. Each request takes a number from that second's counter in the
    shared cache and, past the allowance, waits for the next second. With the cache down the
    counter is this process's own (the outage is logged by ``shared_cache``).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.local = {}

    def _count_locally(self, key):
        with self.lock:
            now = int(time.time())
            for old in [k for k in self.local if k[1] < now - 2]:
                del self.local[old]
            self.local[key] = self.local.get(key, 0) + 1
            return self.local[key]

    def _take(self, per_minute, second):
        key = f"notify-rate:{per_minute}:{second}"

        def shared():
            cache.add(key, 0, timeout=10)
            return cache.incr(key)

        count = shared_cache.attempt(shared, what="pacing GOV.UK Notify")
        return count if count is not None else self._count_locally((per_minute, second))

    def wait(self):
        per_minute = settings.GOVUK_NOTIFY_RATE_PER_MINUTE
        if not per_minute or per_minute <= 0:
            return
        rate = per_minute / 60
        while True:
            now = time.time()
            second = int(now)
            allowed = math.floor((second + 1) * rate) - math.floor(second * rate)
            if allowed > 0 and self._take(per_minute, second) <= allowed:
                return
            time.sleep(max(second + 1 - time.time(), 0) + 0.001)


rate_limit = RateLimit()


def _new_client() -> NotificationsAPIClient:
    key = settings.GOVUK_NOTIFY_API_KEY
    if not key:
        raise ImproperlyConfigured("GOVUK_NOTIFY_API_KEY is not set")
    if len(key) < 74 or key[-37] != "-" or key[-74] != "-":
        raise ImproperlyConfigured(
            f"GOVUK_NOTIFY_API_KEY is not a GOV.UK Notify API key ({KEY_FORMAT})"
        )
    if not settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID is not set")
    return NotificationsAPIClient(
        key, base_url=settings.GOVUK_NOTIFY_BASE_URL, timeout=settings.GOVUK_NOTIFY_TIMEOUT
    )


def _unsubscribe_url(message) -> str | None:
    """The one-click link of the email's List-Unsubscribe header (``<https://...>``)."""
    header = message.extra_headers.get("List-Unsubscribe", "").strip()
    if not (header.startswith("<") and header.endswith(">")) or "," in header:
        return None
    url = header[1:-1]
    return url if url.startswith(("https://", "http://")) else None


def email_request(message, reference=None) -> dict:
    """The arguments of ``send_email_notification`` for a Django email to one address."""
    if len(message.to) != 1 or message.cc or message.bcc:
        raise ValueError("A GOV.UK Notify email goes to exactly one address")
    return {
        "email_address": message.to[0],
        "template_id": settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID,
        "personalisation": {"subject": message.subject, "body": message.body},
        "reference": reference,
        "email_reply_to_id": settings.GOVUK_NOTIFY_REPLY_TO_ID or None,
        "one_click_unsubscribe_url": _unsubscribe_url(message),
    }


class NotifyMailer:
    """The delivery seam over GOV.UK Notify (see
    ``priorities.notifications.mailers.SmtpMailer``)."""

    name = "GOV.UK Notify"

    def __init__(self):
        self.client = None
        self.settings = None

    def open(self):
        current = (
            settings.GOVUK_NOTIFY_API_KEY,
            settings.GOVUK_NOTIFY_BASE_URL,
            settings.GOVUK_NOTIFY_TIMEOUT,
        )
        if self.client is None or self.settings != current:
            self.close()
            self.client = _new_client()
            self.settings = current

    def pace(self):
        rate_limit.wait()

    def send(self, message, *, reference=None):
        if self.client is None:
            self.open()
        try:
            self.client.send_email_notification(**email_request(message, reference))
        except APIError as error:
            notify_error = failure(error)
            problem.failed(notify_error)
            raise notify_error from error
        problem.succeeded()

    def classify(self, error) -> str:
        return error.kind if isinstance(error, NotifyError) else TEMPORARY

    def reason(self, error) -> str:
        return str(error) if isinstance(error, NotifyError) else f"{type(error).__name__}: {error}"

    def reconnect(self) -> bool:
        """A fresh HTTP session (the old one's connection may be stuck)."""
        self.close()
        try:
            self.open()
        except Exception as error:
            logger.warning("Could not set up the GOV.UK Notify client: %s", error)
            return False
        return True

    def close(self):
        if self.client is not None:
            self.client.request_session.close()
        self.client = None


_local = threading.local()


def send_now(message, *, reference=None):
    """Send one email now (raises ``NotifyError`` when Notify did not accept it); each thread
    keeps its client, so a run of digests reuses one HTTPS connection."""
    mailer = getattr(_local, "mailer", None)
    if mailer is None:
        mailer = _local.mailer = NotifyMailer()
    mailer.open()
    mailer.pace()
    mailer.send(message, reference=reference)
