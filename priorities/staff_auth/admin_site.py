"""The portal's admin site (``admin.site``, set as the default site in ``PortalAdminConfig``)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from priorities.staff_auth import two_factor


class StaffAdminSite(admin.AdminSite):
    """Django's admin site, except that where two-factor sign-in is required
    (``PORTAL_REQUIRE_TWO_FACTOR``) only a session verified by one of the user's devices may use
    it, and signing in goes through the portal's steps: password, then a code."""

    site_header = "Children's Services Priorities Portal: officers"
    site_title = "Priorities Portal officers"
    index_title = "Your organisations' records"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not two_factor.is_required() or two_factor.is_verified(request.user)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        # Imported here as Django's own login() does: the admin forms import the user model.
        from django.contrib.admin.forms import AdminAuthenticationForm

        from priorities.staff_auth.views import StaffLoginView

        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))

        context = {
            **self.each_context(request),
            "title": "Log in",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return StaffLoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form or AdminAuthenticationForm,
            template_name=self.login_template or "admin/login.html",
        )(request)
