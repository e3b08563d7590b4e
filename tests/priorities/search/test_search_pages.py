"""The search page's results are numbered, counted and cut into pages in the database (issue
17): every page holds exactly what the full list of results (``run_search``, the CSV's) has at
its place, the counts by kind are the full list's, and a page costs the same queries however
many records match and whichever kinds it shows."""

import itertools
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from priorities import models as p
from priorities.search.criteria import SearchFilters
from priorities.search.engine import run_search, search_page
from priorities.search.views import RESULTS_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db

PER_PAGE = 7  # small, so that pages fall across kinds and ranks


def make_mixed_world():
    """Records of every kind that a search for "river" finds: some by their title (ranked
    first), others by their text only, across two councils, and some that it does not find."""
    councils = [
        factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge"),
        factories.OrganisationFactory(name="Ashfordvale Council", slug="ashfordvale"),
    ]
    partnership = factories.PartnershipProfileFactory(organisation__name="River Partnership")
    theme = factories.ThemeFactory(name="Outdoors", slug="outdoors")
    for number, council in itertools.product(range(6), councils):
        by_title = number % 2 == 0
        title = f"River project {number}" if by_title else f"Project {number}"
        plan = factories.PlanFactory(
            organisation=council,
            title=f"River plan {number}" if by_title else f"Plan {number}",
            summary="Along the river." if not by_title else "A plan.",
        )
        priority = factories.PriorityFactory(
            plan=plan, title=title, summary="Cleaner river banks for every child."
        )
        if number % 3 == 0:
            priority.themes.add(theme)
        initiative = factories.InitiativeFactory(
            organisation=council,
            title=title,
            summary="Walks by the river.",
            status="in_delivery" if number % 2 else "proposed",
            rag=p.Rag.GREEN if number % 3 else p.Rag.RED,
        )
        initiative.priorities.add(priority)
        factories.InitiativeFactory(organisation=council, title=f"Unrelated {number}")
        committee = factories.CommitteeFactory(
            organisation=council, name=f"River committee {number}"
        )
        factories.MeetingFactory(committee=committee, description="The river again.")
        factories.AmbitionFactory(partnership=partnership, title=f"River ambition {number}")
        p.Consultation.private_objects.create(
            organisation=council,
            title=f"River consultation {number}" if by_title else f"Consultation {number}",
            slug=f"consultation-{number}",
            you_said="Keep the river clean.",
            publication_state=p.PublicationState.PUBLISHED,
        )
    return councils


SEARCHES = [
    ("river", SearchFilters()),
    ("", SearchFilters()),
    ("river", SearchFilters(organisations=("castlebridge",))),
    ("river", SearchFilters(themes=("outdoors",))),
    ("river", SearchFilters(types=("initiative", "meeting"))),
    ("", SearchFilters(statuses=("in_delivery",))),
    ("river -walks", SearchFilters()),
    ("zebra", SearchFilters()),
]


def every_page(text, filters, per_page=PER_PAGE):
    pages = []
    number = 1
    while True:
        page = search_page(text, filters, number, per_page)
        pages.append(page)
        if page.number < number or page.count <= number * per_page:
            return pages
        number += 1


@pytest.mark.parametrize(("text", "filters"), SEARCHES)
def test_each_page_holds_what_the_full_list_has_at_its_place(text, filters):
    make_mixed_world()
    everything = run_search(text, filters)
    pages = every_page(text, filters)
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))
    for page in pages:
        start = (page.number - 1) * PER_PAGE
        assert page.results == everything[start : start + PER_PAGE], (text, page.number)
        assert page.count == len(everything)
        assert page.type_counts == dict(Counter(result.result_type for result in everything))
    assert sum(len(page.results) for page in pages) == len(everything)


def test_the_second_page_follows_the_first_and_pages_do_not_overlap():
    make_mixed_world()
    first, second = (search_page("river", SearchFilters(), n, PER_PAGE) for n in (1, 2))
    everything = run_search("river", SearchFilters())
    assert first.count > 2 * PER_PAGE
    assert [r.title for r in second.results] == [
        r.title for r in everything[PER_PAGE : 2 * PER_PAGE]
    ]
    assert not {r.url for r in first.results} & {r.url for r in second.results}
    # Title matches first: the first page's results all have the search word in their title.
    assert all("river" in result.title.lower() for result in first.results)


