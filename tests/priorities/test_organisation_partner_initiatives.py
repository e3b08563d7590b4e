"""A partner agency's page lists the published initiatives it works on with others."""

import re

import pytest

from priorities import models as p
from priorities import selectors
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    """A police force that leads no initiative and partners on two councils' initiatives."""
    police = factories.OrganisationFactory(
        name="Castlebridge Police", slug="castlebridge-police", kind=p.OrganisationKind.POLICE
    )
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    neighbour = factories.OrganisationFactory(name="Riverton Council", slug="riverton")
    for organisation, title in [
        (council, "Domestic abuse notifications to schools"),
        (neighbour, "Safer streets for children"),
    ]:
        factories.InitiativeFactory(
            organisation=organisation, title=title
        ).partner_organisations.add(police)
    for state in (p.PublicationState.DRAFT, p.PublicationState.IN_REVIEW):
        factories.InitiativeFactory(
            organisation=neighbour,
            title=f"Riverton {state} initiative never shown",
            publication_state=state,
        ).partner_organisations.add(police)
    # The council's own initiative, with no partner.
    factories.InitiativeFactory(organisation=council, title="Family hubs")
    return police


def partner_section(html):
    match = re.search(
        r'<section aria-labelledby="initiatives-with-others".*?</section>', html, re.DOTALL
    )
    assert match, "the page has no section of initiatives it works on with others"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_selector_gives_the_published_initiatives_an_organisation_partners_on(police):
    page = selectors.organisation_page(police.slug)
    assert [i.title for i in page["initiatives_partnered"]] == [
        "Domestic abuse notifications to schools",
        "Safer streets for children",
    ]


def test_partner_agency_page_lists_initiatives_it_works_on_with_others(client, police):
    html = client.get(police.get_absolute_url()).content.decode()
    text = partner_section(html)
    assert "Initiatives it works on with others" in text
    assert "Domestic abuse notifications to schools" in text
    assert "Led by Castlebridge Council" in text
    assert "Safer streets for children" in text
    assert "Led by Riverton Council" in text
    assert "never shown" not in html
    # It leads none: the page says so without claiming it has no initiatives.
    assert "has not published any initiatives" not in html
    assert "Castlebridge Police does not lead any published initiatives" in html


def test_organisation_partnering_on_nothing_has_no_such_section(client, police):
    council = p.Organisation.objects.get(slug="castlebridge")
    html = client.get(council.get_absolute_url()).content.decode()
    assert 'id="initiatives-with-others"' not in html
