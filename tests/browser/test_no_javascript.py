"""Every type of public page works with JavaScript switched off: its heading, its content, the
Exit this page link; and the search form still searches."""

import pytest

from tests.browser import tools
from tests.browser.pages import (
    DATA,
    EMPTY,
    VARIANTS,
    PageNotBuilt,
    create_portal_data,
    locate,
    page_cases,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = [
    pytest.param(variant, page_type, id=f"{variant}-{page_type.name}")
    for variant in VARIANTS
    for page_type in page_cases(variant)
]


@pytest.mark.parametrize(("variant", "page_type"), CASES)
def test_page_renders_without_javascript(variant, page_type, live_server, open_page, settings):
    settings.EXIT_THIS_PAGE_URL = f"{live_server.url}/healthz"
    data = create_portal_data() if variant == DATA else None
    path = tools.locate_or_fail(page_type, data)
    page = open_page(javascript=False)
    tools.goto(page, live_server.url + path, status=page_type.status)

    main = page.locator("main#main-content")
    assert main.count() == 1, f"{path} has no <main id=main-content>"
    headings = page.locator("h1")
    assert headings.count() == 1, f"{path} has {headings.count()} <h1> elements, not one"
    heading = headings.first
    assert heading.is_visible(), f"the <h1> of {path} is hidden"
    assert heading.inner_text().strip(), f"the <h1> of {path} is empty"
    assert main.locator("h1").count() == 1, f"the <h1> of {path} is outside <main>"
    body_text = main.inner_text().replace(heading.inner_text(), "", 1).strip()
    assert body_text, f"{path} shows nothing in <main> but its heading"

    exit_link = page.locator(".govuk-exit-this-page a")
    assert exit_link.count() == 1, f"{path} has no Exit this page link"
    assert exit_link.get_attribute("href") == settings.EXIT_THIS_PAGE_URL


def _search_path(variant):
    page_type = next(page_type for page_type in page_cases(variant) if page_type.name == "search")
    try:
        return locate(page_type, None)
    except PageNotBuilt as error:
        pytest.fail(f"search: {error}", pytrace=False)


def test_search_form_submits_without_javascript(live_server, open_page):
    data = create_portal_data()
    page = open_page(javascript=False)
    tools.goto(page, live_server.url + _search_path(EMPTY))

    form = (
        page.locator("main form")
        .filter(has=page.locator("input[type=search], input[type=text]"))
        .first
    )
    assert form.count() == 1, "the search page has no search form in <main>"
    form.locator("input[type=search], input[type=text]").first.fill(data.search_term)
    with page.expect_navigation():
        form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()

    assert data.search_term in page.url, f"the search went to {page.url}"
    assert page.locator("h1").count() == 1
    assert data.initiative.title in page.locator("main").inner_text(), (
        f"searching for “{data.search_term}” did not find “{data.initiative.title}”"
    )
