"""Session limits for signed-in staff: signed out after ``SESSION_COOKIE_AGE`` seconds without a
request (30 minutes by default) and ``PORTAL_SESSION_MAX_AGE`` seconds after signing in (12 hours
by default), however active.

The idle limit is also how long Django keeps the session (``SESSION_COOKIE_AGE`` with
``SESSION_SAVE_EVERY_REQUEST``); checking it here as well does not depend on the browser dropping
the cookie, and tells the officer why they were signed out.

Where two-factor sign-in is required, a signed-in session that no device verified is ended too,
so that no page for staff, in the admin or outside it, opens with a password alone.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout

from portal.views import duration
from staff_auth import two_factor

SIGNED_IN_AT = "staff_auth_signed_in_at"
LAST_SEEN = "staff_auth_last_seen"


def record_sign_in(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the start of the session's 12 hours."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now


def expiry_reason(session, now: float) -> str | None:
    """Why this signed-in session must end now, or None."""
    signed_in_at = session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int | float):
        return "For your security, please sign in again."
    if now - signed_in_at > settings.PORTAL_SESSION_MAX_AGE:
        return (
            f"You have been signed out because you signed in more than "
            f"{duration(settings.PORTAL_SESSION_MAX_AGE)} ago. Sign in again to continue."
        )
    last_seen = session.get(LAST_SEEN, signed_in_at)
    if isinstance(last_seen, int | float) and now - last_seen > settings.SESSION_COOKIE_AGE:
        return (
            f"You have been signed out because you had not done anything for "
            f"{duration(settings.SESSION_COOKIE_AGE)}. Sign in again to continue."
        )
    return None


def unverified_reason(request) -> str | None:
    """Where two-factor sign-in is required, a session signed in without a code (before it was
    required, say) ends, so no staff-only page anywhere can be reached with a password alone."""
    if two_factor.is_required() and not two_factor.is_verified(request.user):
        return "Two-factor sign-in is required. Sign in with your password and a code."
    return None


class SessionLimitsMiddleware:
    """After ``AuthenticationMiddleware``, django-otp's ``OTPMiddleware`` and
    ``MessageMiddleware``. Only sessions with a signed-in user are looked at: public visitors
    have none. Ends a session that is too old, idle for too long or, where two-factor sign-in is
    required, not verified by a device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = time.time()
            reason = expiry_reason(session, now) or unverified_reason(request)
            if reason is None:
                session[LAST_SEEN] = int(now)
            else:
                logout(request)
                messages.info(request, reason)
        return self.get_response(request)
