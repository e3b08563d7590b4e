from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's admin site as the default ``admin.site``: the site that
    asks for a second factor when ``PORTAL_REQUIRE_TWO_FACTOR`` is on. Listed in INSTALLED_APPS
    in place of ``django.contrib.admin``."""

    default = False
    default_site = "staff_auth.admin_site.StaffAdminSite"


class StaffAuthConfig(AppConfig):
    default = True
    name = "staff_auth"
    label = "staff_auth"
    verbose_name = "Staff sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from staff_auth.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="staff_auth_record_sign_in")
