"""Atom feeds of the status changes of published initiatives."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from priorities.services import initiative_change_status
from tests import factories
from tests.priorities.search.test_search import SECRET, make_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    """Parse an Atom feed, failing the test if it is not one."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def feed_urls(world):
    return [
        "/feeds/status-changes/",
        f"/feeds/organisations/{world.council.slug}/",
        f"/feeds/committees/{world.council.slug}/{world.committee.slug}/",
        f"/feeds/initiatives/{world.council.slug}/{world.initiative.slug}/",
    ]


def test_drafts_never_appear_in_any_feed(client):
    world = make_world()
    for url in feed_urls(world):
        response = client.get(url)
        root = parse(response)
        assert SECRET not in response.content.decode(), url
        assert [entry["title"] for entry in entries(root)] == [
            "Published wellbeing initiative: proposed → awaiting scrutiny"
        ], url
    draft = world.draft_initiative
    draft_feed = f"/feeds/initiatives/{draft.organisation.slug}/{draft.slug}/"
    assert client.get(draft_feed).status_code == 404


def test_an_entry_has_the_change_its_date_reason_and_a_link_to_the_initiative(client):
    initiative = factories.InitiativeFactory(title="Power to Connect")
    meeting = factories.MeetingFactory(committee__name="Finance Committee")
    changed_at = timezone.make_aware(datetime.datetime(2022, 7, 21, 19, 30))
    initiative_change_status(
        initiative=initiative,
        to="awaiting_scrutiny",
        reason="Listed for scrutiny.",
        changed_at=changed_at - datetime.timedelta(days=30),
    )
    initiative_change_status(
        initiative=initiative,
        to="under_scrutiny",
        reason="Considered by <Finance> Committee.",
        meeting=meeting,
        changed_at=changed_at,
    )
    initiative_change_status(
        initiative=initiative,
        to="adopted",
        reason="Approved.",
        changed_at=changed_at + datetime.timedelta(days=1),
    )
    found = entries(parse(client.get("/feeds/status-changes/")))
    assert [entry["title"] for entry in found[:2]] == [
        "Power to Connect: under scrutiny → adopted",
        "Power to Connect: awaiting scrutiny → under scrutiny",
    ]
    under_scrutiny = found[1]
    assert under_scrutiny["link"].startswith(
        "http://testserver" + initiative.get_absolute_url() + "#status-change-"
    )
    assert datetime.datetime.fromisoformat(under_scrutiny["updated"]) == changed_at
    assert "Considered by &lt;Finance&gt; Committee." in under_scrutiny["summary"]
    assert f"Decided at {meeting}." in under_scrutiny["summary"]
    assert len({entry["id"] for entry in found}) == len(found) == 3


def test_each_feed_has_only_its_own_changes(client):
    world = make_world()
    other_initiative = factories.InitiativeFactory(title="Elsewhere")
    initiative_change_status(initiative=other_initiative, to="adopted", reason="Agreed.")
    another_meeting = factories.MeetingFactory(committee__organisation=world.council)
    initiative_change_status(
        initiative=world.initiative, to="under_scrutiny", reason="x", meeting=another_meeting
    )

    def titles(url):
        return [entry["title"] for entry in entries(parse(client.get(url)))]

    everything, organisation, committee, initiative = (titles(url) for url in feed_urls(world))
    assert len(everything) == 3
    assert "Elsewhere: proposed → adopted" not in organisation
    assert len(organisation) == 2
    assert committee == ["Published wellbeing initiative: proposed → awaiting scrutiny"]
    assert initiative == organisation


def test_unknown_feeds_are_not_found(client):
    for url in (
        "/feeds/organisations/no-such-council/",
        "/feeds/committees/no-such-council/no-such-committee/",
        "/feeds/initiatives/no-such-council/no-such-initiative/",
    ):
        assert client.get(url).status_code == 404


def test_feed_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    world = make_world()
    with django_assert_max_num_queries(4):
        client.get("/feeds/status-changes/")
    for _ in range(10):
        initiative = factories.InitiativeFactory(organisation=world.council)
        initiative_change_status(
            initiative=initiative, to="awaiting_scrutiny", reason="x", meeting=world.meeting
        )
    for url in feed_urls(world):
        with django_assert_max_num_queries(4):
            client.get(url)


def test_every_page_advertises_the_feed_of_everything(client):
    content = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/feeds/status-changes/"' in content
    )
    content = client.get("/search/").content.decode()
    assert 'href="/feeds/status-changes/"' in content
