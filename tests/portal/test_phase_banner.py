"""The phase banner asks for feedback (issue 16): to the site's contact address where the site
has one, otherwise to the accessibility statement's feedback section."""

import pytest

from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db


def test_the_phase_banner_links_to_feedback(client):
    banner = client.get("/").content.decode().split('class="govuk-phase-banner"')[1][:600]
    assert "Your feedback</a> will help us improve it." in banner
    assert 'href="/accessibility/#feedback"' in banner
    statement = client.get("/accessibility/").content.decode()
    assert 'id="feedback"' in statement


def test_a_councils_site_asks_for_feedback_at_its_own_address(client):
    make_site(
        "castlebridge.localhost", "Castlebridge Council", contact_email="hello@castlebridge.example"
    )
    page = client.get("/", HTTP_HOST="castlebridge.localhost").content.decode()
    banner = page.split('class="govuk-phase-banner"')[1][:600]
    assert 'href="mailto:hello@castlebridge.example?subject=' in banner
