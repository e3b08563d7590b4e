"""The project's URLs, and a few test pages that a real public page might become: one with a
form token, one that sets a cookie, one that varies on the language asked for. The tests that
use them make their namespace (``test_pages``) one the page cache keeps."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils.cache import patch_vary_headers

from config.urls import handler404, handler500  # noqa: F401 (the project's error pages)


def form_page(request):
    return HttpResponse(f'<form method="post"><input value="{get_token(request)}"></form>')


def cookie_page(request):
    response = HttpResponse("<p>Welcome</p>")
    response.set_cookie("seen", "yes")
    return response


def language_page(request):
    response = HttpResponse(f"<p>{request.headers.get('Accept-Language', 'en')}</p>")
    patch_vary_headers(response, ["Accept-Language"])
    return response


test_pages = (
    [
        path("form/", form_page, name="form"),
        path("cookie/", cookie_page, name="cookie"),
        path("language/", language_page, name="language"),
    ],
    "test_pages",
)

urlpatterns = [
    path("test-pages/", include(test_pages)),
    path("", include("config.urls")),
]
