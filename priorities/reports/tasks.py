"""Celery tasks for committee reports built in the background (``priorities.reports.builds``).

Their names stay ``priorities.tasks.<name>`` (where they were first defined): messages queued
before a deploy still find them, and ``CELERY_BEAT_SCHEDULE`` names them so.
"""

from celery import shared_task
from django.db import DatabaseError

from priorities.reports import builds, stored


@shared_task(
    name="priorities.tasks.build_report_export",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def build_report_export(export_id):
    """Build one large committee report (see ``priorities.reports.builds``)."""
    export = builds.report_export_build(export_id=export_id)
    return export.state if export else "skipped"


@shared_task(name="priorities.tasks.relay_report_exports")
def relay_report_exports():
    """Queue report builds that never started or whose worker died."""
    return builds.report_exports_requeue_stalled()


@shared_task(name="priorities.tasks.delete_expired_report_exports")
def delete_expired_report_exports():
    """Delete expired background builds, and stored builds that are superseded or expired
    (``priorities.reports.stored.delete_superseded``); hourly, from beat."""
    return builds.report_exports_delete_expired() + stored.delete_superseded()
