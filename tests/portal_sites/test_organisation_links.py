"""No page of a council's site links to a page that answers 404 there (issue 15).

A council's record may name an organisation its site does not cover: a partner agency working
on an initiative, a priority's lead or contributing organisation, a partnership's member, the
agency that measures an indicator. Its name is shown; it links to the organisation's page on
the neutral portal (absolute) where there is one, and is not linked where there is none."""

import re

import pytest
from django.core.cache import cache

from priorities import models as p
from tests import factories
from tests.portal_sites.isolation import NEUTRAL_HOST, make_council
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db

PORT = 8123
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def castlebridge():
    """Castlebridge's records each naming Harbourside Police, an agency its site does not
    cover."""
    council = make_council("Castlebridge", "castlebridge", "castlebridge.localhost")
    police = factories.OrganisationFactory(
        name="Harbourside Police", slug="harbourside-police", kind=p.OrganisationKind.POLICE
    )
    council.initiative.partner_organisations.add(police)
    council.priority.lead_organisation = police
    council.priority.save()
    council.priority.contributing_organisations.add(police)
    p.PartnershipMembership.objects.create(
        partnership=council.partnership, member=police, is_lead_partner=True
    )
    council.indicator.measured_by = police
    council.indicator.save()
    return council


def pages(council):
    return {
        "initiative": council.initiative.get_absolute_url(),
        "priority": council.priority.get_absolute_url(),
        "partnership organisation": council.partnership.get_absolute_url(),
        "partnership": f"/partnerships/{council.partnership.slug}/",
        "indicator": council.indicator.get_absolute_url(),
    }


def get(client, url, host):
    response = client.get(url, HTTP_HOST=f"{host}:{PORT}")
    assert response.status_code == 200, (host, url)
    return response.content.decode()


def local_links(body):
    return {
        href
        for href in HREF.findall(body)
        if href.startswith("/") and not href.startswith("//") and "#" not in href
    }


@pytest.mark.parametrize("page", ["initiative", "priority", "partnership", "indicator"])
def test_an_agency_the_site_does_not_cover_links_to_the_neutral_portal(client, castlebridge, page):
    make_site(NEUTRAL_HOST, "All councils and partnerships", neutral=True)
    body = get(client, pages(castlebridge)[page], castlebridge.host)
    assert "Harbourside Police" in body
    assert 'href="/organisations/harbourside-police/"' not in body
    assert f'href="http://{NEUTRAL_HOST}:{PORT}/organisations/harbourside-police/"' in body
    # ... where the page answers.
    assert get(client, "/organisations/harbourside-police/", NEUTRAL_HOST)


@pytest.mark.parametrize("page", ["initiative", "priority", "partnership", "indicator"])
def test_without_a_neutral_portal_the_agency_is_named_without_a_link(client, castlebridge, page):
    body = get(client, pages(castlebridge)[page], castlebridge.host)
    assert "Harbourside Police" in body
    assert "/organisations/harbourside-police/" not in body


def test_the_partnerships_organisation_page_names_the_agency_without_a_broken_link(
    client, castlebridge
):
    body = get(client, castlebridge.partnership.get_absolute_url(), castlebridge.host)
    assert "Harbourside Police" in body
    assert 'href="/organisations/harbourside-police/"' not in body


def test_an_organisation_the_site_covers_is_linked_on_the_site(client, castlebridge):
    make_site(NEUTRAL_HOST, "All councils and partnerships", neutral=True)
    body = get(client, castlebridge.initiative.get_absolute_url(), castlebridge.host)
    assert f'href="{castlebridge.council.get_absolute_url()}"' in body
    # On the neutral portal every organisation is its own.
    body = get(client, castlebridge.initiative.get_absolute_url(), NEUTRAL_HOST)
    assert 'href="/organisations/harbourside-police/"' in body


@pytest.mark.parametrize("neutral", [False, True], ids=["no neutral portal", "neutral portal"])
def test_no_organisation_link_on_a_councils_pages_answers_404(client, castlebridge, neutral):
    if neutral:
        make_site(NEUTRAL_HOST, "All councils and partnerships", neutral=True)
    for name, url in pages(castlebridge).items():
        body = get(client, url, castlebridge.host)
        for href in local_links(body):
            if href.startswith(("/organisations/", "/partnerships/")):
                response = client.get(href, HTTP_HOST=f"{castlebridge.host}:{PORT}")
                assert response.status_code != 404, (name, href)
