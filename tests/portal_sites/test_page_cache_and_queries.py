"""The page cache keeps each site's pages apart, and a page runs the same queries with three
sites as with one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import page_cache
from tests.portal_sites.isolation import (
    ASHFORD_HOST,
    CASTLEBRIDGE_HOST,
    NEUTRAL_HOST,
    make_council,
)
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_each_site_has_its_own_cached_pages(client, page_cache_on):
    castlebridge = make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    ashford = make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    page_cache.move_generation_on()  # the councils were saved in the test's transaction
    for council, other in ((castlebridge, ashford), (ashford, castlebridge)):
        first = client.get("/", HTTP_HOST=council.host)
        second = client.get("/", HTTP_HOST=council.host)
        assert "X-Page-Cache" not in first
        assert second["X-Page-Cache"] == "hit"
        assert council.marker in second.content.decode()
        assert other.marker not in second.content.decode()


def test_the_page_cache_key_names_the_site(rf):
    castlebridge = make_site(CASTLEBRIDGE_HOST, "Castlebridge Council")
    request = rf.get("/", HTTP_HOST=CASTLEBRIDGE_HOST)
    from portal_sites.resolution import site_for_host

    request.portal_site, _ = site_for_host(CASTLEBRIDGE_HOST)
    assert f":site-{castlebridge.site_id}:" in page_cache._key(request)


def query_counts(client, host, urls):
    counts = {}
    for page_type, url in urls:
        client.get(url, HTTP_HOST=host)  # the sites are read once after they change
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, (page_type, url)
        counts[page_type] = len(queries)
    return counts


def test_pages_run_the_same_queries_with_three_sites_as_with_one(client):
    castlebridge = make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    urls = [
        ("home", "/"),
        ("search", "/search/?q=family"),
        ("search csv", "/search/results.csv?q=family"),
        ("committees", "/committees/"),
        ("feed", "/feeds/status-changes/"),
        ("sitemap", "/sitemap.xml"),
        *castlebridge.record_urls(),
    ]
    with_one = query_counts(client, CASTLEBRIDGE_HOST, urls)
    make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    make_site(NEUTRAL_HOST, "Priorities Portal", neutral=True)
    with_three = query_counts(client, CASTLEBRIDGE_HOST, urls)
    assert with_three == with_one


def test_reading_the_sites_takes_three_queries_however_many_there_are(
    django_assert_num_queries,
):
    from portal_sites.resolution import load_sites

    make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    with django_assert_num_queries(3):
        assert len(load_sites().by_host) == 1
    make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    make_site(NEUTRAL_HOST, "Priorities Portal", neutral=True, aliases=["127.0.0.1"])
    with django_assert_num_queries(3):
        assert len(load_sites().by_host) == 4
