"""Fixed-window request counters in Django's cache (LocMem in development, Redis in production):
how often one address may subscribe, and one visitor may subscribe or download reports.

Addresses are hashed before they become cache keys, so the cache holds no email address.

When the shared cache is down (``portal.shared_cache``) the counters are kept in this
process's memory instead: each process then allows the limit on its own, so the limit still
holds per process (a few times looser across a deployment's processes, never off) until the
cache is back.
"""

import hashlib
import math
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from portal import shared_cache

HOUR = 60 * 60

#: (requests, window in seconds); settings may override either.
PER_ADDRESS = (5, HOUR)
PER_IP = (20, HOUR)


def _limit(name, default):
    return getattr(settings, name, default)


def _key(kind: str, value: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:32]
    bucket = int(time.time() // window)
    return f"ratelimit:{kind}:{digest}:{bucket}"


class Verdict(NamedTuple):
    """Whether a request is allowed; if not, how many seconds until the window starts anew
    (for ``Retry-After`` and for saying when to try again). True when allowed."""

    allowed: bool
    retry_after: int

    def __bool__(self):
        return self.allowed

    def wait_in_words(self) -> str:
        """ "1 minute", "25 minutes", "1 hour": the wait, rounded up to a whole minute."""
        minutes = max(1, math.ceil(self.retry_after / 60))
        if minutes >= 60 and minutes % 60 == 0:
            hours = minutes // 60
            return f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{minutes} minute{'s' if minutes != 1 else ''}"


def too_many_requests(response, verdict: Verdict):
    """Mark a refusal page as HTTP 429 with ``Retry-After``, never stored by a cache."""
    response.status_code = 429
    response["Retry-After"] = str(verdict.retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


#: The counters used while the shared cache is down: this process's own.
local_counters = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _count(counters, key, window) -> int:
    counters.add(key, 0, timeout=window + 60)
    try:
        return counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.set(key, 1, timeout=window + 60)
        return 1


def hit(kind: str, value: str, *, limit: int, window: int) -> Verdict:
    """Count one request for ``value``; allowed while it is within ``limit`` per ``window``."""
    key = _key(kind, value, window)
    count = shared_cache.attempt(
        lambda: _count(cache, key, window), what="counting requests for a rate limit"
    )
    if count is None:
        count = _count(local_counters, key, window)
    retry_after = max(1, math.ceil(window - time.time() % window))
    return Verdict(count <= limit, retry_after)


def allow_address(email: str) -> Verdict:
    limit, window = _limit("SUBSCRIBE_RATE_PER_ADDRESS", PER_ADDRESS)
    return hit("address", email.strip().lower(), limit=limit, window=window)


def allow_ip(ip: str | None) -> Verdict:
    limit, window = _limit("SUBSCRIBE_RATE_PER_IP", PER_IP)
    return hit("ip", ip or "unknown", limit=limit, window=window)


def allow_report_download(ip: str | None) -> Verdict:
    """Count one report *build* for ``ip``: a report served from its stored build (the same
    report, unchanged since someone downloaded it) is not counted."""
    limit, window = settings.PORTAL_REPORT_RATE_PER_IP
    return hit("report", ip or "unknown", limit=limit, window=window)
