"""Fixtures for the browser tests: one Chromium for them all, a fresh page for each test.

Pages are served by pytest-django's ``live_server``. Its thread shares the test's database
connection on in-memory SQLite, and tests that use it run with ``transaction=True`` so that the
server sees their data on PostgreSQL too.
"""

import os

import pytest

from tests.browser import tools

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package", autouse=True)
def allow_queries_beside_playwright():
    """Playwright's sync API keeps an asyncio event loop running in this thread, so Django
    would raise SynchronousOnlyOperation for every query the tests make (nothing here is
    async). Allow them while the browser tests run, and only then: set for the whole session,
    the variable would leak into every subprocess of the other tests (``manage.py check
    --deploy`` rejects it)."""
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    yield
    if previous is None:
        del os.environ[ASYNC_UNSAFE]
    else:
        os.environ[ASYNC_UNSAFE] = previous


# One Chromium for all the browser tests, stopped after them, so that Playwright's event loop
# is gone before the rest of the suite runs.
@pytest.fixture(scope="package")
def browser():
    tools.require_chromium()
    tools.require_built_assets()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=tools.CHROMIUM, args=tools.CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_problems():
    """What went wrong in the pages a test opened, besides the page itself: uncaught script
    errors, anything the Content Security Policy blocked, and the page's own CSS, scripts or
    images that failed to load."""
    return []


@pytest.fixture
def open_page(browser, browser_problems):
    """``open_page(javascript=True, viewport="desktop", bypass_csp=False)``: a new page in a
    new browser context (no cookies or history shared with other tests)."""
    contexts = []

    def open_page(*, javascript=True, viewport="desktop", bypass_csp=False):
        context = browser.new_context(
            java_script_enabled=javascript,
            viewport=tools.VIEWPORTS[viewport],
            bypass_csp=bypass_csp,
            locale="en-GB",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda error: browser_problems.append(f"script error: {error}"))
        page.on("console", note_policy_violation)
        page.on("response", note_failed_resource)
        return page

    def note_policy_violation(message):
        # Chromium reports what the Content Security Policy blocked as console errors.
        if message.type == "error" and "Content Security Policy" in message.text:
            browser_problems.append(f"blocked by the CSP: {message.text}")

    def note_failed_resource(response):
        # The page itself is checked by the test (a 404 page is answered with 404 on purpose).
        if response.status >= 400 and response.request.resource_type != "document":
            kind = response.request.resource_type
            browser_problems.append(f"HTTP {response.status} for the {kind} {response.url}")

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def as_deployed(settings, live_server):
    """The live server with the security settings production uses, for journey tests.

    The middleware stack is the production one already (CSP, ``Referrer-Policy: same-origin``,
    CSRF, clickjacking); this adds what the test settings relax: cookies marked ``Secure``
    (Chromium accepts them on http://localhost, as it would over HTTPS), staff two-factor
    sign-in, and absolute links in emails and reports that point at this server.
    Returns the live server.
    """
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_HTTPONLY = True
    settings.PORTAL_REQUIRE_TWO_FACTOR = True
    settings.PORTAL_BASE_URL = live_server.url
    return live_server
