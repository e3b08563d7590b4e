"""The staff sign-in steps after the password, and the officer's own two-factor page.

1. Password (``StaffLoginView``, served by the admin site at /admin/login/). When a second
   factor is needed the user is not signed in yet: a pending sign-in is recorded instead.
2. Either the code from their authenticator app (``CodeView``) or a recovery code
   (``RecoveryCodeView``); or, for someone without a device, setting up an app
   (``SetUpView``), which ends by showing their recovery codes once.

Wrong codes count towards django-axes' lockout like wrong passwords, and django-otp throttles
each device on top.
"""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_response
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from staff_auth import two_factor
from staff_auth.forms import AuthenticatorCodeForm, RecoveryCodeForm

WRONG_CODE = "That code is not right. Check the code and try again."
WRONG_SET_UP_CODE = (
    "That code is not right. Check that you scanned the QR code or typed the key correctly, "
    "then enter the code your app shows now."
)


def refusal(result, wrong_code_message: str) -> str:
    """Why a code was refused: wrong, or django-otp's throttling asks for a pause first. Either
    way the try counts towards the lockout."""
    if result.wait_seconds:
        seconds = result.wait_seconds
        return (
            f"Too many wrong codes in a row. Wait {seconds} second{'s' if seconds != 1 else ''}, "
            f"then try again."
        )
    return wrong_code_message


def admin_context(request, title: str) -> dict:
    """What the admin's templates expect (site header, theme, permissions) and a page title."""
    return {
        **admin.site.each_context(request),
        "title": title,
        "subtitle": None,
        "issuer": settings.OTP_TOTP_ISSUER,
    }


def admin_index_url() -> str:
    return reverse("admin:index")


def next_step_url(user) -> str:
    """Where someone goes after the password step when a second factor is needed."""
    if two_factor.has_authenticator(user):
        return reverse("staff_auth:code")
    if two_factor.has_device(user):
        return reverse("staff_auth:recovery_code")
    return reverse("staff_auth:set_up")


class StaffLoginView(LoginView):
    """The password step. Where a second factor is needed, a correct password leads on to the
    code step (or to setting up an app) instead of signing in."""

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.needs_second_factor(user):
            two_factor.start_pending(self.request, user, next_url=self.get_success_url())
            return redirect(next_step_url(user))
        return super().form_valid(form)


def restart_sign_in(request):
    if two_factor.has_pending(request):
        two_factor.clear_pending(request)
        messages.warning(
            request,
            f"For your security, the code step must follow your password within "
            f"{two_factor.PENDING_MAX_AGE // 60} minutes. Enter your username and password again.",
        )
    return redirect("admin:login")


