"""Each site's brand in its pages: header, footer, copyright, <title>, colour and logo, feed
author; the neutral portal in its own brand, starting with the councils to choose from."""

import re

import pytest
from defusedxml import ElementTree

from portal_sites.views import brand_css
from tests.portal_sites.sites import (
    ASHFORD_HOST,
    CASTLEBRIDGE_HOST,
    NEUTRAL_HOST,
    two_councils_and_the_neutral_portal,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="#fff"/></svg>'
)


@pytest.fixture
def sites():
    return two_councils_and_the_neutral_portal()


def page(client, host, url="/"):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (host, url, response.status_code)
    return response.content.decode()


def header(content):
    return re.search(r'<div class="govuk-header".*?</header>', content, re.S).group(0)


def footer(content):
    return re.search(r"<footer.*?</footer>", content, re.S).group(0)


def title(content):
    return re.search(r"<title>(.*?)</title>", content, re.S).group(1)


@pytest.mark.parametrize(
    ("host", "brand", "other"),
    [
        (CASTLEBRIDGE_HOST, "Castlebridge Council", "Ashford Vale Council"),
        (ASHFORD_HOST, "Ashford Vale Council", "Castlebridge Council"),
    ],
)
def test_a_council_site_carries_its_own_brand_on_every_page(client, sites, host, brand, other):
    for url in ("/", "/search/", "/committees/", "/accessibility/", "/no-such-page/"):
        response = client.get(url, HTTP_HOST=host)
        content = response.content.decode()
        assert brand in header(content), url
        assert f"published by {brand}." in footer(content), url
        assert f"© {brand}" in footer(content), url
        assert title(content).endswith(f"– {brand}"), (url, title(content))
        assert other not in header(content) + footer(content) + title(content)
        assert "Wandsworth" not in header(content) + footer(content)


def test_the_neutral_portal_carries_the_portals_own_brand(client, sites):
    content = page(client, NEUTRAL_HOST)
    assert "Children’s Services Priorities Portal" in header(content)
    assert "© The portal’s supplier" in footer(content)
    assert "Castlebridge" not in header(content) + footer(content)


def test_an_unknown_host_gets_the_neutral_portal(client, sites):
    content = page(client, "testserver")
    assert "© The portal’s supplier" in footer(content)


def test_the_neutral_home_starts_with_choose_a_council_or_partnership(client, sites):
    content = page(client, f"{NEUTRAL_HOST}:8000")
    main = content.split('id="main-content"', 1)[1]
    assert main.index("Choose a council or partnership") < main.index('role="search"')
    choices = re.search(r'<ul[^>]*id="council-sites".*?</ul>', content, re.S).group(0)
    assert 'href="http://ashford.localhost:8000/"' in choices
    assert 'href="http://castlebridge.localhost:8000/"' in choices
    assert choices.index("Ashford Vale Council") < choices.index("Castlebridge Council")


def test_a_council_home_does_not_offer_the_choice_of_councils(client, sites):
    content = page(client, CASTLEBRIDGE_HOST)
    assert "Choose a council or partnership" not in content
    assert "See what Castlebridge Council have promised" in content


def test_the_header_colour_comes_from_the_sites_stylesheet(client, sites):
    content = page(client, CASTLEBRIDGE_HOST)
    link = re.search(r'<link rel="stylesheet" href="(/site-brand\.css\?v=[0-9a-f]+)">', content)
    assert link, "the page links its site's brand stylesheet"
    assert 'content="#1d4f2a"' in content  # theme-color
    css = client.get(link.group(1), HTTP_HOST=CASTLEBRIDGE_HOST)
    assert css["Content-Type"].startswith("text/css")
    assert "--govuk-brand-colour: #1d4f2a;" in css.content.decode()
    other = client.get(link.group(1), HTTP_HOST=ASHFORD_HOST).content.decode()
    assert "--govuk-brand-colour: #4b0f5c;" in other
    # No inline style anywhere: the Content Security Policy forbids it.
    assert "style=" not in content and "<style" not in content


def test_brand_css_derives_the_tints_as_the_portals_stylesheet_does():
    css = brand_css("#005f6b")
    assert "--govuk-template-background-colour: #f2f7f8;" in css
    assert "--govuk-link-hover-colour: #003940;" in css


def test_a_sites_logo_is_shown_and_served_so_that_it_can_run_nothing(client, sites):
    castlebridge, _, _ = sites
    castlebridge.logo_svg = LOGO
    castlebridge.save()
    content = page(client, CASTLEBRIDGE_HOST)
    src = re.search(r'<img class="app-header__logo" src="([^"]+)"', content).group(1)
    logo = client.get(src, HTTP_HOST=CASTLEBRIDGE_HOST)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/svg+xml"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert logo.content.decode() == LOGO
    assert client.get(src, HTTP_HOST=ASHFORD_HOST).status_code == 404
    assert "app-header__logo" not in page(client, ASHFORD_HOST)


@pytest.mark.parametrize(
    ("host", "author"),
    [
        (CASTLEBRIDGE_HOST, "Castlebridge Council"),
        (ASHFORD_HOST, "Ashford Vale Council"),
        (NEUTRAL_HOST, "The portal’s supplier"),
    ],
)
def test_the_feed_author_and_links_are_the_sites_own(client, sites, host, author):
    feed = ElementTree.fromstring(client.get("/feeds/status-changes/", HTTP_HOST=host).content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == author
    assert feed.find(f"{ATOM}link").get("href") == f"http://{host}/"


def test_the_accessibility_statement_gives_the_sites_own_contact(client, sites):
    castlebridge, _, _ = sites
    castlebridge.accessibility_contact_email = "access@castlebridge.example"
    castlebridge.accessibility_statement_extra = "Castlebridge's own paragraph."
    castlebridge.save()
    content = page(client, CASTLEBRIDGE_HOST, "/accessibility/")
    assert 'href="mailto:access@castlebridge.example"' in content
    assert "Castlebridge&#x27;s own paragraph." in content
    assert "access@castlebridge.example" not in page(client, ASHFORD_HOST, "/accessibility/")


def test_the_error_page_carries_the_sites_brand(client, sites):
    from unittest import mock

    client.raise_request_exception = False
    client.get("/", HTTP_HOST=CASTLEBRIDGE_HOST)  # the sites are read and cached
    with mock.patch("priorities.search.engine.search_page", side_effect=RuntimeError("boom")):
        response = client.get("/search/", HTTP_HOST=CASTLEBRIDGE_HOST)
    assert response.status_code == 500
    content = response.content.decode()
    assert "© Castlebridge Council" in content
    assert "Ashford" not in content
