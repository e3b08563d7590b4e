"""axe-core's WCAG 2.2 A and AA rules on every type of public page, on a desktop and a phone.

Each page type is checked with the demo-like data and, where the page exists without records,
with an empty database. On a phone (390 CSS pixels wide) the page must also reflow: nothing may
make the whole page scroll sideways (WCAG 1.4.10).
"""

import pytest

from tests.browser import tools
from tests.browser.pages import DATA, VARIANTS, create_portal_data, page_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = [
    pytest.param(variant, page_type, id=f"{variant}-{page_type.name}")
    for variant in VARIANTS
    for page_type in page_cases(variant)
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(("variant", "page_type"), CASES)
def test_no_accessibility_violations(
    variant, page_type, viewport, live_server, open_page, browser_problems
):
    tools.require_axe()
    data = create_portal_data() if variant == DATA else None
    path = tools.locate_or_fail(page_type, data)
    # axe is added to the page as a script of its own: let it past the portal's CSP.
    page = open_page(viewport=viewport, bypass_csp=True)
    tools.goto(page, live_server.url + path, status=page_type.status)

    problems = []
    violations = tools.run_axe(page)
    if violations:
        problems.append(
            f"{len(violations)} axe-core violation(s) on {path}:\n"
            + tools.describe_axe_violations(violations)
        )
    if viewport == "phone":
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            problems.append(
                f"{path} does not reflow: the page is {widths[0]}px wide in a {widths[1]}px "
                "viewport, so it scrolls sideways"
            )
    problems += browser_problems
    assert not problems, "\n".join(problems)
