"""Which site a host name belongs to, as a ``PortalSite``: everything a request needs of its
site (brand, organisations covered, contacts) in one small value the shared cache can keep.

A host matches a ``Site``'s domain or one of its ``SiteAlias`` addresses; any other host gets the
neutral portal (or, with no neutral site configured, the portal's own brand from settings).
Resolutions are kept in the shared cache under a version that every change to a site moves at
once (and again when its transaction commits), so a new address or brand is served at the next
request. With the cache down every request resolves from the database (``portal.shared_cache``).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import DatabaseError, transaction

from portal import shared_cache
from portal_sites.models import DEFAULT_HEADER_COLOUR, SiteAlias, SiteProfile, normalise_host

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
        """ "Name <address>" for the From header, or "" to use the portal's default sender."""
        if not self.email_sender_address:
            return ""
        if not self.email_sender_name:
            return self.email_sender_address
        from email.utils import formataddr

        return formataddr((self.email_sender_name, self.email_sender_address))

    @property
    def hosts(self) -> tuple[str, ...]:
        return (self.domain, *self.aliases) if self.domain else self.aliases

    def covers(self, organisation_id) -> bool:
        return self.organisation_ids is None or organisation_id in self.organisation_ids


def settings_site() -> PortalSite:
    """The portal's own neutral brand, from settings: for a portal with no neutral site."""
    return PortalSite(
        site_id=None,
        domain="",
        name_shown=settings.PORTAL_NAME,
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


def _profiles():
    return SiteProfile.objects.select_related("site")


def _profile_for_host(host: str) -> SiteProfile | None:
    """The profile of the site at ``host`` (domain or alias), or None."""
    profile = _profiles().filter(site__domain__iexact=host).first()
    if profile is None:
        alias = SiteAlias.objects.filter(host=host).select_related("profile__site").first()
        profile = alias.profile if alias else None
    return profile


def resolve_from_database(host: str) -> tuple[PortalSite, bool]:
    """Return the site at ``host`` and whether the host is one of a site's addresses. With the
    database down: the portal's own brand, and the host taken as known (pages that need the
    database fail on their own; /healthz still answers)."""
    try:
        return _resolve_from_database(host)
    except DatabaseError:
        return settings_site(), True


def _resolve_from_database(host):
    profile = _profile_for_host(host)
    if profile is not None:
        return portal_site_from_profile(profile), True
    neutral = _profiles().filter(is_neutral=True).first()
    return (portal_site_from_profile(neutral) if neutral else settings_site()), False


def _version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return value


def site_for_host(host: str) -> tuple[PortalSite, bool]:
    """Return the ``PortalSite`` serving ``host`` (with or without port) and whether the host is
    one of a site's own addresses (False: the neutral portal answers for an unknown host)."""
    host = normalise_host(host)
    version = shared_cache.attempt(_version, what="reading the sites' version")
    if version is None:
        return resolve_from_database(host)
    key = f"portal-sites:{version}:{host}"
    cached = shared_cache.attempt(lambda: cache.get(key), what="reading a site")
    if cached is not None:
        return cached
    try:
        resolved = _resolve_from_database(host)
    except DatabaseError:
        return settings_site(), True
    shared_cache.attempt(
        lambda: cache.set(key, resolved, CACHE_SECONDS), what="keeping a site in the cache"
    )
    return resolved


def _move_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    return True


def sites_changed(**kwargs):
    """Signal receiver: a site changed. Forget every resolution now (so this process never
    serves the old one) and again once the change commits (so no other process keeps one it
    made from the data before the commit)."""
    shared_cache.attempt(_move_version, fallback=False, what="moving the sites' version")
    transaction.on_commit(
        lambda: shared_cache.attempt(
            _move_version, fallback=False, what="moving the sites' version"
        ),
        robust=True,
    )


def forget_sites(**kwargs):
    """Forget every resolution (after the tables were flushed or migrated: no signal told)."""
    shared_cache.attempt(_move_version, fallback=False, what="moving the sites' version")


def council_sites() -> list[PortalSite]:
    """Every site but the neutral portal, by name: the neutral home page lists them."""
    return [
        portal_site_from_profile(profile)
        for profile in _profiles()
        .filter(is_neutral=False)
        .prefetch_related("organisations", "aliases")
        .order_by("name_shown")
    ]


def configured_hosts() -> frozenset[str]:
    """Every address of every site."""
    domains = Site.objects.values_list("domain", flat=True)
    aliases = SiteAlias.objects.values_list("host", flat=True)
    return frozenset(normalise_host(host) for host in [*domains, *aliases])
