from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding partnership"

    def ready(self):
        # Register this app's additions to the priorities pages and search.
        from safeguarding import extensions, search  # noqa: F401
