"""Signed links in subscription emails: confirm, manage and one-click unsubscribe.

A link carries the subscriber's id signed with the site's secret (and a purpose, so one kind of
link can't be used as another). Confirmation links expire; manage and unsubscribe links keep
working as long as the subscriber exists, because they sit in every email ever sent.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRMATION_MAX_AGE = 7 * 24 * 60 * 60  # a week to click the confirmation link


def _signer(purpose):
    return signing.TimestampSigner(salt=f"priorities.subscriptions.{purpose}")


def make_token(subscriber, purpose: str) -> str:
    return _signer(purpose).sign(str(subscriber.pk))


def read_token(token: str, purpose: str, max_age=None) -> int:
    """Return the subscriber id a token names. Raises signing.BadSignature (or its subclass
    SignatureExpired) for a forged, mistyped or expired token."""
    return int(_signer(purpose).unsign(token, max_age=max_age))


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def confirm_url(subscriber) -> str:
    return absolute(reverse("subscriptions:confirm", args=[make_token(subscriber, "confirm")]))


def manage_url(subscriber) -> str:
    return absolute(reverse("subscriptions:manage", args=[make_token(subscriber, "manage")]))


def unsubscribe_url(subscriber) -> str:
    """The one-click unsubscribe link (RFC 8058): a POST to it ends every subscription."""
    return absolute(
        reverse("subscriptions:unsubscribe", args=[make_token(subscriber, "unsubscribe")])
    )


def list_unsubscribe_headers(subscriber) -> dict[str, str]:
    """Return the headers every email to ``subscriber`` carries (RFC 2369 and RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
