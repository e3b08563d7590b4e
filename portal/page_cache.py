"""Cached public pages for anonymous visitors, refreshed the moment anything changes.

A visitor with no cookies at all sees exactly what any other such visitor sees: no session, no
messages, no officer. ``AnonymousPageCacheMiddleware`` keeps the pages such visitors get (the
public site's pages, feeds and sitemap: the URL namespaces and views the apps'
``PageCachePolicy`` name) in the cache for ``PORTAL_PAGE_CACHE_SECONDS``, so a busy page is
rendered once, not once per visitor. It comes early in ``MIDDLEWARE`` (after the site, the
security headers, the Content Security Policy and the static files; before sessions, the user,
CSRF and messages), so a page from the cache costs one round trip to the cache and little else.

Every entry is marked with a *generation*. Saving or deleting any record of the portal's apps
(signals, below), or an import (which creates records in bulk), moves the generation on when
its transaction commits (one cache increment per save), so the next visitor gets a fresh page
at once: a published change is never hidden behind the cache. A response is kept only if it is
a 200 HTML or XML page that sets no cookie, used no CSRF token, changed no session, varies on
nothing but the cookies, and does not ask not to be cached.

Such a page is also sent with ``Cache-Control: public`` and validators (``portal.conditional``):
an ``ETag`` made of the generation, the page's *window* (pages show the clock too, so an entry
and its validators hold for ``PORTAL_PAGE_CACHE_SECONDS`` at most) and a digest of the site and
address, so a browser or a CDN asking again with it is answered ``304 Not Modified`` from the
generation alone, before any database query. Every other answer is ``private`` (``no-store``
for errors, forms with a visitor's token, and anyone signed in).

The cache failing never fails a page or a save (``portal.shared_cache``): with it down every
request is a miss and is rendered afresh. A generation move that could not be made is owed: this
process makes it before anything else once the cache answers again (at its next request, or the
relay's next run in a worker), so no page stays stale after an outage.
"""

import functools
import threading
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from portal import conditional, shared_cache


@dataclass(frozen=True)
class PageCachePolicy:
    """What an app tells the page cache, as its ``AppConfig.page_cache``: the URL namespaces of
    its public pages (cached), the URL names among them that must always be fresh, and the
    models whose saves change no public page. Every model of an app with a policy is watched:
    saving or deleting one makes the cached pages stale. The page cache names no app itself."""

    namespaces: frozenset[str] = frozenset()
    #: Views outside any namespace whose pages are cached too (the sitemap).
    url_names: frozenset[str] = frozenset()
    never_cached: frozenset[str] = frozenset()
    unshown_models: frozenset[str] = frozenset()


def _policies():
    return [
        (config, config.page_cache)
        for config in apps.get_app_configs()
        if isinstance(getattr(config, "page_cache", None), PageCachePolicy)
    ]


@functools.cache
def cached_namespaces() -> frozenset[str]:
    """The URL namespaces whose pages are cached, from every app's policy."""
    return frozenset().union(*(policy.namespaces for _, policy in _policies()))


@functools.cache
def cached_url_names() -> frozenset[str]:
    """The views outside any namespace whose pages are cached, from every app's policy."""
    return frozenset().union(*(policy.url_names for _, policy in _policies()))


@functools.cache
def never_cached() -> frozenset[str]:
    """URL names that are always fresh (a report being built shows its progress)."""
    return frozenset().union(*(policy.never_cached for _, policy in _policies()))


@functools.cache
def unshown_models() -> frozenset[str]:
    """Records whose saves change no public page (the outbox, report builds, subscribers)."""
    return frozenset().union(*(policy.unshown_models for _, policy in _policies()))


CACHED_CONTENT_TYPES = ("text/html", "application/xml", "application/atom+xml", "text/xml")

GENERATION_KEY = "page-cache:generation"


def _first_generation() -> int:
    """A generation no earlier life of the cache is likely to have used (the clock in
    milliseconds), so that validators a client kept from before the cache was emptied or
    restarted never match a different page after it."""
    return time.time_ns() // 1_000_000


