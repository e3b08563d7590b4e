"""Celery tasks for update rounds: thin wrappers over ``rounds.emails``, safe to run twice.

Named ``priorities.tasks.<name>`` like the portal's other tasks. ``send_round_opened_emails``
is queued when a round opens; beat's ``send_round_reminders`` sends the reminders that are due
and, should a queued opening have been lost (Redis down), the opening emails not yet sent.
"""

import logging

from celery import shared_task
from django.db import DatabaseError

# Closing a round queues its report's build by the task's name (reports.builds): importing the
# task's module registers it in this process too, the web's included.
import priorities.reports.tasks  # noqa: F401
from priorities.models import UpdateRound
from priorities.rounds import emails

logger = logging.getLogger(__name__)


@shared_task(
    name="priorities.tasks.send_round_opened_emails",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def send_round_opened_emails(round_id):
    update_round = UpdateRound.objects.select_related("organisation", "plan").filter(pk=round_id)
    update_round = update_round.first()
    if update_round is None:
        return 0
    return emails.send_round_opened_emails(update_round)


@shared_task(name="priorities.tasks.send_round_reminders", acks_late=True)
def send_round_reminders():
    opened = sum(
        emails.send_round_opened_emails(update_round)
        for update_round in UpdateRound.objects.open().select_related("organisation", "plan")
    )
    return opened + emails.send_round_reminders()


def enqueue_round_opened_emails(round_id):
    """Queue the opening emails of ``round_id``; never raise (beat sends them if this fails)."""
    try:
        send_round_opened_emails.apply_async((round_id,), retry=False)
    except Exception:
        logger.warning(
            "Could not queue the opening emails of round %s; beat will send them.",
            round_id,
            exc_info=True,
        )
