"""Accepting an invitation: the pages an invited officer sees before they have an account.

1. The link in the email (``invitation_link``) checks the token, keeps its digest in the session
   (never the token: the session is in the database) and redirects to a page whose address holds
   no token (as Django's password reset does), so the token is not left in the browser's history
   or sent on in a Referer.
2. ``AcceptInvitationView``: a new password, typed twice (or, for an address that already has an
   account, that account's password). Accepting starts a pending sign-in and leads on to
   two-factor set-up (``staff_auth.views.SetUpView``, as at any first sign-in), or to the code
   step for someone who has an authenticator app already; then the admin.

A link that cannot be used gets a page saying why and what to do, with 404 (unknown) or 410.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from staff_auth import invitations, two_factor
from staff_auth.forms import ExistingPasswordForm, NewPasswordForm
from staff_auth.views import admin_context, lockout_response, next_step_url

#: The session key holding the token's digest between the link and the accept page.
INVITATION_SESSION_KEY = "staff_auth_invitation"
#: The backend a new officer's pending sign-in names (a password was just set, not checked).
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

UNUSABLE_PAGES = {
    "unknown": (
        "This invitation link is not valid",
        "Check that you opened the whole link from the email: some email programs split long "
        "links over two lines. If it still does not work, ask the person who invited you to "
        "send a new invitation.",
    ),
    "expired": (
        "This invitation has expired",
        "Invitations work for 7 days. Ask {inviter} to invite you again: the new email has a "
        "new link.",
    ),
    "used": (
        "This invitation has already been used",
        "Each invitation link works once. If you accepted it, sign in with your email address "
        "and the password you chose.",
    ),
    "cancelled": (
        "This invitation was cancelled",
        "Ask {inviter} if you should still have access to the portal.",
    ),
    "replaced": (
        "This invitation has been replaced by a newer one",
        "Use the link in the most recent invitation email you received.",
    ),
    "account_disabled": (
        "This invitation cannot be accepted",
        "The portal account for this email address is switched off. Ask {inviter} to contact "
        "the portal's superuser.",
    ),
}


def unusable_response(request, unusable: invitations.InvitationUnusable):
    request.session.pop(INVITATION_SESSION_KEY, None)
    title, advice = UNUSABLE_PAGES[unusable.reason]
    inviter = "the person who invited you"
    if unusable.invitation is not None and unusable.invitation.invited_by is not None:
        inviter = invitations.inviter_name(unusable.invitation)
    context = {
        **admin_context(request, title),
        "advice": advice.format(inviter=inviter),
        "show_sign_in": unusable.reason == "used",
    }
    status = 404 if unusable.reason == "unknown" else 410
    return render(request, "staff_auth/invitation_unusable.html", context, status=status)


@never_cache
def invitation_link(request, token):
    """The link in the email: check it, keep the token in the session, go to the accept page."""
    digest = invitations.token_digest(token)
    try:
        invitations.find_invitation_by_digest(digest)
    except invitations.InvitationUnusable as unusable:
        return unusable_response(request, unusable)
    request.session[INVITATION_SESSION_KEY] = digest
    return redirect("staff_auth:accept_invitation")


@method_decorator(
    [never_cache, sensitive_post_parameters("password", "password_again")], name="dispatch"
)
class AcceptInvitationView(FormView):
    template_name = "staff_auth/accept_invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.digest = request.session.get(INVITATION_SESSION_KEY, "")
        try:
            self.invitation = invitations.find_invitation_by_digest(self.digest)
        except invitations.InvitationUnusable as unusable:
            return unusable_response(request, unusable)
        self.account = invitations.existing_account(self.invitation)
        self.has_password = invitations.needs_existing_password(self.account)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ExistingPasswordForm if self.has_password else NewPasswordForm

    def get_context_data(self, **kwargs):
        title = f"Join {self.invitation.organisation.name}"
        return {
            **super().get_context_data(**kwargs),
            **admin_context(self.request, title),
            "invitation": self.invitation,
            "role": self.invitation.get_role_display().lower(),
            "role_description": invitations.ROLE_DESCRIPTIONS[self.invitation.role],
            "inviter": invitations.inviter_name(self.invitation),
            "account_name": self.account.get_username() if self.account else "",
            "has_password": self.has_password,
            "username": self.account.get_username() if self.account else self.invitation.email,
            "password_rules": password_validators_help_texts(),
        }

    def form_valid(self, form):
        if self.has_password:
            locked = lockout_response(self.request, self.account)
            if locked is not None:
                return locked
        try:
            user = invitations.accept_invitation_by_digest(
                digest=self.digest, password=form.cleaned_data["password"]
            )
        except invitations.InvitationUnusable as unusable:
            return unusable_response(self.request, unusable)
        except ValidationError as refused:
            form.add_error("password", refused)
            if self.has_password:
                # A wrong password counts towards django-axes' lockout, as at sign-in.
                two_factor.record_failed_code(self.request, self.account)
            return self.form_invalid(form)

        if self.request.user.is_authenticated:
            logout(self.request)
        self.request.session.pop(INVITATION_SESSION_KEY, None)
        user.backend = MODEL_BACKEND
        two_factor.start_pending(self.request, user, next_url=reverse("admin:index"))
        role = self.invitation.get_role_display().lower()
        last_step = (
            "Enter the code from your authenticator app to finish."
            if two_factor.has_device(user)
            else "Set up two-factor sign-in to finish."
        )
        messages.success(
            self.request,
            f"You have joined {self.invitation.organisation.name} as {role}. {last_step}",
        )
        return redirect(next_step_url(user))
