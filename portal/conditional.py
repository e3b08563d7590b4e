"""HTTP caching of what every visitor sees alike: validators from the data generation.

The page cache's *generation* (``portal.page_cache.generation``) moves on whenever a record any
public answer shows is saved or deleted, or a site changes. What the portal sends a visitor
without cookies (a public page, a feed, the sitemap, an API answer) depends only on the
generation and the address asked for (host, and so the site; path; query string), so it can be
validated without rendering it:

- ``ETag`` is the generation and a digest of the address (and of whatever else the caller
  names, such as the site);
- ``Last-Modified`` is when the generation was first seen (rounded up to the second), kept in
  the shared cache beside it;
- a request whose ``If-None-Match`` names the current tag (or, without one, whose
  ``If-Modified-Since`` is not before ``Last-Modified``) is answered ``304 Not Modified``: the
  callers decide this before any database query.

``Cache-Control`` lets browsers keep such an answer for ``PORTAL_BROWSER_CACHE_SECONDS`` and
shared caches (a CDN, a caching proxy) for ``PORTAL_CDN_CACHE_SECONDS``; after that they ask
again with the validators, which costs the portal a cache read. While the shared cache is down
there is no generation: answers then carry no validators and are rendered afresh.

Used by ``portal.page_cache`` (pages, feeds, the sitemap) and ``api.conditional`` (the API).
"""

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from portal import page_cache, shared_cache

#: Errors (400, 404, 429, 500) and answers for one visitor are never stored anywhere.
NO_STORE = "no-store"
#: How long the cache keeps when a generation was first seen: only needed while it is current.
FIRST_SEEN_SECONDS = 7 * 24 * 3600


def public_cache_control() -> str:
    """``Cache-Control`` of an answer every visitor without cookies gets alike."""
    return (
        f"public, max-age={settings.PORTAL_BROWSER_CACHE_SECONDS}, "
        f"s-maxage={settings.PORTAL_CDN_CACHE_SECONDS}"
    )


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int


def digest(*parts) -> str:
    """A short digest of the parts (an address, a site), for an ETag or a cache key."""
    return hashlib.sha256("\n".join(str(part) for part in parts).encode()).hexdigest()[:20]


def _first_seen(generation) -> int:
    key = f"conditional:generation-first-seen:{generation}"
    seen = cache.get(key)
    if seen is None:
        cache.add(key, math.ceil(time.time()), timeout=FIRST_SEEN_SECONDS)
        seen = cache.get(key)
    return seen


def first_seen(generation) -> int | None:
    """When ``generation`` was first seen (seconds since the epoch), or None with the cache
    down."""
    return shared_cache.attempt(
        lambda: _first_seen(generation), what="reading when the data last changed"
    )


def validators(request, *parts) -> Validators | None:
    """The validators of the answer to ``request`` (its absolute address, and ``parts``), or
    None while the shared cache is down."""
    generation = page_cache.generation()
    if generation is None:
        return None
    seen = first_seen(generation)
    if seen is None:
        return None
    address = digest(request.build_absolute_uri(), *parts)
    return Validators(etag=f'"{generation}-{address}"', last_modified=seen)


def etag_matches(if_none_match: str, etag: str, *, any_matches: bool = True) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, as for GET). ``*`` matches
    when ``any_matches``: callers that cannot tell whether an answer exists pass False."""
    tags = parse_etags(if_none_match)
    if "*" in tags:
        return any_matches
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


def not_modified(
    request, etag: str, last_modified: int | Callable[[], int | None] | None, **options
) -> bool:
    """Whether the client's copy (If-None-Match, else If-Modified-Since) is still current for a
    GET or HEAD. ``last_modified`` may be a function: it is called only for If-Modified-Since."""
    if request.method not in ("GET", "HEAD"):
        return False
    # From META, not request.headers: building the latter costs more than the rest of a page
    # from the cache.
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        return etag_matches(if_none_match, etag, **options)
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    since = parse_http_date_safe(if_modified_since) if if_modified_since else None
    if since is None:
        return False
    if callable(last_modified):
        last_modified = last_modified()
    return last_modified is not None and since >= last_modified


def add_public_headers(response, etag: str | None, last_modified: int | None):
    """Make ``response`` (a 200 or 304) storable by any cache, with its validators."""
    response["Cache-Control"] = public_cache_control()
    if etag is not None:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response
