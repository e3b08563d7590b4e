"""Inviting officers, and setting up a new council with its first administrator.

Every write goes through one function here, which checks who is acting and writes in one
transaction:

- ``invite_officer``: an administrator of the organisation (or a superuser) invites an email
  address to a role. One email goes out with a link holding a random token; only the token's
  SHA-256 digest is stored. Inviting the same address to the same organisation again replaces
  the earlier link. If the email cannot be sent, nothing is saved.
- ``resend_invitation`` and ``cancel_invitation``.
- ``accept_invitation``: the link's holder chooses a password (checked by Django's
  ``AUTH_PASSWORD_VALIDATORS``), or enters the one they have if the address already has an
  account; they get the membership with the role, which gives them the staff flag
  (``priorities/officer_access.py``). The views then take them to two-factor set-up.
- ``set_up_council``: a superuser creates an organisation and invites its first administrator.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from priorities.models import OfficerMembership, OfficerRole, Organisation
from priorities.notifications.mailers import send_message
from priorities.permissions import can_administer
from priorities.subscribing.links import absolute
from staff_auth.models import Invitation

#: How long an invitation's link works.
INVITATION_VALID_FOR = datetime.timedelta(days=7)
#: Neutral, as every subject is: someone else may see the inbox.
INVITATION_SUBJECT = "You are invited to edit the {portal}"

#: What each role may do, as the invitation and the invite form say it.
ROLE_DESCRIPTIONS = {
    OfficerRole.EDITOR: "edits the organisation's records and sends them for review",
    OfficerRole.PUBLISHER: "edits, reviews and publishes the organisation's records",
    OfficerRole.ADMINISTRATOR: "publishes, and also invites officers and manages their roles",
}

#: A message, not a password.
NOT_THEIRS = (
    "That is not the password for your account. Enter the password you use to sign in to the "
    "portal."
)


class InvitationRefused(Exception):
    """The invitation cannot be sent; the message says why, for the administrator."""


class InvitationNotSent(Exception):
    """The mail server (or GOV.UK Notify) did not take the email; nothing was saved."""


class InvitationUnusable(Exception):
    """The link cannot be used. ``reason`` is one of ``REASONS``."""

    REASONS = ("unknown", "expired", "used", "cancelled", "replaced", "account_disabled")

    def __init__(self, reason: str, invitation: Invitation | None = None):
        if reason not in self.REASONS:
            raise ValueError(f"Unknown reason {reason!r}")
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


# Who may do what -------------------------------------------------------------------------------


def organisations_administered(user):
    """The organisations ``user`` may invite officers to: all for a superuser, else those where
    they are an administrator."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        officer_memberships__user=user, officer_memberships__role=OfficerRole.ADMINISTRATOR
    )


def may_invite_somewhere(user) -> bool:
    return organisations_administered(user).exists()


def _check_administers(user, organisation):
    if not (user is not None and user.is_active and can_administer(user, organisation)):
        raise PermissionDenied(f"You may not manage the officers of {organisation}.")


# Tokens ---------------------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def invitation_url(token: str) -> str:
    return absolute(reverse("staff_auth:invitation", args=[token]))


# Inviting -------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


def _accounts_with_email(email: str):
    return get_user_model()._default_manager.filter(
        Q(email__iexact=email) | Q(username__iexact=email)
    )


def invite_officer(*, organisation, email: str, role: str, acting_user, now=None) -> Invitation:
    """Invite ``email`` to be an officer of ``organisation`` with ``role``: one email with a
    link that works once, for ``INVITATION_VALID_FOR``. An earlier open invitation of the same
    address to the same organisation is replaced (its link stops working)."""
    _check_administers(acting_user, organisation)
    if role not in OfficerRole.values:
        raise InvitationRefused("Choose a role: editor, publisher or administrator.")
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationRefused(
            "Enter an email address in the correct format, like name@example.org."
        ) from None
    if OfficerMembership.objects.filter(
        organisation=organisation, user__in=_accounts_with_email(email)
    ).exists():
        raise InvitationRefused(
            f"{email} is already an officer of {organisation}. To change their role, use "
            f"Officer memberships."
        )
    now = now or timezone.now()
    try:
        return _replace_and_send(organisation, email, role, acting_user, now)
    except IntegrityError:
        # Another administrator invited the same address to the same organisation at this moment.
        raise InvitationRefused(
            f"{email} was invited to {organisation} by someone else just now: see the list of "
            f"invitations."
        ) from None


