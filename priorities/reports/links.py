"""The base of a report's absolute links: the address of the site it was asked for on.

A report is read away from the portal (in a meeting pack, an email, a printed agenda), so its
links are absolute. They go to the site the report was asked for on
(``portal_sites.resolution.site_base_url``): a report downloaded on Telford & Wrekin's site
links to Telford & Wrekin's site. A report built with no site (a command, an old background
build) links to ``PORTAL_BASE_URL``.

The scopes set the base while they gather (``linking_to``); everything that writes a link in
between (``audience.public_url``, the tables, the wording) reads it with ``absolute_url``.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

from portal_sites.current import current_site
from portal_sites.resolution import request_origin, site_base_url

_base_url = contextvars.ContextVar("report_base_url", default="")


def report_base_url():
    """Return the base of the links of the report being gathered (no final slash)."""
    return (_base_url.get() or settings.PORTAL_BASE_URL).rstrip("/")


def absolute_url(path):
    """Return ``path`` (a site-relative address, "/…") on the report's base."""
    return report_base_url() + path


@contextlib.contextmanager
def linking_to(base_url):
    """Link to ``base_url`` ("" for ``PORTAL_BASE_URL``) inside the block."""
    token = _base_url.set((base_url or "").rstrip("/"))
    try:
        yield report_base_url()
    finally:
        _base_url.reset(token)


def request_base_url(request):
    """Return the base of links to the site ``request`` came to, on the scheme and port it was
    served on ("" outside a site: ``PORTAL_BASE_URL``)."""
    site = current_site()
    if site is None:
        return ""
    return site_base_url(site, request_origin(request, site))


def links_to_base_url(builder):
    """Let the report builder ``builder`` take ``base_url=`` (see ``linking_to``): its links,
    and the ``Report``'s ``base_url``, are then on that base."""

    @functools.wraps(builder)
    def build(*args, base_url="", **kwargs):
        with linking_to(base_url) as base:
            report = builder(*args, **kwargs)
        report.base_url = base
        return report

    return build