def _read_generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        first = _first_generation()
        cache.add(GENERATION_KEY, first, timeout=None)
        value = cache.get(GENERATION_KEY, first)
    return value


def generation():
    """The current generation, or None while the cache is down (then nothing is cached)."""
    if _owed.is_set() and not move_owed_generation():
        return None
    return shared_cache.attempt(_read_generation, what="reading the page cache's generation")


def _move():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value makes old pages unused
        cache.set(GENERATION_KEY, _first_generation(), timeout=None)
    return True


#: Set while this process owes the cache a generation move it could not make.
_owed = threading.Event()


def move_generation_on():
    """Make every cached page stale: the next request for each renders it afresh. Never
    raises: when the cache is down the move is owed and made as soon as it is back."""
    if shared_cache.attempt(_move, fallback=False, what="moving the page cache's generation"):
        _owed.clear()
    else:
        _owed.set()


def move_owed_generation() -> bool:
    """Make the move this process owes, if any; True when nothing is owed any more."""
    if not _owed.is_set():
        return True
    move_generation_on()
    return not _owed.is_set()


def pages_changed(**kwargs):
    """Signal receiver: a record changed, so pages are stale once its transaction commits."""
    sender = kwargs.get("sender")
    model_name = getattr(getattr(sender, "_meta", None), "model_name", "")
    if model_name in unshown_models() or model_name.startswith("historical"):
        return
    transaction.on_commit(move_generation_on, robust=True)


def connect_signals():
    """Watch every model of the apps that have a ``PageCachePolicy`` (called from
    ``PortalConfig.ready``)."""
    for config, _ in _policies():
        for model in config.get_models():
            dispatch = f"page-cache-{model._meta.label_lower}"
            post_save.connect(pages_changed, sender=model, dispatch_uid=f"{dispatch}-save")
            post_delete.connect(pages_changed, sender=model, dispatch_uid=f"{dispatch}-delete")
    m2m_changed.connect(pages_changed, dispatch_uid="page-cache-m2m")


def _window(address: str, now: float) -> tuple[int, int]:
    """The request's *window*: which ``PORTAL_PAGE_CACHE_SECONDS``-long stretch of time it falls
    in, and when that began. Pages show the clock as well as the records (a meeting moves from
    "coming up" to "past" when it starts; an initiative becomes overdue at midnight), so a
    page's cache entry and validators hold for one window at most, as the cache's timeout did.
    Each address's windows start at its own offset, so the pages do not all expire at once."""
    length = settings.PORTAL_PAGE_CACHE_SECONDS
    offset = int(address[:8], 16) % length
    number = int(now + offset) // length
    return number, number * length - offset


