"""Every response carries a strict Content Security Policy: scripts, styles, images and fonts
from the portal only, nothing inline, no frames, forms posting only to the portal."""

import pytest

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        parsed[name] = value
    return parsed


@pytest.mark.parametrize("path", ["/", "/committees/", "/admin/login/", "/no-such-page/"])
def test_pages_carry_the_strict_policy(client, path):
    """Public pages, the admin's sign-in and error pages all carry the same strict policy."""
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    for name, value in STRICT.items():
        assert policy[name] == value, (name, policy.get(name))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_a_form_refused_by_csrf_protection_says_what_to_do_in_the_portals_words(db):
    """A form posted without its CSRF token is refused with the portal's own page (with Exit
    this page), saying nothing was saved and what to do next."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/subscribe/", {"email": "parent@example.org", "follow": "everything"}
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert "Sorry, your form could not be sent" in page
    assert "Nothing you sent has been saved" in page
    assert "govuk-exit-this-page" in page