def _replace_and_send(organisation, email, role, acting_user, now) -> Invitation:
    with transaction.atomic():
        earlier = list(
            Invitation.objects.open()
            .select_for_update()
            .filter(organisation=organisation, email__iexact=email)
        )
        for invitation in earlier:
            invitation.cancelled_at = now
            invitation.cancelled_by = acting_user
            invitation.save(update_fields=["cancelled_at", "cancelled_by"])
        token, digest = _new_token()
        invitation = Invitation.objects.create(
            email=email,
            organisation=organisation,
            role=role,
            token_hash=digest,
            invited_by=acting_user,
            created_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
        Invitation.objects.filter(pk__in=[old.pk for old in earlier]).update(replaced_by=invitation)
        _send_invitation_email(invitation, token)
    return invitation


def resend_invitation(*, invitation, acting_user) -> Invitation:
    """Send a new link for the same address, organisation and role (the old link stops
    working), valid for another ``INVITATION_VALID_FOR``."""
    _check_administers(acting_user, invitation.organisation)
    if invitation.accepted_at is not None:
        raise InvitationRefused(f"{invitation.email} has already accepted this invitation.")
    return invite_officer(
        organisation=invitation.organisation,
        email=invitation.email,
        role=invitation.role,
        acting_user=acting_user,
    )


def cancel_invitation(*, invitation, acting_user) -> None:
    """Stop the invitation's link working."""
    _check_administers(acting_user, invitation.organisation)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise InvitationRefused(f"{locked.email} has already accepted this invitation.")
        if locked.cancelled_at is None:
            locked.cancelled_at = timezone.now()
            locked.cancelled_by = acting_user
            locked.save(update_fields=["cancelled_at", "cancelled_by"])


def inviter_name(invitation) -> str:
    inviter = invitation.invited_by
    if inviter is None:
        return "An administrator"
    return inviter.get_full_name() or inviter.get_username()


def _send_invitation_email(invitation, token):
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "role": invitation.get_role_display().lower(),
        "role_description": ROLE_DESCRIPTIONS[invitation.role],
        "inviter": inviter_name(invitation),
        "url": invitation_url(token),
        "expires_at": invitation.expires_at,
        "portal_name": settings.PORTAL_NAME,
    }
    message = EmailMultiAlternatives(
        subject=INVITATION_SUBJECT.format(portal=settings.PORTAL_NAME),
        body=render_to_string("emails/officer_invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("emails/officer_invitation.html", context), "text/html"
    )
    try:
        send_message(message, reference=f"invitation:{invitation.pk}")
    except Exception as error:
        raise InvitationNotSent(
            f"The invitation to {invitation.email} could not be sent ({error}). Nothing was "
            f"saved: try again later."
        ) from error


# Accepting ------------------------------------------------------------------------------------


def find_invitation(token: str, *, now=None) -> Invitation:
    """The invitation whose link holds ``token``, if it can be used now; else raise
    ``InvitationUnusable`` saying why."""
    return find_invitation_by_digest(token_digest(token or ""), now=now)


def find_invitation_by_digest(digest: str, *, now=None, for_update=False) -> Invitation:
    """As ``find_invitation``, from the token's digest: what the accept page keeps in the session
    between the link and the form, so that no raw token is stored anywhere."""
    queryset = Invitation.objects.select_related("organisation", "invited_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=digest or "-").first()
    if invitation is None:
        raise InvitationUnusable("unknown")
    if invitation.accepted_at is not None:
        raise InvitationUnusable("used", invitation)
    if invitation.replaced_by_id is not None:
        raise InvitationUnusable("replaced", invitation)
    if invitation.cancelled_at is not None:
        raise InvitationUnusable("cancelled", invitation)
    if invitation.is_expired(now):
        raise InvitationUnusable("expired", invitation)
    account = existing_account(invitation)
    if account is not None and not account.is_active:
        raise InvitationUnusable("account_disabled", invitation)
    return invitation


def existing_account(invitation):
    """The account that already uses the invitation's address (as its email or username), if
    any: accepting adds the membership to it rather than making another."""
    return _accounts_with_email(invitation.email).order_by("-is_active", "pk").first()


def needs_existing_password(account) -> bool:
    """An existing account with a password proves it is theirs with that password; one without
    (made without a password) chooses one, as a new account does."""
    return account is not None and account.has_usable_password()


def accept_invitation(*, token: str, password: str, now=None):
    """Accept the invitation: make the account (or use the address's existing one), give it the
    membership with the role, and mark the invitation accepted. Returns the user.

    Raises ``InvitationUnusable`` for a link that cannot be used and ``ValidationError`` for a
    password the validators refuse (or, for an existing account, not its password)."""
    return accept_invitation_by_digest(digest=token_digest(token or ""), password=password, now=now)


def accept_invitation_by_digest(*, digest: str, password: str, now=None):
    """As ``accept_invitation``, from the token's digest (see ``find_invitation_by_digest``)."""
    with transaction.atomic():
        invitation = find_invitation_by_digest(digest, now=now, for_update=True)
        user = existing_account(invitation)
        if needs_existing_password(user):
            if not user.check_password(password):
                raise ValidationError(NOT_THEIRS, code="wrong_password")
        else:
            if user is None:
                user = get_user_model()(username=invitation.email.lower(), email=invitation.email)
            validate_password(password, user)
            user.set_password(password)
            user.save()
        membership = OfficerMembership.objects.filter(
            user=user, organisation=invitation.organisation
        ).first() or OfficerMembership(user=user, organisation=invitation.organisation)
        membership.role = invitation.role
        # The membership's history says who made it, and how.
        membership._history_user = user
        membership._change_reason = f"Accepted an invitation from {inviter_name(invitation)}"
        membership.save()
        invitation.accepted_at = now or timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
    user.refresh_from_db()
    return user


# Setting up a new council ---------------------------------------------------------------------


def unique_organisation_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def set_up_council(
    *, name, short_name, slug, kind, administrator_email, acting_user
) -> tuple[Organisation, Invitation]:
    """Create an organisation and invite its first administrator, all or nothing. Superusers
    only."""
    if not (acting_user is not None and acting_user.is_active and acting_user.is_superuser):
        raise PermissionDenied("Only a superuser may set up a new organisation.")
    with transaction.atomic():
        organisation = Organisation(
            name=name.strip(),
            short_name=short_name.strip(),
            slug=slug or unique_organisation_slug(name),
            kind=kind,
        )
        organisation.full_clean()
        organisation.save()
        invitation = invite_officer(
            organisation=organisation,
            email=administrator_email,
            role=OfficerRole.ADMINISTRATOR,
            acting_user=acting_user,
        )
    return organisation, invitation
