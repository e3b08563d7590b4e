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
