from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Calendars of meetings and each site's data set as a download (on top of the domain apps:
    it reads ``priorities`` and ``safeguarding``; nothing imports it)."""

    name = "opendata"
    verbose_name = "Open data"
