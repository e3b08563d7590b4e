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
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from portal_sites.current import current_site
from portal_sites.models import SiteProfile
from portal_sites.resolution import request_origin, site_base_url, site_for_host

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


#: A brand colour as the site keeps it ("#rrggbb"); anything else is never put in a file.
BRAND_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class ReportBrand:
    """The brand of the site a report was asked for on, for its cover: the site's header
    colour (contrast-checked against white when saved) and its logo, if it has one."""

    colour: str
    name: str = ""
    #: A digest of the logo ("" for none): part of a stored build's key, as the colour is.
    logo_version: str = ""
    site_id: int | None = None

    @property
    def key(self):
        return f"{self.colour}:{self.logo_version}"

    def logo_svg(self):
        """Return the site's logo (SVG text, checked when saved), or "" when it has none."""
        if not self.logo_version or self.site_id is None:
            return ""
        found = SiteProfile.objects.filter(site_id=self.site_id).values_list("logo_svg", flat=True)
        return found.first() or ""


def site_brand(site):
    """Return the ``ReportBrand`` of ``site`` (a ``PortalSite``), or None for no site."""
    if site is None or not BRAND_COLOUR.fullmatch(site.header_colour or ""):
        return None
    return ReportBrand(
        colour=site.header_colour.lower(),
        name=site.name_shown,
        logo_version=site.logo_version,
        site_id=site.site_id,
    )


def request_brand():
    """Return the brand of the site the request being answered came to (None outside one)."""
    return site_brand(current_site())


def base_url_brand(base_url):
    """Return the brand of the site whose address ``base_url`` is (a background build knows
    only that); None for "" (``PORTAL_BASE_URL``)."""
    if not base_url:
        return None
    host = urlsplit(base_url).netloc
    if not host:
        return None
    site, _ = site_for_host(host)
    return site_brand(site)
