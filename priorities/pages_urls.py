"""The portal's fixed pages: covering your tracks, accessibility, cookies."""

app_name = "pages"

urlpatterns = []
