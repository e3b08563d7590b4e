"""Search, filters, CSV downloads, feeds and the sitemap of published records."""

app_name = "discovery"

urlpatterns = []
