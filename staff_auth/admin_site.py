"""The portal's admin site (``admin.site``, set as the default site in ``PortalAdminConfig``)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from staff_auth import two_factor


class StaffAdminSite(admin.AdminSite):
    """Django's admin site, except that where two-factor sign-in is required
    (``PORTAL_REQUIRE_TWO_FACTOR``) only a session verified by one of the user's devices may use
    it, and signing in goes through the portal's steps: password, then a code.

    Its autocomplete and "view on site" shortcut are scoped as the rest of the admin is
    (``priorities.admin.scoping``): they tell an officer nothing of another organisation's records
    that are not public."""

    site_header = "Children's Services Priorities Portal: officers"
    site_title = "Priorities Portal officers"
    index_title = "Home"
    # Django's navigation sidebar takes a fifth of a 1280-pixel screen beside a change list's
    # filters, squeezing titles to a word a line: the home page and breadcrumbs lead instead.
    enable_nav_sidebar = False

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not two_factor.is_required() or two_factor.is_verified(request.user)

    def index(self, request, extra_context=None):
        """The home page: the officer's work (``priorities.admin.dashboard``) above the list
        of their records."""
        from priorities.admin.dashboard import officer_dashboard

        context = {"work": officer_dashboard(request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut to a record's public address, for a record the user may open in
        the admin or a public one; any other answers 404, as an unknown id does."""
        from django.contrib.contenttypes.views import shortcut

        from priorities.admin.scoping import may_view_on_site

        if not may_view_on_site(self, request, content_type_id, object_id):
            raise Http404("No such record.")
        return shortcut(request, content_type_id, object_id)

    def autocomplete_view(self, request):
        from priorities.admin.scoping import ScopedAutocompleteJsonView

        return ScopedAutocompleteJsonView.as_view(admin_site=self)(request)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        # Imported here as Django's own login() does: the admin forms import the user model.
        from django.contrib.admin.forms import AdminAuthenticationForm

        from staff_auth.views import StaffLoginView

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
