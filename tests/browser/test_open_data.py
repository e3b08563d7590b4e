"""Open data in Chromium, as deployed: a councillor subscribes to a committee's meetings and
adds one meeting to their calendar; a researcher downloads the whole data set.

Screenshots: set ``JOURNEY_SCREENSHOTS`` to a folder and the pages are saved there at the
desktop and phone widths.
"""

import io
import json
import os
import zipfile
from pathlib import Path

import icalendar
import pytest

from opendata import builds
from tests.browser import tools
from tests.browser.pages import create_portal_data
from tests.opendata import rfc5545

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


def snap(page, name):
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in tools.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=folder / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(size)


@pytest.fixture
def portal(as_deployed):
    return create_portal_data()


def download_from(page, link_name) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def summaries(content: bytes) -> dict[str, str]:
    """{UID: SUMMARY} read by both parsers (they must agree)."""
    ours = {
        rfc5545.prop(event, "UID")[1]: rfc5545.prop(event, "SUMMARY")[1]
        for event in rfc5545.events(rfc5545.parse(content))
    }
    theirs = {
        str(event["UID"]): str(event["SUMMARY"])
        for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
    }
    assert ours == theirs
    return ours


def test_a_councillor_subscribes_to_a_committee_and_adds_a_meeting(
    page, portal, live_server, browser_problems
):
    committee, meeting = portal.committee, portal.next_meeting
    page.goto(live_server.url + committee.get_absolute_url())
    snap(page, "committee")

    filename, content = download_from(page, "Subscribe to this committee’s meetings")
    assert filename.endswith(".ics")
    events = summaries(content)
    assert set(events) == {
        f"meeting-{portal.past_meeting.pk}@localhost",
        f"meeting-{meeting.pk}@localhost",
    }
    assert set(events.values()) == {committee.name}

    page.goto(live_server.url + meeting.get_absolute_url())
    snap(page, "meeting")
    filename, content = download_from(page, "Add to calendar")
    assert filename.endswith(".ics")
    assert list(summaries(content)) == [f"meeting-{meeting.pk}@localhost"]
    (event,) = rfc5545.events(rfc5545.parse(content))
    assert "Children and families plan: annual review" in rfc5545.prop(event, "DESCRIPTION")[1]
    assert browser_problems == []


def test_a_researcher_downloads_the_whole_data_set(
    page, open_page, portal, live_server, browser_problems
):
    page.goto(live_server.url + "/data/")
    assert "being prepared" in page.content()
    snap(page, "data-preparing")

    builds.data_set_build()  # what the beat task does in the background
    page.reload()
    snap(page, "data")
    # The page with its downloads and table (pages.py checks it before the first build).
    tools.require_axe()
    checked = open_page(bypass_csp=True)  # axe is injected as a script
    checked.goto(live_server.url + "/data/")
    violations = tools.run_axe(checked)
    assert violations == [], tools.describe_axe_violations(violations)
    tools.require_vnu()
    html = page.content()
    messages = [m for m in tools.validate_html({"data": html})["data"] if tools.is_failure(m)]
    assert messages == [], tools.describe_vnu_messages(messages, html)
    filename, content = download_from(page, "Download the data (ZIP)")

    assert filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        package = json.loads(archive.read("datapackage.json"))
        initiatives = archive.read("initiatives.csv").decode()
    assert {resource["path"] for resource in package["resources"]} >= {"initiatives.csv"}
    assert portal.initiative.title in initiatives
    assert browser_problems == []
