"""Staff sign-in steps and the officer's two-factor page, under /admin/ beside the admin site
(included before ``admin.site.urls`` in config/urls.py). The password step is the admin's own
/admin/login/ (``StaffAdminSite.login``). An invited officer's pages (invitation_views) are
here too: they come before the officer has an account."""

from django.contrib import admin
from django.urls import path

from staff_auth import invitation_views, views

app_name = "staff_auth"

urlpatterns = [
    path("sign-in/code/", views.CodeView.as_view(), name="code"),
    path("sign-in/recovery-code/", views.RecoveryCodeView.as_view(), name="recovery_code"),
    path("sign-in/set-up/", views.SetUpView.as_view(), name="set_up"),
    # Accepting an invitation: the page first, so that "accept" is never taken for a token.
    path(
        "invitation/accept/",
        invitation_views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("invitation/<str:token>/", invitation_views.invitation_link, name="invitation"),
    path("two-factor/", admin.site.admin_view(views.TwoFactorView.as_view()), name="two_factor"),
    path(
        "two-factor/new-app/",
        admin.site.admin_view(views.NewAuthenticatorView.as_view()),
        name="new_app",
    ),
]
