"""A subscriber on a council's site, in Chromium (issue 15): subscribing on
telford.localhost sends a Telford-branded confirmation email from Telford's sender, whose link
goes back to telford.localhost on the port served (not to ``PORTAL_BASE_URL``); opening it
there confirms the address. Then an update's email names Telford & Wrekin in its subject and
shows the initiative's promise card with its stage (issue 16)."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache

from priorities import models as p
from priorities.services import initiative_change_status
from tests import factories
from tests.browser import tools
from tests.portal_sites.sites import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "parent@example.org"
#: Set to a folder to keep screenshots of the email (at each of tools.VIEWPORTS).
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def at(live_server, host: str) -> str:
    return f"http://{host}:{urlsplit(live_server.url).port}"


def test_subscribe_on_telfords_site_and_confirm_from_the_email(as_deployed, page, browser_problems):
    telford_council = factories.OrganisationFactory(name="Telford & Wrekin Council")
    factories.InitiativeFactory(organisation=telford_council, title="Telford family hubs")
    make_site(
        "telford.localhost",
        "Telford & Wrekin Council",
        organisations=[telford_council],
        email_sender_name="Telford & Wrekin Council",
        email_sender_address="priorities@telford.example",
    )
    make_site("localhost", "Children’s Services Priorities Portal", neutral=True)
    telford = at(as_deployed, "telford.localhost")

    tools.goto(page, telford + "/subscribe/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Each update as it happens").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{telford}/subscribe/check-your-email/")

    (message,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert message.from_email == "Telford & Wrekin Council <priorities@telford.example>"
    assert "Telford & Wrekin Council" in message.body
    links = re.findall(r"https?://[^\s<>\"]+", message.body)
    assert links and all(link.startswith(telford + "/") for link in links), links
    (confirm,) = [link for link in links if "/subscribe/confirm/" in link]

    tools.goto(page, confirm)
    page.get_by_role("button", name=re.compile("Confirm")).click()
    page.wait_for_url(re.compile(re.escape(telford) + r"/subscribe/manage/.+\?confirmed=1"))
    assert "Telford & Wrekin Council" in page.locator(".govuk-header").inner_text()

    subscriber = p.Subscriber.objects.get(email=EMAIL)
    assert subscriber.is_active
    assert subscriber.site.domain == "telford.localhost"
    assert subscriber.subscriptions.get().scope == p.SubscriptionScope.EVERYTHING


def test_a_telford_subscriber_gets_a_telford_email_whose_card_shows_the_stage(
    as_deployed, page, browser_problems
):
    """Subscribed and confirmed on telford.localhost in Chromium: when a Telford initiative
    moves on, the email's subject names Telford & Wrekin, and its promise card (opened in the
    browser) shows the stage in words, as the initiative's page does, with links back to
    Telford's site."""
    telford_council = factories.OrganisationFactory(name="Telford & Wrekin Council")
    initiative = factories.InitiativeFactory(
        organisation=telford_council, title="Telford family hubs", rag=p.Rag.GREEN
    )
    make_site(
        "telford.localhost",
        "Telford & Wrekin Council",
        organisations=[telford_council],
        email_sender_name="Telford & Wrekin Council",
        email_sender_address="priorities@telford.example",
    )
    make_site("localhost", "Children’s Services Priorities Portal", neutral=True)
    telford = at(as_deployed, "telford.localhost")

    tools.goto(page, telford + "/subscribe/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Each update as it happens").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{telford}/subscribe/check-your-email/")
    (confirmation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    (confirm,) = [
        link
        for link in re.findall(r"https?://[^\s<>\"]+", confirmation.body)
        if "/subscribe/confirm/" in link
    ]
    tools.goto(page, confirm)
    page.get_by_role("button", name=re.compile("Confirm")).click()
    page.wait_for_url(re.compile(re.escape(telford) + r"/subscribe/manage/.+"))
    mail.outbox.clear()

    initiative_change_status(
        initiative=initiative, to="awaiting_scrutiny", reason="Listed for cabinet."
    )

    (message,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert message.subject == "Telford & Wrekin Council: An update you follow"
    assert message.from_email == "Telford & Wrekin Council <priorities@telford.example>"
    assert "Stage 2 of 6: awaiting scrutiny" in message.body
    assert "● Green: on track" in message.body

    # The HTML part as a mail client shows it (on a blank page: not under the site's CSP).
    page.goto("about:blank")
    page.set_content(message.alternatives[0][0])
    card = page.locator("table", has_text="Led by Telford & Wrekin Council").last
    assert "Stage 2 of 6: awaiting scrutiny" in card.inner_text()
    assert "Green: on track" in card.inner_text()
    if SCREENSHOTS:
        for label, viewport in tools.VIEWPORTS.items():
            page.set_viewport_size(viewport)
            page.screenshot(path=Path(SCREENSHOTS) / f"email-card-{label}.png", full_page=True)
    stage_link = card.get_by_role("link", name="Stage 2 of 6: awaiting scrutiny")
    assert stage_link.get_attribute("href").startswith(telford + "/about/stages/")
    title_link = card.get_by_role("link", name="Telford family hubs")
    assert title_link.get_attribute("href") == telford + initiative.get_absolute_url()

    # The link goes to Telford's page, whose stage reads the same.
    tools.goto(page, title_link.get_attribute("href"))
    assert "Telford & Wrekin Council" in page.locator(".govuk-header").inner_text()
    assert page.get_by_text("Stage 2 of 6: awaiting scrutiny").first.is_visible()
    assert browser_problems == []
