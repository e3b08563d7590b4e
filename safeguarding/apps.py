from django.apps import AppConfig

from portal.page_cache import PageCachePolicy


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding partnership"
    page_cache = PageCachePolicy(namespaces=frozenset({"safeguarding"}))

    def ready(self):
        # Register this app's additions to the priorities pages and search.
        from safeguarding import extensions, search  # noqa: F401
