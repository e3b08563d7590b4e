"""The Content Security Policy: every page is served with it, and nothing on any page breaks it
(no inline script or style, nothing from another site), with JavaScript on."""

import pytest

from tests.browser import tools
from tests.browser.pages import DATA, VARIANTS, create_portal_data, page_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = [
    pytest.param(variant, page_type, id=f"{variant}-{page_type.name}")
    for variant in VARIANTS
    for page_type in page_cases(variant)
    if page_type.content == "html"
]


@pytest.mark.parametrize(("variant", "page_type"), CASES)
def test_nothing_on_the_page_breaks_the_policy(
    variant, page_type, live_server, open_page, browser_problems
):
    data = create_portal_data() if variant == DATA else None
    path = tools.locate_or_fail(page_type, data)
    page = open_page()
    response = tools.goto(page, live_server.url + path, status=page_type.status)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    # Let scripts (Exit this page, the report progress) run and report what they are refused.
    page.wait_for_load_state("networkidle")
    assert not browser_problems, "\n".join(browser_problems)
