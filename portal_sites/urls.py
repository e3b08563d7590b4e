from django.urls import path

from portal_sites import views

app_name = "portal_sites"

urlpatterns = [
    path("site-brand.css", views.brand_stylesheet, name="brand_stylesheet"),
    path("site-logo.svg", views.logo, name="logo"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
