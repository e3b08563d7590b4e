from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal.health import healthz, readyz
from portal.preview import record_preview
from priorities.sitemaps import sitemaps as priorities_sitemaps
from safeguarding.sitemaps import sitemaps as safeguarding_sitemaps

# One sitemap for the whole portal. ``priorities`` never imports ``safeguarding``, so the two
# apps' sitemaps are combined here, in the project.
SITEMAPS = {**priorities_sitemaps, **safeguarding_sitemaps}

urlpatterns = [
    # Staff sign-in steps after the password, and the two-factor page: before the admin's
    # catch-all.
    path("admin/", include("staff_auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("preview/<str:app_label>/<str:model_name>/<int:pk>/", record_preview, name="preview"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/", include("api.urls")),
    path("", include("priorities.search.urls")),
    path("", include("portal.urls")),
    path("", include("portal_sites.urls")),
    path("", include("priorities.subscribing.urls")),
    path("", include("opendata.urls")),
    path("", include("safeguarding.urls")),
    path("", include("priorities.urls")),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
