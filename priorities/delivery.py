"""Sending the portal's emails: the notification outbox, weekly digests, meeting packs and
reminders. The Celery tasks in ``priorities/tasks.py`` only call these.

The outbox (``Notification``) is written with each status change. ``deliver_notifications``
claims the rows it was given that are due, sends them over one SMTP connection and marks each
row sent as soon as the server accepts its email. A claim is a lease: the rows' ``next_attempt_at``
moves ``PORTAL_NOTIFICATION_CLAIM_SECONDS`` ahead, so no other worker takes them meanwhile, and a
worker that dies leaves them due again once the lease ends (the relay then re-queues them). At
most the one email in flight when a worker dies can go twice.

Digests, meeting packs and reminders go once per occasion: each inserts a ``Delivery`` row
(kind, key) before sending; the unique constraint turns a second run into a no-op. One model and
one rule for all three.
"""

import contextlib
import datetime
import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from priorities import selectors
from priorities.models import (
    AgendaItem,
    Delivery,
    DeliveryKind,
    Frequency,
    Initiative,
    Meeting,
    MeetingStatus,
    Notification,
    NotificationState,
    StatusChange,
    Subscriber,
    Subscription,
    SubscriptionScope,
)
from priorities.subscription_links import (
    absolute,
    list_unsubscribe_headers,
    manage_url,
    unsubscribe_url,
)

logger = logging.getLogger(__name__)

#: The longest wait between two attempts at one email.
MAX_RETRY_DELAY = datetime.timedelta(hours=12)
_random = secrets.SystemRandom()


# Building emails ---------------------------------------------------------------------------


def _fallback_build_email(*, subscriber, subject, template, context):
    """Build a subscriber's email from templates/emails/<template>.txt and .html (used only
    where ``priorities.subscribing.emails`` is missing)."""
    context = {
        "subscriber": subscriber,
        "subject": subject,
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "portal_name": settings.PORTAL_NAME,
        "portal_url": absolute("/"),
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}.txt", context),
        to=[subscriber.email],
        headers=list_unsubscribe_headers(subscriber),
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def build_subscriber_email(*, subscriber, subject, template, context):
    """Build an email to a subscriber, with manage and one-click unsubscribe links."""
    try:
        from priorities.subscribing.emails import build_email
    except ImportError:
        build_email = _fallback_build_email
    return build_email(subscriber=subscriber, subject=subject, template=template, context=context)


#: Subjects never name an initiative, meeting or committee: someone else may see the inbox, and a
#: title can say more than the recipient would want shown ("domestic abuse", "child protection").
STATUS_CHANGE_SUBJECT = "An update you follow"
REMINDER_SUBJECT = "An initiative you own needs an update"


def meeting_pack_subject(meeting) -> str:
    return f"A meeting you follow: {timezone.localtime(meeting.starts_at):%-d %B %Y}"


def status_change_url(status_change) -> str:
    return absolute(
        f"{status_change.initiative.get_absolute_url()}#status-change-{status_change.pk}"
    )


def status_change_email(notification, url=None):
    status_change = notification.status_change
    initiative = status_change.initiative
    return build_subscriber_email(
        subscriber=notification.subscriber,
        subject=STATUS_CHANGE_SUBJECT,
        template="notify_status_change",
        context={
            "status_change": status_change,
            "initiative": initiative,
            "meeting": status_change.meeting,
            "from_label": status_change.get_from_status_display(),
            "to_label": status_change.get_to_status_display(),
            "url": url or status_change_url(status_change),
        },
    )


# The outbox --------------------------------------------------------------------------------


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0


