"""Celery tasks: thin wrappers that take ids and call ``priorities.notifications.delivery``.

``send_notifications`` is queued after each status change commits; ``relay_pending_notifications``
(every 15 seconds, from beat) re-queues whatever that missed: Redis was down, a worker was killed,
or a retry is due. Delivery is idempotent, so a row queued twice is still sent once.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from priorities.notifications import delivery

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_notifications(notification_ids):
    result = delivery.deliver_notifications(notification_ids)
    return {"sent": result.sent, "failed": result.failed, "dead": result.dead}


def enqueue_notifications(notification_ids):
    """Queue the emails for ``notification_ids``; never raise, never wait on the broker.

    Called after a status change commits. If Redis is down the rows stay pending in the outbox
    and the relay sends them once it is back.
    """
    ids = list(notification_ids)
    batch_size = settings.PORTAL_NOTIFICATION_BATCH_SIZE
    for start in range(0, len(ids), batch_size):
        try:
            send_notifications.apply_async((ids[start : start + batch_size],), retry=False)
        except Exception:
            logger.warning(
                "Could not queue %s notifications; the relay will send them.",
                len(ids) - start,
                exc_info=True,
            )
            return


@shared_task
def relay_pending_notifications():
    """Queue, in batches, the outbox rows that are due and not being sent."""
    ids = list(delivery.due_for_relay().values_list("pk", flat=True)[:10_000])
    batch_size = settings.PORTAL_NOTIFICATION_BATCH_SIZE
    for start in range(0, len(ids), batch_size):
        send_notifications.apply_async((ids[start : start + batch_size],), retry=False)
    return len(ids)


@shared_task(acks_late=True)
def send_weekly_digests():
    return delivery.send_weekly_digests()


@shared_task(acks_late=True)
def send_meeting_packs():
    return delivery.send_meeting_packs()


@shared_task(acks_late=True)
def send_stale_reminders():
    return delivery.send_stale_reminders()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def build_report_export(export_id):
    """Build one large committee report (see ``priorities.reports.builds``)."""
    from priorities.reports import builds as jobs

    export = jobs.report_export_build(export_id=export_id)
    return export.state if export else "skipped"


@shared_task
def relay_report_exports():
    """Queue report builds that never started or whose worker died."""
    from priorities.reports import builds as jobs

    return jobs.report_exports_requeue_stalled()


@shared_task
def delete_expired_report_exports():
    from priorities.reports import builds as jobs

    return jobs.report_exports_delete_expired()
