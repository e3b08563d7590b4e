"""Many councils in one deployment, in Chromium: each council at its own name under .localhost
(Chromium sends every *.localhost name to this machine, as the quick start relies on), under
its own brand and showing its own records only; the neutral portal over all of them; axe and the
Nu Html Checker on a council's site and on the neutral portal.

Screenshots of the pages checked are saved under ``SITES_SCREENSHOTS`` when it is set.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser import tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SITES_SCREENSHOTS")


@pytest.fixture
def demo(live_server):
    call_command("load_demo_data", "--quiet")
    return live_server


def at(live_server, host: str) -> str:
    """The live server's address under another name (it listens on this machine)."""
    return f"http://{host}:{urlsplit(live_server.url).port}"


def screenshot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def header_colour(page) -> str:
    return page.evaluate(
        "() => getComputedStyle(document.querySelector('.govuk-header')).backgroundColor"
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_telfords_site_shows_only_telford_and_wrekins_promises_under_its_brand(
    demo, open_page, browser_problems, viewport
):
    page = open_page(viewport=viewport)
    tools.goto(page, at(demo, "telford.localhost") + "/")
    screenshot(page, f"telford-home-{viewport}")

    assert page.locator(".govuk-header").inner_text().strip() == "Telford & Wrekin Council"
    assert header_colour(page) == "rgb(106, 31, 92)"  # #6a1f5c, from /site-brand.css
    assert page.title().endswith("– Telford & Wrekin Council")
    footer = page.locator("footer").inner_text()
    assert "© Telford & Wrekin Council" in footer
    main = page.locator("main").inner_text()
    assert "Children and Young People’s partnership strategy 2025–2028" in main
    assert "Wandsworth" not in main and "Westminster" not in main
    assert "Choose a council or partnership" not in main

    # A Wandsworth record's address answers 404 here, as a draft's does.
    response = page.goto(
        at(demo, "telford.localhost") + "/organisations/wandsworth/", wait_until="load"
    )
    assert response.status == 404
    assert browser_problems == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_neutral_portal_leads_to_each_council(demo, open_page, browser_problems, viewport):
    page = open_page(viewport=viewport)
    tools.goto(page, demo.url + "/")
    screenshot(page, f"neutral-home-{viewport}")
    main = page.locator("main")
    assert page.locator("main h2").first.inner_text() == "Choose a council or partnership"
    for council in ("Wandsworth Council", "Telford & Wrekin Council", "Westminster City Council"):
        assert main.get_by_role("link", name=council, exact=True).count() >= 1
    # Every council's promises are there, each under its organisation.
    text = main.inner_text()
    assert "Telford & Wrekin Council" in text and "Wandsworth Council" in text

    page.locator("#council-sites").get_by_role("link", name="Westminster City Council").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).hostname == "westminster.localhost"
    assert page.locator(".govuk-header").inner_text().strip() == "Westminster City Council"
    assert "Telford" not in page.locator("main").inner_text()
    assert browser_problems == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("wandsworth.localhost", "/"),
        ("wandsworth.localhost", "/search/?q=health"),
        ("localhost", "/"),
        ("localhost", "/search/?q=health"),
    ],
)
def test_no_accessibility_violations_on_a_council_site_or_the_neutral_portal(
    demo, open_page, browser_problems, viewport, host, path
):
    tools.require_axe()
    page = open_page(viewport=viewport, bypass_csp=True)
    tools.goto(page, at(demo, host) + path)
    violations = tools.run_axe(page)
    assert not violations, tools.describe_axe_violations(violations)
    if viewport == "phone":
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{host}{path} scrolls sideways"
    assert browser_problems == []


def test_the_council_site_and_the_neutral_portal_are_valid_html(client):
    tools.require_vnu()
    call_command("load_demo_data", "--quiet")
    documents = {
        (host, path): client.get(path, HTTP_HOST=host).content.decode()
        for host in ("telford.localhost", "localhost")
        for path in ("/", "/search/?q=health", "/accessibility/")
    }
    problems = {
        key: tools.describe_vnu_messages(messages, documents[key])
        for key, messages in tools.validate_html(documents).items()
        if any(tools.is_failure(message) for message in messages)
    }
    assert not problems, "\n".join(f"{key}: {text}" for key, text in problems.items())


def test_the_brand_stylesheet_is_the_only_style_a_council_page_adds(client):
    call_command("load_demo_data", "--quiet")
    content = client.get("/", HTTP_HOST="telford.localhost").content.decode()
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', content)[1].startswith(
        "/site-brand.css?v="
    )
    assert "<style" not in content and " style=" not in content
