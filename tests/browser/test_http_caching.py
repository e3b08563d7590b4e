"""A visitor's browser keeps a public page and asks again with its ETag: the portal answers 304
and the browser shows the page it kept; after a change it gets the new page."""

import pytest
from django.core.cache import cache
from django.core.signals import request_started

from portal import page_cache
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def requests_seen():
    """Every request the live server received: (path, If-None-Match)."""
    seen = []

    def note(environ, **kwargs):
        seen.append((environ.get("PATH_INFO"), environ.get("HTTP_IF_NONE_MATCH")))

    request_started.connect(note, dispatch_uid="browser-http-caching")
    yield seen
    request_started.disconnect(dispatch_uid="browser-http-caching")


@pytest.fixture
def not_modified_answers(monkeypatch):
    """The paths the portal answered 304 Not Modified."""
    answered = []
    answer = page_cache._not_modified

    def counted(page, request):
        answered.append(request.path)
        return answer(page, request)

    monkeypatch.setattr(page_cache, "_not_modified", counted)
    return answered


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def test_a_public_page_is_kept_by_the_browser_and_revalidated(
    page, live_server, page_cache_on, requests_seen, not_modified_answers
):
    initiative = factories.InitiativeFactory(title="Family hubs in every ward")
    page_cache.move_generation_on()
    path = initiative.get_absolute_url()

    first = page.goto(live_server.url + path)
    assert first.status == 200
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")

    # Within max-age the browser shows its own copy, or asks again with the ETag.
    again = page.goto(live_server.url + path)
    asked = [seen for seen in requests_seen if seen[0] == path]
    assert asked[0] == (path, None)
    assert all(validator == etag for _, validator in asked[1:])
    assert again.ok
    assert heading(page).endswith("Family hubs in every ward")

    # A reload asks again with the ETag: the portal answers 304 and the kept page is shown.
    requests_seen.clear()
    page.reload()
    assert (path, etag) in requests_seen
    assert path in not_modified_answers
    assert heading(page).endswith("Family hubs in every ward")

    # After a change the ETag no longer matches: the new page is sent.
    initiative.title = "Family hubs in every ward and village"
    initiative.save()
    page_cache.move_generation_on()
    changed = page.reload()
    assert changed.status == 200
    assert changed.headers["etag"] != etag
    assert heading(page).endswith("Family hubs in every ward and village")
