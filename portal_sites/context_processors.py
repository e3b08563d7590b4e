"""The request's site in every template: its brand replaces the portal's settings."""

from django.urls import reverse


def site_brand(request):
    """Give templates ``site`` (the ``PortalSite``) and the names the header, footer and title
    show, from the request's site."""
    site = getattr(request, "portal_site", None)
    if site is None:
        return {}
    context = {
        "portal_site": site,
        "portal_owner_name": site.owner_name,
        "portal_owner_url": site.owner_url,
        "site_name_shown": site.name_shown,
        "site_brand_stylesheet_url": (
            f"{reverse('portal_sites:brand_stylesheet')}?v={site.header_colour.lstrip('#')}"
        ),
    }
    if site.has_logo:
        context["site_logo_url"] = f"{reverse('portal_sites:logo')}?v={site.logo_version}"
    return context
