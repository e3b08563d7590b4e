"""The ten-second home page: each of the site's organisations with its published promises
counted by stage and by RAG rating, what goes to committee next and what changed recently."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from priorities import models as p
from tests import factories
from tests.portal_sites.isolation import NEUTRAL_HOST, two_councils

pytestmark = pytest.mark.django_db

DRAFT = p.PublicationState.DRAFT


@pytest.fixture
def councils():
    return two_councils()


def home(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    return response


def summary_of(response, organisation):
    return next(s for s in response.context["summaries"] if s.organisation == organisation)


def promise(organisation, status="proposed", rag=p.Rag.NOT_RATED, **fields):
    return factories.InitiativeFactory(organisation=organisation, status=status, rag=rag, **fields)


def step(initiative, to_status, days_ago, from_status="proposed", meeting=None):
    return p.StatusChange.objects.create(
        initiative=initiative,
        from_status=from_status,
        to_status=to_status,
        changed_at=timezone.now() - datetime.timedelta(days=days_ago),
        reason="Recorded.",
        meeting=meeting,
    )


def test_counts_published_promises_of_the_sites_organisations_by_stage_and_rag(client, councils):
    castlebridge, ashford = councils
    council = castlebridge.council
    promise(council, "in_delivery", p.Rag.GREEN)
    promise(council, "in_delivery", p.Rag.AMBER)
    promise(council, "completed", p.Rag.GREEN)
    promise(castlebridge.partnership, "adopted", p.Rag.RED)
    promise(council, "in_delivery", p.Rag.GREEN, publication_state=DRAFT)
    promise(ashford.council, "in_delivery", p.Rag.GREEN)

    response = home(client, castlebridge.host)
    summary = summary_of(response, council)
    # The fixture's own initiative is proposed and not rated.
    assert summary.total == 4
    assert summary.by_stage == [
        ("proposed", "Proposed", 1),
        ("in_delivery", "In delivery", 2),
        ("completed", "Completed", 1),
    ]
    assert summary.by_rag == [("green", 2), ("amber", 1), ("red", 0), ("not_rated", 1)]
    assert summary.on_track == 2
    partnership = summary_of(response, castlebridge.partnership)
    assert (partnership.total, partnership.by_rag[2]) == (1, ("red", 1))
    assert ashford.council not in [s.organisation for s in response.context["summaries"]]

    html = response.content.decode()
    assert "<strong>4</strong> promises</a>, <strong>2</strong> on track" in html
    in_delivery = f"?organisation={council.slug}&amp;type=initiative&amp;status=in_delivery"
    assert re.search(r">2</span> <a [^>]*" + re.escape(in_delivery) + r'">In delivery</a>', html)
    assert f"?organisation={council.slug}&amp;type=initiative&amp;rag=green" in html


def test_the_long_list_of_plans_priorities_and_status_tags_is_gone(client, councils):
    castlebridge, _ = councils
    html = home(client, castlebridge.host).content.decode()
    plans = html[html.index('id="plans"') :]
    assert escape(castlebridge.plan.title) in plans
    assert castlebridge.priority.title not in html
    assert "1 initiative:" not in html
    # The summary comes first, then search, then the plans.
    assert html.index('id="summary-castlebridge"') < html.index('role="search"')
    assert html.index('role="search"') < html.index('id="plans"')


def test_changed_recently_lists_each_published_initiative_once_newest_first(client, councils):
    castlebridge, ashford = councils
    council = castlebridge.council
    older = promise(council, "adopted")
    step(older, "awaiting_scrutiny", days_ago=4)
    step(older, "adopted", days_ago=3, from_status="awaiting_scrutiny")
    newest = promise(council, "awaiting_scrutiny")
    step(newest, "awaiting_scrutiny", days_ago=0)
    draft = promise(council, "awaiting_scrutiny", publication_state=DRAFT)
    step(draft, "awaiting_scrutiny", days_ago=0)
    step(promise(ashford.council, "awaiting_scrutiny"), "awaiting_scrutiny", days_ago=0)
    for days_ago in range(5, 10):
        step(promise(council, "awaiting_scrutiny"), "awaiting_scrutiny", days_ago=days_ago)

    changes = home(client, castlebridge.host).context["changed_recently"]
    initiatives = [change.initiative for change in changes]
    assert len(changes) == 5
    assert initiatives[:3] == [newest, castlebridge.initiative, older]
    assert changes[2].to_status == "adopted"
    assert len(set(initiatives)) == len(initiatives)
    assert draft not in initiatives
    assert all(i.organisation in (council, castlebridge.partnership) for i in initiatives)


def test_changed_recently_says_the_date_and_the_new_stage(client, councils):
    castlebridge, _ = councils
    html = home(client, castlebridge.host).content.decode()
    section = html[html.index('id="changed-recently"') :]
    assert castlebridge.initiative.title in section
    assert "now awaiting scrutiny" in section


def test_going_to_committee_next_lists_the_published_initiatives_on_the_next_agendas(
    client, councils
):
    castlebridge, _ = councils
    draft = promise(
        castlebridge.council, title="Castlebridge secret draft", publication_state=DRAFT
    )
    p.AgendaItem.objects.create(meeting=castlebridge.meeting, title="Draft", initiative=draft)
    past = factories.MeetingFactory(
        committee=castlebridge.committee, starts_at=timezone.now() - datetime.timedelta(days=30)
    )
    earlier = promise(castlebridge.council, title="Castlebridge looked at last month")
    p.AgendaItem.objects.create(meeting=past, title="Past", initiative=earlier)

    response = home(client, castlebridge.host)
    assert response.context["meetings_next"] == [castlebridge.meeting]
    html = response.content.decode()
    section = html[html.index('id="going-to-committee"') : html.index('id="changed-recently"')]
    assert castlebridge.initiative.get_absolute_url() in section
    assert "Castlebridge secret draft" not in html
    assert "Castlebridge looked at last month" not in section


def test_the_neutral_portal_gives_each_council_its_promises_and_how_many_are_on_track(
    client, councils
):
    castlebridge, _ = councils
    promise(castlebridge.council, "in_delivery", p.Rag.GREEN)
    promise(castlebridge.partnership, "in_delivery", p.Rag.GREEN)
    promise(castlebridge.council, "in_delivery", p.Rag.GREEN, publication_state=DRAFT)
    html = home(client, NEUTRAL_HOST).content.decode()
    choices = re.search(r'<ul[^>]*id="council-sites".*?</ul>', html, re.S).group(0)
    castlebridge_entry = choices[choices.index("Castlebridge Council") :]
    assert "3 promises, 2 on track" in castlebridge_entry
    ashford_entry = choices[choices.index("Ashfordvale Council") :]
    assert "1 promise, 0 on track" in ashford_entry


def count_home_queries(client, host):
    with CaptureQueriesContext(connection) as queries:
        home(client, host)
    return len(queries)


def test_the_home_page_runs_as_many_queries_with_ten_times_the_data(client, councils):
    castlebridge, _ = councils
    for host in (castlebridge.host, NEUTRAL_HOST):
        home(client, host)  # the site map is read once and kept
    before = {host: count_home_queries(client, host) for host in (castlebridge.host, NEUTRAL_HOST)}
    for index in range(10):
        initiative = promise(castlebridge.council, "in_delivery", p.Rag.AMBER)
        step(initiative, "in_delivery", days_ago=index, from_status="adopted")
        meeting = factories.MeetingFactory(
            committee=castlebridge.committee,
            starts_at=timezone.now() + datetime.timedelta(days=20 + index),
        )
        p.AgendaItem.objects.create(meeting=meeting, title="Item", initiative=initiative)
        factories.PlanFactory(organisation=castlebridge.partnership)
    after = {host: count_home_queries(client, host) for host in (castlebridge.host, NEUTRAL_HOST)}
    assert after == before


def test_past_the_organisations_it_shows_the_home_page_points_to_the_rest(client, councils):
    """The neutral portal of a large deployment shows the organisations with the most
    promises and says how many more there are, with a link to councils and plans."""
    extra = [factories.OrganisationFactory(name=f"Borough {n}") for n in range(5)]
    for organisation in extra:
        promise(organisation)
    html = re.sub(r"\s+", " ", home(client, NEUTRAL_HOST).content.decode())
    shown = len(home(client, NEUTRAL_HOST).context["summaries"])
    assert shown == 4
    more = 2 + len(extra) - shown  # the fixture's two councils and the five boroughs
    assert f"And {more} more organisations with plans or promises: see" in html
    assert 'href="/organisations/">councils and plans</a>' in html
