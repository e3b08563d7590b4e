"""GOV.UK's Exit this page: the button, three presses of Shift, and the plain link without
JavaScript all leave the portal for EXIT_THIS_PAGE_URL.

The exit URL points at the live server's /healthz so that no test needs the internet.
"""

import pytest

from tests.browser import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUTTON = ".govuk-exit-this-page .govuk-exit-this-page__button"


@pytest.fixture
def exit_url(settings, live_server):
    settings.EXIT_THIS_PAGE_URL = f"{live_server.url}/healthz"
    return settings.EXIT_THIS_PAGE_URL


def open_home_with_javascript(open_page, live_server):
    page = open_page()
    tools.goto(page, f"{live_server.url}/")
    # GOV.UK Frontend marks a component once its JavaScript has set it up.
    page.wait_for_selector(
        '[data-module="govuk-exit-this-page"][data-govuk-exit-this-page-init]', state="attached"
    )
    return page


def test_button_leaves_the_page(open_page, live_server, exit_url):
    page = open_home_with_javascript(open_page, live_server)
    page.click(BUTTON)
    page.wait_for_url(exit_url)
    assert page.url == exit_url


def test_pressing_shift_three_times_leaves_the_page(open_page, live_server, exit_url):
    page = open_home_with_javascript(open_page, live_server)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_url)
    assert page.url == exit_url


def test_without_javascript_it_is_a_link_that_leaves_the_page(open_page, live_server, exit_url):
    page = open_page(javascript=False)
    tools.goto(page, f"{live_server.url}/")
    link = page.locator(BUTTON)
    assert link.evaluate("element => element.tagName") == "A"
    assert link.get_attribute("href") == exit_url
    assert link.is_visible()
    link.click()
    page.wait_for_url(exit_url)
    assert page.url == exit_url
