"""Anonymous visitors are answered from the page cache, and a change shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import page_cache
from priorities.querysets import PublicationState
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def initiative(django_capture_on_commit_callbacks):
    # Committed, as far as the page cache knows: the on-commit callbacks run.
    with django_capture_on_commit_callbacks(execute=True):
        return factories.InitiativeFactory(title="Family hubs in every ward")


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_page_is_rendered_once_then_served_from_the_cache(client, initiative):
    """The second anonymous visit runs no database query and gets the same page, with the
    security headers of a fresh answer."""
    url = initiative.get_absolute_url()
    first, first_queries = get(client, url)
    second, second_queries = get(client, url)
    assert first_queries > 0
    assert second_queries == 0
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "default-src 'none'" in second["Content-Security-Policy"]


def test_a_change_shows_at_once(client, initiative, django_capture_on_commit_callbacks):
    """Saving a record makes the cached pages stale the moment it commits."""
    url = initiative.get_absolute_url()
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        initiative.title = "Family hubs in every ward and village"
        initiative.save()
    response, queries = get(client, url)
    assert queries > 0
    assert "Family hubs in every ward and village" in response.content.decode()


def test_withdrawing_a_record_hides_it_at_once(
    client, initiative, django_capture_on_commit_callbacks
):
    """A record taken back to draft stops being shown at once, cache or not."""
    url = initiative.get_absolute_url()
    assert get(client, url)[0].status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        initiative.publication_state = PublicationState.DRAFT
        initiative.save()
    assert get(client, url)[0].status_code == 404


def test_a_page_is_not_stale_before_the_change_commits(client, initiative):
    """The generation moves on only when the transaction commits: until then (or if it rolls
    back) the cached page stands."""
    before = page_cache.generation()
    initiative.title = "Not committed"
    initiative.save()  # the test's transaction never commits
    assert page_cache.generation() == before


def test_visitors_with_cookies_are_never_served_from_the_cache(client, initiative):
    """A signed-in officer (or anyone with a cookie) gets a fresh page and leaves nothing."""
    url = initiative.get_absolute_url()
    officer = factories.OfficerMembershipFactory(organisation=initiative.organisation).user
    client.force_login(officer)
    get(client, url)
    response, queries = get(client, url)
    assert queries > 0
    assert "X-Page-Cache" not in response
    client.logout()
    client.cookies.clear()
    response, queries = get(client, url)
    assert queries > 0  # the officer's visits left nothing in the cache


def test_a_page_with_a_form_token_is_never_cached(client):
    """The subscribe page carries a CSRF token for its visitor: it is never shared."""
    get(client, "/subscribe/")
    response, queries = get(client, "/subscribe/")
    assert "X-Page-Cache" not in response
    assert queries >= 0 and "csrfmiddlewaretoken" in response.content.decode()


def test_errors_and_admin_pages_are_not_cached(client):
    """Only 200 pages of the public site are kept."""
    get(client, "/organisations/nowhere/")
    response, _ = get(client, "/organisations/nowhere/")
    assert response.status_code == 404 and "X-Page-Cache" not in response
    get(client, "/admin/login/")
    response, _ = get(client, "/admin/login/")
    assert "X-Page-Cache" not in response


def test_a_report_being_built_is_never_cached(client, initiative):
    """The page of a report being built must show its progress as it changes."""
    from priorities.models import ReportExport, ReportExportState

    export = ReportExport.objects.create(
        scope="plan",
        plan=factories.PlanFactory(),
        report_format="pdf",
        state=ReportExportState.BUILDING,
        progress=10,
    )
    get(client, export.get_absolute_url())
    response, queries = get(client, export.get_absolute_url())
    assert queries > 0 and "X-Page-Cache" not in response


def test_the_cache_can_be_turned_off(client, initiative, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    get(client, initiative.get_absolute_url())
    _, queries = get(client, initiative.get_absolute_url())
    assert queries > 0
