"""Officers in a real browser: accounts, codes from an authenticator app, signing in, and a look
at what the officer sees.

An officer here is made as a person would be given access: a user account without the staff
flag, and a membership of an organisation (which is what lets them into the admin). They sign in
through the real steps: the password, then the code their authenticator app shows, computed
here from the app's secret as the app would compute it (RFC 6238: SHA-1, 6 digits, 30 seconds).
"""

import hashlib
import hmac
import os
import re
import struct
import time
from base64 import b32decode
from pathlib import Path

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from priorities.models import OfficerMembership, OfficerRole
from tests.browser import tools

PASSWORD = "a long passphrase for journeys"

#: Set to a folder to keep a screenshot of each step looked at (desktop and phone widths).
SCREENSHOTS = os.environ.get("BROWSER_TESTS_SCREENSHOTS", "")


# Accounts ---------------------------------------------------------------------------------------


def make_account(username, **kwargs):
    """A user account as Users › Add user makes it: a password, no staff flag."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@castlebridge.example", password=PASSWORD, **kwargs
    )
    return user


def make_officer(username, organisation, role=OfficerRole.EDITOR, *, with_app=True):
    """An officer of ``organisation`` with ``role`` and, unless ``with_app`` is false, an
    authenticator app already set up."""
    user = make_account(username)
    OfficerMembership.objects.create(user=user, organisation=organisation, role=role)
    if with_app:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    user.refresh_from_db()
    return user


# The authenticator app --------------------------------------------------------------------------


def totp(key: bytes, counter: int, digits: int = 6) -> str:
    """RFC 4226/6238: the code an authenticator app shows for ``counter``."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def key_from_setup_text(text: str) -> bytes:
    """The secret as the set-up page shows it (base32 in groups of four), as an app reads it."""
    compact = re.sub(r"\s+", "", text).upper()
    return b32decode(compact + "=" * (-len(compact) % 8))


def code_now(key: bytes, *, not_before: int | None = None) -> str:
    """The app's code for this 30-second step, or for the next step when this one was already
    used (django-otp accepts each step once, and one step either side of the server's clock)."""
    counter = int(time.time()) // 30
    if not_before is not None and counter < not_before:
        counter = not_before
    return totp(key, counter)


def app_code(user) -> str:
    """The code the officer's authenticator app shows now (an unused one)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    last = device.last_t if device.last_t is not None else -1
    return code_now(device.bin_key, not_before=last + 1)


# Signing in -------------------------------------------------------------------------------------


def password_step(page, base_url, username, next_path="/admin/"):
    tools.goto(page, f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def sign_in(page, base_url, user, next_path="/admin/"):
    """Sign ``user`` in with their password and a code from their app; end on ``next_path``."""
    password_step(page, base_url, user.username, next_path)
    page.get_by_label("Code from your authenticator app").fill(app_code(user))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}{next_path}")


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()


# Looking at the page ----------------------------------------------------------------------------


def look(page, name):
    """Keep screenshots of the page at desktop and phone widths, when ``SCREENSHOTS`` is set."""
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for viewport in ("desktop", "phone"):
        page.set_viewport_size(tools.VIEWPORTS[viewport])
        page.screenshot(path=str(folder / f"{name}-{viewport}.png"), full_page=True)
    page.set_viewport_size(size)
