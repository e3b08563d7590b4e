"""Conditional requests for the API: validators from the portal's data generation.

An API response is a function of the generation and the address asked for (path, query string,
host: the links in it are absolute), so its validators come from ``portal.conditional``, as the
public pages' do: ``ETag`` from the generation and a digest of the absolute address,
``Last-Modified`` from when the generation was first seen, and a request whose ``If-None-Match``
matches (or, without one, whose ``If-Modified-Since`` is not before ``Last-Modified``) is
answered ``304 Not Modified`` before any database query.

While the shared cache is down there is no generation: answers carry no validators then and are
always rendered afresh.
"""

from django.utils.cache import patch_vary_headers

from portal import conditional
from portal.conditional import Validators

#: Errors (400, 404, 429) are never stored.
ERROR_CACHE_CONTROL = conditional.NO_STORE

__all__ = ["ERROR_CACHE_CONTROL", "Validators", "add_headers", "not_modified", "validators"]


def validators(request) -> Validators | None:
    """Return the validators of the answer to ``request``, or None while the cache is down."""
    return conditional.validators(request)


def not_modified(request, current: Validators | None) -> bool:
    """Whether the client's copy (If-None-Match, else If-Modified-Since) is still current."""
    if current is None:
        return False
    return conditional.not_modified(request, current.etag, current.last_modified)


def add_headers(response, current: Validators | None):
    """Add the caching headers: validators and Cache-Control to a 200 or 304, no-store to
    anything else."""
    if response.status_code in (200, 304):
        conditional.add_public_headers(
            response,
            current.etag if current else None,
            current.last_modified if current else None,
        )
    else:
        response["Cache-Control"] = ERROR_CACHE_CONTROL
    patch_vary_headers(response, ["Origin"])
    return response
