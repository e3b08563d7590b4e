"""In Chromium: a member of the public finds a plan by its title and a consultation by what
people said, narrows the search to consultations, and downloads the list as CSV."""

import csv
import io

import pytest

from priorities import models as p
from tests.browser import tools
from tests.browser.pages import create_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search_for(page, words):
    page.fill("#q", words)
    page.click("form button[type=submit] >> text=Search")
    page.wait_for_load_state("load")


def result_titles(page):
    return page.locator("ol.govuk-list h3 a").all_inner_texts()


def test_a_visitor_finds_a_plan_and_a_consultation_and_downloads_the_list(
    page, live_server, browser_problems
):
    data = create_portal_data()
    p.Plan.private_objects.filter(pk=data.plan.pk).update(
        title="Children and Young People’s partnership plan 2025–2028"
    )
    plan = p.Plan.public_objects.get(pk=data.plan.pk)
    tools.goto(page, f"{live_server.url}/search/")

    # The plan, by its title as a visitor types it: straight apostrophe, hyphen.
    search_for(page, "Children and Young People's partnership plan 2025-2028")
    assert result_titles(page)[0] == plan.title
    first = page.locator("ol.govuk-list > li").first
    assert first.locator(".govuk-caption-m").inner_text() == "Plan"
    first.locator("h3 a").click()
    page.wait_for_load_state("load")
    assert page.url == live_server.url + plan.get_absolute_url()
    assert page.locator("h1").inner_text().endswith(plan.title)

    # The consultation, by words only what people said has.
    tools.goto(page, f"{live_server.url}/search/")
    search_for(page, "hard to find")
    assert data.consultation.title in result_titles(page)

    # Narrowed to consultations with the type filter.
    page.locator("summary", has_text="Type of record").click()
    page.get_by_label("Consultations", exact=True).check()
    page.click("text=Apply filters")
    page.wait_for_load_state("load")
    assert "type=consultation" in page.url
    assert result_titles(page) == [data.consultation.title]
    assert page.locator("ol.govuk-list .govuk-caption-m").all_inner_texts() == ["Consultation"]

    # The list as CSV: the same result, typed in words a person understands.
    with page.expect_download() as download_info:
        page.click("text=Download these results (CSV)")
    text = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["Type"], row["Title"]) for row in rows] == [
        ("Consultation", data.consultation.title)
    ]
    assert rows[0]["Web address"] == live_server.url + data.consultation.get_absolute_url()
    assert not browser_problems


def test_a_long_organisation_list_scrolls_in_its_box_and_a_keyboard_user_picks_from_it(
    page, open_page, live_server, browser_problems
):
    """Fifty councils list over a hundred organisations: the filter shows them in a box of
    about ten that scrolls; tabbing reaches one far down, the space bar ticks it, and applying
    the filters finds that organisation's records only. axe-core finds nothing on the page."""
    from tests import factories

    councils = [
        factories.OrganisationFactory(name=f"Borough {n:02d} Council", slug=f"borough-{n:02d}")
        for n in range(1, 31)
    ]
    wanted = councils[24]
    for council in councils:
        factories.InitiativeFactory(
            organisation=council, title=f"Wellbeing hubs in {council.name}", summary=""
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    tools.goto(page, f"{live_server.url}/search/?q=wellbeing")
    page.locator("summary", has_text="Organisation").click()
    box = page.locator(".portal-filters__long-list").first
    height, full = box.evaluate("box => [box.clientHeight, box.scrollHeight]")
    assert height < 600 < full  # a box of about ten options, scrolling through thirty

    first = box.locator("input").first
    first.focus()
    target = box.get_by_label(wanted.name, exact=True)
    for _ in range(40):
        if page.evaluate("document.activeElement.value") == wanted.slug:
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == wanted.slug
    # The option tabbed to is scrolled into the box's view.
    top = box.evaluate("box => box.getBoundingClientRect().top")
    bottom = box.evaluate("box => box.getBoundingClientRect().bottom")
    option = target.evaluate("input => input.getBoundingClientRect().top")
    assert box.evaluate("box => box.scrollTop") > 0 and top <= option <= bottom
    page.keyboard.press("Space")
    assert target.is_checked()

    page.click("text=Apply filters")
    page.wait_for_load_state("load")
    assert f"organisation={wanted.slug}" in page.url
    assert result_titles(page) == [f"Wellbeing hubs in {wanted.name}"]
    assert not browser_problems

    # The same page, the list open with the option chosen, audited (axe is injected as a script,
    # so this page lets it past the Content Security Policy).
    audited = open_page(bypass_csp=True)
    tools.goto(audited, page.url)
    assert audited.locator(".portal-filters__long-list").first.is_visible()
    violations = tools.run_axe(audited)
    assert not violations, tools.describe_axe_violations(violations)
