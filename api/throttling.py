"""The API's per-client rate limit: ``PORTAL_API_RATE_PER_IP`` requests a window per address.

It counts with ``portal.ratelimit.hit``, so it holds across processes through the shared cache
and falls back to per-process counters while that is down. A refused request gets 429 with
``Retry-After`` (Django REST framework's ``Throttled``).
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from rest_framework.throttling import BaseThrottle

from portal import ratelimit


class ApiRateThrottle(BaseThrottle):
    """Allow each client address ``PORTAL_API_RATE_PER_IP`` = (requests, seconds)."""

    def allow_request(self, request, view):
        limit, window = settings.PORTAL_API_RATE_PER_IP
        address = get_client_ip_address(request._request) or "unknown"
        self.verdict = ratelimit.hit("api", address, limit=limit, window=window)
        return self.verdict.allowed

    def wait(self):
        return self.verdict.retry_after
