"""Invitations: who may invite whom, the single-use link, accepting it, and the admin's pages for
inviting officers and setting up a new council."""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from priorities.models import OfficerMembership, OfficerRole, Organisation
from staff_auth import invitations
from staff_auth.models import Invitation
from staff_auth.two_factor import PENDING_SESSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a long passphrase for a new officer"
LINK = re.compile(r"https?://[^\s\"<>]+/admin/invitation/([A-Za-z0-9_-]+)/")


@pytest.fixture
def castlebridge():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def riverton():
    return factories.OrganisationFactory(name="Riverton Council", slug="riverton")


def officer(username, organisation, role):
    user = factories.UserFactory(username=username)
    OfficerMembership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def administrator(castlebridge):
    return officer("ada", castlebridge, OfficerRole.ADMINISTRATOR)


@pytest.fixture
def superuser():
    return factories.UserFactory(username="root", is_superuser=True)


def token_in(message) -> str:
    match = LINK.search(message.body)
    assert match, f"no invitation link in:\n{message.body}"
    return match.group(1)


def invite(organisation, acting_user, email="new.officer@castlebridge.example", role=None):
    return invitations.invite_officer(
        organisation=organisation,
        email=email,
        role=role or OfficerRole.EDITOR,
        acting_user=acting_user,
    )


# Who may invite -------------------------------------------------------------------------------


def test_an_administrator_invites_to_their_organisation_by_one_email_with_a_link(
    settings, castlebridge, administrator
):
    settings.PORTAL_BASE_URL = "https://priorities.example.org"
    invitation = invite(castlebridge, administrator, role=OfficerRole.PUBLISHER)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.officer@castlebridge.example"]
    assert "Castlebridge Council" in message.body
    assert "publisher" in message.body.lower()
    assert "https://priorities.example.org/admin/invitation/" in message.body
    html, _type = message.alternatives[0]
    assert f'href="https://priorities.example.org/admin/invitation/{token_in(message)}/"' in html
    token_in(message)
    invitation.refresh_from_db()
    assert invitation.invited_by == administrator
    assert invitation.role == OfficerRole.PUBLISHER
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    assert invitation.accepted_at is None


def test_only_the_token_hash_is_stored(castlebridge, administrator):
    invitation = invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in Invitation.objects.values_list().get(pk=invitation.pk)]
    assert not any(token in value for value in stored)


def test_an_administrator_of_another_organisation_may_not_invite(riverton, administrator):
    with pytest.raises(PermissionDenied):
        invite(riverton, administrator)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", [OfficerRole.EDITOR, OfficerRole.PUBLISHER])
def test_editors_and_publishers_may_not_invite(castlebridge, role):
    user = officer("pat", castlebridge, role)
    with pytest.raises(PermissionDenied):
        invite(castlebridge, user)
    assert not Invitation.objects.exists()


def test_a_superuser_may_invite_to_any_organisation(riverton, superuser):
    invite(riverton, superuser, role=OfficerRole.ADMINISTRATOR)
    assert Invitation.objects.get().organisation == riverton


def test_someone_already_an_officer_of_the_organisation_is_not_invited(castlebridge, administrator):
    officer("ben", castlebridge, OfficerRole.EDITOR)
    with pytest.raises(invitations.InvitationRefused, match="already an officer"):
        invite(castlebridge, administrator, email="BEN@castlebridge.example")
    assert mail.outbox == []


def test_inviting_the_same_address_again_replaces_the_earlier_link(castlebridge, administrator):
    invite(castlebridge, administrator)
    first_token = token_in(mail.outbox[0])
    invite(castlebridge, administrator, email="New.Officer@castlebridge.example")
    second_token = token_in(mail.outbox[1])

    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept_invitation(token=first_token, password=GOOD_PASSWORD)
    assert refused.value.reason == "replaced"
    user = invitations.accept_invitation(token=second_token, password=GOOD_PASSWORD)
    assert user.officer_memberships.get().organisation == castlebridge
    assert Invitation.objects.count() == 2


