from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from priorities.sitemaps import sitemaps as priorities_sitemaps
from priorities.views import healthz
from safeguarding.sitemaps import sitemaps as safeguarding_sitemaps

# One sitemap for the whole portal. ``priorities`` never imports ``safeguarding``, so the two
# apps' sitemaps are combined here, in the project.
SITEMAPS = {**priorities_sitemaps, **safeguarding_sitemaps}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("priorities.discovery_urls")),
    path("", include("priorities.pages_urls")),
    path("", include("safeguarding.urls")),
    path("", include("priorities.urls")),
]

handler404 = "priorities.pages_views.page_not_found"
handler500 = "priorities.pages_views.server_error"
