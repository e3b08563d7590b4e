"""The site's brand as files the page loads under its strict Content Security Policy (no inline
styles): a stylesheet with the header colour, and the logo; and the site's robots.txt."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from portal.conditional import add_public_headers
from portal_sites.models import SiteProfile
from portal_sites.resolution import request_origin, site_base_url

#: The brand files carry their version in the URL, so browsers may keep them a day.
BRAND_MAX_AGE = 86400


def _mix(colour: str, other: str, weight: float) -> str:
    """``weight`` of ``colour`` and the rest of ``other`` (both "#rrggbb"), as Sass's mix."""
    channels = (
        round(
            int(colour[start : start + 2], 16) * weight
            + int(other[start : start + 2], 16) * (1 - weight)
        )
        for start in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def brand_css(colour: str) -> str:
    """GOV.UK Frontend's colour custom properties for a site whose brand colour is ``colour``:
    the header and links in it, the page's tint from it (as static/scss/_brand.scss derives
    them for the portal's own colour)."""
    surface = _mix(colour, "#ffffff", 0.05)
    return (
        ":root {\n"
        f"  --govuk-brand-colour: {colour};\n"
        f"  --govuk-link-colour: {colour};\n"
        f"  --govuk-link-hover-colour: {_mix(colour, '#000000', 0.6)};\n"
        f"  --govuk-template-background-colour: {surface};\n"
        f"  --govuk-surface-background-colour: {surface};\n"
        f"  --govuk-surface-border-colour: {_mix(colour, '#ffffff', 0.5)};\n"
        "}\n"
    )


@require_safe
def brand_stylesheet(request):
    """The request's site's colours, as a stylesheet: the Content Security Policy allows no
    inline style."""
    response = HttpResponse(
        brand_css(request.portal_site.header_colour), content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = f"public, max-age={BRAND_MAX_AGE}"
    response["Vary"] = "Host"
    return response


@require_safe
def logo(request):
    """The logo of the request's site, as an image that can run nothing even opened alone."""
    site = request.portal_site
    if not site.has_logo or site.site_id is None:
        raise Http404("This site has no logo.")
    svg = SiteProfile.objects.filter(site_id=site.site_id).values_list("logo_svg", flat=True)
    text = svg.first()
    if not text:
        raise Http404("This site has no logo.")
    response = HttpResponse(text, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = f"public, max-age={BRAND_MAX_AGE}"
    response["Vary"] = "Host"
    response["X-Content-Type-Options"] = "nosniff"
    return response


#: Paths no search engine should crawl: the officers' admin and a subscriber's own pages (their
#: links are personal: confirm, manage, unsubscribe), and previews of drafts.
ROBOTS_DISALLOWED = ("/admin/", "/subscribe/", "/preview/")


@require_safe
def robots_txt(request):
    """/robots.txt for the site the request came to: every public page may be crawled but the
    admin and the subscription pages, and the sitemap is this site's own (at its main address,
    on the scheme and port served). The same for every visitor, so public for any cache, as the
    public pages are (``Cache-Control: public``, ``Vary: Cookie``)."""
    site = getattr(request, "portal_site", None)
    if site is not None and site.domain:
        base = site_base_url(site, request_origin(request, site))
        sitemap_url = base + reverse("sitemap")
    else:
        sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines += ["", f"Sitemap: {sitemap_url}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    add_public_headers(response, None, None)
    patch_vary_headers(response, ["Cookie"])
    return response
