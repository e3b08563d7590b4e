"""In Chromium, on the demo's sites: the tab's title names the council once; the page names its
canonical address on the council's own site (also from the neutral portal); a meeting whose
agenda is to be published later does not say "Published"; a subscriber on Telford's site gets
a confirmation email whose subject names Telford & Wrekin, and one on the neutral portal an
email that says its updates come from the portal.

Screenshots are saved under ``SITE_HEAD_SCREENSHOTS`` when it is set.
"""

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from priorities import models as p
from tests.browser import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SITE_HEAD_SCREENSHOTS")
TELFORD = "Telford & Wrekin Council"


@pytest.fixture
def demo(live_server):
    cache.clear()
    call_command("load_demo_data", "--quiet")
    yield live_server
    cache.clear()


def at(live_server, host: str) -> str:
    return f"http://{host}:{urlsplit(live_server.url).port}"


def screenshot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def canonical(page) -> str:
    return page.locator('link[rel="canonical"]').get_attribute("href")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_telford_record_names_telford_once_and_is_canonical_on_telfords_site(
    demo, open_page, browser_problems, viewport
):
    initiative = p.Initiative.public_objects.filter(organisation__slug="telford-and-wrekin").first()
    path = initiative.get_absolute_url()
    telford = at(demo, "telford.localhost")
    page = open_page(viewport=viewport)

    tools.goto(page, telford + path + "?utm_source=email")
    screenshot(page, f"telford-initiative-{viewport}")
    assert page.title().startswith(initiative.title + " – ")
    assert page.title().endswith(f"– {TELFORD}")
    assert page.title().count(TELFORD) == 1, page.title()
    assert canonical(page) == telford + path

    # The same record on the neutral portal names Telford's site as its address.
    tools.goto(page, at(demo, "127.0.0.1") + path)
    assert canonical(page) == telford + path
    assert page.title().endswith("– All councils and partnerships")
    assert browser_problems == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_agenda_to_be_published_later_is_not_said_to_be_published(
    demo, open_page, browser_problems, viewport
):
    meeting = p.Meeting.objects.filter(committee__organisation__slug="telford-and-wrekin").first()
    later = timezone.now() + datetime.timedelta(days=10)
    p.Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=later)
    page = open_page(viewport=viewport)

    tools.goto(page, at(demo, "telford.localhost") + meeting.get_absolute_url())
    screenshot(page, f"meeting-agenda-later-{viewport}")
    agenda = page.locator("main").inner_text()
    assert f"Published {timezone.localtime(later):%-d %B %Y}" not in agenda
    assert "where each item stood that day" not in agenda

    earlier = timezone.now() - datetime.timedelta(days=3)
    p.Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=earlier)
    cache.clear()
    tools.goto(page, at(demo, "telford.localhost") + meeting.get_absolute_url())
    assert f"Published {timezone.localtime(earlier):%-d %B %Y}" in page.locator("main").inner_text()
    assert browser_problems == []


def subscribe(page, base, email):
    tools.goto(page, base + "/subscribe/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Each update as it happens").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/subscribe/check-your-email/")
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return message


def test_the_confirmation_emails_name_the_council_and_the_portal(demo, page, browser_problems):
    telford = subscribe(page, at(demo, "telford.localhost"), "telford-parent@example.org")
    assert telford.subject == f"{TELFORD}: Confirm your email updates"
    assert p.Subscriber.objects.get(email="telford-parent@example.org").site.domain == (
        "telford.localhost"
    )

    neutral = subscribe(page, at(demo, "127.0.0.1"), "any-parent@example.org")
    body = re.sub(r"\s+", " ", neutral.body)
    assert "updates from the All councils" not in body
    assert "asked for updates from the Children" in body
    assert browser_problems == []
