"""The portal search: one search across priorities, initiatives, ambitions and meetings."""

import html
import re
from types import SimpleNamespace

import pytest

from priorities import models as p
from priorities.extensions import search_providers
from priorities.search import RESULTS_PER_PAGE
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = p.PublicationState.DRAFT
SECRET = "SECRET"


def make_world():
    """Published records of every kind, and drafts of every kind whose titles say SECRET.

    Every title mentions "wellbeing", so a search for it would find a draft if one leaked.
    """
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    partnership = factories.PartnershipProfileFactory(
        organisation__name="Castlebridge Safeguarding Children Partnership",
        organisation__slug="castlebridge-scp",
    )
    theme = factories.ThemeFactory(name="Mental health", slug="mental-health")
    committee = factories.CommitteeFactory(
        organisation=council, name="Children's Scrutiny Committee", slug="childrens-scrutiny"
    )
    meeting = factories.MeetingFactory(committee=committee, description="Wellbeing review")

    plan = factories.PlanFactory(organisation=council, title="Wellbeing plan", slug="wellbeing")
    priority = factories.PriorityFactory(plan=plan, title="Published wellbeing priority")
    priority.themes.add(theme)
    initiative = factories.InitiativeFactory(
        organisation=council, title="Published wellbeing initiative", slug="published"
    )
    initiative.priorities.add(priority)
    ambition = factories.AmbitionFactory(
        partnership=partnership, title="Published wellbeing ambition"
    )
    ambition.priorities.add(priority)
    consultation = p.Consultation.private_objects.create(
        organisation=council,
        title="Published wellbeing consultation",
        slug="published-consultation",
        publication_state=p.PublicationState.PUBLISHED,
    )

    draft_plan = factories.PlanFactory(
        organisation=council, title=f"{SECRET} wellbeing draft plan", publication_state=DRAFT
    )
    in_draft_plan = factories.PriorityFactory(
        plan=draft_plan, title=f"{SECRET} wellbeing priority in a draft plan"
    )
    in_draft_plan.themes.add(theme)
    draft_priority = factories.PriorityFactory(
        plan=plan, title=f"{SECRET} wellbeing draft priority", publication_state=DRAFT
    )
    draft_priority.themes.add(theme)
    draft_initiative = factories.InitiativeFactory(
        organisation=council, title=f"{SECRET} wellbeing draft initiative", publication_state=DRAFT
    )
    draft_initiative.priorities.add(priority)
    draft_ambition = factories.AmbitionFactory(
        partnership=partnership, title=f"{SECRET} wellbeing draft ambition", publication_state=DRAFT
    )
    draft_ambition.priorities.add(priority)
    factories.IndicatorFactory(
        organisation=council, title=f"{SECRET} wellbeing draft indicator", publication_state=DRAFT
    )
    p.Consultation.private_objects.create(
        organisation=council, title=f"{SECRET} wellbeing draft consultation", slug="draft-c"
    )

    for subject in (initiative, draft_initiative):
        initiative_change_status(
            initiative=subject,
            to="awaiting_scrutiny",
            reason=f"Sent to scrutiny: {subject.title}",
            meeting=meeting,
        )
    return SimpleNamespace(
        council=council,
        partnership=partnership,
        theme=theme,
        committee=committee,
        meeting=meeting,
        plan=plan,
        priority=priority,
        initiative=initiative,
        ambition=ambition,
        consultation=consultation,
        draft_plan=draft_plan,
        draft_initiative=draft_initiative,
    )


def titles(response):
    """Return the result titles on a search page."""
    return [
        html.unescape(title)
        for title in re.findall(
            r'<h3 class="govuk-heading-m[^"]*"><a class="govuk-link" href="[^"]*">([^<]*)</a>',
            response.content.decode(),
        )
    ]


def test_drafts_never_appear_in_search_results(client):
    make_world()
    for query in ("", "?q=wellbeing", "?theme=mental-health", "?organisation=castlebridge"):
        response = client.get(f"/search/{query}")
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), query
    assert titles(client.get("/search/?q=SECRET")) == []
    found = titles(client.get("/search/?q=wellbeing"))
    assert "Published wellbeing priority" in found
    assert "Published wellbeing initiative" in found
    assert "Published wellbeing ambition" in found


def test_results_show_type_title_link_organisation_and_status(client):
    world = make_world()
    content = client.get("/search/?q=initiative").content.decode()
    assert f'href="{world.initiative.get_absolute_url()}"' in content
    assert "Published wellbeing initiative" in content
    assert "Castlebridge Council" in content
    assert "Awaiting scrutiny" in content
    assert ">Initiative<" in content


