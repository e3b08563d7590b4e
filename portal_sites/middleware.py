"""Each request is answered as the site its host belongs to (``portal_sites.resolution``)."""

from django.conf import settings
from django.contrib.sites import models as django_sites
from django.http import HttpResponseBadRequest
from django.http.request import validate_host

from portal_sites.current import serving
from portal_sites.resolution import settings_site, site_for_host

#: Answered whatever the host, without looking up a site: liveness and readiness checks (from
#: load balancers that may use an address as host) must not need the database or the cache.
SITE_FREE_PATHS = frozenset({"/healthz", "/readyz"})


class CurrentSiteMiddleware:
    """Resolve the request's site once, as ``request.portal_site``, and serve the request as it
    (``portal_sites.current``: public querysets show that site's organisations only).

    With ``PORTAL_REFUSE_UNKNOWN_HOSTS`` (production, where ``ALLOWED_HOSTS`` lets every host
    through to here) a host that is neither a site's address nor in ``PORTAL_EXTRA_HOSTS``
    gets 400, as Django's own host check would answer: a new council's domain works as soon as
    a superuser adds its site, without a deploy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in SITE_FREE_PATHS:
            request.portal_site = settings_site()
            return self.get_response(request)
        host = request.get_host()
        site, known = site_for_host(host)
        if (
            not known
            and settings.PORTAL_REFUSE_UNKNOWN_HOSTS
            and not validate_host(host.rsplit(":", 1)[0], settings.PORTAL_EXTRA_HOSTS)
        ):
            return HttpResponseBadRequest(
                "This address is not one of the portal's sites.", content_type="text/plain"
            )
        request.portal_site = site
        # Django's sitemaps and feeds ask django.contrib.sites for the request's site (with no
        # SITE_ID, by host): give them this request's address, so their links are the site's
        # own and an alias or unknown host does not fail.
        # (Looked up on the module each time: Site.objects.clear_cache() replaces the dict.)
        django_sites.SITE_CACHE[host] = django_sites.Site(
            id=site.site_id, domain=host, name=site.name_shown
        )
        with serving(site):
            return self.get_response(request)
