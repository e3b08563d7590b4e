"""Which site a host name belongs to, as a ``PortalSite``: everything a request needs of its
site (brand, organisations covered, contacts) in one small value the shared cache can keep.

A host matches a ``Site``'s domain or one of its ``SiteAlias`` addresses; any other host gets the
neutral portal (or, with no neutral site configured, the portal's own brand from settings).
All the sites are read at once (``SitesMap``, three queries) and kept in the shared cache under
a version that every change to a site moves at once (and again when its transaction commits),
so a new address or brand is served at the next request. With the cache down every request
reads them from the database (``portal.shared_cache``).
"""

import logging
import time
from dataclasses import dataclass, field
from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.http.request import split_domain_port

from portal import shared_cache
from portal_sites.models import DEFAULT_HEADER_COLOUR, SiteProfile, normalise_host

logger = logging.getLogger(__name__)

VERSION_KEY = "portal-sites:version"
#: A resolution is kept at most this long, even if a version move was missed in an outage.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class PortalSite:
    """A site as a request sees it."""

    site_id: int | None
    domain: str
    name_shown: str
    owner_name: str
    is_neutral: bool
    #: The ids of the organisations whose records the site shows; None: all (neutral).
    organisation_ids: frozenset[int] | None
    owner_url: str = ""
    header_colour: str = DEFAULT_HEADER_COLOUR
    logo_version: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    accessibility_contact_email: str = ""
    accessibility_statement_extra: str = ""
    email_sender_name: str = ""
    email_sender_address: str = ""
    aliases: tuple[str, ...] = field(default=())

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_version)

    @property
    def email_sender(self) -> str:
        """Return the From header of the site's emails ("Name <address>"), or "" for the
        portal's default sender."""
        if not self.email_sender_address:
            return ""
        if not self.email_sender_name:
            return self.email_sender_address
        return formataddr((self.email_sender_name, self.email_sender_address))

    @property
    def hosts(self) -> tuple[str, ...]:
        return (self.domain, *self.aliases) if self.domain else self.aliases


def settings_site() -> PortalSite:
    """The portal's brand from settings, for a portal with no neutral site: the header shows
    ``PORTAL_OWNER_NAME`` as a one-council deployment without sites always did."""
    return PortalSite(
        site_id=None,
        domain="",
        name_shown=settings.PORTAL_OWNER_NAME or settings.PORTAL_NAME,
        owner_name=settings.PORTAL_OWNER_NAME,
        is_neutral=True,
        organisation_ids=None,
    )


def portal_site_from_profile(profile: SiteProfile) -> PortalSite:
    organisation_ids = (
        None
        if profile.is_neutral
        else frozenset(organisation.pk for organisation in profile.organisations.all())
    )
    return PortalSite(
        site_id=profile.site_id,
        domain=normalise_host(profile.site.domain),
        name_shown=profile.name_shown,
        owner_name=profile.owner_name,
        is_neutral=profile.is_neutral,
        organisation_ids=organisation_ids,
        owner_url=profile.owner_url,
        header_colour=profile.header_colour,
        logo_version=profile.logo_version,
        contact_email=profile.contact_email,
        contact_phone=profile.contact_phone,
        accessibility_contact_email=profile.accessibility_contact_email,
        accessibility_statement_extra=profile.accessibility_statement_extra,
        email_sender_name=profile.email_sender_name,
        email_sender_address=profile.email_sender_address,
        aliases=tuple(sorted(alias.host for alias in profile.aliases.all())),
    )


@dataclass(frozen=True)
class SitesMap:
    """Every site of the portal by each of its addresses, and the neutral portal."""

    by_host: dict[str, PortalSite]
    neutral: PortalSite | None
    #: Every site but the neutral portal, by name shown.
    councils: tuple[PortalSite, ...]

    def resolve(self, host: str) -> tuple[PortalSite, bool]:
        site = self.by_host.get(host)
        if site is not None:
            return site, True
        return (self.neutral or settings_site()), False


#: A portal with no sites configured: every host gets the portal's brand from settings.
NO_SITES = SitesMap(by_host={}, neutral=None, councils=())


def load_sites() -> SitesMap:
    """Read every site from the database, in three queries however many there are."""
    organisations = SiteProfile.organisations.rel.model._default_manager.only("pk")
    profiles = SiteProfile.objects.select_related("site").prefetch_related(
        Prefetch("organisations", queryset=organisations), "aliases"
    )
    by_host, neutral, councils = {}, None, []
    for profile in profiles:
        site = portal_site_from_profile(profile)
        for host in site.hosts:
            by_host[host] = site
        if site.is_neutral:
            neutral = site
        else:
            councils.append(site)
    councils.sort(key=lambda site: site.name_shown.casefold())
    return SitesMap(by_host=by_host, neutral=neutral, councils=tuple(councils))


