"""Search on a phone: the results come first, the filters wait behind a "Filter (n)" control
that opens and submits with the keyboard and without JavaScript; on a wide screen the filters
are shown beside the results."""

import re

import pytest

from tests.browser import tools
from tests.browser.pages import create_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The height of the first screen of a phone (an iPhone 12 to 15, 390 × 844 CSS pixels).
FIRST_SCREEN = tools.VIEWPORTS["phone"]["height"]
#: Where <main> starts on a phone with JavaScript: below the header, phase banner, Exit this page
#: and breadcrumbs.
MAIN_TOP_WITH_JAVASCRIPT = 299
RESULTS = "ol[aria-labelledby=results-heading] > li"


def first_result_bottom(page):
    box = page.locator(RESULTS).first.locator("a").first.bounding_box()
    assert box is not None, "the first result's link is not shown"
    return box["y"] + box["height"]


def assert_first_result_on_the_first_screen(page, javascript):
    """The first result's link ends on the first screen. Without JavaScript the header's menu
    is shown open, so there the result is measured from the top of <main> and allowed the room
    it has below the header when JavaScript runs."""
    bottom = first_result_bottom(page)
    if javascript:
        assert bottom <= FIRST_SCREEN, (
            f"the first result ends {bottom:.0f} px down, "
            f"below the first screen ({FIRST_SCREEN} px)"
        )
    else:
        main_top = page.locator("main").bounding_box()["y"]
        allowed = FIRST_SCREEN - MAIN_TOP_WITH_JAVASCRIPT
        assert bottom - main_top <= allowed, (
            f"the first result ends {bottom - main_top:.0f} px into <main>, more than the "
            f"{allowed} px a phone shows of it"
        )


def filter_control(page):
    return page.locator("main details.portal-filters > summary")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_phone_the_first_result_is_on_the_first_screen(live_server, open_page, javascript):
    data = create_portal_data()
    page = open_page(javascript=javascript, viewport="phone")
    tools.goto(page, f"{live_server.url}/search/?q={data.search_term}")
    assert page.locator(RESULTS).count() >= 1
    assert_first_result_on_the_first_screen(page, javascript)
    # The filters are closed behind one control that says how many are chosen.
    assert filter_control(page).inner_text().strip() == "Filter (0)"
    assert not page.get_by_role("button", name="Apply filters").is_visible()


def test_on_a_phone_filters_open_and_apply_with_the_keyboard_without_javascript(
    live_server, open_page
):
    data = create_portal_data()
    page = open_page(javascript=False, viewport="phone")
    tools.goto(page, f"{live_server.url}/search/?q={data.search_term}")

    filter_control(page).focus()
    page.keyboard.press("Enter")
    type_group = page.locator("main details.portal-filters summary", has_text="Type of record")
    assert type_group.is_visible(), "Enter on “Filter (0)” did not show the filters"
    type_group.focus()
    page.keyboard.press("Enter")
    initiatives = page.get_by_label("Initiatives", exact=True)
    initiatives.focus()
    page.keyboard.press("Space")
    assert initiatives.is_checked()
    page.get_by_role("button", name="Apply filters").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert re.search(r"[?&]type=initiative\b", page.url), page.url
    assert filter_control(page).inner_text().strip() == "Filter (1)"
    filter_control(page).click()
    assert "Type of record: Initiatives" in page.locator("main details.portal-filters").inner_text()
    filter_control(page).click()
    assert any(data.initiative.title in text for text in page.locator(RESULTS).all_inner_texts())
    # The filters chosen do not push the results down: the control stays closed.
    assert not page.get_by_role("button", name="Apply filters").is_visible()
    assert_first_result_on_the_first_screen(page, javascript=False)


def test_on_a_wide_screen_the_filters_are_shown_beside_the_results(live_server, open_page):
    data = create_portal_data()
    page = open_page(javascript=False, viewport="desktop")
    tools.goto(page, f"{live_server.url}/search/?q={data.search_term}")
    assert not filter_control(page).is_visible()
    assert page.get_by_role("heading", name="Filter results").is_visible()
    apply_button = page.get_by_role("button", name="Apply filters")
    assert apply_button.is_visible()
    results = page.locator(RESULTS).first.bounding_box()
    filters = apply_button.bounding_box()
    assert filters["x"] + filters["width"] <= results["x"], "the filters are not beside the results"
