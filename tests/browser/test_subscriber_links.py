"""Signed subscriber links in Chromium: the forms on them work, and the token stays on this site.

The confirm and manage pages carry a subscriber's signed token in their address. Their forms
must post as any form of the portal does (the browser sends a real ``Origin``, which CSRF
checks), while no other site ever sees the address in a ``Referer``.
"""

import pytest
from django.core.cache import cache

from priorities import models as p
from priorities.subscribing import services
from priorities.subscribing.links import confirm_url
from tests.browser import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELSEWHERE = "https://elsewhere.example/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def referers_sent_elsewhere(page):
    """Answer every request to another site ourselves and note the Referer it carried."""
    seen = []

    def answer(route):
        seen.append(route.request.headers.get("referer"))
        route.fulfill(status=200, content_type="text/html", body="<title>Elsewhere</title>")

    page.route(f"{ELSEWHERE}**", answer)
    return seen


def follow_a_link_elsewhere(page):
    """What a subscriber does when a page links off the portal: follow the link."""
    page.evaluate(
        """href => {
            const link = document.createElement("a");
            link.href = href;
            link.textContent = "Another site";
            document.querySelector("main").append(link);
        }""",
        ELSEWHERE,
    )
    page.get_by_role("link", name="Another site").click()
    page.wait_for_url(ELSEWHERE)


def test_confirm_then_change_how_often_in_chromium_and_no_token_leaves_the_site(
    as_deployed, page, browser_problems
):
    """Confirming and "Save how often" succeed with Chromium's real Origin header; following a
    link off the confirm or manage page sends the other site no Referer."""
    subscriber = services.subscription_request(
        email="parent@example.org",
        scope=p.SubscriptionScope.EVERYTHING,
        target=None,
        frequency=p.Frequency.IMMEDIATE,
    ).subscriber
    link = confirm_url(subscriber)
    assert link.startswith(as_deployed.url)
    elsewhere = referers_sent_elsewhere(page)

    tools.goto(page, link)
    follow_a_link_elsewhere(page)
    tools.goto(page, link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert "Your email address is confirmed" in page.content(), page.content()[:2000]
    subscriber.refresh_from_db()
    assert subscriber.is_active

    page.get_by_label("Weekly digest").first.check()
    page.get_by_role("button", name="Save how often").first.click()
    page.wait_for_load_state()
    assert "How often you get emails has been changed" in page.content()
    subscription = subscriber.subscriptions.get()
    assert subscription.frequency == p.Frequency.WEEKLY

    follow_a_link_elsewhere(page)
    assert elsewhere == [None, None]
    assert browser_problems == []