def test_resending_sends_a_new_link_and_the_old_one_stops_working(castlebridge, administrator):
    invitation = invite(castlebridge, administrator)
    old_token = token_in(mail.outbox[0])
    invitations.resend_invitation(invitation=invitation, acting_user=administrator)
    assert len(mail.outbox) == 2
    new_token = token_in(mail.outbox[1])
    assert new_token != old_token
    with pytest.raises(invitations.InvitationUnusable):
        invitations.accept_invitation(token=old_token, password=GOOD_PASSWORD)
    invitations.accept_invitation(token=new_token, password=GOOD_PASSWORD)


def test_a_cancelled_invitation_cannot_be_accepted(castlebridge, administrator):
    invitation = invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    invitations.cancel_invitation(invitation=invitation, acting_user=administrator)
    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept_invitation(token=token, password=GOOD_PASSWORD)
    assert refused.value.reason == "cancelled"
    assert not get_user_model().objects.filter(email="new.officer@castlebridge.example").exists()


def test_only_the_organisations_administrators_may_resend_or_cancel(
    castlebridge, riverton, administrator
):
    invitation = invite(castlebridge, administrator)
    outsider = officer("oz", riverton, OfficerRole.ADMINISTRATOR)
    editor = officer("ed", castlebridge, OfficerRole.EDITOR)
    for user in (outsider, editor):
        with pytest.raises(PermissionDenied):
            invitations.cancel_invitation(invitation=invitation, acting_user=user)
        with pytest.raises(PermissionDenied):
            invitations.resend_invitation(invitation=invitation, acting_user=user)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


# Accepting ------------------------------------------------------------------------------------


def test_accepting_makes_a_staff_account_with_the_role(castlebridge, administrator):
    invitation = invite(castlebridge, administrator, role=OfficerRole.PUBLISHER)
    token = token_in(mail.outbox[0])

    user = invitations.accept_invitation(token=token, password=GOOD_PASSWORD)

    user.refresh_from_db()
    assert user.email == "new.officer@castlebridge.example"
    assert user.username == "new.officer@castlebridge.example"
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.has_usable_password() and user.check_password(GOOD_PASSWORD)
    membership = OfficerMembership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (castlebridge, OfficerRole.PUBLISHER)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_user == user


def test_a_link_works_once(castlebridge, administrator):
    invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    invitations.accept_invitation(token=token, password=GOOD_PASSWORD)
    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept_invitation(token=token, password="another long passphrase here")
    assert refused.value.reason == "used"
    assert get_user_model().objects.filter(email="new.officer@castlebridge.example").count() == 1


def test_a_link_expires_after_seven_days(castlebridge, administrator):
    invitation = invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept_invitation(token=token, password=GOOD_PASSWORD)
    assert refused.value.reason == "expired"
    assert not OfficerMembership.objects.filter(role=OfficerRole.EDITOR).exists()


def test_an_unknown_link_is_refused():
    with pytest.raises(invitations.InvitationUnusable) as refused:
        invitations.accept_invitation(token="not-a-token", password=GOOD_PASSWORD)
    assert refused.value.reason == "unknown"


def test_a_weak_password_is_refused_with_the_validators_reasons(castlebridge, administrator):
    invitation = invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    with pytest.raises(ValidationError) as refused:
        invitations.accept_invitation(token=token, password="password")
    text = " ".join(refused.value.messages)
    assert "too short" in text and "too common" in text
    assert not get_user_model().objects.filter(email="new.officer@castlebridge.example").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_gets_the_membership_with_its_own_password(
    castlebridge, riverton, superuser
):
    existing = officer("maya", riverton, OfficerRole.PUBLISHER)
    existing.set_password("maya's own long passphrase")
    existing.save()
    invite(castlebridge, superuser, email="MAYA@castlebridge.example", role=OfficerRole.EDITOR)
    token = token_in(mail.outbox[0])

    assert invitations.existing_account(invitations.find_invitation(token)) == existing
    with pytest.raises(ValidationError):
        invitations.accept_invitation(token=token, password="somebody else's passphrase")
    existing.refresh_from_db()
    assert existing.check_password("maya's own long passphrase")
    assert existing.officer_memberships.count() == 1

    user = invitations.accept_invitation(token=token, password="maya's own long passphrase")
    assert user == existing
    roles = dict(existing.officer_memberships.values_list("organisation__slug", "role"))
    assert roles == {"riverton": OfficerRole.PUBLISHER, "castlebridge": OfficerRole.EDITOR}
    assert get_user_model().objects.filter(email__iexact="maya@castlebridge.example").count() == 1


