"""The portal search: one search across plans, priorities, initiatives, ambitions, consultations
and meetings."""

import csv
import datetime
import html
import io
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from priorities import models as p
from priorities.extensions import search_providers
from priorities.search.views import RESULTS_PER_PAGE
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
            # A result's heading, or an initiative's promise card's.
            r'<h3 class="govuk-heading-(?:m|s portal-card__title)[^"]*">'
            r'<a class="govuk-link" href="[^"]*">([^<]*)</a>',
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


def test_filter_checkboxes_escape_names_and_mark_the_chosen_ones(client):
    make_world()
    factories.OrganisationFactory(name='Brent & "Harrow" <Council>', slug="brent-harrow")
    content = client.get("/search/?organisation=brent-harrow&rag=red").content.decode()
    checkbox = re.search(
        r'<input[^>]*value="brent-harrow"[^>]*>\s*<label[^>]*>([^<]*)</label>', content
    )
    assert checkbox is not None
    assert " checked" in checkbox.group(0)
    assert checkbox.group(1) == "Brent &amp; &quot;Harrow&quot; &lt;Council&gt;"
    assert "<Council>" not in content
    label_for = re.search(r'for="([^"]+)"', checkbox.group(0)).group(1)
    assert f'id="{label_for}"' in checkbox.group(0)
    unchosen = re.search(r'<input[^>]*value="castlebridge"[^>]*>', content).group(0)
    assert "checked" not in unchosen


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


# Plans and consultations (issue 10, defect 4).


