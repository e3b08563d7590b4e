"""System checks for how the portal is deployed."""

from django.conf import settings
from django.core import checks

#: Cache backends whose contents each process (or machine) keeps to itself.
PROCESS_LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }
)


@checks.register(checks.Tags.caches)
def shared_cache_check(app_configs=None, **kwargs):
    """Where ``PORTAL_REQUIRE_SHARED_CACHE`` is on (production), the default cache must be one
    every process shares: with a cache per process, a page one process cached stays stale
    after a save in another, and each process counts rate limits on its own."""
    if not getattr(settings, "PORTAL_REQUIRE_SHARED_CACHE", False):
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        checks.Error(
            f"The cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes.",
            hint="Set REDIS_URL to the Redis every web process and worker shares, e.g. "
            "redis://redis:6379/0. Without it each process would serve its own stale copy of "
            "a page another process changed, and count rate limits alone.",
            id="priorities.E001",
        )
    ]
