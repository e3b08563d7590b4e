from django.urls import path

from opendata import views

app_name = "opendata"

ORG = "organisations/<slug:organisation_slug>"

urlpatterns = [
    path("calendars/meetings.ics", views.meetings_calendar, name="meetings_calendar"),
    path(
        f"{ORG}/committees/<slug:slug>/meetings.ics",
        views.committee_calendar,
        name="committee_calendar",
    ),
    path(
        f"{ORG}/committees/<slug:committee_slug>/<slug:slug>/meeting.ics",
        views.meeting_calendar,
        name="meeting_calendar",
    ),
    path("data/", views.data_page, name="data"),
    path("data/childrens-services-data.<slug:file_format>", views.data_download, name="download"),
]
