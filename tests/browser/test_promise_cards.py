"""Where a promise stands, in Chromium at a phone's and a desktop's width: the RAG marker keeps
to one line, a stage indicator takes the visitor to what the stage means, and the scrutiny
journey stays short on a phone."""

import pytest

from tests.browser import tools
from tests.browser.pages import create_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_cards_keep_each_rag_marker_on_one_line(live_server, open_page, viewport):
    data = create_portal_data()
    page = open_page(viewport=viewport)
    for url in (data.council.get_absolute_url(), data.plan.get_absolute_url()):
        tools.goto(page, live_server.url + url)
        markers = page.locator(".portal-card .portal-rag")
        assert markers.count() >= 1
        for index in range(markers.count()):
            words = markers.nth(index).locator(".portal-rag__words")
            line_height = words.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
            assert words.bounding_box()["height"] <= line_height * 1.2, (url, index)
        card = page.locator(".portal-card").first
        assert "Stage 5 of 6: in delivery" in card.inner_text()
        assert "Amber: at risk" in card.inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_stage_indicator_leads_to_what_the_stage_means(live_server, open_page, javascript):
    data = create_portal_data()
    page = open_page(javascript=javascript, viewport="phone")
    tools.goto(page, live_server.url + data.initiative.get_absolute_url())
    page.locator("main").get_by_role("link", name="Stage 5 of 6: in delivery").first.click()
    page.wait_for_url("**/about/stages/#stage-in-delivery")
    entry = page.locator("#stage-in-delivery")
    assert "In delivery: work is under way." in entry.inner_text()
    box = entry.bounding_box()
    assert 0 <= box["y"] < tools.VIEWPORTS["phone"]["height"], "the stage is not on screen"


def test_the_journey_is_short_on_a_phone(live_server, open_page):
    """Four steps and a meeting take less than a phone's screen and a half."""
    data = create_portal_data()
    page = open_page(viewport="phone")
    tools.goto(page, live_server.url + data.initiative.get_absolute_url())
    journey = page.locator(".portal-journey")
    height = journey.bounding_box()["height"]
    assert height < tools.VIEWPORTS["phone"]["height"] * 1.5, f"the journey is {height:.0f} px"
    first = page.locator(".portal-journey__entry").first.inner_text()
    assert "In delivery" in first  # newest first
