"""The site the current request came to, for code that has no request at hand (querysets).

``CurrentSiteMiddleware`` sets it for each request and clears it after; outside a request (a
worker, a management command) there is none, and nothing is restricted by site.
"""

import contextlib
import contextvars

_current_site = contextvars.ContextVar("portal_current_site", default=None)


def current_site():
    """Return the ``PortalSite`` of the request being answered, or None outside a request."""
    return _current_site.get()


@contextlib.contextmanager
def serving(site):
    """Answer as ``site`` inside the block (a request, or a task acting for a site)."""
    token = _current_site.set(site)
    try:
        yield site
    finally:
        _current_site.reset(token)
