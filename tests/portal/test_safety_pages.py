"""The safety and trust pages, and the error pages."""

import re
from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config import urls as project_urls
from portal.views import server_error

pytestmark = pytest.mark.django_db

PAGES = {
    "pages:covering_your_tracks": "/covering-your-tracks/",
    "pages:accessibility": "/accessibility/",
    "pages:cookies": "/cookies/",
}


def page_title(content):
    return re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()


@pytest.mark.parametrize(("name", "path"), PAGES.items())
def test_each_page_is_served_with_one_h1_breadcrumbs_and_no_cookies(client, name, path):
    assert reverse(name) == path
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'class="govuk-breadcrumbs' in content
    assert "govuk-exit-this-page" in content
    assert not response.cookies


def test_each_page_has_its_own_title(client):
    titles = {page_title(client.get(path).content.decode()) for path in PAGES.values()}
    assert len(titles) == len(PAGES)


def test_the_footer_links_to_each_page(client):
    content = client.get("/").content.decode()
    for path in PAGES.values():
        assert f'href="{path}"' in content


def test_covering_your_tracks_explains_exit_this_page_and_where_to_get_help(client):
    content = client.get("/covering-your-tracks/").content.decode()
    for text in (
        "Exit this page",
        "does not",
        "private",
        "history",
        "999",
        "0808 800 5000",
        "0800 1111",
        "0808 2000 247",
        "NSPCC",
        "Childline",
        "National Domestic Abuse Helpline",
    ):
        assert text in content, text
    assert 'href="tel:08088005000"' in content


def test_the_accessibility_statement_has_the_usual_sections(client):
    content = client.get("/accessibility/").content.decode()
    for text in (
        "Accessibility statement for",
        "How accessible this website is",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "Technical information about this website",
        "Compliance status",
        "WCAG 2.2",
        "Non-accessible content",
        "axe-core",
        "Nu Html Checker",
        "Preparation of this accessibility statement",
    ):
        assert text in content, text


def test_the_cookies_page_lists_only_essential_cookies(client, settings):
    content = client.get("/cookies/").content.decode()
    assert settings.SESSION_COOKIE_NAME in content
    assert settings.CSRF_COOKIE_NAME in content
    assert "does not use cookies to measure how you use the website" in content
    assert '<table class="govuk-table">' in content
    assert "_ga" not in content  # no analytics cookies


def test_the_project_uses_the_portal_error_handlers():
    assert project_urls.handler404 == "portal.views.page_not_found"
    assert project_urls.handler500 == "portal.views.server_error"


def test_a_missing_page_gets_the_portal_404_page(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert settings.PORTAL_NAME.replace("'", "&#x27;") in content
    assert settings.EXIT_THIS_PAGE_URL in content


def test_the_500_page_never_touches_the_database(settings, django_assert_num_queries):
    settings.PORTAL_NAME = "Castlebridge Priorities"
    settings.PORTAL_OWNER_NAME = "Castlebridge Council"
    settings.EXIT_THIS_PAGE_URL = "https://weather.example/"
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert "Castlebridge Priorities" in content
    assert "Castlebridge Council" in content
    assert 'href="https://weather.example/"' in content


def test_an_error_in_a_view_gets_the_portal_500_page(client, settings):
    client.raise_request_exception = False
    with mock.patch("priorities.search.engine.search_page", side_effect=RuntimeError("boom")):
        response = client.get("/search/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert settings.EXIT_THIS_PAGE_URL in content
    assert "boom" not in content


def test_the_500_page_falls_back_to_plain_html_if_its_template_fails():
    with mock.patch("portal.views.loader.get_template", side_effect=OSError):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
