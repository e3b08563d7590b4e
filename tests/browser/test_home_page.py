"""The ten-second home page in Chromium, on a council's site with the demo data: the summary
comes first and the whole page stays short on a phone."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "longest"), [("desktop", 2500), ("phone", 3000)])
def test_wandsworths_home_page_is_short_and_starts_with_the_counts(
    live_server, open_page, browser_problems, viewport, longest
):
    call_command("load_demo_data", "--quiet")
    page = open_page(viewport=viewport)
    tools.goto(page, f"http://wandsworth.localhost:{urlsplit(live_server.url).port}/")
    summary = page.locator("#summary-wandsworth").locator("xpath=..")
    assert "promises" in summary.inner_text()
    assert summary.get_by_role("heading", name="By delivery rating").is_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < longest, height
    # The counts are above the search box.
    summary_top = summary.bounding_box()["y"]
    assert summary_top < page.locator("#home-search").bounding_box()["y"]
