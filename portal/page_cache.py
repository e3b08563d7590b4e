"""Cached public pages for anonymous visitors, refreshed the moment anything changes.

A visitor with no cookies at all sees exactly what any other such visitor sees: no session, no
messages, no officer. ``AnonymousPageCacheMiddleware`` keeps the pages such visitors get (the
public site's pages, feeds and sitemap: the URL namespaces the apps'
``PageCachePolicy`` name) in the
cache for ``PORTAL_PAGE_CACHE_SECONDS``, so a busy page is rendered once, not once per visitor.

Every cache key includes a *generation*. Saving or deleting any record of the portal's apps
(signals, below), or an import (which creates records in bulk), moves the generation on when
its transaction commits (one cache increment per save), so the next visitor gets a fresh page
at once: a published change is never hidden behind the cache. A response is kept only if it is
a 200 HTML or XML page that sets no cookie, used no CSRF token, changed no session, and does
not ask not to be cached.

The cache failing never fails a page or a save (``portal.shared_cache``): with it down every
request is a miss and is rendered afresh. A generation move that could not be made is owed: this
process makes it before anything else once the cache answers again (at its next request, or the
relay's next run in a worker), so no page stays stale after an outage.
"""

import functools
import hashlib
import threading
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from portal import shared_cache


@dataclass(frozen=True)
class PageCachePolicy:
    """What an app tells the page cache, as its ``AppConfig.page_cache``: the URL namespaces of
    its public pages (cached), the URL names among them that must always be fresh, and the
    models whose saves change no public page. Every model of an app with a policy is watched:
    saving or deleting one makes the cached pages stale. The page cache names no app itself."""

    namespaces: frozenset[str] = frozenset()
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
def never_cached() -> frozenset[str]:
    """URL names that are always fresh (a report being built shows its progress)."""
    return frozenset().union(*(policy.never_cached for _, policy in _policies()))


@functools.cache
def unshown_models() -> frozenset[str]:
    """Records whose saves change no public page (the outbox, report builds, subscribers)."""
    return frozenset().union(*(policy.unshown_models for _, policy in _policies()))


CACHED_CONTENT_TYPES = ("text/html", "application/xml", "application/atom+xml", "text/xml")

GENERATION_KEY = "page-cache:generation"

#: Response headers a cached page keeps (the policy headers are added afresh on every answer).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")


def _read_generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def generation():
    """The current generation, or None while the cache is down (then nothing is cached)."""
    if _owed.is_set() and not move_owed_generation():
        return None
    return shared_cache.attempt(_read_generation, what="reading the page cache's generation")


def _move():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value makes old keys unused
        cache.set(GENERATION_KEY, 2, timeout=None)
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


def _key(request):
    """The request's cache key, or None while the cache is down."""
    current = generation()
    if current is None:
        return None
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    # The site the request came to (set by the sites' middleware, which portal does not
    # import): each site shows its own records and brand, so each has its own pages.
    site = getattr(getattr(request, "portal_site", None), "site_id", None) or "portal"
    return f"page-cache:{current}:{request.method}:site-{site}:{request.get_host()}:{digest}"


def _cacheable_request(request):
    match = request.resolver_match
    return (
        settings.PORTAL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and match is not None
        and match.namespace in cached_namespaces()
        and match.url_name not in never_cached()
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
    )


class AnonymousPageCacheMiddleware:
    """Answer cookieless visitors from the page cache; keep what they are sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        move_owed_generation()
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and _cacheable_response(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            page = (response.content, headers)
            shared_cache.attempt(
                lambda: cache.set(key, page, settings.PORTAL_PAGE_CACHE_SECONDS),
                what="keeping a page in the page cache",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _cacheable_request(request):
            return None
        key = _key(request)
        if key is None:
            return None
        cached = shared_cache.attempt(lambda: cache.get(key), what="reading the page cache")
        if cached is None:
            request._page_cache_key = key
            return None
        content, headers = cached
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "hit"
        patch_vary_headers(response, ["Cookie"])
        return response
