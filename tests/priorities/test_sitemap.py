"""The sitemap: every public page of both apps, never a draft."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from safeguarding import models as s
from tests import factories
from tests.priorities.search.test_search import make_world

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    assert root.tag == f"{SITEMAP}urlset"
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert all(location.startswith("http://testserver/") for location in locations)
    return {location.removeprefix("http://testserver") for location in locations}


def test_the_sitemap_lists_the_public_pages_of_both_apps(client):
    world = make_world()
    indicator = factories.IndicatorFactory(organisation=world.council)
    paths = sitemap_paths(client)
    expected = {
        "/",
        "/search/",
        "/committees/",
        "/covering-your-tracks/",
        "/accessibility/",
        "/cookies/",
        world.council.get_absolute_url(),
        world.plan.get_absolute_url(),
        world.priority.get_absolute_url(),
        world.initiative.get_absolute_url(),
        world.consultation.get_absolute_url(),
        world.committee.get_absolute_url(),
        world.meeting.get_absolute_url(),
        world.ambition.get_absolute_url(),
        indicator.get_absolute_url(),
    }
    assert expected <= paths, expected - paths


def test_drafts_never_appear_in_the_sitemap(client):
    world = make_world()
    paths = sitemap_paths(client)
    private = [
        world.draft_plan.get_absolute_url(),
        world.draft_initiative.get_absolute_url(),
        *[
            priority.get_absolute_url()
            for priority in world.priority.__class__.private_objects.filter(
                title__startswith="SECRET"
            )
        ],
        *[
            ambition.get_absolute_url()
            for ambition in s.Ambition.private_objects.filter(title__startswith="SECRET")
        ],
        *[
            indicator.get_absolute_url()
            for indicator in s.Indicator.private_objects.filter(title__startswith="SECRET")
        ],
        *[
            consultation.get_absolute_url()
            for consultation in world.consultation.__class__.private_objects.filter(
                title__startswith="SECRET"
            )
        ],
    ]
    assert len(private) == 7
    assert not paths & set(private)


def test_the_sitemap_is_served_at_its_usual_address():
    assert reverse("sitemap") == "/sitemap.xml"
