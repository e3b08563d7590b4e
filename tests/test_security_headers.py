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
