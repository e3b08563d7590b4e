"""The round's emails to owners, each sent once (``occasions.send_once`` and its ``Delivery``
rows): one when the round opens, listing every initiative the owner is to update, and one
reminder a few days before the deadline to each owner still outstanding."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from priorities.models import DeliveryKind, UpdateRound
from priorities.notifications.occasions import send_once
from priorities.rounds.selectors import owner_name, round_progress
from priorities.subscribing.links import absolute


def post_update_url(initiative, update_round):
    """The admin's "post an update" page for ``initiative``, filled in for the round."""
    query = urlencode({"initiative": initiative.pk, "round": update_round.pk})
    return absolute(f"{reverse('admin:priorities_initiativeupdate_add')}?{query}")


def round_admin_url(update_round):
    return absolute(reverse("admin:priorities_updateround_change", args=[update_round.pk]))


def opened_subject(update_round):
    """The opening email's subject, naming the organisation first (an officer may be in rounds
    of several)."""
    return (
        f"{update_round.organisation.display_name}: {update_round.name}, please update your "
        f"initiatives by {update_round.due_on:%-d %B %Y}"
    )


def reminder_subject(update_round):
    return (
        f"{update_round.organisation.display_name}: reminder, {update_round.name} updates are "
        f"due on {update_round.due_on:%-d %B %Y}"
    )


def _owner_email(owner, update_round, items, *, subject, template):
    context = {
        "owner": owner,
        "owner_name": owner.first_name or owner_name(owner),
        "round": update_round,
        "organisation": update_round.organisation,
        "plan": update_round.plan,
        "items": [
            {
                "initiative": item.initiative,
                "post_update_url": post_update_url(item.initiative, update_round),
            }
            for item in items
        ],
        "subject": subject,
        "round_admin_url": round_admin_url(update_round),
        "portal_name": settings.PORTAL_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/rounds/{template}.txt", context),
        to=[owner.email],
    )
    message.attach_alternative(
        render_to_string(f"emails/rounds/{template}.html", context), "text/html"
    )
    return message


def _reachable(owner):
    return bool(owner.email) and owner.is_active


def send_round_opened_emails(update_round) -> int:
    """Send each owner of an initiative in the open ``update_round`` one email listing all
    their initiatives to update; return how many went (none the second time)."""
    if not update_round.is_open:
        return 0
    sent = 0
    for entry in round_progress(update_round).owners:
        if not _reachable(entry.owner):
            continue

        def build(owner=entry.owner, items=entry.initiatives):
            return _owner_email(
                owner,
                update_round,
                items,
                subject=opened_subject(update_round),
                template="opened",
            )

        key = f"round:{update_round.pk}:user:{entry.owner.pk}"
        sent += send_once(DeliveryKind.ROUND_OPENED, key, build)
    return sent


def rounds_due_a_reminder(today):
    """Open rounds whose reminder day (``due_on`` less ``reminder_days``) has come, opened
    before ``today`` (the opening email has only just gone on the day it opens)."""
    start_of_today = datetime.datetime.combine(
        today, datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    return [
        update_round
        for update_round in UpdateRound.objects.open()
        .filter(opened_at__lt=start_of_today)
        .select_related("organisation", "plan")
        .order_by("due_on", "pk")
        if update_round.due_on - datetime.timedelta(days=update_round.reminder_days) <= today
    ]


def send_round_reminders(now=None) -> int:
    """Remind each owner still outstanding in each open round due a reminder, once per round
    and owner, of the initiatives they have not updated; return how many went."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    for update_round in rounds_due_a_reminder(today):
        for entry in round_progress(update_round).owners:
            outstanding = entry.outstanding
            if not outstanding or not _reachable(entry.owner):
                continue

            def build(owner=entry.owner, items=outstanding, update_round=update_round):
                return _owner_email(
                    owner,
                    update_round,
                    items,
                    subject=reminder_subject(update_round),
                    template="reminder",
                )

            key = f"round:{update_round.pk}:user:{entry.owner.pk}"
            sent += send_once(DeliveryKind.ROUND_REMINDER, key, build)
    return sent