def csv_rows(client, query):
    response = client.get(f"/search/results.csv{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_plan_is_found_by_its_exact_title_as_a_visitor_types_it(client):
    """The title is stored with a typographic apostrophe and an en dash; a visitor types a
    straight apostrophe (and may type a hyphen): the plan is found, first, as a "Plan"."""
    council = factories.OrganisationFactory(name="Telford Council", slug="telford")
    plan = factories.PlanFactory(
        organisation=council,
        title="Children and Young People’s partnership strategy 2025–2028",
        slug="cyp-strategy",
        summary="How the partnership will work together.",
    )
    priority = factories.PriorityFactory(plan=plan, title="Children and young people thrive")
    priority.summary = "A strategy for children and young people in the partnership, 2025–2028"
    priority.save()
    for typed in (
        "Children and Young People's partnership strategy 2025–2028",
        "Children and Young People’s partnership strategy 2025–2028",
        "children and young people's partnership strategy 2025-2028",
    ):
        response = client.get("/search/", {"q": typed})
        found = titles(response)
        assert found and found[0] == plan.title, typed
        assert f'href="{plan.get_absolute_url()}"' in response.content.decode()
    content = client.get("/search/", {"q": "partnership strategy"}).content.decode()
    assert ">Plan<" in content
    assert "How the partnership will work together." in content


def test_a_consultation_is_found_by_words_only_it_has(client):
    """Who was asked, how, what they said and what was done are all searched."""
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    consultation = p.Consultation.private_objects.create(
        organisation=council,
        title="Have your say on youth services",
        slug="youth-services",
        audience="Young carers aged 11 to 18",
        method="Drop-in sessions at the library",
        you_said="Buses stop too early for evening clubs.",
        we_did="Agreed a later timetable with the transport operator.",
        opened_on=datetime.date(2024, 1, 8),
        closed_on=datetime.date(2024, 2, 29),
        publication_state=p.PublicationState.PUBLISHED,
    )
    for words in ("young carers", "drop-in library", "buses evening", "timetable operator"):
        response = client.get("/search/", {"q": words})
        assert titles(response) == [consultation.title], words
    content = client.get("/search/", {"q": "timetable"}).content.decode()
    assert ">Consultation<" in content
    assert f'href="{consultation.get_absolute_url()}"' in content
    assert "Castlebridge Council" in content
    assert "Buses stop too early for evening clubs." in content
    assert '<time datetime="2024-02-29">' in content  # when it closed


def test_drafts_of_plans_and_consultations_are_never_found(client):
    world = make_world()
    found = titles(client.get("/search/?q=wellbeing"))
    assert world.plan.title in found
    assert world.consultation.title in found
    assert not [title for title in found if SECRET in title]
    # A published consultation of a draft-only world, and a published plan: only they show.
    assert titles(client.get("/search/?type=plan")) == [world.plan.title]
    assert titles(client.get("/search/?type=consultation")) == [world.consultation.title]
    rows = csv_rows(client, "?q=SECRET")
    assert rows == []


def test_the_type_filter_offers_plans_and_consultations(client):
    world = make_world()
    content = client.get("/search/").content.decode()
    assert re.search(r'name="type" type="checkbox" value="plan"', content)
    assert re.search(r'name="type" type="checkbox" value="consultation"', content)
    assert "Search finds plans, priorities" in content and "consultations" in content
    found = titles(client.get("/search/?q=wellbeing&type=plan&type=consultation"))
    assert sorted(found) == sorted([world.plan.title, world.consultation.title])


def test_plans_and_consultations_follow_the_filters(client):
    world = make_world()
    other = factories.OrganisationFactory(name="Riverside Council", slug="riverside")
    their_plan = factories.PlanFactory(organisation=other, title="Riverside wellbeing plan")
    their_consultation = p.Consultation.private_objects.create(
        organisation=other,
        title="Riverside wellbeing consultation",
        slug="riverside-wellbeing",
        publication_state=p.PublicationState.PUBLISHED,
    )
    kinds = "&type=plan&type=consultation"
    # The organisation filter applies to them.
    assert sorted(titles(client.get(f"/search/?q=wellbeing&organisation=riverside{kinds}"))) == [
        their_consultation.title,
        their_plan.title,
    ]
    # A theme reaches a plan through its published priorities, and a consultation through the
    # published priorities, initiatives and plans it shaped.
    assert titles(client.get(f"/search/?theme=mental-health{kinds}")) == [world.plan.title]
    world.consultation.shaped_priorities.add(world.priority)
    assert sorted(titles(client.get(f"/search/?theme=mental-health{kinds}"))) == sorted(
        [world.plan.title, world.consultation.title]
    )
    world.consultation.shaped_priorities.clear()
    world.consultation.shaped_initiatives.add(world.initiative)
    assert world.consultation.title in titles(client.get(f"/search/?theme=mental-health{kinds}"))
    world.consultation.shaped_initiatives.clear()
    world.consultation.shaped_plans.add(world.plan)
    assert world.consultation.title in titles(client.get(f"/search/?theme=mental-health{kinds}"))
    # Shaping a draft, or a plan whose themed priority is a draft, does not give a theme.
    world.consultation.shaped_plans.set([world.draft_plan])
    their_consultation.shaped_initiatives.add(world.draft_initiative)
    assert titles(client.get(f"/search/?theme=mental-health{kinds}")) == [world.plan.title]
    # Status and delivery rating belong to initiatives: using one leaves plans out.
    for query in ("status=awaiting_scrutiny", "rag=not_rated"):
        found = titles(client.get(f"/search/?q=wellbeing&{query}"))
        assert found == ["Published wellbeing initiative"], query


def test_the_csv_download_lists_plans_and_consultations(client):
    world = make_world()
    rows = csv_rows(client, "?q=wellbeing")
    by_title = {row["Title"]: row for row in rows}
    plan_row = by_title[world.plan.title]
    assert plan_row["Type"] == "Plan"
    assert plan_row["Organisation"] == "Castlebridge Council"
    assert plan_row["Web address"].endswith(world.plan.get_absolute_url())
    consultation_row = by_title[world.consultation.title]
    assert consultation_row["Type"] == "Consultation"
    assert consultation_row["Web address"].endswith(world.consultation.get_absolute_url())
    assert not [row for row in rows if SECRET in row["Title"]]


def test_plans_and_consultations_keep_the_query_count_constant(client):
    make_world()

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    urls = ["/search/?q=wellbeing", "/search/?theme=mental-health", "/search/results.csv"]
    before = [count(url) for url in urls]
    council = p.Organisation.objects.get(slug="castlebridge")
    theme = p.Theme.objects.get(slug="mental-health")
    for number in range(8):
        plan = factories.PlanFactory(organisation=council, title=f"Wellbeing plan {number}")
        priority = factories.PriorityFactory(plan=plan)
        priority.themes.add(theme)
        consultation = p.Consultation.private_objects.create(
            organisation=council,
            title=f"Wellbeing consultation {number}",
            slug=f"wellbeing-consultation-{number}",
            publication_state=p.PublicationState.PUBLISHED,
        )
        consultation.shaped_plans.add(plan)
        consultation.shaped_priorities.add(priority)
    assert [count(url) for url in urls] == before


def test_a_results_summary_is_its_opening_paragraph():
    from priorities.search.engine import summarise

    text = "Family hubs in every ward.\r\n\r\nSteps that cite a source come from the documents."
    assert summarise(text) == "Family hubs in every ward."
    assert summarise("One\nparagraph  over two lines.") == "One paragraph over two lines."
    assert summarise(" ".join(["word"] * 50)).endswith("…")
