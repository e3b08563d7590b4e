from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from priorities.health import healthz, readyz
from priorities.preview import record_preview
from priorities.sitemaps import sitemaps as priorities_sitemaps
from safeguarding.sitemaps import sitemaps as safeguarding_sitemaps

# One sitemap for the whole portal. ``priorities`` never imports ``safeguarding``, so the two
# apps' sitemaps are combined here, in the project.
SITEMAPS = {**priorities_sitemaps, **safeguarding_sitemaps}

urlpatterns = [
    # Staff sign-in steps after the password, and the two-factor page: before the admin's
    # catch-all.
    path("admin/", include("priorities.staff_auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("preview/<str:app_label>/<str:model_name>/<int:pk>/", record_preview, name="preview"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("priorities.discovery_urls")),
    path("", include("priorities.pages_urls")),
    path("", include("priorities.subscribing.urls")),
    path("", include("safeguarding.urls")),
    path("", include("priorities.urls")),
]

handler404 = "priorities.pages_views.page_not_found"
handler500 = "priorities.pages_views.server_error"