def lockout_response(request, user):
    """django-axes' lockout page when this username is locked out at this address, else None."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return get_lockout_response(request, None, credentials)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (``AXES_LOCKOUT_CALLABLE``): a page saying what happened
    and what to do, with HTTP 429."""
    two_factor.clear_pending(request)
    cool_off = get_cool_off(request)
    context = {
        **admin_context(request, "Too many failed sign-in attempts"),
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(
        request, "staff_auth/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class PendingSignInView(FormView):
    """A step between the password and being signed in."""

    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.user = two_factor.pending_user(request)
        if self.user is None:
            return restart_sign_in(request)
        redirect_elsewhere = self.redirect_elsewhere()
        if redirect_elsewhere:
            return redirect_elsewhere
        return super().dispatch(request, *args, **kwargs)

    def redirect_elsewhere(self):
        return None

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **admin_context(self.request, self.title),
            "pending_username": self.user.get_username(),
        }

    def continue_url(self) -> str:
        return two_factor.pending_next_url(self.request) or admin_index_url()


class CodeView(PendingSignInView):
    """The code from the authenticator app (or a recovery code, on its own page)."""

    template_name = "staff_auth/code.html"
    form_class = AuthenticatorCodeForm
    title = "Enter the code from your authenticator app"

    def redirect_elsewhere(self):
        if not two_factor.has_authenticator(self.user):
            return redirect(next_step_url(self.user))
        return None

    def check(self, code):
        return two_factor.check_authenticator_code(self.user, code)

    def form_valid(self, form):
        locked = lockout_response(self.request, self.user)
        if locked is not None:
            return locked
        result = self.check(form.cleaned_data["code"])
        if result.accepted:
            next_url = self.continue_url()
            two_factor.complete_sign_in(self.request, self.user, result.device)
            return redirect(next_url)
        form.add_error("code", refusal(result, WRONG_CODE))
        two_factor.record_failed_code(self.request, self.user)
        return self.form_invalid(form)


class RecoveryCodeView(CodeView):
    template_name = "staff_auth/recovery_code.html"
    form_class = RecoveryCodeForm
    title = "Enter a recovery code"

    def redirect_elsewhere(self):
        if not two_factor.has_device(self.user):
            return redirect("staff_auth:set_up")
        return None

    def check(self, code):
        return two_factor.check_recovery_code(self.user, code)

    def form_valid(self, form):
        response = super().form_valid(form)
        if two_factor.is_verified(self.request.user):
            left = two_factor.remaining_recovery_codes(self.request.user)
            messages.warning(
                self.request,
                f"You signed in with a recovery code, which cannot be used again. You have {left} "
                f"left. If you no longer have your authenticator app, set up a new one on "
                f"the two-factor sign-in page.",
            )
        return response


class AuthenticatorSetUpMixin:
    """Setting up an authenticator app: a QR code and the secret to type in, then a code from
    the app to confirm it; then the recovery codes, shown once."""

    template_name = "staff_auth/set_up.html"
    form_class = AuthenticatorCodeForm
    title = "Set up two-factor sign-in"
    count_failures = True

    def get_context_data(self, **kwargs):
        device = two_factor.new_authenticator(self.user)
        return {
            **super().get_context_data(**kwargs),
            "qr_code": two_factor.authenticator_qr_code(device),
            "secret": two_factor.authenticator_secret(device),
            "account_name": self.user.get_username(),
        }

    def form_valid(self, form):
        if self.count_failures:
            locked = lockout_response(self.request, self.user)
            if locked is not None:
                return locked
        result, codes = two_factor.confirm_authenticator(self.user, form.cleaned_data["code"])
        if not result.accepted:
            form.add_error("code", refusal(result, WRONG_SET_UP_CODE))
            if self.count_failures:
                two_factor.record_failed_code(self.request, self.user)
            return self.form_invalid(form)
        continue_url = self.signed_in(result.device)
        return recovery_codes_response(self.request, codes, continue_url)

    def signed_in(self, device) -> str:
        raise NotImplementedError


def recovery_codes_response(request, codes, continue_url):
    context = {
        **admin_context(request, "Save your recovery codes"),
        "codes": codes,
        "continue_url": continue_url,
    }
    response = render(request, "staff_auth/recovery_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


class SetUpView(AuthenticatorSetUpMixin, PendingSignInView):
    """Setting up an app during the first sign-in after two-factor sign-in became required.
    Only for someone with no device: anyone with one must use it (or a recovery code)."""

    def redirect_elsewhere(self):
        if two_factor.has_device(self.user):
            return redirect(next_step_url(self.user))
        return None

    def signed_in(self, device) -> str:
        continue_url = self.continue_url()
        two_factor.complete_sign_in(self.request, self.user, device)
        return continue_url


class SignedInView:
    """A page for a signed-in officer (wrapped in ``admin.site.admin_view`` in urls.py). Someone
    who has a device but whose session was not verified by it must sign in again first."""

    def dispatch(self, request, *args, **kwargs):
        self.user = request.user
        if two_factor.has_device(self.user) and not two_factor.is_verified(self.user):
            return redirect_to_login_again(request)
        return super().dispatch(request, *args, **kwargs)


def redirect_to_login_again(request):
    logout(request)
    messages.info(request, "Sign in again with your password and a code from your app.")
    return redirect("admin:login")


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class NewAuthenticatorView(SignedInView, AuthenticatorSetUpMixin, FormView):
    """Setting up a new app (a new phone, say) while signed in: it replaces the old one."""

    title = "Set up a new authenticator app"
    count_failures = False

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **admin_context(self.request, self.title)}

    def signed_in(self, device) -> str:
        otp_login(self.request, device)
        return reverse("staff_auth:two_factor")


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(SignedInView, TemplateView):
    """The officer's two-factor sign-in: whether an app is set up, how many recovery codes are
    left; set up a new app; replace the recovery codes."""

    template_name = "staff_auth/two_factor.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **admin_context(self.request, "Two-factor sign-in"),
            "has_authenticator": two_factor.has_authenticator(self.user),
            "recovery_codes_left": two_factor.remaining_recovery_codes(self.user),
            "required": two_factor.is_required(),
        }

    def post(self, request, *args, **kwargs):
        if not two_factor.has_authenticator(self.user):
            return redirect("staff_auth:new_app")
        codes = two_factor.replace_recovery_codes(self.user)
        return recovery_codes_response(request, codes, reverse("staff_auth:two_factor"))
