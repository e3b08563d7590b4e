"""Conditional requests for the API: validators from the portal's data generation.

The page cache's *generation* (``portal.page_cache.generation``) moves on whenever any public
record is saved or deleted. An API response is a function of the generation and the address
asked for (path, query string, host: the links in it are absolute), so:

- ``ETag`` is the generation and a digest of the absolute address;
- ``Last-Modified`` is when this generation was first seen (rounded up to the second), kept in
  the shared cache beside the generation;
- a request whose ``If-None-Match`` matches (or, without one, whose ``If-Modified-Since`` is
  not before ``Last-Modified``) is answered ``304 Not Modified`` before any database query.

While the shared cache is down there is no generation: answers carry no validators then and are
always rendered afresh.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from portal import page_cache, shared_cache

#: Browsers may reuse an answer for a minute, shared caches (a CDN) for five; after that they
#: revalidate with the validators, which costs the portal no database query.
CACHE_CONTROL = "public, max-age=60, s-maxage=300"
#: Errors (400, 404, 429) are never stored.
ERROR_CACHE_CONTROL = "no-store"


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int


def _first_seen(generation) -> int:
    key = f"api:generation-first-seen:{generation}"
    seen = cache.get(key)
    if seen is None:
        cache.add(key, math.ceil(time.time()), timeout=None)
        seen = cache.get(key)
    return seen


def validators(request) -> Validators | None:
    """Return the validators of the answer to ``request``, or None while the cache is down."""
    generation = page_cache.generation()
    if generation is None:
        return None
    seen = shared_cache.attempt(
        lambda: _first_seen(generation), what="reading when the API's data last changed"
    )
    if seen is None:
        return None
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:20]
    return Validators(etag=f'"{generation}-{digest}"', last_modified=seen)


def not_modified(request, current: Validators | None) -> bool:
    """Whether the client's copy (If-None-Match, else If-Modified-Since) is still current."""
    if current is None or request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        etags = parse_etags(if_none_match)
        weak = {tag.removeprefix("W/") for tag in etags}
        return "*" in etags or current.etag in weak
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and since >= current.last_modified


def add_headers(response, current: Validators | None):
    """Add the caching headers: validators and Cache-Control to a 200 or 304, no-store to
    anything else."""
    if response.status_code in (200, 304):
        response["Cache-Control"] = CACHE_CONTROL
        if current is not None:
            response["ETag"] = current.etag
            response["Last-Modified"] = http_date(current.last_modified)
    else:
        response["Cache-Control"] = ERROR_CACHE_CONTROL
    patch_vary_headers(response, ["Origin"])
    return response