def test_ambitions_come_from_the_safeguarding_search_provider(client):
    assert "ambition" in [provider.result_type for provider in search_providers]
    make_world()
    content = client.get("/search/?type=ambition").content.decode()
    assert titles(client.get("/search/?type=ambition")) == ["Published wellbeing ambition"]
    assert "Partnership ambition" in content


def test_meetings_are_found_by_their_committee(client):
    world = make_world()
    assert titles(client.get("/search/?q=scrutiny+committee&type=meeting")) == [str(world.meeting)]


def test_filters_combine(client):
    make_world()
    other = factories.OrganisationFactory(name="Riverside Council", slug="riverside")
    theme = p.Theme.objects.get(slug="mental-health")
    ours_adopted = factories.InitiativeFactory(
        organisation=p.Organisation.objects.get(slug="castlebridge"),
        title="Ours adopted",
        rag=p.Rag.GREEN,
    )
    theirs_adopted = factories.InitiativeFactory(
        organisation=other, title="Theirs adopted", rag=p.Rag.RED
    )
    theirs_themed = factories.InitiativeFactory(organisation=other, title="Theirs themed")
    theirs_themed.priorities.add(factories.PriorityFactory(plan__organisation=other))
    theirs_themed.priorities.first().themes.add(theme)
    for initiative in (ours_adopted, theirs_adopted):
        initiative_change_status(initiative=initiative, to="adopted", reason="Agreed.")

    assert titles(client.get("/search/?status=adopted")) == ["Ours adopted", "Theirs adopted"]
    assert titles(client.get("/search/?status=adopted&organisation=riverside")) == [
        "Theirs adopted"
    ]
    assert titles(client.get("/search/?status=adopted&rag=green")) == ["Ours adopted"]
    assert titles(client.get("/search/?status=adopted&rag=green&organisation=riverside")) == []
    # Two values of one filter widen the search.
    assert titles(client.get("/search/?status=adopted&status=awaiting_scrutiny")) == [
        "Ours adopted",
        "Published wellbeing initiative",
        "Theirs adopted",
    ]
    # A theme reaches initiatives through the published priorities they serve.
    assert titles(client.get("/search/?type=initiative&theme=mental-health")) == [
        "Published wellbeing initiative",
        "Theirs themed",
    ]
    assert titles(
        client.get("/search/?type=initiative&theme=mental-health&organisation=riverside")
    ) == ["Theirs themed"]
    assert titles(client.get("/search/?q=adopted&organisation=riverside")) == ["Theirs adopted"]


def test_a_status_or_rating_filter_shows_initiatives_only(client):
    make_world()
    found = titles(client.get("/search/?q=wellbeing&status=awaiting_scrutiny"))
    assert found == ["Published wellbeing initiative"]


def test_the_type_filter_picks_kinds_of_record(client):
    make_world()
    found = titles(client.get("/search/?q=wellbeing&type=priority&type=ambition"))
    assert sorted(found) == ["Published wellbeing ambition", "Published wellbeing priority"]


def test_the_form_keeps_its_state_and_links_carry_it(client):
    make_world()
    content = client.get("/search/?q=wellbeing&organisation=castlebridge&rag=not_rated").content
    content = content.decode()
    assert 'name="q" type="search" value="wellbeing"' in content
    assert re.search(r'name="organisation" type="checkbox" value="castlebridge" checked', content)
    assert re.search(r'name="rag" type="checkbox" value="not_rated" checked', content)
    assert (
        'href="/search/results.csv?q=wellbeing&amp;organisation=castlebridge&amp;rag=not_rated"'
        in content
    )
    assert "Download these results (CSV)" in content
    # Removing one filter keeps the others.
    assert 'href="/search/?q=wellbeing&amp;rag=not_rated"' in content


def test_results_are_paginated_and_pages_keep_the_filters(client):
    council = factories.OrganisationFactory(slug="castlebridge")
    factories.InitiativeFactory.create_batch(RESULTS_PER_PAGE + 5, organisation=council)
    first = client.get("/search/?organisation=castlebridge")
    assert len(titles(first)) == RESULTS_PER_PAGE
    assert 'href="/search/?organisation=castlebridge&amp;page=2"' in first.content.decode()
    assert 'class="govuk-pagination"' in first.content.decode()
    second = client.get("/search/?organisation=castlebridge&page=2")
    assert len(titles(second)) == 5
    assert "(page 2 of 2)" in second.content.decode()


