"""/robots.txt per site: every public page may be crawled, the admin and a subscriber's pages
may not, and the sitemap named is the site's own, at its main address on the scheme and port
served. The same for every visitor: public for any cache, no cookie."""

import pytest
from django.core.cache import cache

from portal_sites.models import SiteAlias
from tests.portal_sites.sites import CASTLEBRIDGE_HOST, two_councils_and_the_neutral_portal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sites():
    return two_councils_and_the_neutral_portal()


def robots(client, host):
    response = client.get("/robots.txt", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response, response.content.decode()


def test_a_council_sites_robots_txt_names_its_own_sitemap(client, sites):
    response, text = robots(client, f"{CASTLEBRIDGE_HOST}:8000")
    lines = text.splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Disallow: /admin/" in lines
    assert "Disallow: /subscribe/" in lines
    assert "Sitemap: http://castlebridge.localhost:8000/sitemap.xml" in lines
    assert client.get("/sitemap.xml", HTTP_HOST=f"{CASTLEBRIDGE_HOST}:8000").status_code == 200
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies


def test_an_alias_names_the_sites_main_address(client, sites):
    castlebridge, _, _ = sites
    SiteAlias.objects.create(profile=castlebridge, host="www.castlebridge.localhost")
    _, text = robots(client, "www.castlebridge.localhost")
    assert "Sitemap: http://castlebridge.localhost/sitemap.xml" in text.splitlines()


def test_the_neutral_portal_and_an_unknown_host_name_the_neutral_sitemap(client, sites):
    for host in ("localhost:8000", "127.0.0.1:8000"):
        _, text = robots(client, host)
        assert "Sitemap: http://localhost:8000/sitemap.xml" in text.splitlines(), host


def test_without_sites_the_sitemap_is_at_the_host_served(client):
    _, text = robots(client, "127.0.0.1:8000")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text.splitlines()
