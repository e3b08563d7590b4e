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


@checks.register()
def email_delivery_check(app_configs=None, **kwargs):
    """``PORTAL_EMAIL_DELIVERY`` names a backend, and GOV.UK Notify has what it needs."""
    delivery = getattr(settings, "PORTAL_EMAIL_DELIVERY", "smtp")
    if delivery not in ("smtp", "notify"):
        return [
            checks.Error(
                f"PORTAL_EMAIL_DELIVERY is {delivery!r}.",
                hint='Set it to "smtp" (Django\'s EMAIL_BACKEND) or "notify" (GOV.UK Notify).',
                id="priorities.E002",
            )
        ]
    if delivery != "notify":
        return []
    missing = [
        name
        for name in ("GOVUK_NOTIFY_API_KEY", "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID")
        if not getattr(settings, name, "")
    ]
    if not missing:
        return []
    return [
        checks.Error(
            f"Emails go through GOV.UK Notify but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set.",
            hint="Set GOVUK_NOTIFY_API_KEY to a live API key of the council's Notify service and "
            "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID to the id of its ((subject)) / ((body)) email "
            'template (docs/operations.md, "Sending through GOV.UK Notify").',
            id="priorities.E002",
        )
    ]
