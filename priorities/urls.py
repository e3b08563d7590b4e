from django.urls import path

from priorities import views
from priorities.reports import views as report_views

app_name = "priorities"

ORG = "organisations/<slug:organisation_slug>"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/stages/", views.StagesView.as_view(), name="stages"),
    path("organisations/", views.OrganisationsView.as_view(), name="organisations"),
    path("organisations/<slug:slug>/", views.OrganisationView.as_view(), name="organisation"),
    path(f"{ORG}/plans/<slug:slug>/", views.PlanView.as_view(), name="plan"),
    path(
        f"{ORG}/plans/<slug:plan_slug>/priorities/<slug:slug>/",
        views.PriorityView.as_view(),
        name="priority",
    ),
    path(f"{ORG}/initiatives/<slug:slug>/", views.InitiativeView.as_view(), name="initiative"),
    path(
        f"{ORG}/consultations/<slug:slug>/",
        views.ConsultationView.as_view(),
        name="consultation",
    ),
    path("committees/", views.CommitteesView.as_view(), name="committees"),
    # Committee reports: PDF, Word, Excel and CSV (before the meeting pattern, which would
    # otherwise take "report" for a meeting).
    path(
        f"{ORG}/plans/<slug:slug>/report.<slug:report_format>",
        report_views.plan_report,
        name="plan_report",
    ),
    path(
        f"{ORG}/committees/<slug:slug>/report/",
        report_views.committee_report,
        name="committee_report",
    ),
    path(
        f"{ORG}/committees/<slug:committee_slug>/<slug:slug>/report.<slug:report_format>",
        report_views.meeting_report,
        name="meeting_report",
    ),
    path("reports/<uuid:pk>/", report_views.report_export, name="report_export"),
    path(
        "reports/<uuid:pk>/status.json",
        report_views.report_export_status,
        name="report_export_status",
    ),
    path(
        "reports/<uuid:pk>/download/",
        report_views.report_export_download,
        name="report_export_download",
    ),
    path(f"{ORG}/committees/<slug:slug>/", views.CommitteeView.as_view(), name="committee"),
    path(
        f"{ORG}/committees/<slug:committee_slug>/<slug:slug>/",
        views.MeetingView.as_view(),
        name="meeting",
    ),
]
