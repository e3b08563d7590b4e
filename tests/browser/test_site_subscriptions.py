"""A subscriber on a council's site, in Chromium (issue 15): subscribing on
telford.localhost sends a Telford-branded confirmation email from Telford's sender, whose link
goes back to telford.localhost on the port served (not to ``PORTAL_BASE_URL``); opening it
there confirms the address."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache

from priorities import models as p
from tests import factories
from tests.browser import tools
from tests.portal_sites.sites import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "parent@example.org"


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
