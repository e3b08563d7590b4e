"""Links to organisations that never lead to a 404 (issue 15).

A council's site shows the records of the organisations it covers only: another organisation's
page answers 404 there. A page may still name such an organisation (a partner agency working
on an initiative, a partnership's member, a priority's lead organisation). ``organisation_link``
links it on this site when the site shows it; otherwise to its page on the neutral portal
(absolute, on the scheme and port of this request) when there is one; otherwise it gives the
name without a link.
"""

from django import template
from django.utils.html import format_html

from portal_sites.resolution import request_origin, site_base_url, sites

register = template.Library()

LINK = '<a class="govuk-link" href="{}">{}</a>'


def shows(site, organisation) -> bool:
    """Whether ``site`` (a ``PortalSite``, None outside a request) shows ``organisation``'s
    pages."""
    return site is None or site.organisation_ids is None or organisation.pk in site.organisation_ids


def _neutral_base(request) -> str:
    """The address of the neutral portal for this request ("" without one), worked out once
    per request."""
    cached = getattr(request, "_neutral_portal_base", None)
    if cached is None:
        neutral = sites().neutral
        cached = (
            site_base_url(neutral, request_origin(request, neutral))
            if neutral is not None and neutral.domain
            else ""
        )
        request._neutral_portal_base = cached
    return cached


def organisation_url(request, organisation) -> str:
    """The address of ``organisation``'s page that answers for this request's visitor: this
    site's own page, the neutral portal's, or "" for none."""
    site = getattr(request, "portal_site", None) if request is not None else None
    if shows(site, organisation):
        return organisation.get_absolute_url()
    base = _neutral_base(request)
    return base + organisation.get_absolute_url() if base else ""


@register.simple_tag(takes_context=True)
def organisation_link(context, organisation, text=None):
    """``organisation``'s name (or ``text``), linked to a page of it that exists
    (``organisation_url``), or unlinked."""
    name = organisation.name if text is None else text
    url = organisation_url(context.get("request"), organisation)
    return format_html(LINK, url, name) if url else name


@register.simple_tag(takes_context=True)
def organisation_href(context, organisation):
    """The address ``organisation_link`` would link to ("" for none), for templates that
    write their own link."""
    return organisation_url(context.get("request"), organisation)