def _version():
    value = cache.get(VERSION_KEY)
    if value is None:
        # Started from the clock: after the cache is emptied (a restart, a flush) the version
        # never comes back to a value a process still holds its copy of the sites under.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(VERSION_KEY)
    return value


def _key(version) -> str:
    return f"portal-sites:{version}:all"


#: This process's copy of the sites: (version, when read, the sites). While the shared version
#: is unchanged a request reads only the version (one small value), not every site again.
_held = None


def _hold(version, loaded):
    global _held
    _held = (version, time.monotonic(), loaded)
    return loaded


def _held_for(version):
    held = _held
    if held is None or held[0] != version or time.monotonic() - held[1] > CACHE_SECONDS:
        return None
    return held[2]


def sites() -> SitesMap:
    """Every site, from this process's copy or the shared cache (kept until a site changes)
    or, when the cache is down or has none, from the database. With the database down too: no
    sites (every request gets the portal's brand from settings; pages that need the database
    fail on their own)."""
    version = shared_cache.attempt(_version, what="reading the sites' version")
    if version is not None:
        held = _held_for(version)
        if held is not None:
            return held
        cached = shared_cache.attempt(lambda: cache.get(_key(version)), what="reading sites")
        if cached is not None:
            return _hold(version, cached)
    try:
        loaded = load_sites()
    except Exception:  # a site lookup that fails never fails the request on its own
        logger.warning("The sites could not be read; answering as the portal", exc_info=True)
        return NO_SITES
    if version is not None:
        shared_cache.attempt(
            lambda: cache.set(_key(version), loaded, CACHE_SECONDS),
            what="keeping the sites in the cache",
        )
        _hold(version, loaded)
    return loaded


def site_for_host(host: str) -> tuple[PortalSite, bool]:
    """Return the ``PortalSite`` serving ``host`` (with or without port) and whether the host is
    one of a site's own addresses (False: the neutral portal answers for an unknown host)."""
    return sites().resolve(normalise_host(host))


def _move_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (emptied): a new start from the clock
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)
    return True


def sites_changed(**kwargs):
    """Signal receiver: a site changed. Forget the sites now (so this process never serves the
    old ones) and again once the change commits (so no other process keeps what it read
    before the commit)."""
    forget_sites()
    transaction.on_commit(forget_sites, robust=True)


def forget_sites(**kwargs):
    """Forget the cached sites (also after the tables were flushed or migrated: no signal
    told)."""
    shared_cache.attempt(_move_version, fallback=False, what="moving the sites' version")


def assume_no_sites():
    """Start afresh on a database known to have no sites (a test's): forget the sites and
    remember that there are none, without asking the database. The next change to a site
    moves the version on, so nothing is assumed once a site exists."""
    forget_sites()
    version = shared_cache.attempt(_version, what="reading the sites' version")
    if version is not None:
        shared_cache.attempt(lambda: cache.set(_key(version), NO_SITES, CACHE_SECONDS))
        _hold(version, NO_SITES)


def council_sites() -> tuple[PortalSite, ...]:
    """Every site but the neutral portal, by name: the neutral home page lists them."""
    return sites().councils


def site_home_url(request, site: PortalSite) -> str:
    """The address of ``site``'s home page, on the scheme and port this request came in on (in
    the quick start: http://telford.localhost:8000/)."""
    _, port = split_domain_port(request.get_host())
    suffix = f":{port}" if port and port != ("443" if request.is_secure() else "80") else ""
    return f"{request.scheme}://{site.domain}{suffix}/"


def site_by_id(site_id: int | None) -> PortalSite | None:
    """Return the ``PortalSite`` whose ``Site`` has ``site_id`` (None: none has, or no id)."""
    if site_id is None:
        return None
    map_ = sites()
    for site in (*map_.councils, *((map_.neutral,) if map_.neutral else ())):
        if site.site_id == site_id:
            return site
    return None


def request_origin(request, site: PortalSite) -> str:
    """The address of ``site`` as this request reached the portal, without the final slash
    (kept with a subscription, so that its emails link back on the scheme and port served);
    "" for a site without an address (the portal's brand from settings)."""
    if not site.domain:
        return ""
    return site_home_url(request, site).rstrip("/")


def site_base_url(site: PortalSite | None, origin: str = "") -> str:
    """The base of absolute links to ``site`` (no final slash): its main address on the scheme
    and port of ``origin`` (an address it was reached at); the portal's ``PORTAL_BASE_URL``
    for no site or a site with no address."""
    if site is None or not site.domain:
        return settings.PORTAL_BASE_URL.rstrip("/")
    parts = urlsplit(origin or settings.PORTAL_BASE_URL)
    scheme = parts.scheme or "https"
    port = f":{parts.port}" if origin and parts.port else ""
    return f"{scheme}://{site.domain}{port}"
