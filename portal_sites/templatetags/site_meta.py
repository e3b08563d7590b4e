"""What a page's <head> says about the site it is on (issue 15): its ``<title>`` and its
canonical address.

``site_title`` (a block tag around the page's own title) writes "<page> – <portal's name> –
<site's name shown>", each name once: a page title that already ends with the site's name
("New family help service – Telford & Wrekin Council" on Telford's site) does not get it twice,
and the portal's name is left out where it is the site's name. The same on every site, the
neutral portal too ("… – All councils and partnerships") and a portal with no sites (its
owner's name from settings). The home page has no title of its own: the names alone.

``canonical_link`` writes ``<link rel="canonical">``: the site's main address (never an alias
or the host typed), on the scheme and port served (the quick start's :8000), and the path.
The query string is dropped but for ``page`` past the first (a list's other pages are pages of
their own), and but for the search page, whose results are what its query asks for: its
canonical address is the search as asked. On the neutral portal a record whose organisation
has a council site of its own (the one site that covers it, or the one owned by it) names that
site's address for the same path. Error pages and previews of drafts have none.
"""

import html

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.http import urlencode

from portal_sites.resolution import request_origin, site_base_url, sites

register = template.Library()

SEPARATOR = " – "
#: Views whose whole query string is part of what the page is.
QUERY_IS_THE_PAGE = frozenset({"discovery:search"})


def _same(text: str) -> str:
    """``text`` as titles compare it: the case and the kind of apostrophe do not matter."""
    return text.casefold().replace("’", "'")


def compose_title(page: str, portal_name: str, site_name: str) -> str:
    """ "<page> – <portal_name> – <site_name>", without a name ``page`` already ends with and
    without the portal's name where it is the site's; the names alone for a page without a
    title of its own (the home page)."""
    names = [name for name in (portal_name, site_name) if name]
    if len(names) == 2 and _same(names[0]) == _same(names[1]):
        names = names[1:]
    page = page.strip()
    while page:
        for name in names:
            if _same(page) == _same(name):
                page = ""
                break
            if _same(page).endswith(_same(SEPARATOR + name)):
                page = page[: -len(SEPARATOR + name)].rstrip()
                break
        else:
            break
    return SEPARATOR.join(part for part in (page, *names) if part)


class SiteTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        page = html.unescape(self.nodelist.render(context))
        portal_name = context.get("portal_name") or settings.PORTAL_NAME
        site = context.get("portal_site")
        site_name = site.name_shown if site is not None else context.get("portal_owner_name", "")
        return escape(compose_title(page, portal_name, site_name))


@register.tag
def site_title(parser, token):
    """``{% site_title %}{% block title %}{% endblock %}{% endsite_title %}``: the page's
    title followed by the portal's and the site's names, each once (``compose_title``)."""
    nodelist = parser.parse(("endsite_title",))
    parser.delete_first_token()
    return SiteTitleNode(nodelist)


def _organisation_id(organisation):
    return getattr(organisation, "pk", None) if organisation is not None else None


def home_site_of(organisation):
    """The council site that is ``organisation``'s own: the one site covering it, or among
    several the one whose owner it is; None when there is none (or no one)."""
    organisation_id = _organisation_id(organisation)
    if organisation_id is None:
        return None
    covering = [
        site
        for site in sites().councils
        if site.domain and site.organisation_ids and organisation_id in site.organisation_ids
    ]
    if len(covering) == 1:
        return covering[0]
    name = getattr(organisation, "name", "")
    owned = [site for site in covering if name and site.owner_name == name]
    return owned[0] if len(owned) == 1 else None


def canonical_url(request, organisation=None) -> str:
    """The canonical address of the page ``request`` asked for ("" outside a request)."""
    site = getattr(request, "portal_site", None)
    target = site
    if site is not None and site.is_neutral:
        target = home_site_of(organisation) or site
    if target is not None and target.domain:
        base = site_base_url(target, request_origin(request, site) if site.domain else "")
        if not site.domain:  # the portal's brand from settings: the scheme and port served
            base = site_base_url(target, f"{request.scheme}://{request.get_host()}")
    else:
        base = f"{request.scheme}://{request.get_host()}"
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in QUERY_IS_THE_PAGE:
        query = request.GET.urlencode()
    else:
        page = request.GET.get("page", "")
        query = urlencode({"page": page}) if page.isdigit() and int(page) > 1 else ""
    return base + request.path + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def canonical_link(context):
    """``<link rel="canonical" href="…">`` for the page (``canonical_url``), or nothing on an
    error page, a preview or outside a request."""
    request = context.get("request")
    if request is None or context.get("preview") or "request_path" in context:
        return ""
    return format_html(
        '<link rel="canonical" href="{}">', canonical_url(request, context.get("organisation"))
    )