def _due(now):
    """Rows that may be sent now: waiting, and not leased to a worker or waiting for a retry."""
    return Q(state__in=[NotificationState.PENDING, NotificationState.FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def due_for_relay(now=None):
    """Rows the relay re-queues: pending rows whose own task should have sent them by now, and
    rows whose retry time or claim has passed."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.PORTAL_RELAY_AFTER_SECONDS)
    return Notification.objects.filter(
        Q(state=NotificationState.PENDING, next_attempt_at__isnull=True, created_at__lte=stale)
        | Q(
            state__in=[NotificationState.PENDING, NotificationState.FAILED],
            next_attempt_at__lte=now,
        )
    ).order_by("created_at", "pk")


def oldest_pending_age(now=None) -> int:
    """Return the age in seconds of the oldest email still to send (0 when none)."""
    now = now or timezone.now()
    oldest = (
        Notification.objects.filter(state__in=[NotificationState.PENDING, NotificationState.FAILED])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(0, int((now - oldest).total_seconds())) if oldest else 0


def claim_notifications(notification_ids, now=None) -> list[int]:
    """Lease the due rows among ``notification_ids`` to this worker; return their ids."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=settings.PORTAL_NOTIFICATION_CLAIM_SECONDS)
    with transaction.atomic():
        rows = Notification.objects.filter(_due(now), pk__in=list(notification_ids))
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = list(rows.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=claimed).update(next_attempt_at=lease)
    return claimed


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter: about base × 2^(attempts-1), ±25%, at most 12 hours."""
    base = settings.PORTAL_NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    delay = min(base, MAX_RETRY_DELAY.total_seconds())
    return datetime.timedelta(seconds=delay * _random.uniform(0.75, 1.25))


def _mark_sent(notification):
    Notification.objects.filter(pk=notification.pk).update(
        state=NotificationState.SENT,
        sent_at=timezone.now(),
        attempts=notification.attempts + 1,
        next_attempt_at=None,
        last_error="",
    )


def _mark_dead(notification, reason):
    Notification.objects.filter(pk=notification.pk).update(
        state=NotificationState.DEAD, next_attempt_at=None, last_error=reason
    )


def _mark_failed(notification, error) -> str:
    attempts = notification.attempts + 1
    gave_up = attempts >= settings.PORTAL_NOTIFICATION_MAX_ATTEMPTS
    Notification.objects.filter(pk=notification.pk).update(
        state=NotificationState.DEAD if gave_up else NotificationState.FAILED,
        attempts=attempts,
        next_attempt_at=None if gave_up else timezone.now() + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    return NotificationState.DEAD if gave_up else NotificationState.FAILED


def _why_not_send(notification, public_initiatives) -> str:
    subscriber = notification.subscriber
    if subscriber.unsubscribed_at is not None:
        return "unsubscribed"
    if subscriber.confirmed_at is None:
        return "not confirmed"
    if notification.status_change.initiative_id not in public_initiatives:
        return "initiative no longer published"
    return ""


def deliver_notifications(notification_ids, *, now=None) -> DeliveryResult:
    """Send the due outbox rows among ``notification_ids`` over one SMTP connection."""
    result = DeliveryResult()
    claimed = claim_notifications(notification_ids, now=now)
    result.skipped = len(set(notification_ids)) - len(claimed)
    if not claimed:
        return result
    notifications = list(
        Notification.objects.filter(pk__in=claimed)
        .select_related(
            "subscriber",
            "status_change__initiative__organisation",
            "status_change__meeting__committee__organisation",
        )
        .order_by("pk")
    )
    public_initiatives = set(
        Initiative.public_objects.filter(
            pk__in={n.status_change.initiative_id for n in notifications}
        ).values_list("pk", flat=True)
    )
    urls = {}
    smtp = get_connection(fail_silently=False)
    try:
        smtp.open()
    except Exception as error:
        logger.warning("Could not connect to the mail server: %s", error)
        for notification in notifications:
            state = _mark_failed(notification, error)
            result.dead += state == NotificationState.DEAD
            result.failed += state == NotificationState.FAILED
        return result
    try:
        for notification in notifications:
            reason = _why_not_send(notification, public_initiatives)
            if reason:
                _mark_dead(notification, reason)
                result.dead += 1
                continue
            try:
                change = notification.status_change
                if change.pk not in urls:
                    urls[change.pk] = status_change_url(change)
                message = status_change_email(notification, urls[change.pk])
                if not smtp.send_messages([message]):
                    raise smtplib.SMTPException("the mail server accepted no recipient")
            except Exception as error:
                logger.warning("Email for notification %s failed: %s", notification.pk, error)
                state = _mark_failed(notification, error)
                result.dead += state == NotificationState.DEAD
                result.failed += state == NotificationState.FAILED
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    smtp = _reconnect(smtp)
                continue
            _mark_sent(notification)
            result.sent += 1
    finally:
        smtp.close()
    return result


def _reconnect(smtp):
    with contextlib.suppress(Exception):  # already broken; a new connection follows
        smtp.close()
    try:
        smtp.open()
    except Exception as error:
        logger.warning("Could not reconnect to the mail server: %s", error)
    return smtp


# Once-only deliveries ----------------------------------------------------------------------


def _claim_occasion(kind, key) -> Delivery | None:
    """Insert the (kind, key) row; return None when an earlier run already has it."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(kind=kind, key=key)
    except IntegrityError:
        return None


def send_once(kind, key, build_message) -> bool:
    """Send the message ``build_message()`` returns unless (kind, key) has gone already.

    Returns True when it sent. A failed send releases the claim so that the next run retries.
    """
    claim = _claim_occasion(kind, key)
    if claim is None:
        return False
    try:
        message = build_message()
        message.send(fail_silently=False)
    except Exception:
        claim.delete()
        raise
    Delivery.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return True


# Weekly digests ----------------------------------------------------------------------------


def digest_week_starting(today: datetime.date) -> datetime.date:
    """The Monday of the last full week before ``today``."""
    return today - datetime.timedelta(days=today.weekday() + 7)


def _subscription_condition(subscription) -> Q:
    """Which status changes a subscription follows."""
    scope = subscription.scope
    if scope == SubscriptionScope.EVERYTHING:
        return Q(pk__isnull=False)  # not Q(): an empty Q drops out of an OR
    if scope == SubscriptionScope.INITIATIVE:
        return Q(initiative=subscription.initiative_id)
    if scope == SubscriptionScope.ORGANISATION:
        return Q(initiative__organisation=subscription.organisation_id)
    if scope == SubscriptionScope.COMMITTEE:
        return Q(meeting__committee=subscription.committee_id)
    if scope == SubscriptionScope.PRIORITY:
        return Q(
            initiative__priorities=subscription.priority_id,
            initiative__priorities__in=selectors.public_priorities().values("pk"),
        )
    raise ValueError(scope)


def digest_changes(subscriber, start, end):
    """The published status changes in [start, end) that ``subscriber``'s weekly
    subscriptions follow."""
    condition = Q(pk__in=[])
    for subscription in subscriber.subscriptions.filter(frequency=Frequency.WEEKLY):
        condition |= _subscription_condition(subscription)
    matching = StatusChange.objects.published().filter(
        condition, changed_at__gte=start, changed_at__lt=end
    )
    return list(
        StatusChange.objects.filter(pk__in=matching.values("pk"))
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("changed_at", "pk")
    )


def send_weekly_digests(today=None) -> int:
    """Send each weekly subscriber one digest of last week's changes; return how many went."""
    today = today or timezone.localdate()
    week_starting = digest_week_starting(today)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week_starting, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(
        week_starting + datetime.timedelta(days=7), datetime.time(), tzinfo=tz
    )
    subscribers = Subscriber.objects.filter(
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        pk__in=Subscription.objects.filter(frequency=Frequency.WEEKLY).values("subscriber"),
    ).order_by("pk")
    sent = 0
    for subscriber in subscribers:
        changes = digest_changes(subscriber, start, end)
        if not changes:
            continue
        items = [{"change": change, "url": status_change_url(change)} for change in changes]

        def build(subscriber=subscriber, items=items):
            return build_subscriber_email(
                subscriber=subscriber,
                subject=f"Weekly update: week starting {week_starting:%-d %B %Y}",
                template="notify_digest",
                context={"week_starting": week_starting, "items": items},
            )

        key = f"subscriber:{subscriber.pk}:week:{week_starting.isoformat()}"
        sent += send_once(DeliveryKind.DIGEST, key, build)
    return sent


# Meeting packs -----------------------------------------------------------------------------


def meeting_pack_items(meeting):
    """The meeting's public agenda items, each with its initiative's status and last change."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("initiative__organisation", "plan__organisation")
        .order_by("order", "item_number")
    )
    public_initiatives = set(
        Initiative.public_objects.filter(
            pk__in=[item.initiative_id for item in items if item.initiative_id]
        ).values_list("pk", flat=True)
    )
    pack = []
    for item in items:
        if item.initiative_id in public_initiatives:
            last_change = (
                StatusChange.objects.filter(initiative=item.initiative_id)
                .order_by("-changed_at", "-pk")
                .first()
            )
            pack.append(
                {
                    "item": item,
                    "initiative": item.initiative,
                    "status": item.initiative.get_status_display(),
                    "last_change": last_change,
                    "url": absolute(item.initiative.get_absolute_url()),
                }
            )
        elif item.plan and item.plan.is_published:
            pack.append({"item": item, "url": absolute(item.plan.get_absolute_url())})
    return pack


def send_meeting_packs(now=None) -> int:
    """Send committee followers the pack of each meeting in the next
    ``PORTAL_MEETING_PACK_DAYS_BEFORE`` days, once per meeting and subscriber."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.PORTAL_MEETING_PACK_DAYS_BEFORE)
    meetings = Meeting.objects.filter(
        starts_at__gte=now, starts_at__lte=horizon, status=MeetingStatus.SCHEDULED
    ).select_related("committee__organisation")
    sent = 0
    for meeting in meetings:
        items = meeting_pack_items(meeting)
        if not items:
            continue
        subscribers = Subscriber.objects.filter(
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
            subscriptions__scope=SubscriptionScope.COMMITTEE,
            subscriptions__committee=meeting.committee_id,
        ).distinct()
        for subscriber in subscribers:

            def build(subscriber=subscriber, meeting=meeting, items=items):
                return build_subscriber_email(
                    subscriber=subscriber,
                    subject=meeting_pack_subject(meeting),
                    template="notify_meeting_pack",
                    context={
                        "meeting": meeting,
                        "items": items,
                        "meeting_url": absolute(meeting.get_absolute_url()),
                    },
                )

            key = f"meeting:{meeting.pk}:subscriber:{subscriber.pk}"
            sent += send_once(DeliveryKind.MEETING_PACK, key, build)
    return sent


# Reminders to owners of stale initiatives ----------------------------------------------------


def reminder_period(initiative, today) -> int:
    """Which stale period the initiative is in: 1 once it is stale, 2 after twice as long..."""
    idle_days = (today - timezone.localdate(initiative.updated_at)).days
    return max(1, idle_days // settings.PORTAL_STALE_INITIATIVE_DAYS)


def send_stale_reminders(now=None) -> int:
    """Remind each owner (with an email address) of each stale initiative, once per period of
    ``PORTAL_STALE_INITIATIVE_DAYS`` without an update."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for initiative in selectors.initiatives_due_a_reminder(now):
        period = reminder_period(initiative, today)
        edit_url = absolute(reverse("admin:priorities_initiative_change", args=[initiative.pk]))
        for owner in initiative.owners.all():
            if not owner.email or not owner.is_active:
                continue

            def build(owner=owner, initiative=initiative, edit_url=edit_url):
                context = {
                    "owner": owner,
                    "initiative": initiative,
                    "edit_url": edit_url,
                    "stale_days": settings.PORTAL_STALE_INITIATIVE_DAYS,
                    "portal_name": settings.PORTAL_NAME,
                }
                message = EmailMultiAlternatives(
                    subject=REMINDER_SUBJECT,
                    body=render_to_string("emails/notify_reminder.txt", context),
                    to=[owner.email],
                )
                message.attach_alternative(
                    render_to_string("emails/notify_reminder.html", context), "text/html"
                )
                return message

            updated = timezone.localdate(initiative.updated_at).isoformat()
            key = f"initiative:{initiative.pk}:user:{owner.pk}:since:{updated}:period:{period}"
            sent += send_once(DeliveryKind.REMINDER, key, build)
    return sent
