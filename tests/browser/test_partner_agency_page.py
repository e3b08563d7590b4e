"""A partner agency's page, with the initiatives it works on with others, and the partnership's
page, with each indicator on or off track, pass axe and the Nu Html Checker at both widths."""

import pytest

from priorities import models as p
from tests.browser import tools
from tests.browser.pages import absolute_url, create_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(open_page, url, viewport):
    page = open_page(viewport=viewport, bypass_csp=True)  # axe is injected as a script
    html = tools.goto(page, url).text()
    violations = tools.run_axe(page)
    assert not violations, tools.describe_axe_violations(violations)
    messages = tools.validate_html({url: html})[url]
    failures = [message for message in messages if tools.is_failure(message)]
    assert not failures, tools.describe_vnu_messages(failures, html)
    return page


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_partner_agency_page(live_server, open_page, viewport):
    tools.require_axe()
    tools.require_vnu()
    data = create_portal_data()
    agency = p.Organisation.objects.get(initiatives_partnered=data.initiative)
    page = check_page(open_page, live_server.url + absolute_url(agency), viewport)
    section = page.locator("section", has=page.locator("#initiatives-with-others"))
    assert data.initiative.title in section.inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_partnership_page_with_indicators_on_or_off_track(live_server, open_page, viewport):
    tools.require_axe()
    tools.require_vnu()
    data = create_portal_data()
    page = check_page(open_page, live_server.url + absolute_url(data.profile), viewport)
    assert "track:" in page.locator("#indicators + p + table").inner_text()