NASTY_QUERIES = [
    "?page=999999",
    "?page=-1",
    "?page=0",
    "?page=abc",
    "?page=1e9999",
    "?page=" + "9" * 5000,
    "?page=%00",
    "?status=nonsense",
    "?organisation=999999",
    "?organisation=%00",
    "?theme=no-such-theme&rag=purple&type=spaceship",
    "?q=" + "x" * 10_000,
    "?q=" + "wellbeing%20" * 2_000,
    "?q=%00",
    "?q=well%00being",
    "?q=%ff%fe%fd",
    "?q=%22unbalanced",
    "?q=-",
    "?q=!!%3A*%26%7C()",
    "?q=%27%20OR%201%3D1%20--",
    "?q=%25%5F%5C",
    "?q=a&q=b&page=1&page=2&status=adopted&status=adopted&organisation=x&organisation=x",
    "?type=&status=&organisation=&q=",
    "?q[]=x&page[]=2",
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
@pytest.mark.parametrize("path", ["/search/", "/search/results.csv"])
def test_bad_input_never_fails(client, path, query):
    make_world()
    response = client.get(path + query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET.encode() not in content


def test_unknown_filter_values_are_ignored_and_named(client):
    make_world()
    response = client.get("/search/?status=nonsense&status=awaiting_scrutiny")
    content = response.content.decode()
    assert "were not recognised" in content
    assert "Status: “nonsense”" in content
    assert titles(response) == ["Published wellbeing initiative"]


def test_very_long_search_text_is_shortened(client):
    make_world()
    content = client.get("/search/?q=" + "wellbeing " * 1000).content.decode()
    assert "only its first 200 characters were used" in content
    value = re.search(r'name="q" type="search" value="([^"]*)"', content).group(1)
    assert len(value) <= 200


def test_a_page_number_past_the_end_shows_the_last_page(client):
    factories.InitiativeFactory.create_batch(RESULTS_PER_PAGE + 1)
    response = client.get("/search/?page=999999")
    assert response.status_code == 200
    assert len(titles(response)) == 1
    assert "There is no page “999999”" in response.content.decode()
    assert len(titles(client.get("/search/?page=-1"))) == RESULTS_PER_PAGE


def test_no_results_says_how_to_improve_the_search(client):
    make_world()
    content = client.get("/search/?q=zebra+crossing").content.decode()
    assert "0 results" in content
    assert "There are no matching results." in content


def test_search_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    make_world()
    with django_assert_max_num_queries(12):
        client.get("/search/?q=wellbeing")
    council = p.Organisation.objects.get(slug="castlebridge")
    factories.InitiativeFactory.create_batch(15, organisation=council)
    factories.PriorityFactory.create_batch(15, plan__organisation=council)
    factories.MeetingFactory.create_batch(5)
    with django_assert_max_num_queries(12):
        client.get("/search/")


def test_the_search_page_has_one_h1_breadcrumbs_and_no_index(client):
    content = client.get("/search/").content.decode()
    assert content.count("<h1") == 1
    assert 'class="govuk-breadcrumbs' in content
    assert '<meta name="robots" content="noindex">' in content
    assert "<title>Search – " in content


def test_words_are_matched_anywhere_in_the_record(client):
    make_world()
    factories.InitiativeFactory(
        title="Support in schools", summary="Mental health practitioners in every school"
    )
    assert titles(client.get("/search/?q=practitioners+school")) == ["Support in schools"]


@pytest.mark.postgres
def test_postgres_ranks_title_matches_first_and_understands_web_search_syntax(client):
    factories.InitiativeFactory(
        title="Family hubs", summary="Includes some work on domestic abuse with the police."
    )
    factories.InitiativeFactory(
        title="Tackling domestic abuse",
        summary="Double the resources for tackling domestic abuse.",
    )
    factories.InitiativeFactory(title="Youth clubs", summary="Abuse of domestic animals.")
    assert titles(client.get('/search/?q="domestic abuse"')) == [
        "Tackling domestic abuse",
        "Family hubs",
    ]
    assert titles(client.get('/search/?q="domestic abuse" -police')) == ["Tackling domestic abuse"]
    # English stemming: "tackle" finds "tackling".
    assert titles(client.get("/search/?q=tackle")) == ["Tackling domestic abuse"]
