"""The top of a page (issue 16): breadcrumbs leave the Exit this page button room at every width,
and the page's heading follows them closely (there was about 90 px of empty space)."""

import pytest

from tests import factories
from tests.browser import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [641, 800, 1024, 1280])
def test_breadcrumbs_stay_clear_of_exit_this_page_and_the_heading_follows(
    open_page, live_server, width
):
    council = factories.OrganisationFactory(
        name="Castlebridge Metropolitan Borough Council and Partners", slug="castlebridge"
    )
    plan = factories.PlanFactory(
        organisation=council,
        title="Children and young people's plan for the whole borough 2025 to 2030",
    )
    initiative = factories.InitiativeFactory(
        organisation=council, title="Family hubs in every neighbourhood of the borough"
    )
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    for record in (plan, initiative):
        tools.goto(page, f"{live_server.url}{record.get_absolute_url()}")
        check_page_top(page, width)


def check_page_top(page, width):

    crumbs = page.locator(".govuk-breadcrumbs").bounding_box()
    button = page.locator(".govuk-exit-this-page").bounding_box()
    heading = page.locator("main h1").bounding_box()
    crumbs_right = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.govuk-breadcrumbs__list-item')]
            .map(item => item.getBoundingClientRect().right))"""
    )
    overlaps_vertically = crumbs["y"] < button["y"] + button["height"]
    assert not overlaps_vertically or crumbs_right <= button["x"], (width, crumbs_right, button)
    crumbs_bottom = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.govuk-breadcrumbs__list-item')]
            .map(item => item.getBoundingClientRect().bottom))"""
    )
    top = heading["y"]
    caption = page.locator("main .govuk-caption-xl, main .govuk-caption-l").first
    if caption.count():
        top = min(top, caption.bounding_box()["y"])
    # From the breadcrumbs' text to the heading's (or its caption's): about 90 px before.
    assert top - crumbs_bottom <= 55, (width, top - crumbs_bottom)
