"""Celery tasks for email: thin wrappers that take ids and call ``outbox`` and ``occasions``.

Their names stay ``priorities.tasks.<name>`` (where they were first defined): messages queued
before a deploy still find them, and ``CELERY_BEAT_SCHEDULE`` names them so.

``send_notifications`` is queued after each status change commits; ``relay_pending_notifications``
(every 15 seconds, from beat) re-queues whatever that missed: Redis was down, a worker was killed,
or a retry is due. Delivery is idempotent, so a row queued twice is still sent once.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from priorities.notifications import occasions, outbox

logger = logging.getLogger(__name__)


@shared_task(
    name="priorities.tasks.send_notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_notifications(notification_ids):
    result = outbox.deliver_notifications(notification_ids)
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


@shared_task(name="priorities.tasks.relay_pending_notifications")
def relay_pending_notifications():
    """Queue, in batches, the outbox rows that are due and not being sent."""
    ids = list(outbox.due_for_relay().values_list("pk", flat=True)[:10_000])
    batch_size = settings.PORTAL_NOTIFICATION_BATCH_SIZE
    for start in range(0, len(ids), batch_size):
        send_notifications.apply_async((ids[start : start + batch_size],), retry=False)
    return len(ids)


@shared_task(name="priorities.tasks.send_weekly_digests", acks_late=True)
def send_weekly_digests():
    return occasions.send_weekly_digests()


@shared_task(name="priorities.tasks.send_meeting_packs", acks_late=True)
def send_meeting_packs():
    return occasions.send_meeting_packs()


@shared_task(name="priorities.tasks.send_stale_reminders", acks_late=True)
def send_stale_reminders():
    return occasions.send_stale_reminders()
