"""A page's <title> and canonical address on each site (issue 15): the site's name once at the
end of the title, whatever the page's own title ends with; the canonical address on the site's
main domain (not an alias, not the host typed), on the scheme and port served, and for a record
on the neutral portal the address of the council site that is its own."""

import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache

from portal_sites.models import SiteAlias
from portal_sites.templatetags.site_meta import compose_title
from tests import factories
from tests.portal_sites.sites import (
    ASHFORD_HOST,
    CASTLEBRIDGE_HOST,
    NEUTRAL_HOST,
    make_site,
    two_councils_and_the_neutral_portal,
)

pytestmark = pytest.mark.django_db

PORTAL = settings.PORTAL_NAME


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sites():
    return two_councils_and_the_neutral_portal()


@pytest.fixture
def initiative(sites):
    castlebridge, _, _ = sites
    return factories.InitiativeFactory(
        organisation=castlebridge.organisations.get(),
        title="New family help service",
        slug="new-family-help-service",
    )


def get(client, url, host):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, host, response.status_code)
    return response.content.decode()


def title(content):
    return html.unescape(re.search(r"<title>(.*?)</title>", content, re.S).group(1))


def canonical(content):
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', content)
    assert len(found) <= 1
    return found[0] if found else None


# Titles


def test_a_council_sites_name_ends_the_title_once(client, initiative):
    content = get(client, initiative.get_absolute_url(), CASTLEBRIDGE_HOST)
    assert title(content) == f"New family help service – {PORTAL} – Castlebridge Council"


@pytest.mark.parametrize("host", [CASTLEBRIDGE_HOST, ASHFORD_HOST, NEUTRAL_HOST])
def test_no_title_names_the_site_or_the_portal_twice(client, sites, host):
    for url in ("/", "/search/", "/committees/", "/accessibility/", "/no-such-page/"):
        text = client.get(url, HTTP_HOST=host).content.decode()
        shown = title(text)
        assert shown.count("Council") <= 1, (url, shown)
        assert shown.replace("’", "'").count("Children's Services Priorities Portal") == 1, (
            url,
            shown,
        )


def test_the_neutral_portals_inner_pages_carry_its_name_as_its_home_does(client):
    make_site("localhost", "All councils and partnerships", neutral=True)
    home = title(get(client, "/", NEUTRAL_HOST))
    inner = title(get(client, "/committees/", NEUTRAL_HOST))
    assert home == f"{PORTAL} – All councils and partnerships"
    assert inner == f"Committees and boards – {PORTAL} – All councils and partnerships"


def test_compose_title():
    site = "Telford & Wrekin Council"
    assert compose_title("Plans", PORTAL, site) == f"Plans – {PORTAL} – {site}"
    assert compose_title(f"Help – {site}", PORTAL, site) == f"Help – {PORTAL} – {site}"
    assert compose_title(f"Help – {site} – {PORTAL}", PORTAL, site) == f"Help – {PORTAL} – {site}"
    assert compose_title(site, PORTAL, site) == f"{PORTAL} – {site}"
    assert compose_title("", PORTAL, site) == f"{PORTAL} – {site}"
    assert compose_title("Plans", PORTAL, PORTAL) == f"Plans – {PORTAL}"
    assert compose_title("Error: Search", PORTAL, "") == f"Error: Search – {PORTAL}"


# Canonical addresses


def test_a_council_page_is_canonical_on_the_sites_main_address(client, sites, initiative):
    castlebridge, _, _ = sites
    SiteAlias.objects.create(profile=castlebridge, host="www.castlebridge.localhost")
    path = initiative.get_absolute_url()
    for host in (f"{CASTLEBRIDGE_HOST}:8000", "www.castlebridge.localhost:8000"):
        content = get(client, path + "?utm_source=mail&page=1", host)
        assert canonical(content) == f"http://castlebridge.localhost:8000{path}"


def test_the_neutral_portal_points_a_record_to_its_councils_site(client, initiative):
    path = initiative.get_absolute_url()
    content = get(client, path, f"{NEUTRAL_HOST}:8000")
    assert canonical(content) == f"http://castlebridge.localhost:8000{path}"
    organisation = get(client, initiative.organisation.get_absolute_url(), NEUTRAL_HOST)
    assert canonical(organisation) == (
        f"http://castlebridge.localhost{initiative.organisation.get_absolute_url()}"
    )
    # A page about no one organisation stays on the neutral portal.
    assert canonical(get(client, "/committees/", f"{NEUTRAL_HOST}:8000")) == (
        "http://localhost:8000/committees/"
    )


def test_a_record_no_council_site_covers_is_canonical_on_the_neutral_portal(client, sites):
    agency = factories.InitiativeFactory(organisation=factories.OrganisationFactory())
    path = agency.get_absolute_url()
    assert canonical(get(client, path, NEUTRAL_HOST)) == f"http://localhost{path}"


def test_the_page_number_is_kept_and_a_search_keeps_its_query(client, sites):
    assert canonical(get(client, "/committees/?page=2&sort=x", CASTLEBRIDGE_HOST)) == (
        "http://castlebridge.localhost/committees/?page=2"
    )
    assert canonical(get(client, "/search/?q=family", CASTLEBRIDGE_HOST)) == (
        "http://castlebridge.localhost/search/?q=family"
    )


def test_error_pages_have_no_canonical_address(client, sites):
    response = client.get("/no-such-page/", HTTP_HOST=CASTLEBRIDGE_HOST)
    assert response.status_code == 404
    assert canonical(response.content.decode()) is None


def test_without_sites_the_host_served_is_canonical(client):
    assert canonical(get(client, "/committees/", "127.0.0.1:8000")) == (
        "http://127.0.0.1:8000/committees/"
    )
