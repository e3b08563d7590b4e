"""Signed links in subscription emails: confirm, manage and one-click unsubscribe.

A link carries the subscriber's id signed with the site's secret (and a purpose, so one kind of
link can't be used as another). Confirmation links expire; manage and unsubscribe links keep
working as long as the subscriber exists, because they sit in every email ever sent.

Every link in an email to a subscriber goes back to the site it subscribed on (``base_url``):
that site's main address, on the scheme and port the subscriber used. Emails to officers
(reminders, rounds, invitations) link to ``PORTAL_BASE_URL``, where they sign in.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from portal_sites.resolution import PortalSite, site_base_url, site_by_id

CONFIRMATION_MAX_AGE = 7 * 24 * 60 * 60  # a week to click the confirmation link


def _signer(purpose):
    return signing.TimestampSigner(salt=f"priorities.subscriptions.{purpose}")


def make_token(subscriber, purpose: str) -> str:
    return _signer(purpose).sign(str(subscriber.pk))


def read_token(token: str, purpose: str, max_age=None) -> int:
    """Return the subscriber id a token names. Raises signing.BadSignature (or its subclass
    SignatureExpired) for a forged, mistyped or expired token."""
    return int(_signer(purpose).unsign(token, max_age=max_age))


def subscriber_site(subscriber) -> PortalSite | None:
    """The site ``subscriber`` subscribed on (None: the portal's default site)."""
    return site_by_id(subscriber.site_id)


def base_url(subscriber=None) -> str:
    """The base of the links in emails to ``subscriber`` (no final slash): its site's main
    address on the scheme and port it subscribed at; ``PORTAL_BASE_URL`` without a site."""
    if subscriber is None or subscriber.site_id is None:
        return settings.PORTAL_BASE_URL.rstrip("/")
    return site_base_url(subscriber_site(subscriber), subscriber.site_origin)


def absolute(path: str, subscriber=None) -> str:
    """The absolute address of ``path`` on ``subscriber``'s site (``base_url``)."""
    return base_url(subscriber) + path


def confirm_url(subscriber) -> str:
    return absolute(
        reverse("subscriptions:confirm", args=[make_token(subscriber, "confirm")]), subscriber
    )


def manage_url(subscriber) -> str:
    return absolute(
        reverse("subscriptions:manage", args=[make_token(subscriber, "manage")]), subscriber
    )


def unsubscribe_url(subscriber) -> str:
    """The one-click unsubscribe link (RFC 8058): a POST to it ends every subscription."""
    return absolute(
        reverse("subscriptions:unsubscribe", args=[make_token(subscriber, "unsubscribe")]),
        subscriber,
    )


def list_unsubscribe_headers(subscriber) -> dict[str, str]:
    """Return the headers every email to ``subscriber`` carries (RFC 2369 and RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
