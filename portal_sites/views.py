"""The site's brand as files the page loads under its strict Content Security Policy (no inline
styles): a stylesheet with the header colour, and the logo."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from portal_sites.models import SiteProfile

#: The brand files carry their version in the URL, so browsers may keep them a day.
BRAND_MAX_AGE = 86400


@require_safe
def brand_stylesheet(request):
    """The header colour of the request's site as a CSS custom property."""
    site = request.portal_site
    response = HttpResponse(
        f":root {{ --app-brand-colour: {site.header_colour}; }}\n",
        content_type="text/css; charset=utf-8",
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
