"""The web process's use of the shared cache (Redis in production), failing open.

The cache only makes the portal faster and keeps counters; nothing a visitor or an officer does
may fail because it is down. Every call to it from the web process goes through ``attempt``:

- an error from the cache (refused, timed out, reset) gives the caller its fallback value
  instead of raising: the page cache becomes a miss, rate limits count in this process
  (``portal.ratelimit``);
- after an error this process leaves the cache alone for ``PORTAL_CACHE_RETRY_SECONDS``, so a
  Redis that hangs costs one timeout now and then, not one per request;
- the outage is logged once when it starts and once when it ends, not once per request.

The socket timeouts that bound a single call are in the ``CACHES`` setting.
"""

import logging
import threading
import time

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: What a cache that is down raises: redis-py's errors, and the socket's own.
CACHE_ERRORS = (RedisError, OSError)


class _Outage:
    """This process's view of the shared cache: down until when, and whether that was said."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.reported = False

    def is_resting(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, error, what: str):
        from django.conf import settings

        with self.lock:
            self.down_until = time.monotonic() + settings.PORTAL_CACHE_RETRY_SECONDS
            first = not self.reported
            self.reported = True
        if first:
            logger.error(
                "The shared cache is unavailable (%s: %s, while %s). Pages are rendered "
                "without it and rate limits count per process until it is back.",
                type(error).__name__,
                error,
                what,
            )

    def succeeded(self):
        if not self.reported:
            return
        with self.lock:
            was_reported, self.reported = self.reported, False
        if was_reported:
            logger.warning("The shared cache is available again.")


outage = _Outage()


def is_available() -> bool:
    """False while this process is leaving the cache alone after an error."""
    return not outage.is_resting()


def attempt(operation, *, fallback=None, what="using the cache"):
    """Return ``operation()``, or ``fallback`` when the cache is down (or resting after an
    error). Never raises a cache error."""
    if outage.is_resting():
        return fallback
    try:
        result = operation()
    except CACHE_ERRORS as error:
        outage.failed(error, what)
        return fallback
    outage.succeeded()
    return result
