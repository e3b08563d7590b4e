"""The sending seam: every email goes through the backend ``PORTAL_EMAIL_DELIVERY`` names."""

import contextlib
import functools
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

from priorities.notifications.emails import PreparedEmail
from priorities.notifications.failures import classify_failure, refusal_reason

logger = logging.getLogger(__name__)

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
