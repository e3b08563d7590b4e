from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities and scrutiny"

    def ready(self):
        from priorities import checks, officer_access, page_cache  # noqa: F401 (checks register)

        page_cache.connect_signals()
        officer_access.connect_signals()