@functools.lru_cache(maxsize=4096)
def _cached_path(urlconf, path_info) -> bool:
    """Whether the page at ``path_info`` is one the page cache keeps: its URL names a cached
    namespace (or view) and is not always fresh. Resolved once per path and process."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return False
    return (
        match.namespace in cached_namespaces() or match.view_name in cached_url_names()
    ) and match.url_name not in never_cached()


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _cached_path.cache_clear()


def _cacheable_request(request):
    return (
        settings.PORTAL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and _cached_path(
            getattr(request, "urlconf", None) or settings.ROOT_URLCONF, request.path_info
        )
    )


def _cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
        and response.get("Content-Type", "").startswith(CACHED_CONTENT_TYPES)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and "Content-Disposition" not in response
        # Whatever a page varies on besides the cookies would have to be in its key.
        and {name.strip().lower() for name in response.get("Vary", "cookie").split(",")}
        <= {"cookie"}
    )


@dataclass(frozen=True)
class PageRequest:
    """A cookieless request for a cached page: where its entry is kept, its validators."""

    key: str
    generation: int
    window: int
    window_start: int
    etag: str

    def last_modified(self) -> int | None:
        """When the page last changed, as far as the portal knows: when the data generation was
        first seen, or the start of the window if later."""
        seen = conditional.first_seen(self.generation)
        return None if seen is None else max(seen, self.window_start)


def _address(request) -> tuple[object, str]:
    """The site answering ``request`` (set by the sites' middleware, which portal does not
    import) and a digest of the site and the absolute address asked for: each site shows its
    own records and brand, and the links in feeds and the sitemap are absolute."""
    site = getattr(getattr(request, "portal_site", None), "site_id", None) or "portal"
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return site, conditional.digest(site, address)


def _key(request, address=None) -> str:
    """Where the page cache keeps the answer to ``request``."""
    site, digest = address or _address(request)
    return f"page-cache:{request.method}:site-{site}:{digest}"


def _read(key):
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        return _read_generation(), None
    return current, found.get(key)


def _look_up(request) -> tuple[PageRequest, object] | None:
    """The request's ``PageRequest`` and the page cache's entry for it (None if none), in one
    round trip to the cache; None while the cache is down (then nothing is cached)."""
    if _owed.is_set():
        return None
    address = _address(request)
    key = _key(request, address)
    found = shared_cache.attempt(lambda: _read(key), what="reading the page cache")
    if found is None:
        return None
    current, entry = found
    digest = address[1]
    window, window_start = _window(digest, time.time())
    page = PageRequest(
        key=key,
        generation=current,
        window=window,
        window_start=window_start,
        etag=f'W/"{current}.{window}-{digest}"',
    )
    return page, entry


#: Headers a stored page does not keep: each answer gets its own.
UNKEPT_HEADERS = frozenset({"set-cookie", "date", "x-page-cache"})


def _not_modified(page, request):
    """304 Not Modified for ``request``, with what a 200 would say about caching."""
    response = HttpResponseNotModified()
    conditional.add_public_headers(response, page.etag, None)
    patch_vary_headers(response, ["Cookie"])
    return response


def _private(request, response):
    """Make sure nothing but the visitor's own browser keeps ``response``, and nothing at all
    keeps an error, a form with its visitor's token, or what a signed-in visitor sees."""
    if "Cache-Control" in response:  # the view said (the API, never_cache, downloads)
        return response
    if response.status_code >= 400:
        response["Cache-Control"] = conditional.NO_STORE
    elif (
        response.cookies
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = "private"
    return response


class AnonymousPageCacheMiddleware:
    """Answer cookieless visitors' requests for public pages from the page cache (or with 304
    Not Modified), before the session, the user, CSRF and messages are looked at; keep what
    they are sent, with ``Cache-Control: public`` and validators for any shared cache. Every
    other answer is private.

    A stored page keeps the headers the middleware after this one added (``X-Frame-Options``,
    ``Vary``, ``Content-Length``), so an answer from the cache carries the same headers as the
    answer it was stored from; the middleware before it (security headers, the Content Security
    Policy) add theirs to both alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        move_owed_generation()
        if not _cacheable_request(request):
            return _private(request, self.get_response(request))
        found = _look_up(request)
        if found is None:  # the cache is down: rendered afresh, and still the same for all
            response = self.get_response(request)
            if not _cacheable_response(request, response):
                return _private(request, response)
            conditional.add_public_headers(response, None, None)
            patch_vary_headers(response, ["Cookie"])
            return response
        page, entry = found
        if conditional.not_modified(request, page.etag, page.last_modified, any_matches=False):
            return _not_modified(page, request)
        if entry is not None and entry[:2] == (page.generation, page.window):
            _, _, content, headers = entry
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not _cacheable_response(request, response):
            return _private(request, response)
        conditional.add_public_headers(response, page.etag, page.last_modified())
        patch_vary_headers(response, ["Cookie"])
        headers = {
            name: value for name, value in response.items() if name.lower() not in UNKEPT_HEADERS
        }
        entry = (page.generation, page.window, response.content, headers)
        shared_cache.attempt(
            lambda: cache.set(page.key, entry, settings.PORTAL_PAGE_CACHE_SECONDS),
            what="keeping a page in the page cache",
        )
        return response
