"""Staff sign-in steps and the officer's two-factor page, under /admin/ beside the admin site
(included before ``admin.site.urls`` in config/urls.py). The password step is the admin's own
/admin/login/ (``StaffAdminSite.login``)."""

from django.contrib import admin
from django.urls import path

from staff_auth import views

app_name = "staff_auth"

urlpatterns = [
    path("sign-in/code/", views.CodeView.as_view(), name="code"),
    path("sign-in/recovery-code/", views.RecoveryCodeView.as_view(), name="recovery_code"),
    path("sign-in/set-up/", views.SetUpView.as_view(), name="set_up"),
    path("two-factor/", admin.site.admin_view(views.TwoFactorView.as_view()), name="two_factor"),
    path(
        "two-factor/new-app/",
        admin.site.admin_view(views.NewAuthenticatorView.as_view()),
        name="new_app",
    ),
]
