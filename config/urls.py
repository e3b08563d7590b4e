from django.contrib import admin
from django.urls import include, path

from priorities.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("priorities.discovery_urls")),
    path("", include("priorities.pages_urls")),
    path("", include("safeguarding.urls")),
    path("", include("priorities.urls")),
]
