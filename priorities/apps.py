from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities and scrutiny"

    def ready(self):
        from priorities import officer_access, page_cache

        page_cache.connect_signals()
        officer_access.connect_signals()
