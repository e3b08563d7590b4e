"""Stored report builds in Chromium (issue 17): a visitor downloads a meeting's PDF twice from
the meeting's page, and so does a second visitor (another browser, no shared cache); the file
arrives every time, the same file, and the report was built once. Each council's site's
report carries that site's brand on its cover (issue 15)."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from priorities.models import AgendaItem, StoredReportBuild, StoredReportBuildState
from tests import factories
from tests.browser import tools
from tests.browser.pages import create_portal_data
from tests.portal_sites.sites import two_councils_and_the_neutral_portal
from tests.priorities.reports.test_report_brand import (
    ASHFORD_COLOUR,
    CASTLEBRIDGE_COLOUR,
    NEUTRAL_TEAL,
    cover_colours,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("stored_builds_on"),
]


def download_pdf(page):
    with page.expect_download() as info:
        section = page.get_by_role("region", name="Committee report")
        section.get_by_role("link", name="PDF", exact=True).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_a_meeting_report_downloaded_twice_is_built_once(
    as_deployed, page, open_page, builds, browser_problems
):
    portal = create_portal_data()
    meeting_page = as_deployed.url + portal.past_meeting.get_absolute_url()
    downloads = []
    for visitor in (page, page, open_page()):
        tools.goto(visitor, meeting_page)
        downloads.append(download_pdf(visitor))
    first_name, first = downloads[0]
    assert first.startswith(b"%PDF-")
    assert first_name.endswith(".pdf")
    assert downloads == [(first_name, first)] * 3
    assert builds["builds"] == 1
    assert browser_problems == []
    build = StoredReportBuild.objects.get()
    assert build.state == StoredReportBuildState.READY
    assert bytes(build.content) == first


def test_each_sites_report_carries_its_own_brand_on_the_cover(
    live_server, open_page, builds, browser_problems
):
    """Issue 15: the same kind of report downloaded in Chromium on two councils' sites has each
    site's header colour on its cover (and not the other's, nor the portal's teal); each site's
    is its own stored build."""
    castlebridge, ashford, _neutral = two_councils_and_the_neutral_portal()
    port = urlsplit(live_server.url).port
    covers = {}
    for profile in (castlebridge, ashford):
        organisation = profile.organisations.get()
        committee = factories.CommitteeFactory(organisation=organisation, slug="cabinet")
        initiative = factories.InitiativeFactory(organisation=organisation, title="Family hubs")
        meeting = factories.MeetingFactory(committee=committee)
        AgendaItem.objects.create(meeting=meeting, initiative=initiative, title="Family hubs")
        page = open_page()
        tools.goto(page, f"http://{profile.site.domain}:{port}{meeting.get_absolute_url()}")
        covers[profile.header_colour] = cover_colours(download_pdf(page)[1])
    assert set(covers) == {CASTLEBRIDGE_COLOUR, ASHFORD_COLOUR}
    assert CASTLEBRIDGE_COLOUR in covers[CASTLEBRIDGE_COLOUR]
    assert ASHFORD_COLOUR not in covers[CASTLEBRIDGE_COLOUR]
    assert ASHFORD_COLOUR in covers[ASHFORD_COLOUR]
    assert CASTLEBRIDGE_COLOUR not in covers[ASHFORD_COLOUR]
    assert NEUTRAL_TEAL not in covers[CASTLEBRIDGE_COLOUR] | covers[ASHFORD_COLOUR]
    assert StoredReportBuild.objects.count() == builds["builds"] == 2
    assert browser_problems == []
