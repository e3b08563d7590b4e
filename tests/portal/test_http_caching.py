"""HTTP caching a CDN can use: public pages, feeds and the sitemap sent to visitors without
cookies carry Cache-Control public, Vary and validators, and a request that names the current
validator is answered 304 before any database query; everything else stays private."""

import time
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils.http import http_date

from portal import page_cache
from tests import factories
from tests.portal_sites.isolation import ASHFORD_HOST, CASTLEBRIDGE_HOST, make_council

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, s-maxage=300"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    settings.PORTAL_BROWSER_CACHE_SECONDS = 60
    settings.PORTAL_CDN_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def initiative(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return factories.InitiativeFactory(title="Family hubs in every ward")


@pytest.fixture
def test_pages(settings, monkeypatch):
    """The test pages of ``tests.portal.caching_urls``, in a namespace the cache keeps."""
    settings.ROOT_URLCONF = "tests.portal.caching_urls"
    namespaces = page_cache.cached_namespaces() | {"test_pages"}
    monkeypatch.setattr(page_cache, "cached_namespaces", lambda: namespaces)
    page_cache._cached_path.cache_clear()
    yield
    page_cache._cached_path.cache_clear()


def public_urls(initiative):
    return {
        "page": initiative.get_absolute_url(),
        "feed": "/feeds/status-changes/",
        "sitemap": "/sitemap.xml",
        "fixed page": "/accessibility/",
    }


def test_public_pages_feeds_and_the_sitemap_may_be_kept_by_any_cache(client, initiative):
    for kind, url in public_urls(initiative).items():
        response = client.get(url)
        assert response.status_code == 200, kind
        assert response["Cache-Control"] == PUBLIC, kind
        assert response["ETag"].startswith('W/"'), kind
        assert response["Last-Modified"], kind
        assert response["Vary"] == "Cookie", kind


def test_the_lifetimes_come_from_the_settings(client, initiative, settings):
    settings.PORTAL_BROWSER_CACHE_SECONDS = 30
    settings.PORTAL_CDN_CACHE_SECONDS = 120
    response = client.get(initiative.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=30, s-maxage=120"


@pytest.mark.parametrize("kind", ["page", "feed", "sitemap", "fixed page"])
def test_an_answer_from_the_cache_carries_the_same_headers_as_a_fresh_one(
    client, initiative, settings, kind
):
    """The security headers, the Content Security Policy, the referrer policy, Vary and the
    caching headers are the same on a hit as on the miss it was stored from."""
    settings.SECURE_HSTS_SECONDS = 3600
    url = public_urls(initiative)[kind]
    miss = client.get(url, secure=True)
    hit = client.get(url, secure=True)
    assert "X-Page-Cache" not in miss
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
    fresh = {name: value for name, value in miss.items()}
    cached = {name: value for name, value in hit.items() if name != "X-Page-Cache"}
    assert cached == fresh
    for name in (
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Length",
        "ETag",
        "Cache-Control",
        "Vary",
    ):
        assert name in hit, name


def test_a_hit_reads_no_session_and_runs_no_query(client, initiative, django_assert_num_queries):
    url = initiative.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert not hasattr(hit.wsgi_request, "session")
    assert not hasattr(hit.wsgi_request, "user")


@pytest.mark.parametrize("kind", ["page", "feed", "sitemap"])
def test_a_matching_etag_is_answered_304_before_any_query(
    client, initiative, django_assert_num_queries, kind
):
    url = public_urls(initiative)[kind]
    first = client.get(url)
    cache.clear()  # not even the stored page is needed: the generation is enough
    page_cache.move_generation_on()
    etag = client.get(url)["ETag"]
    assert etag != first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == PUBLIC
    assert again["Vary"] == "Cookie"
    assert "Content-Security-Policy" in again
    head = client.head(url, headers={"If-None-Match": etag})
    assert head.status_code == 304


def test_a_recent_if_modified_since_is_answered_304_before_any_query(
    client, initiative, django_assert_num_queries
):
    url = initiative.get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]
    with django_assert_num_queries(0):
        assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = http_date(time.time() - 3600)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_a_changed_record_moves_the_etag(client, initiative, django_capture_on_commit_callbacks):
    url = initiative.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        initiative.title = "Family hubs in every ward and village"
        initiative.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Family hubs in every ward and village" in changed.content.decode()


def test_the_etag_moves_when_the_window_ends(client, initiative, monkeypatch):
    """Pages show the clock (meetings still to come, overdue initiatives): an ETag holds for
    PORTAL_PAGE_CACHE_SECONDS at most, like the stored page."""
    url = initiative.get_absolute_url()
    etag = client.get(url)["ETag"]
    later = time.time() + django_settings.PORTAL_PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert "X-Page-Cache" not in again  # rendered afresh, not the stored page
    assert again["ETag"] != etag


def test_each_address_has_its_own_etag(client, initiative):
    url = initiative.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(f"{url}?page=2")["ETag"] != etag
    other = factories.InitiativeFactory(organisation=initiative.organisation)
    page_cache.move_generation_on()
    current = client.get(url)["ETag"]
    assert (
        client.get(other.get_absolute_url(), headers={"If-None-Match": current}).status_code == 200
    )


def test_each_site_has_its_own_etag_for_the_same_address(client):
    make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    page_cache.move_generation_on()  # the councils were saved in the test's transaction
    castlebridge = client.get("/", HTTP_HOST=CASTLEBRIDGE_HOST)
    ashford = client.get("/", HTTP_HOST=ASHFORD_HOST)
    assert castlebridge.status_code == ashford.status_code == 200
    assert castlebridge["ETag"] != ashford["ETag"]
    cross = client.get("/", HTTP_HOST=ASHFORD_HOST, headers={"If-None-Match": castlebridge["ETag"]})
    assert cross.status_code == 200
    assert "Ashfordvale" in cross.content.decode()


def test_the_etag_names_the_site_whatever_the_host(rf):
    """A host moved from one site to another (which moves the generation too) never shares a
    validator or a stored page with its old site."""
    request = rf.get("/", HTTP_HOST=CASTLEBRIDGE_HOST)
    request.portal_site = SimpleNamespace(site_id=1)
    first = page_cache._address(request)
    request.portal_site = SimpleNamespace(site_id=2)
    second = page_cache._address(request)
    assert first[1] != second[1]
    assert page_cache._key(request, first) != page_cache._key(request, second)


def test_any_etag_is_not_taken_for_a_page(client, initiative):
    """``If-None-Match: *`` could be sent for a page that does not exist: it is rendered."""
    assert client.get("/organisations/nowhere/", headers={"If-None-Match": "*"}).status_code == 404
    assert (
        client.get(initiative.get_absolute_url(), headers={"If-None-Match": "*"}).status_code == 200
    )


def test_a_signed_in_officer_gets_private_pages(client, initiative):
    officer = factories.OfficerMembershipFactory(organisation=initiative.organisation).user
    client.force_login(officer)
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert "X-Page-Cache" not in response


def test_a_visitor_with_a_cookie_gets_a_private_page(client, initiative):
    client.cookies["analytics"] = "yes"
    response = client.get(initiative.get_absolute_url())
    assert response["Cache-Control"] == "private"
    assert "ETag" not in response
    etag = client.cookies.clear() or client.get(initiative.get_absolute_url())["ETag"]
    client.cookies["analytics"] = "yes"
    again = client.get(initiative.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == 200  # validators are for what every visitor sees alike


def test_error_pages_are_never_stored(client, initiative):
    response = client.get("/organisations/nowhere/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response


def test_officer_forms_keep_their_own_headers(client):
    """Pages that say how they are cached (never_cache) keep what they say."""
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_page_with_a_form_token_is_private_and_not_stored(client, test_pages):
    first = client.get("/test-pages/form/")
    client.cookies.clear()
    second = client.get("/test-pages/form/")
    assert first["Cache-Control"] == second["Cache-Control"] == "private, no-store"
    assert "ETag" not in second and "X-Page-Cache" not in second


def test_a_page_that_sets_a_cookie_is_private_and_not_stored(client, test_pages):
    client.get("/test-pages/cookie/")
    client.cookies.clear()
    second = client.get("/test-pages/cookie/")
    assert second["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in second


def test_a_page_that_varies_on_more_than_the_cookies_is_not_stored(client, test_pages):
    english = client.get("/test-pages/language/", headers={"Accept-Language": "en"})
    welsh = client.get("/test-pages/language/", headers={"Accept-Language": "cy"})
    assert "X-Page-Cache" not in welsh
    assert welsh.content == b"<p>cy</p>"
    assert english["Cache-Control"] == "private"
    assert "ETag" not in english


def test_without_the_shared_cache_pages_are_public_without_validators(
    client, initiative, monkeypatch
):
    """With the cache down every visit renders afresh, and a CDN may still keep the page."""
    monkeypatch.setattr(page_cache, "_look_up", lambda request: None)
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert "ETag" not in response


def test_with_the_page_cache_off_nothing_is_public(client, initiative, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    response = client.get(initiative.get_absolute_url())
    assert response["Cache-Control"] == "private"
    assert "ETag" not in response


def test_the_page_cache_answers_before_sessions_users_and_forms():
    """In every environment's settings the page cache comes after the site, the security
    headers, the policy and the static files, and before anything that reads a session."""
    middleware = django_settings.MIDDLEWARE
    position = middleware.index("portal.page_cache.AnonymousPageCacheMiddleware")
    for earlier in (
        "portal_sites.middleware.CurrentSiteMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ):
        assert middleware.index(earlier) < position, earlier
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ):
        assert middleware.index(later) > position, later


def test_refresh_public_pages_makes_every_page_and_etag_stale(client, initiative):
    from django.core.management import call_command

    url = initiative.get_absolute_url()
    etag = client.get(url)["ETag"]
    call_command("refresh_public_pages")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert "X-Page-Cache" not in again
    assert again["ETag"] != etag


def test_refresh_public_pages_says_when_the_cache_is_down(monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setattr(page_cache.shared_cache.outage, "down_until", time.monotonic() + 60)
    try:
        with pytest.raises(CommandError):
            call_command("refresh_public_pages")
    finally:
        page_cache._owed.clear()
