"""Search, filters, CSV downloads, feeds and the sitemap of published records."""

from django.urls import path

from priorities import feeds
from priorities.search import views

app_name = "discovery"

ORG = "<slug:organisation_slug>"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/results.csv", views.search_csv, name="search_csv"),
    path("feeds/status-changes/", feeds.StatusChangesFeed(), name="status_changes_feed"),
    path(
        "feeds/organisations/<slug:slug>/",
        feeds.OrganisationStatusChangesFeed(),
        name="organisation_feed",
    ),
    path(
        f"feeds/committees/{ORG}/<slug:slug>/",
        feeds.CommitteeStatusChangesFeed(),
        name="committee_feed",
    ),
    path(
        f"feeds/initiatives/{ORG}/<slug:slug>/",
        feeds.InitiativeStatusChangesFeed(),
        name="initiative_feed",
    ),
]
