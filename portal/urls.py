"""The portal's fixed pages: covering your tracks, accessibility, cookies."""

from django.urls import path
from django.views.generic import TemplateView

from portal.views import CookiesView

app_name = "pages"

urlpatterns = [
    path(
        "covering-your-tracks/",
        TemplateView.as_view(template_name="pages/covering_your_tracks.html"),
        name="covering_your_tracks",
    ),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("cookies/", CookiesView.as_view(), name="cookies"),
]
