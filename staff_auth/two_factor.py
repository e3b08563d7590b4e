"""Two-factor sign-in for staff: authenticator apps (TOTP), recovery codes and the state between
the password step and the code step.

The password step does not sign anyone in when a second factor is needed. It records a
*pending sign-in* in the session (who, with which authentication backend, when, where to go
next); the code step or the enrolment step completes it with :func:`complete_sign_in`, which
calls Django's ``login()`` and marks the session as verified by the device that accepted the
code (django-otp's ``OTPMiddleware`` then gives ``request.user.is_verified()``).
"""

import time
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
PENDING_SESSION_KEY = "staff_auth_pending"
#: Seconds allowed between the password step and the code (or enrolment) step.
PENDING_MAX_AGE = 10 * 60


def is_required() -> bool:
    """Whether every staff user must pass a second factor to use the admin."""
    return bool(settings.PORTAL_REQUIRE_TWO_FACTOR)


def is_verified(user) -> bool:
    """Whether this session's user was verified by one of their devices (django-otp sets
    ``otp_device`` on ``request.user``: in ``OTPMiddleware`` and when a device signs in)."""
    return getattr(user, "otp_device", None) is not None


def has_device(user) -> bool:
    """Whether the user has any confirmed device: an authenticator app or recovery codes."""
    return user_has_device(user, confirmed=True)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    """A code is asked for when two-factor sign-in is required, and from anyone who has set up a
    device even where it is not."""
    return is_required() or has_device(user)


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_devices(user) -> int:
    """Remove every device of the user (authenticator apps and recovery codes): they set up a new
    app the next time they sign in. Returns how many devices were removed."""
    removed = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
    return removed


# --- The pending sign-in ------------------------------------------------------------------------


def start_pending(request, user, *, next_url: str) -> None:
    request.session[PENDING_SESSION_KEY] = {
        "user": str(user.pk),
        "backend": user.backend,
        "started": int(time.time()),
        "next": next_url,
        "hash": user.get_session_auth_hash(),
    }


def has_pending(request) -> bool:
    return PENDING_SESSION_KEY in request.session


def clear_pending(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def pending_next_url(request) -> str:
    return request.session.get(PENDING_SESSION_KEY, {}).get("next", "")


def pending_user(request):
    """The user who passed the password step in this session, or None: none started, it is
    older than ``PENDING_MAX_AGE``, or the account was disabled, lost its staff status or had its
    password changed since."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("started", 0) > PENDING_MAX_AGE:
        return None
    backend = pending.get("backend")
    if backend not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = (
        get_user_model()
        ._default_manager.filter(pk=pending.get("user"), is_active=True, is_staff=True)
        .first()
    )
    if user is None or not constant_time_compare(
        pending.get("hash", ""), user.get_session_auth_hash()
    ):
        return None
    user.backend = backend
    return user


def complete_sign_in(request, user, device) -> None:
    """Sign the user in, verified by ``device``: django-otp records the device in the new
    session when ``login()`` sees ``user.otp_device``."""
    user.otp_device = device
    auth.login(request, user, backend=user.backend)
    clear_pending(request)


def record_failed_code(request, user) -> None:
    """A wrong code counts as a failed sign-in for django-axes, like a wrong password: five in a
    row from one address lock that username at that address."""
    user_login_failed.send(
        sender=__name__,
        credentials={settings.AXES_USERNAME_FORM_FIELD: user.get_username()},
        request=request,
    )


# --- Checking codes -----------------------------------------------------------------------------


@dataclass
class CodeCheck:
    device: object = None
    #: Seconds until django-otp's throttling allows another try, when it refused this one.
    wait_seconds: int = 0

    @property
    def accepted(self) -> bool:
        return self.device is not None


def _throttle_wait(device) -> int:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))


def _check(devices, code: str) -> CodeCheck:
    wait = 0
    for device in devices:
        device_wait = _throttle_wait(device)
        if device_wait:
            wait = max(wait, device_wait)
            continue
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck(wait_seconds=wait)


def check_authenticator_code(user, code: str) -> CodeCheck:
    """Check a code from the user's authenticator app. django-otp throttles each device: after
    a wrong code the next try must wait 1, 2, 4, 8... seconds, and a code is accepted once."""
    with transaction.atomic():
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        return _check(list(devices), code)


def check_recovery_code(user, code: str) -> CodeCheck:
    """Check a recovery code; an accepted code is deleted, so it works once."""
    with transaction.atomic():
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        return _check(list(devices), code)


# --- Enrolment ----------------------------------------------------------------------------------


def new_authenticator(user) -> TOTPDevice:
    """The authenticator app being set up: the user's unconfirmed device, made when first
    needed, so that reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_secret(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def authenticator_qr_code(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as a QR code: an SVG ``data:`` URI, made here, fetched from
    nowhere."""
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=4, border=4, dark="#000", light="#fff"
    )


def confirm_authenticator(user, code: str) -> tuple[CodeCheck, list[str]]:
    """Confirm the new authenticator app with a code from it. On success the new app replaces
    any earlier one and the user gets a fresh set of recovery codes (the old ones stop working).
    Returns the check (its ``device`` is the confirmed app) and the recovery codes to show."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=False)
            .select_for_update()
            .order_by("-pk")
            .first()
        )
        if device is None:
            return CodeCheck(), []
        check = _check([device], code)
        if not check.accepted:
            return check, []
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = replace_recovery_codes(user)
    return check, codes


def replace_recovery_codes(user) -> list[str]:
    """Give the user ``RECOVERY_CODE_COUNT`` new single-use recovery codes, replacing any they
    had. The codes are returned to be shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
        codes: list[str] = []
        while len(codes) < RECOVERY_CODE_COUNT:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
