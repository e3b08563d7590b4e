"""One card for a promise: what it shows, on which pages, loaded in a fixed number of queries."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from priorities import models as p
from priorities.promise_cards import card_initiatives, promise_card
from priorities.templatetags.portal_tags import without_title
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(html))).strip()


def cards_of(html):
    return [
        text_of(card) for card in re.findall(r'<div class="portal-card">(.*?)</dl>', html, re.S)
    ]


@pytest.fixture
def promise():
    """A published initiative in delivery, amber, with milestones, an update and meetings."""
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    plan = factories.PlanFactory(organisation=council, slug="plan")
    priority = factories.PriorityFactory(plan=plan, slug="early-help")
    initiative = factories.InitiativeFactory(
        organisation=council,
        title="Family hubs in every neighbourhood",
        slug="family-hubs",
        status=p.InitiativeStatus.IN_DELIVERY,
        rag=p.Rag.AMBER,
    )
    initiative.priorities.add(priority)
    today = timezone.localdate()
    p.Milestone.objects.create(
        initiative=initiative,
        title="First hub opens",
        due_date=today - datetime.timedelta(400),
        completed_on=today - datetime.timedelta(390),
    )
    p.Milestone.objects.create(
        initiative=initiative, title="All hubs open", due_date=today + datetime.timedelta(200)
    )
    p.Milestone.objects.create(
        initiative=initiative, title="Third hub opens", due_date=today + datetime.timedelta(30)
    )
    p.InitiativeUpdate.private_objects.create(
        initiative=initiative,
        as_of=today - datetime.timedelta(10),
        narrative="Going well.",
        progress=40,
        rag=p.Rag.AMBER,
        publication_state=p.PublicationState.PUBLISHED,
    )
    committee = factories.CommitteeFactory(organisation=council, name="Scrutiny Committee")
    now = timezone.now()
    held = factories.MeetingFactory(committee=committee, starts_at=now - datetime.timedelta(30))
    cancelled = factories.MeetingFactory(
        committee=committee,
        starts_at=now + datetime.timedelta(5),
        status=p.MeetingStatus.CANCELLED,
    )
    later = factories.MeetingFactory(committee=committee, starts_at=now + datetime.timedelta(60))
    sooner = factories.MeetingFactory(committee=committee, starts_at=now + datetime.timedelta(20))
    for meeting in (held, cancelled, later, sooner):
        p.AgendaItem.objects.create(meeting=meeting, title="Family hubs", initiative=initiative)
    return {
        "initiative": initiative,
        "sooner": sooner,
        "council": council,
        "plan": plan,
        "priority": priority,
        "today": today,
    }


def test_the_card_says_where_the_promise_stands_and_what_comes_next(promise):
    [initiative] = card_initiatives(p.Initiative.public_objects.all())
    card = promise_card(initiative)
    assert card.stage.words == "Stage 5 of 6: in delivery"
    assert card.last_updated.on == promise["today"] - datetime.timedelta(10)
    assert card.last_updated.by_update
    # The soonest milestone not done yet; the next meeting neither held nor cancelled.
    assert card.next_milestone.title == "Third hub opens"
    assert card.next_meeting == promise["sooner"]


def test_the_card_reads_its_details_without_queries(promise):
    [initiative] = card_initiatives(p.Initiative.public_objects.all())
    with CaptureQueriesContext(connection) as queries:
        promise_card(initiative).next_meeting.committee.name  # noqa: B018
    assert len(queries) == 0


@pytest.mark.parametrize("page", ["organisation", "plan", "priority", "search"])
def test_each_page_shows_the_same_card(client, promise, page):
    urls = {
        "organisation": promise["council"].get_absolute_url(),
        "plan": promise["plan"].get_absolute_url(),
        "priority": promise["priority"].get_absolute_url(),
        "search": "/search/?q=hubs",
    }
    html = unescape(client.get(urls[page]).content.decode())
    [card] = cards_of(html)
    sooner = promise["sooner"].starts_at
    for words in [
        "Family hubs in every neighbourhood",
        "Stage 5 of 6: in delivery",
        "Amber: at risk",
        "Last updated: " + (promise["today"] - datetime.timedelta(10)).strftime("%-d %B %Y"),
        "Next milestone: Third hub opens, due",
        f"Next at committee: Scrutiny Committee, {timezone.localdate(sooner):%-d %B %Y}",
    ]:
        assert words in card, (page, words, card)
    assert 'href="/about/stages/#stage-in-delivery"' in html
    if page != "organisation":  # the organisation's own page does not repeat its name
        assert "Led by Castlebridge Council" in card


def test_a_card_with_nothing_ahead_says_so(client):
    initiative = factories.InitiativeFactory(title="Quiet promise", status="proposed")
    html = unescape(client.get(initiative.organisation.get_absolute_url()).content.decode())
    [card] = cards_of(html)
    assert "Stage 1 of 6: proposed" in card and "Not rated" in card
    assert "Next milestone: None planned" in card
    assert "Next at committee: No meeting set" in card
    assert "Last changed:" in card


def test_an_overdue_next_milestone_says_so(client, promise):
    p.Milestone.objects.filter(title="Third hub opens").update(
        due_date=promise["today"] - datetime.timedelta(3)
    )
    html = unescape(client.get(promise["council"].get_absolute_url()).content.decode())
    assert "Next milestone: Third hub opens, overdue since" in cards_of(html)[0]


@pytest.mark.parametrize(
    "summary, title, shown",
    [
        (
            "Provide extra support for carers. “We will.”",
            "Provide extra support for carers",
            "“We will.”",
        ),
        (
            "Improving mental health provision, especially for children. More.",
            "Improving mental health provision – especially for children",
            "More.",
        ),
        ("Develop new Early Help offer.", "Develop new Early Help offer", ""),
        (
            "Anti-Racist Practice and Culture across the Partnership.",
            "Anti-racist practice and culture",
            "Anti-Racist Practice and Culture across the Partnership.",
        ),
        ("Families get support sooner.", "Early help", "Families get support sooner."),
    ],
)
def test_a_description_does_not_repeat_its_title(summary, title, shown):
    assert without_title(summary, title) == shown


def test_the_priority_page_does_not_repeat_the_title_in_its_description(client, promise):
    priority = promise["priority"]
    priority.title = "Provide extra support for carers"
    priority.summary = "Provide extra support for carers. “We are keen to help.”"
    priority.save()
    html = unescape(client.get(priority.get_absolute_url()).content.decode())
    assert '<p class="govuk-body-l">“We are keen to help.”</p>' in html
    plan_html = unescape(client.get(promise["plan"].get_absolute_url()).content.decode())
    assert '<p class="govuk-body">“We are keen to help.”</p>' in plan_html