# Setting up a new council ---------------------------------------------------------------------


def test_a_superuser_sets_up_a_council_and_invites_its_first_administrator(superuser):
    organisation, invitation = invitations.set_up_council(
        name="Easthaven Council",
        short_name="Easthaven",
        slug="easthaven",
        kind="council",
        administrator_email="head.of.performance@easthaven.example",
        acting_user=superuser,
    )
    assert Organisation.objects.get(slug="easthaven") == organisation
    assert invitation.organisation == organisation
    assert invitation.role == OfficerRole.ADMINISTRATOR
    assert mail.outbox[0].to == ["head.of.performance@easthaven.example"]
    user = invitations.accept_invitation(token=token_in(mail.outbox[0]), password=GOOD_PASSWORD)
    assert invitations.organisations_administered(user).get() == organisation


def test_only_a_superuser_sets_up_a_council(castlebridge, administrator):
    with pytest.raises(PermissionDenied):
        invitations.set_up_council(
            name="Easthaven Council",
            short_name="",
            slug="easthaven",
            kind="council",
            administrator_email="someone@easthaven.example",
            acting_user=administrator,
        )
    assert not Organisation.objects.filter(slug="easthaven").exists()


# The pages ------------------------------------------------------------------------------------


INVITE_URL = "/admin/staff_auth/invitation/add/"
INVITATIONS_URL = "/admin/staff_auth/invitation/"
NEW_COUNCIL_URL = "/admin/staff_auth/invitation/new-council/"


def test_the_link_leads_to_a_page_without_the_token_in_its_address(
    client, castlebridge, administrator
):
    invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    response = client.get(f"/admin/invitation/{token}/")
    assert response.status_code == 302
    assert response.url == "/admin/invitation/accept/"
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Castlebridge Council" in text
    assert token not in text
    session_data = [str(value) for value in client.session.values()]
    assert not any(token in value for value in session_data)
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_accepting_on_the_page_keeps_the_form_on_errors_then_leads_to_two_factor_set_up(
    client, castlebridge, administrator
):
    invite(castlebridge, administrator)
    client.get(f"/admin/invitation/{token_in(mail.outbox[0])}/")

    refused = client.post(
        "/admin/invitation/accept/", {"password": "short", "password_again": "short"}
    )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "There is a problem" in text and "too short" in text
    assert not get_user_model().objects.filter(email="new.officer@castlebridge.example").exists()

    mismatch = client.post(
        "/admin/invitation/accept/", {"password": GOOD_PASSWORD, "password_again": "different"}
    )
    assert "do not match" in mismatch.content.decode()

    accepted = client.post(
        "/admin/invitation/accept/", {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}
    )
    assert accepted.status_code == 302
    assert accepted.url == "/admin/sign-in/set-up/"
    user = get_user_model().objects.get(email="new.officer@castlebridge.example")
    assert client.session[PENDING_SESSION_KEY]["user"] == str(user.pk)
    assert client.get(accepted.url).status_code == 200


@pytest.mark.parametrize(
    ("state", "status", "words"),
    [
        ("unknown", 404, "This invitation link is not valid"),
        ("expired", 410, "This invitation has expired"),
        ("used", 410, "This invitation has already been used"),
        ("cancelled", 410, "This invitation was cancelled"),
    ],
)
def test_a_link_that_cannot_be_used_gets_a_clear_page(
    client, castlebridge, administrator, state, status, words
):
    invitation = invite(castlebridge, administrator)
    token = token_in(mail.outbox[0])
    if state == "unknown":
        token = "x" + token[1:]
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif state == "used":
        invitations.accept_invitation(token=token, password=GOOD_PASSWORD)
    elif state == "cancelled":
        invitations.cancel_invitation(invitation=invitation, acting_user=administrator)
    response = client.get(f"/admin/invitation/{token}/", follow=True)
    assert response.status_code == status
    text = response.content.decode()
    assert words in text
    assert "new.officer@castlebridge.example" not in text


