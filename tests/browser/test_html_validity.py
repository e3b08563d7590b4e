"""The Nu Html Checker on every type of public page; feeds and the sitemap are well-formed XML.

The pages are fetched with Django's test client. All the pages are checked in one run of the
checker, when the first test asks, because starting the JVM takes seconds; each page type's
test then reports its own page's messages.
"""

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

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

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@dataclass
class CheckedPage:
    path: str = ""
    problem: str = ""  # why the page could not be checked
    html: str = ""
    messages: list[dict] = field(default_factory=list)


def fetch(client, page_type, data) -> CheckedPage:
    try:
        path = locate(page_type, data)
    except PageNotBuilt as error:
        return CheckedPage(problem=str(error))
    try:
        response = client.get(path)
    except Exception as error:  # the view raised: report it against this page type only
        return CheckedPage(path=path, problem=f"GET {path} raised {type(error).__name__}: {error}")
    if response.status_code != page_type.status:
        return CheckedPage(
            path=path,
            problem=f"GET {path} answered HTTP {response.status_code}, expected {page_type.status}",
        )
    return CheckedPage(path=path, html=response.content.decode(response.charset or "utf-8"))


@pytest.fixture(scope="session")
def checked_variants():
    return {}


@pytest.fixture
def checked_pages(checked_variants, client):
    """``checked_pages(variant)``: every HTML page type of the variant, fetched and checked.

    The first call fetches the pages of both variants (the empty database first, then with the
    data) and checks them all in one run of the checker; later calls reuse the results.
    """

    def checked_pages(variant):
        if not checked_variants:
            tools.require_vnu()
            pages = {}
            for each in (EMPTY, DATA):
                data = create_portal_data() if each == DATA else None
                for page_type in page_cases(each):
                    pages[each, page_type.name] = fetch(client, page_type, data)
            reports = tools.validate_html(
                {key: page.html for key, page in pages.items() if page.html}
            )
            for key, messages in reports.items():
                pages[key].messages = messages
            for (each, name), page in pages.items():
                checked_variants.setdefault(each, {})[name] = page
        return checked_variants[variant]

    return checked_pages


HTML_CASES = [
    pytest.param(variant, page_type, id=f"{variant}-{page_type.name}")
    for variant in VARIANTS
    for page_type in page_cases(variant)
]


@pytest.mark.parametrize(("variant", "page_type"), HTML_CASES)
def test_valid_html(variant, page_type, checked_pages):
    page = checked_pages(variant)[page_type.name]
    if page.problem:
        pytest.fail(page.problem, pytrace=False)
    failures = [message for message in page.messages if tools.is_failure(message)]
    assert not failures, (
        f"The Nu Html Checker found {len(failures)} problem(s) in {page.path}:\n"
        + tools.describe_vnu_messages(failures, page.html)
    )


XML_CASES = [
    pytest.param(variant, page_type, id=f"{variant}-{page_type.name}")
    for variant in VARIANTS
    for page_type in page_cases(variant, content="xml")
]


@pytest.mark.parametrize(("variant", "page_type"), XML_CASES)
def test_well_formed_xml(variant, page_type, client):
    data = create_portal_data() if variant == DATA else None
    path = tools.locate_or_fail(page_type, data)
    response = client.get(path)
    assert response.status_code == page_type.status, f"GET {path}: HTTP {response.status_code}"
    assert "xml" in response["Content-Type"], f"{path} is served as {response['Content-Type']}"
    try:
        ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own output)
    except ElementTree.ParseError as error:
        pytest.fail(f"{path} is not well-formed XML: {error}", pytrace=False)
