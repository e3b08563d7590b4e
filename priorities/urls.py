from django.urls import path

from priorities import views

app_name = "priorities"

ORG = "organisations/<slug:organisation_slug>"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
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
    path(f"{ORG}/committees/<slug:slug>/", views.CommitteeView.as_view(), name="committee"),
    path(
        f"{ORG}/committees/<slug:committee_slug>/<slug:slug>/",
        views.MeetingView.as_view(),
        name="meeting",
    ),
]