def test_a_page_past_the_end_is_the_last_page_and_no_match_is_page_one():
    make_mixed_world()
    everything = run_search("river", SearchFilters())
    last_number = -(-len(everything) // PER_PAGE)
    past = search_page("river", SearchFilters(), 10**12, PER_PAGE)
    assert past.number == last_number
    assert past.results == everything[(last_number - 1) * PER_PAGE :]
    assert search_page("river", SearchFilters(), -3, PER_PAGE).number == 1
    nothing = search_page("zebra", SearchFilters(), 4, PER_PAGE)
    assert (nothing.number, nothing.count, nothing.results, nothing.type_counts) == (1, 0, [], {})


def test_the_page_shows_its_own_results_and_the_counts_of_all(client):
    make_mixed_world()
    everything = run_search("river", SearchFilters())
    content = client.get("/search/?q=river&page=2").content.decode()
    assert f"{len(everything)} results" in content
    page_two = everything[RESULTS_PER_PAGE : 2 * RESULTS_PER_PAGE]
    assert page_two
    for result in page_two:
        assert f'href="{result.url}"' in content
    for result in everything[:RESULTS_PER_PAGE]:
        assert f'href="{result.url}"' not in content
    counts = Counter(result.result_type for result in everything)
    assert f"{counts['initiative']} initiatives" in content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_search_page_runs_the_same_queries_however_many_match_and_whatever_it_shows(client):
    councils = make_mixed_world()
    urls = [
        "/search/?q=river",  # initiatives among other kinds
        "/search/?q=again",  # meetings only: no initiative on the page
        "/search/?q=zebra",  # nothing found
        "/search/?q=river&page=3",
        "/search/",
        "/search/?q=river&type=meeting",  # one kind of record: fewer providers asked
    ]
    client.get(urls[0])  # the site map is read once and kept
    before = [count_queries(client, url) for url in urls]
    assert len(set(before[:-1])) == 1, before
    for number in range(3 * RESULTS_PER_PAGE):
        factories.InitiativeFactory(organisation=councils[number % 2], title=f"River {number}")
        factories.MeetingFactory(description="By the river.")
    assert [count_queries(client, url) for url in urls] == before


@pytest.fixture
def page_data_on(settings):
    from django.core.cache import cache

    settings.PORTAL_PAGE_DATA_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_the_same_search_again_is_kept_for_the_data_generation_and_a_change_shows_at_once(
    client, page_data_on, django_capture_on_commit_callbacks
):
    from portal import page_cache

    councils = make_mixed_world()
    page_cache.move_generation_on()  # the records were saved in the test's transaction
    cookie = {"HTTP_COOKIE": "analytics=yes"}  # not answered by the page cache
    client.get("/search/?q=warming+up", **cookie)  # the site map is read once and kept

    def fetch(url):
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url, **cookie).content.decode()
        return content, len(queries)

    first, first_queries = fetch("/search/?q=river")
    again, again_queries = fetch("/search/?q=river")
    assert again == first
    # Only the form's choices (organisations, themes) are read again.
    assert again_queries == 2 < first_queries
    second_page, second_page_queries = fetch("/search/?q=river&page=2")
    assert second_page_queries == first_queries
    assert second_page != first

    with django_capture_on_commit_callbacks(execute=True):
        factories.InitiativeFactory(organisation=councils[0], title="River of the week")
    fresh, fresh_queries = fetch("/search/?q=river")
    assert fresh_queries == first_queries
    # One more result; on PostgreSQL its rank need not put it on the first page.
    assert results_heading(fresh) == results_heading(first) + 1
    assert "River of the week" in fresh or connection.vendor != "sqlite"


def results_heading(content):
    """The number of results the page's heading gives."""
    return int(re.search(r"(\d+) results? for", content).group(1))
