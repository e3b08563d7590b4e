"""Staff sign-in: two-factor authentication, lockout after repeated failures, session limits."""

import importlib
import re
import sys
import time

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.settings.base import axes_client_address
from staff_auth.middleware import LAST_SEEN, SIGNED_IN_AT
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase for tests"
ADMIN = "/admin/"
LOGIN = "/admin/login/"


@pytest.fixture
def two_factor_required(settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR = True


def staff_user(username="alice", **kwargs):
    user = factories.UserFactory(username=username, **kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def authenticator(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def recovery_codes(user, *codes):
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        device.token_set.create(token=code)
    return device


def code_from(device, steps_ahead=0):
    """The code the app shows now (or ``steps_ahead`` 30-second steps later: the device accepts
    one step either side, and each step once)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{value:06d}"


def wrong_code(device):
    right = {code_from(device, offset) for offset in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def password_step(client, username="alice", password=PASSWORD, ip="198.51.100.1"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": ADMIN}, REMOTE_ADDR=ip
    )


def is_signed_in(client):
    return SESSION_KEY in client.session


# Two-factor sign-in -----------------------------------------------------------------------------


def test_two_factor_sign_in_is_off_in_the_test_settings_and_on_in_production(settings, monkeypatch):
    assert settings.PORTAL_REQUIRE_TWO_FACTOR is False
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "priorities.example.gov.uk")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///unused.sqlite3")
    monkeypatch.delenv("PORTAL_REQUIRE_TWO_FACTOR", raising=False)
    monkeypatch.delenv("PORTAL_REVERSE_PROXY_COUNT", raising=False)
    name = "config.settings.production"
    production = (
        importlib.reload(sys.modules[name])
        if name in sys.modules
        else importlib.import_module(name)
    )
    assert production.PORTAL_REQUIRE_TWO_FACTOR is True
    assert production.AXES_FAILURE_LIMIT == 5
    assert production.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert production.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert production.AXES_IPWARE_META_PRECEDENCE_ORDER[0] == "HTTP_X_FORWARDED_FOR"
    assert production.SESSION_COOKIE_AGE == 30 * 60
    assert production.SESSION_SAVE_EVERY_REQUEST is True
    assert production.PORTAL_SESSION_MAX_AGE == 12 * 3600
    assert production.AUTHENTICATION_BACKENDS[0].startswith("axes.")
    assert production.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_without_two_factor_required_a_password_is_enough(client):
    staff_user()
    response = password_step(client)
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_staff_user_with_only_a_password_cannot_reach_the_admin(client, two_factor_required):
    staff_user()
    response = password_step(client)
    assert response.status_code == 302
    assert response.url == reverse("staff_auth:set_up")
    assert not is_signed_in(client)
    for path in (ADMIN, reverse("admin:priorities_initiative_changelist")):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(LOGIN), path


def test_a_session_signed_in_with_a_password_alone_is_ended_once_two_factor_is_required(
    client, two_factor_required
):
    client.force_login(staff_user(is_superuser=True))
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not is_signed_in(client)


def test_a_user_with_an_app_is_asked_for_a_code_and_gets_in_with_a_right_one(
    client, two_factor_required
):
    device = authenticator(staff_user())
    response = password_step(client)
    assert response.status_code == 302 and response.url == reverse("staff_auth:code")
    assert not is_signed_in(client)

    page = client.get(response.url).content.decode()
    assert '<label for="id_code">Code from your authenticator app' in page
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    assert 'aria-describedby="id_code_helptext"' in page

    response = client.post(reverse("staff_auth:code"), {"code": code_from(device)})
    assert response.status_code == 302 and response.url == ADMIN
    assert is_signed_in(client)
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_is_refused_and_counts_as_a_failed_sign_in(client, two_factor_required):
    device = authenticator(staff_user())
    password_step(client)
    response = client.post(reverse("staff_auth:code"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not is_signed_in(client)
    assert client.get(ADMIN).status_code == 302
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 1


def test_after_a_wrong_code_django_otp_asks_for_a_pause(client, two_factor_required):
    device = authenticator(staff_user())
    password_step(client)
    client.post(reverse("staff_auth:code"), {"code": wrong_code(device)})
    response = client.post(reverse("staff_auth:code"), {"code": code_from(device)})
    assert "Too many wrong codes in a row. Wait" in response.content.decode()
    assert not is_signed_in(client)


def test_a_code_that_is_not_six_digits_is_refused_with_a_clear_message(client, two_factor_required):
    authenticator(staff_user())
    password_step(client)
    response = client.post(reverse("staff_auth:code"), {"code": "12345"})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


def test_a_recovery_code_works_once(client, two_factor_required):
    user = staff_user()
    authenticator(user)
    recovery_codes(user, "abcd2efg", "hijk3lmn")
    password_step(client)
    page = client.get(reverse("staff_auth:code")).content.decode()
    assert reverse("staff_auth:recovery_code") in page

    response = client.post(reverse("staff_auth:recovery_code"), {"code": "ABCD 2EFG"})
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["hijk3lmn"]

    client.post(reverse("admin:logout"))
    password_step(client)
    response = client.post(reverse("staff_auth:recovery_code"), {"code": "abcd2efg"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not is_signed_in(client)


def test_setting_up_an_app_shows_a_qr_code_and_key_and_confirms_with_a_code(
    client, two_factor_required
):
    user = staff_user()
    password_step(client)
    page = client.get(reverse("staff_auth:set_up")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert 'src="data:image/svg+xml' in page
    assert 'alt="QR code that adds' in page
    secret = re.search(r"<dd><code>([A-Z2-7 ]+)</code></dd>", page).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert client.get(reverse("staff_auth:set_up")).content.decode().count(secret) == 1
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post(reverse("staff_auth:set_up"), {"code": code_from(device)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(shown) == 10
    assert sorted(shown) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert "Save these recovery codes now" in page
    device.refresh_from_db()
    assert device.confirmed
    assert is_signed_in(client)
    assert client.get(ADMIN).status_code == 200

    # The next sign-in asks for a code from the new app.
    client.post(reverse("admin:logout"))
    response = password_step(client)
    assert response.url == reverse("staff_auth:code")
    response = client.post(reverse("staff_auth:code"), {"code": code_from(device, 1)})
    assert response.status_code == 302 and response.url == ADMIN


def test_setting_up_an_app_refuses_a_wrong_code(client, two_factor_required):
    user = staff_user()
    password_step(client)
    client.get(reverse("staff_auth:set_up"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("staff_auth:set_up"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.exists()
    assert not is_signed_in(client)


def test_someone_with_a_device_cannot_set_up_another_with_only_the_password(
    client, two_factor_required
):
    user = staff_user()
    authenticator(user)
    password_step(client)
    response = client.get(reverse("staff_auth:set_up"))
    assert response.status_code == 302 and response.url == reverse("staff_auth:code")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_code_steps_need_the_password_step_first(client, two_factor_required):
    for name in ("staff_auth:code", "staff_auth:recovery_code", "staff_auth:set_up"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == LOGIN


def test_the_code_step_must_follow_the_password_within_ten_minutes(client, two_factor_required):
    device = authenticator(staff_user())
    password_step(client)
    session = client.session
    session["staff_auth_pending"]["started"] -= 11 * 60
    session.save()
    response = client.post(reverse("staff_auth:code"), {"code": code_from(device)})
    assert response.status_code == 302 and response.url == LOGIN
    assert not is_signed_in(client)


def test_an_officer_can_replace_their_recovery_codes(client, two_factor_required):
    user = staff_user()
    device = authenticator(user)
    recovery_codes(user, "oldcode2")
    password_step(client)
    client.post(reverse("staff_auth:code"), {"code": code_from(device)})
    page = client.get(reverse("staff_auth:two_factor")).content.decode()
    assert "You have 1 recovery code left" in page

    response = client.post(reverse("staff_auth:two_factor"))
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())) == 10
    assert not StaticToken.objects.filter(token="oldcode2").exists()
    assert client.get(ADMIN).status_code == 200


def test_an_officer_can_move_to_a_new_app_and_stays_signed_in(client, two_factor_required):
    user = staff_user()
    old = authenticator(user)
    password_step(client)
    client.post(reverse("staff_auth:code"), {"code": code_from(old)})
    client.get(reverse("staff_auth:new_app"))
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("staff_auth:new_app"), {"code": code_from(new)})
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=user)) == [new]
    assert client.get(ADMIN).status_code == 200


def test_reset_two_factor_removes_a_users_devices(capsys):
    user = staff_user()
    authenticator(user)
    recovery_codes(user, "abcd2efg")
    TOTPDevice.objects.create(user=user, name="Unconfirmed", confirmed=False)
    call_command("reset_two_factor", "alice")
    assert "Removed 3 two-factor devices of alice" in capsys.readouterr().out
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    with pytest.raises(CommandError):
        call_command("reset_two_factor", "nobody")


def test_after_a_reset_the_officer_sets_up_a_new_app(client, two_factor_required):
    user = staff_user()
    authenticator(user)
    call_command("reset_two_factor", "alice")
    assert password_step(client).url == reverse("staff_auth:set_up")


# Lockout ----------------------------------------------------------------------------------------


def test_five_failed_passwords_lock_that_username_at_that_address_only(client, settings):
    staff_user("alice")
    staff_user("bob")
    for attempt in range(1, 5):
        response = password_step(client, "alice", "wrong password", ip="198.51.100.1")
        assert response.status_code == 200, attempt
    response = password_step(client, "alice", "wrong password", ip="198.51.100.1")
    assert response.status_code == 429

    # The right password no longer helps at that address...
    response = password_step(client, "alice", PASSWORD, ip="198.51.100.1")
    assert response.status_code == 429
    assert not is_signed_in(client)
    page = response.content.decode()
    assert "Signing in with this username from your network is paused" in page
    assert "Wait 30 minutes, then try again" in page
    assert "administrator" in page

    # ...but the same username elsewhere, and another username at that address, sign in.
    response = password_step(client, "alice", PASSWORD, ip="203.0.113.9")
    assert response.status_code == 302 and response.url == ADMIN
    client.post(reverse("admin:logout"))
    response = password_step(client, "bob", PASSWORD, ip="198.51.100.1")
    assert response.status_code == 302 and response.url == ADMIN


def test_a_successful_sign_in_clears_earlier_failures(client):
    staff_user()
    for _ in range(4):
        password_step(client, password="wrong password")
    password_step(client)
    client.post(reverse("admin:logout"))
    for _ in range(4):
        assert password_step(client, password="wrong password").status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, two_factor_required):
    device = authenticator(staff_user())
    password_step(client)
    statuses = [
        client.post(
            reverse("staff_auth:code"), {"code": wrong_code(device)}, REMOTE_ADDR="198.51.100.1"
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # Locked out: the password step is refused too, even with the right password.
    assert password_step(client).status_code == 429


def test_behind_proxies_the_client_address_comes_from_x_forwarded_for(settings):
    def client_address(proxies, forwarded_for):
        order, count = axes_client_address(proxies)
        settings.AXES_IPWARE_META_PRECEDENCE_ORDER = order
        settings.AXES_IPWARE_PROXY_COUNT = count
        headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
        request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2", **headers)
        return get_client_ip_address(request)

    # No proxy: the connection's address; the header is the client's to forge.
    assert client_address(0, "203.0.113.7") == "10.0.0.2"
    # One proxy appends the browser's address; anything the browser sent is further left.
    assert client_address(1, "203.0.113.7") == "203.0.113.7"
    assert client_address(1, "192.0.2.66, 203.0.113.7") == "203.0.113.7"
    # Two proxies: the first one's address comes after the browser's.
    assert client_address(2, "203.0.113.7, 10.0.0.9") == "203.0.113.7"
    assert client_address(2, "192.0.2.66, 203.0.113.7, 10.0.0.9") == "203.0.113.7"


# Session limits ---------------------------------------------------------------------------------


def signed_in_client(client):
    staff_user()
    password_step(client)
    assert client.get(ADMIN).status_code == 200
    return client


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_sessions_last_thirty_minutes_idle_and_are_saved_on_every_request(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.PORTAL_SESSION_MAX_AGE == 12 * 3600


def test_an_officer_idle_for_over_thirty_minutes_is_signed_out(client):
    signed_in_client(client)
    age_session(client, **{SIGNED_IN_AT: 3600, LAST_SEEN: 31 * 60})
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not is_signed_in(client)
    page = client.get(response.url).content.decode()
    assert "you had not done anything for 30 minutes" in page


def test_an_officer_active_within_thirty_minutes_stays_signed_in(client):
    signed_in_client(client)
    age_session(client, **{SIGNED_IN_AT: 3600, LAST_SEEN: 29 * 60})
    assert client.get(ADMIN).status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5


def test_an_officer_signed_in_over_twelve_hours_ago_is_signed_out_however_active(client):
    signed_in_client(client)
    age_session(client, **{SIGNED_IN_AT: 12 * 3600 + 60, LAST_SEEN: 60})
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not is_signed_in(client)
    assert "you signed in more than 12 hours ago" in client.get(response.url).content.decode()


def test_the_cookies_page_gives_the_sign_in_cookies_lifetime(client):
    page = client.get("/cookies/").content.decode()
    assert "After 30 minutes without activity, 12 hours after signing in" in page


# Officers get in with a membership (defect 12) ---------------------------------------------------

NOT_STAFF = "Please enter the correct username and password for a staff account"


def account(username="bob", **kwargs):
    """A user account as a superuser makes it in Users › Add user: no staff flag."""
    return staff_user(username, is_staff=False, **kwargs)


def test_a_membership_alone_lets_an_officer_sign_in(client):
    officer = account()
    assert NOT_STAFF in password_step(client, "bob").content.decode()

    factories.OfficerMembershipFactory(user=officer)

    response = password_step(client, "bob")
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_membership_added_in_the_admin_lets_the_officer_sign_in(client):
    organisation = factories.OrganisationFactory()
    officer = account()
    client.force_login(staff_user("root", is_superuser=True))
    response = client.post(
        reverse("admin:priorities_officermembership_add"),
        {"user": officer.pk, "organisation": organisation.pk, "role": "editor"},
    )
    assert response.status_code == 302, response.content.decode()
    client.logout()

    officer.refresh_from_db()
    assert officer.is_staff
    assert password_step(client, "bob").url == ADMIN


def test_removing_the_last_membership_takes_admin_access_away(client):
    officer = account()
    first, second = factories.OfficerMembershipFactory.create_batch(2, user=officer)

    first.delete()
    officer.refresh_from_db()
    assert officer.is_staff

    password_step(client, "bob")
    assert client.get(ADMIN).status_code == 200
    second.delete()
    officer.refresh_from_db()
    assert not officer.is_staff
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert NOT_STAFF in password_step(client, "bob").content.decode()


def test_a_superuser_stays_staff_without_a_membership():
    root = staff_user("root", is_superuser=True)
    factories.OfficerMembershipFactory(user=root).delete()
    root.refresh_from_db()
    assert root.is_staff


def test_staff_without_a_membership_keep_the_flag_they_were_given():
    """Only the last membership going takes the flag away: a staff account made for another
    purpose, which never had one, is left alone when some other officer's membership goes."""
    other = staff_user("carol")
    factories.OfficerMembershipFactory().delete()
    other.refresh_from_db()
    assert other.is_staff


def test_an_organisation_administrator_adds_a_colleague_to_another_of_their_organisations(client):
    council, partnership = factories.OrganisationFactory.create_batch(2)
    administrator = staff_user("root")
    for organisation in (council, partnership):
        factories.OfficerMembershipFactory(
            user=administrator, organisation=organisation, role="administrator"
        )
    colleague = account()
    factories.OfficerMembershipFactory(user=colleague, organisation=council)
    stranger = account("eve")
    client.force_login(administrator)

    # The officer is chosen from a list of colleagues, not an autocomplete of every account.
    page = client.get(reverse("admin:priorities_officermembership_add")).content.decode()
    assert f'<option value="{colleague.pk}">bob</option>' in page
    assert "eve" not in page
    response = client.post(
        reverse("admin:priorities_officermembership_add"),
        {"user": colleague.pk, "organisation": partnership.pk, "role": "publisher"},
    )
    assert response.status_code == 302
    assert colleague.officer_memberships.get(organisation=partnership).role == "publisher"
    response = client.post(
        reverse("admin:priorities_officermembership_add"),
        {"user": stranger.pk, "organisation": partnership.pk, "role": "editor"},
    )
    assert response.status_code == 200 and not stranger.officer_memberships.exists()
