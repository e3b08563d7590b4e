from django.apps import AppConfig

from portal.page_cache import PageCachePolicy


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities and scrutiny"
    page_cache = PageCachePolicy(
        namespaces=frozenset({"priorities", "discovery"}),
        # A report being built shows its progress.
        never_cached=frozenset(
            {"report_export", "report_export_status", "report_export_download", "committee_report"}
        ),
        # The outbox, report builds (background and stored), subscribers, review events,
        # heartbeats and update rounds.
        unshown_models=frozenset(
            {
                "notification",
                "delivery",
                "reportexport",
                "storedreportbuild",
                "subscriber",
                "subscription",
                "reviewevent",
                "heartbeat",
                "updateround",
            }
        ),
    )

    def ready(self):
        from priorities import officer_access, readiness

        officer_access.connect_signals()
        readiness.register()
