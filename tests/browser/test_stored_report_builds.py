"""Stored report builds in Chromium (issue 17): a visitor downloads a meeting's PDF twice from
the meeting's page, and so does a second visitor (another browser, no shared cache); the file
arrives every time, the same file, and the report was built once."""

import threading
from pathlib import Path

import pytest
from django.core.cache import cache

from priorities.models import StoredReportBuild, StoredReportBuildState
from priorities.reports.builds import ReportRequest
from tests.browser import tools
from tests.browser.pages import create_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def storing_on(settings):
    """Stored builds on, as in production (the test settings turn them off), from an empty
    cache."""
    settings.PORTAL_REPORT_STORED_BUILDS = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def builds(monkeypatch):
    """Count the reports built (gathered) by the live server from here on."""
    count = {"builds": 0}
    lock = threading.Lock()
    real_build = ReportRequest.build

    def counting_build(self, progress=None):
        with lock:
            count["builds"] += 1
        return real_build(self, progress)

    monkeypatch.setattr(ReportRequest, "build", counting_build)
    return count


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
