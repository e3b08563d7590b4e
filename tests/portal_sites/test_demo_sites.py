"""The quick start's sites: the neutral portal at 127.0.0.1 and localhost, and Wandsworth,
Telford & Wrekin and Westminster each at its own name under .localhost, in its own brand and
showing its own records only."""

import re

import pytest
from defusedxml import ElementTree
from django.core.management import call_command

from demo import sites_demo
from demo.priorities_demo import Tally
from portal_sites.models import SiteProfile
from portal_sites.resolution import site_for_host
from priorities import models as p

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

SEED_SITES = [
    ("wandsworth.localhost", "Wandsworth Council", "Wandsworth Council and Wandsworth"),
    ("telford.localhost", "Telford & Wrekin Council", "Telford & Wrekin Council"),
    ("westminster.localhost", "Westminster City Council", "Westminster City Council"),
]


@pytest.fixture
def demo():
    call_command("load_demo_data", "--quiet")


def text(content):
    return content.replace("&amp;", "&").replace("&#x27;", "'")


def test_the_demo_creates_the_neutral_portal_and_a_site_per_seed_council(demo):
    neutral, known = site_for_host("127.0.0.1:8000")
    assert known and neutral.is_neutral
    assert site_for_host("localhost:8000")[0] == neutral
    wandsworth = site_for_host("wandsworth.localhost:8000")[0]
    slugs = set(
        p.Organisation.objects.filter(pk__in=wandsworth.organisation_ids).values_list(
            "slug", flat=True
        )
    )
    assert {"wandsworth", "wandsworth-safeguarding-children-partnership"} <= slugs
    assert "telford-and-wrekin" not in slugs
    assert SiteProfile.objects.count() == 4


def test_loading_the_demo_again_changes_no_site(demo):
    before = list(SiteProfile.objects.values())
    tally = Tally()
    sites_demo.load(tally)
    assert (tally.created, tally.updated) == (0, 0)
    assert list(SiteProfile.objects.values()) == before


@pytest.mark.parametrize(("host", "name", "owner"), SEED_SITES)
def test_each_seed_site_carries_its_brand(client, demo, host, name, owner):
    content = text(client.get("/", HTTP_HOST=f"{host}:8000").content.decode())
    header = re.search(r'<div class="govuk-header".*?</header>', content, re.S).group(0)
    footer = re.search(r"<footer.*?</footer>", content, re.S).group(0)
    assert name in header
    assert f"© {owner}" in footer
    assert name in re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    feed = ElementTree.fromstring(
        client.get("/feeds/status-changes/", HTTP_HOST=f"{host}:8000").content
    )
    assert feed.find(f"{ATOM}author/{ATOM}name").text.startswith(owner)


def test_telfords_site_shows_only_telford_and_wrekins_promises(client, demo):
    content = text(client.get("/", HTTP_HOST="telford.localhost:8000").content.decode())
    assert "Children and Young People’s partnership strategy 2025–2028" in content
    assert "Wandsworth" not in content
    assert "Westminster" not in content


def test_the_neutral_portal_offers_each_seed_council_at_the_address_served(client, demo):
    content = text(client.get("/", HTTP_HOST="127.0.0.1:8000").content.decode())
    choices = re.search(r'<ul[^>]*id="council-sites".*?</ul>', content, re.S).group(0)
    for host, name, _ in SEED_SITES:
        assert f'href="http://{host}:8000/"' in choices
        assert name in choices
    for organisation in ("Wandsworth Council", "Telford & Wrekin Council", "Westminster"):
        assert organisation in content
