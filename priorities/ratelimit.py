"""Fixed-window request counters in Django's cache (LocMem in development, Redis in production):
how often one address may subscribe, and one visitor may subscribe or download reports.

Addresses are hashed before they become cache keys, so the cache holds no email address.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

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


def hit(kind: str, value: str, *, limit: int, window: int) -> bool:
    """Count one request for ``value``; True while it is within ``limit`` per ``window``."""
    key = _key(kind, value, window)
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    return count <= limit


def allow_address(email: str) -> bool:
    limit, window = _limit("SUBSCRIBE_RATE_PER_ADDRESS", PER_ADDRESS)
    return hit("address", email.strip().lower(), limit=limit, window=window)


def allow_ip(ip: str | None) -> bool:
    limit, window = _limit("SUBSCRIBE_RATE_PER_IP", PER_IP)
    return hit("ip", ip or "unknown", limit=limit, window=window)


def allow_report_download(ip: str | None) -> bool:
    limit, window = settings.PORTAL_REPORT_RATE_PER_IP
    return hit("report", ip or "unknown", limit=limit, window=window)
