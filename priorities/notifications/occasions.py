"""Emails sent once per occasion: weekly digests, meeting packs and reminders to the owners of
stale initiatives. Each inserts a ``Delivery`` row (kind, key) before sending; the unique
constraint turns a second run into a no-op."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
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
    Meeting,
    MeetingStatus,
    StatusChange,
)
from priorities.notifications.cards import email_cards
from priorities.notifications.emails import (
    REMINDER_SUBJECT,
    build_subscriber_email,
    meeting_pack_subject,
    status_change_url,
)
from priorities.notifications.following import (
    committee_followers,
    status_changes_followed,
    weekly_subscribers,
)
from priorities.notifications.mailers import send_message
from priorities.subscribing.links import (
    absolute,
)

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
        send_message(message, reference=f"{kind}:{key}")
    except Exception:
        claim.delete()
        raise
    Delivery.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return True


# Weekly digests ----------------------------------------------------------------------------


def digest_week_starting(today: datetime.date) -> datetime.date:
    """The Monday of the last full week before ``today``."""
    return today - datetime.timedelta(days=today.weekday() + 7)


def digest_changes(subscriber, start, end):
    """The published status changes in [start, end) that ``subscriber``'s weekly
    subscriptions follow."""
    condition = Q(pk__in=[])
    for subscription in subscriber.subscriptions.filter(frequency=Frequency.WEEKLY):
        condition |= status_changes_followed(subscription)
    matching = StatusChange.objects.published().filter(
        condition, changed_at__gte=start, changed_at__lt=end
    )
    return list(
        StatusChange.objects.filter(pk__in=matching.values("pk"))
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("changed_at", "pk")
    )


def by_initiative(items, subscriber):
    """The digest's changes grouped by initiative (in the order of each one's first change),
    each group with the initiative's promise card (``cards``) on ``subscriber``'s site."""
    cards = email_cards({entry["change"].initiative_id for entry in items})
    groups: dict[int, dict] = {}
    for entry in items:
        initiative_id = entry["change"].initiative_id
        if initiative_id not in groups:
            card = cards.get(initiative_id)
            if card is None:  # no longer there: the change is still listed, without a card
                groups[initiative_id] = {"card": None, "items": []}
            else:
                groups[initiative_id] = {
                    "card": card.at(lambda path: absolute(path, subscriber)),
                    "items": [],
                }
        groups[initiative_id]["items"].append(entry)
    return list(groups.values())


def send_weekly_digests(today=None) -> int:
    """Send each weekly subscriber one digest of last week's changes; return how many went."""
    today = today or timezone.localdate()
    week_starting = digest_week_starting(today)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week_starting, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(
        week_starting + datetime.timedelta(days=7), datetime.time(), tzinfo=tz
    )
    subscribers = weekly_subscribers().order_by("pk")
    sent = 0
    for subscriber in subscribers:
        changes = digest_changes(subscriber, start, end)
        if not changes:
            continue
        items = [
            {"change": change, "url": status_change_url(change, subscriber)} for change in changes
        ]

        def build(subscriber=subscriber, items=items):
            return build_subscriber_email(
                subscriber=subscriber,
                subject=f"Weekly update: week starting {week_starting:%-d %B %Y}",
                template="notify_digest",
                context={
                    "week_starting": week_starting,
                    "items": items,
                    "initiatives": by_initiative(items, subscriber),
                },
            )

        key = f"subscriber:{subscriber.pk}:week:{week_starting.isoformat()}"
        sent += send_once(DeliveryKind.DIGEST, key, build)
    return sent


# Meeting packs -----------------------------------------------------------------------------


def meeting_pack_items(meeting):
    """The meeting's public agenda items, each with its initiative's status and last change,
    and the ``path`` of its page (``on_site`` makes the links a subscriber's)."""
    items = (
        AgendaItem.objects.published()
        .filter(meeting=meeting)
        .select_related("initiative__organisation", "plan__organisation")
        .order_by("order", "item_number")
    )
    items = list(items)
    cards = email_cards({item.initiative_id for item in items if item.initiative_id})
    pack = []
    for item in items:
        if item.initiative_id:
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
                    "path": item.initiative.get_absolute_url(),
                    "card": cards.get(item.initiative_id),
                }
            )
        else:
            pack.append({"item": item, "path": item.plan.get_absolute_url()})
    return pack


def on_site(items, subscriber):
    """The pack's items with each ``url`` on ``subscriber``'s site."""

    def on_subscribers_site(path):
        return absolute(path, subscriber)

    return [
        {
            **entry,
            "url": on_subscribers_site(entry["path"]),
            "card": entry["card"].at(on_subscribers_site) if entry.get("card") else None,
        }
        for entry in items
    ]


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
        subscribers = committee_followers(meeting.committee_id)
        for subscriber in subscribers:

            def build(subscriber=subscriber, meeting=meeting, items=items):
                return build_subscriber_email(
                    subscriber=subscriber,
                    subject=meeting_pack_subject(meeting),
                    organisation=meeting.committee.organisation,
                    template="notify_meeting_pack",
                    context={
                        "meeting": meeting,
                        "items": on_site(items, subscriber),
                        "meeting_url": absolute(meeting.get_absolute_url(), subscriber),
                    },
                )

            key = f"meeting:{meeting.pk}:subscriber:{subscriber.pk}"
            sent += send_once(DeliveryKind.MEETING_PACK, key, build)
    return sent


# Reminders to owners of stale initiatives ----------------------------------------------------


def reminder_message(owner, initiative) -> EmailMultiAlternatives:
    """The reminder to ``owner`` that ``initiative`` (from ``initiatives_due_a_reminder``, so
    with ``last_updated``) needs an update."""
    context = {
        "owner": owner,
        "initiative": initiative,
        "last_updated": initiative.last_updated,
        "edit_url": absolute(reverse("admin:priorities_initiative_change", args=[initiative.pk])),
        "post_update_url": absolute(
            reverse("admin:priorities_initiativeupdate_add") + f"?initiative={initiative.pk}"
        ),
        "portal_name": settings.PORTAL_NAME,
    }
    message = EmailMultiAlternatives(
        # An officer may own initiatives of several organisations: say whose this one is.
        subject=f"{initiative.organisation.display_name}: {REMINDER_SUBJECT}",
        body=render_to_string("emails/notify_reminder.txt", context),
        to=[owner.email],
    )
    html = render_to_string("emails/notify_reminder.html", context)
    message.attach_alternative(html, "text/html")
    return message


def send_stale_reminders(now=None) -> int:
    """Remind each owner (with an email address) of each initiative not updated for longer
    than its organisation's threshold, once per period of that many days without an update.

    "Updated" is the rule of ``priorities.progress.staleness``: the latest published progress
    update, or the initiative's last change when it has none. A new update starts the count
    again.
    """
    sent = 0
    for initiative in selectors.initiatives_due_a_reminder(now or timezone.now()):
        last_updated = initiative.last_updated
        for owner in initiative.owners.all():
            if not owner.email or not owner.is_active:
                continue
            key = (
                f"initiative:{initiative.pk}:user:{owner.pk}:since:{last_updated.on.isoformat()}"
                f":period:{last_updated.periods_idle}"
            )
            sent += send_once(
                DeliveryKind.REMINDER,
                key,
                lambda owner=owner, initiative=initiative: reminder_message(owner, initiative),
            )
    return sent
