from django.urls import path

from safeguarding import views

app_name = "safeguarding"

ORG = "organisations/<slug:organisation_slug>"

urlpatterns = [
    path("alignment/", views.AlignmentView.as_view(), name="alignment"),
    path("partnerships/<slug:slug>/", views.PartnershipView.as_view(), name="partnership"),
    path(
        "partnerships/<slug:partnership_slug>/ambitions/<slug:slug>/",
        views.AmbitionView.as_view(),
        name="ambition",
    ),
    path(f"{ORG}/indicators/<slug:slug>/", views.IndicatorView.as_view(), name="indicator"),
    path(f"{ORG}/inspections/", views.InspectionHistoryView.as_view(), name="inspections"),
    path(f"{ORG}/inspections/<slug:slug>/", views.InspectionView.as_view(), name="inspection"),
]
