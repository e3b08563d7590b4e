"""A public page's records are kept per data generation for visitors the page cache does not
answer (portal/page_data.py): gathered once, never stale after a change, kept apart per site,
and gathered afresh while the cache is down."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import page_cache
from tests.portal_sites.isolation import ASHFORD_HOST, CASTLEBRIDGE_HOST, make_council

pytestmark = pytest.mark.django_db

#: Any cookie makes the page cache step aside (a visitor who accepted analytics cookies).
COOKIE = "analytics=yes"


@pytest.fixture
def page_data_on(settings):
    settings.PORTAL_PAGE_DATA_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def castlebridge():
    council = make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    page_cache.move_generation_on()  # the records were saved in the test's transaction
    return council


def fetch(client, url, host=CASTLEBRIDGE_HOST):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=host, HTTP_COOKIE=COOKIE)
    assert response.status_code == 200, url
    assert "X-Page-Cache" not in response  # rendered for this visitor, not the page cache's
    return response.content.decode(), len(queries)


@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "organisation",
        "plan",
        "priority",
        "initiative",
        "committee",
        "meeting",
        "partnership",
        "indicator",
        "organisation feed",
        "initiative feed",
    ],
)
def test_a_page_s_records_are_gathered_once_a_generation(
    client, page_data_on, castlebridge, page_type
):
    url = "/" if page_type == "home" else dict(castlebridge.record_urls())[page_type]
    first, first_queries = fetch(client, url)
    second, second_queries = fetch(client, url)
    assert first_queries > 0
    # A feed looks up its organisation or initiative each time (the entries are kept).
    assert second_queries == (1 if page_type.endswith("feed") else 0)
    assert second == first


def test_a_change_is_shown_at_the_next_request(
    client, page_data_on, castlebridge, django_capture_on_commit_callbacks
):
    url = castlebridge.initiative.get_absolute_url()
    fetch(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        castlebridge.initiative.title = "Castlebridge family centres"
        castlebridge.initiative.save()
    for page in (
        url,
        castlebridge.council.get_absolute_url(),
        castlebridge.plan.get_absolute_url(),
    ):
        html, queries = fetch(client, page)
        assert "Castlebridge family centres" in html
        assert queries > 0


def test_each_site_gathers_its_own(client, page_data_on, castlebridge):
    make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    page_cache.move_generation_on()
    castlebridge_home, _ = fetch(client, "/", CASTLEBRIDGE_HOST)
    ashford_home, ashford_queries = fetch(client, "/", ASHFORD_HOST)
    assert ashford_queries > 0  # not Castlebridge's home page data
    assert "Ashfordvale family hubs" in ashford_home
    assert "Castlebridge family hubs" not in ashford_home
    assert "Ashfordvale family hubs" not in castlebridge_home


def test_with_the_cache_down_every_request_gathers_afresh(
    client, page_data_on, castlebridge, monkeypatch
):
    monkeypatch.setattr(page_cache, "generation", lambda: None)
    url = castlebridge.council.get_absolute_url()
    fetch(client, url)
    _, second_queries = fetch(client, url)
    html, third_queries = fetch(client, url)
    assert third_queries == second_queries > 5
    assert "Castlebridge family hubs" in html


def test_a_page_that_is_not_there_is_not_kept(client, page_data_on, castlebridge):
    response = client.get(
        "/organisations/nowhere/", HTTP_HOST=CASTLEBRIDGE_HOST, HTTP_COOKIE=COOKIE
    )
    assert response.status_code == 404
    with CaptureQueriesContext(connection) as queries:
        again = client.get(
            "/organisations/nowhere/", HTTP_HOST=CASTLEBRIDGE_HOST, HTTP_COOKIE=COOKIE
        )
    assert again.status_code == 404
    assert len(queries) > 0


def test_what_other_code_kept_is_never_read(client, page_data_on, castlebridge, monkeypatch):
    """After a deploy the new code gathers afresh: what the old code kept may have another
    shape."""
    from portal import page_data

    url = castlebridge.council.get_absolute_url()
    fetch(client, url)
    assert fetch(client, url)[1] == 0
    monkeypatch.setattr(page_data, "code_version", lambda: "after-a-deploy")
    assert fetch(client, url)[1] > 0


def test_the_code_version_covers_the_project_s_own_apps_only():
    from portal.code_version import code_version

    assert len(code_version()) == 12
    assert code_version() == code_version()
