from django.apps import AppConfig

from portal.page_cache import PageCachePolicy


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"
    #: The fixed pages (covering your tracks, accessibility, cookies) are cached too, and the
    #: project's sitemap.
    page_cache = PageCachePolicy(namespaces=frozenset({"pages"}), url_names=frozenset({"sitemap"}))

    def ready(self):
        from portal import checks, page_cache  # noqa: F401 (checks register)

        page_cache.connect_signals()
