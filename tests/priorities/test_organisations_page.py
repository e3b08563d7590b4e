"""Councils, partnerships and plans (issue 16): a page the menu leads to, listing each
organisation of the site with its published plans."""

import pytest

from priorities import models as p
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_menu_leads_to_the_councils_partnerships_and_their_published_plans(client):
    council = factories.OrganisationFactory(name="Castlebridge Council", kind="council")
    partnership = factories.OrganisationFactory(
        name="Castlebridge Safeguarding Children Partnership", kind="safeguarding_partnership"
    )
    factories.PlanFactory(organisation=council, title="Children and young people's plan")
    factories.PlanFactory(
        organisation=council, title="Secret draft plan", publication_state="draft"
    )

    home = client.get("/").content.decode()
    assert 'href="/organisations/"' in home

    page = client.get("/organisations/").content.decode()
    assert "Councils, partnerships and plans" in page
    assert council.get_absolute_url() in page
    assert partnership.get_absolute_url() in page
    assert "Children and young people&#x27;s plan" in page
    assert "Secret draft plan" not in page
    assert page.index("Castlebridge Council") < page.index("Castlebridge Safeguarding")


def test_its_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            organisation = factories.OrganisationFactory(kind="council")
            factories.PlanFactory(organisation=organisation)

    add(2)
    client.get("/organisations/")  # the sites and caches are read once
    with django_assert_max_num_queries(6) as small:
        assert client.get("/organisations/").status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/organisations/")
    assert p.Plan.public_objects.count() == 12