def test_the_accept_page_without_a_link_says_to_use_the_link(client):
    response = client.get("/admin/invitation/accept/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_an_administrator_invites_from_the_admin_to_their_own_organisations_only(
    client, castlebridge, riverton, administrator
):
    client.force_login(administrator)
    page = client.get(f"{INVITE_URL}?organisation={castlebridge.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Castlebridge Council" in text and "Riverton Council" not in text

    refused = client.post(
        INVITE_URL,
        {"email": "x@riverton.example", "organisation": riverton.pk, "role": "editor"},
    )
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert not Invitation.objects.exists()

    bad_email = client.post(
        INVITE_URL, {"email": "not an email", "organisation": castlebridge.pk, "role": "editor"}
    )
    assert "Enter an email address in the correct format" in bad_email.content.decode()

    sent = client.post(
        INVITE_URL,
        {"email": "kit@castlebridge.example", "organisation": castlebridge.pk, "role": "publisher"},
    )
    assert sent.status_code == 302 and sent.url == INVITATIONS_URL
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("kit@castlebridge.example", "publisher")
    assert mail.outbox[0].to == ["kit@castlebridge.example"]

    listing = client.get(INVITATIONS_URL).content.decode()
    assert "kit@castlebridge.example" in listing


def test_the_invitations_list_shows_only_the_administrators_organisations(
    client, castlebridge, riverton, administrator, superuser
):
    invite(castlebridge, administrator, email="one@castlebridge.example")
    invite(riverton, superuser, email="two@riverton.example")
    client.force_login(administrator)
    text = client.get(INVITATIONS_URL).content.decode()
    assert "one@castlebridge.example" in text
    assert "two@riverton.example" not in text


def test_resend_and_cancel_from_the_list(client, castlebridge, riverton, administrator, superuser):
    invitation = invite(castlebridge, administrator)
    other = invite(riverton, superuser, email="two@riverton.example")
    client.force_login(administrator)

    response = client.post(f"{INVITATIONS_URL}{invitation.pk}/resend/")
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    newest = Invitation.objects.open().get(organisation=castlebridge)
    assert newest.pk != invitation.pk

    response = client.post(f"{INVITATIONS_URL}{newest.pk}/cancel/")
    assert response.status_code == 302
    assert not Invitation.objects.open().filter(organisation=castlebridge).exists()

    assert client.post(f"{INVITATIONS_URL}{other.pk}/cancel/").status_code == 404
    assert Invitation.objects.open().filter(pk=other.pk).exists()
    assert client.get(f"{INVITATIONS_URL}{other.pk}/cancel/").status_code in (404, 405)


@pytest.mark.parametrize("role", [OfficerRole.EDITOR, OfficerRole.PUBLISHER])
def test_editors_and_publishers_cannot_open_the_invitation_pages(client, castlebridge, role):
    client.force_login(officer("pat", castlebridge, role))
    assert client.get(INVITE_URL).status_code == 403
    assert client.get(INVITATIONS_URL).status_code == 403
    assert client.get(NEW_COUNCIL_URL).status_code == 403


def test_an_administrator_cannot_set_up_a_council(client, administrator):
    client.force_login(administrator)
    assert client.get(NEW_COUNCIL_URL).status_code == 403
    response = client.post(
        NEW_COUNCIL_URL,
        {
            "name": "Easthaven Council",
            "slug": "easthaven",
            "kind": "council",
            "administrator_email": "a@easthaven.example",
        },
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(slug="easthaven").exists()


def test_a_superuser_sets_up_a_council_on_one_form(client, superuser, castlebridge):
    client.force_login(superuser)
    assert client.get(NEW_COUNCIL_URL).status_code == 200

    taken = client.post(
        NEW_COUNCIL_URL,
        {
            "name": "castlebridge council",
            "slug": "",
            "kind": "council",
            "administrator_email": "a@easthaven.example",
        },
    )
    assert taken.status_code == 200
    assert "already exists" in taken.content.decode()

    response = client.post(
        NEW_COUNCIL_URL,
        {
            "name": "Easthaven Council",
            "short_name": "Easthaven",
            "slug": "",
            "kind": "council",
            "administrator_email": "a@easthaven.example",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="easthaven-council")
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.role == OfficerRole.ADMINISTRATOR
    assert mail.outbox[0].to == ["a@easthaven.example"]


def test_the_organisation_and_the_memberships_list_link_to_the_invite_page(
    client, castlebridge, riverton, administrator
):
    client.force_login(administrator)
    own = client.get(f"/admin/priorities/organisation/{castlebridge.pk}/change/")
    assert f'href="{INVITE_URL}?organisation={castlebridge.pk}"' in own.content.decode()
    memberships = client.get("/admin/priorities/officermembership/").content.decode()
    assert f'href="{INVITE_URL}"' in memberships
    assert f'href="{INVITATIONS_URL}"' in memberships
    organisations = client.get("/admin/priorities/organisation/").content.decode()
    assert NEW_COUNCIL_URL not in organisations

    client.force_login(officer("ed", riverton, OfficerRole.PUBLISHER))
    theirs = client.get(f"/admin/priorities/organisation/{riverton.pk}/change/").content.decode()
    assert INVITE_URL not in theirs
    assert INVITE_URL not in client.get("/admin/priorities/officermembership/").content.decode()


def test_a_superuser_finds_set_up_a_new_council_on_the_organisations_list(client, superuser):
    client.force_login(superuser)
    organisations = client.get("/admin/priorities/organisation/").content.decode()
    assert f'href="{NEW_COUNCIL_URL}"' in organisations


def test_an_existing_officer_accepts_with_their_own_password_then_enters_their_code(
    client, castlebridge, riverton, superuser
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    maya = officer("maya", riverton, OfficerRole.PUBLISHER)
    maya.set_password("maya's own long passphrase")
    maya.save()
    TOTPDevice.objects.create(user=maya, name="Authenticator app", confirmed=True)
    invite(castlebridge, superuser, email="maya@castlebridge.example")
    client.get(f"/admin/invitation/{token_in(mail.outbox[0])}/")

    page = client.get("/admin/invitation/accept/").content.decode()
    assert "You already have an account" in page and "Your password" in page
    assert "Create a password" not in page

    wrong = client.post("/admin/invitation/accept/", {"password": "a guess at her password"})
    assert wrong.status_code == 200
    assert "That is not the password for your account" in wrong.content.decode()
    assert maya.officer_memberships.count() == 1

    right = client.post("/admin/invitation/accept/", {"password": "maya's own long passphrase"})
    assert right.status_code == 302 and right.url == "/admin/sign-in/code/"
    assert maya.officer_memberships.count() == 2
    maya.refresh_from_db()
    assert maya.check_password("maya's own long passphrase")


def test_a_membership_made_by_an_invitation_says_so_in_its_history(castlebridge, administrator):
    invite(castlebridge, administrator)
    user = invitations.accept_invitation(token=token_in(mail.outbox[0]), password=GOOD_PASSWORD)
    record = OfficerMembership.history.get(user=user)
    assert record.history_user == user
    assert record.history_change_reason == "Accepted an invitation from ada"


def test_when_the_email_cannot_be_sent_nothing_is_saved_and_the_form_says_so(
    client, monkeypatch, castlebridge, administrator
):
    import smtplib

    def refuse(message, *, reference=None):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(invitations, "send_message", refuse)
    with pytest.raises(invitations.InvitationNotSent):
        invite(castlebridge, administrator)
    assert not Invitation.objects.exists()

    client.force_login(administrator)
    response = client.post(
        INVITE_URL,
        {"email": "kit@castlebridge.example", "organisation": castlebridge.pk, "role": "editor"},
    )
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_service_refuses_an_address_that_is_not_one(castlebridge, administrator):
    with pytest.raises(invitations.InvitationRefused, match="correct format"):
        invite(castlebridge, administrator, email="kit at castlebridge")
    assert not Invitation.objects.exists()


def test_someone_signed_out_is_sent_to_sign_in_from_the_invitation_pages(client):
    for url in (INVITATIONS_URL, INVITE_URL, NEW_COUNCIL_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_the_invitation_reads_cleanly_in_british_english(castlebridge, administrator):
    invitation = invite(castlebridge, administrator)
    message = mail.outbox[0]
    html, _type = message.alternatives[0]
    expires = timezone.localtime(invitation.expires_at)
    for text in (message.body, html):
        assert f"until {expires:%-d %B %Y} at {expires:%H:%M}. If it has expired" in text
        assert ".." not in text
    assert '<html lang="en-GB">' in html
