"""Every write about subscribing goes through a function here.

Each runs in a transaction and sends its email with ``transaction.on_commit``, so no email goes
out for a change that was rolled back. Nothing but a confirmation email is ever sent to an
address that has not been confirmed.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from priorities.models import Frequency, Subscriber, Subscription, SubscriptionScope
from priorities.models.subscriptions import SCOPE_TARGETS
from priorities.subscribing import emails
from priorities.subscribing.links import CONFIRMATION_MAX_AGE, confirm_url
from priorities.subscribing.targets import describe

CONFIRM_SUBJECT = "Confirm your email updates"
ADDED_SUBJECT = "Updates you asked for"
CONFIRMED_SUBJECT = "Your email updates are set up"


def _send(message, reference):
    """Send through the chosen backend (SMTP or GOV.UK Notify, ``PORTAL_EMAIL_DELIVERY``)."""
    from priorities.notifications.mailers import send_message

    send_message(message, reference=reference)


def _subscriber_for(email: str, site_id: int | None, origin: str) -> Subscriber:
    """The subscriber ``email`` is on the site ``site_id`` (None: the portal's default site),
    made if new; its ``site_origin`` is the address it last subscribed at."""
    email = email.strip().lower()
    on_site = Subscriber.objects.select_for_update().filter(email__iexact=email, site=site_id)
    subscriber = on_site.first()
    if subscriber is None:
        try:
            with transaction.atomic():
                return Subscriber.objects.create(email=email, site_id=site_id, site_origin=origin)
        except IntegrityError:  # created by a request at the same moment
            subscriber = on_site.get()
    if origin and subscriber.site_origin != origin:
        subscriber.site_origin = origin
        subscriber.save(update_fields=["site_origin", "updated_at"])
    return subscriber


@transaction.atomic
def subscription_request(
    *,
    email: str,
    scope: str = SubscriptionScope.EVERYTHING,
    target=None,
    frequency: str,
    site=None,
    origin: str = "",
) -> Subscription:
    """Record that ``email`` asked to follow ``target`` (a record of ``scope``, or None for
    everything) at ``frequency`` on ``site`` (the ``PortalSite`` asked on; None: the portal's
    default site) reached at ``origin`` (e.g. http://telford.localhost:8000), and email the
    address from that site, with links back to it.

    A new, unconfirmed or unsubscribed address gets a confirmation email and nothing else. A
    confirmed address gets the subscription straight away and an email saying so, with the
    link to manage it. The caller shows the same page whatever happened.
    """
    field = SCOPE_TARGETS[SubscriptionScope(scope)]
    if (field is None) != (target is None):
        raise ValueError(f"A subscription to {scope} needs {'a' if field else 'no'} target")
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}")

    subscriber = _subscriber_for(email, site.site_id if site else None, origin)
    if subscriber.unsubscribed_at is not None and subscriber.confirmed_at is not None:
        # Someone asks again for an address that left: it must be confirmed again.
        subscriber.confirmed_at = None
        subscriber.save(update_fields=["confirmed_at", "updated_at"])

    lookup = {"subscriber": subscriber, "scope": scope}
    if field:
        lookup[field] = target
    subscription, created = Subscription.objects.get_or_create(
        **lookup, defaults={"frequency": frequency}
    )
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency", "updated_at"])

    context = {
        "following": describe(scope, target, site if site and site.site_id else None),
        "frequency": Frequency(frequency).label,
    }
    if subscriber.is_active:
        template = "added"
        message = emails.build_email(
            subscriber=subscriber,
            subject=emails.subject_for(subscriber, ADDED_SUBJECT),
            template=template,
            context=context,
        )
    else:
        template = "confirm"
        context["confirm_url"] = confirm_url(subscriber)
        context["confirm_days"] = CONFIRMATION_MAX_AGE // (24 * 60 * 60)
        message = emails.build_email(
            subscriber=subscriber,
            subject=emails.subject_for(subscriber, CONFIRM_SUBJECT),
            template=template,
            context=context,
        )
    reference = f"{template}:subscriber:{subscriber.pk}"
    transaction.on_commit(lambda: _send(message, reference), robust=True)
    return subscription


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> bool:
    """Confirm ``subscriber``'s address (double opt-in). Returns True if this confirmed it,
    False if it was already confirmed. A confirmed address that unsubscribed stays so."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.confirmed_at is not None:
        return False
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at", "updated_at"])
    return True


@transaction.atomic
def subscription_change_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}")
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency", "updated_at"])
    return subscription


@transaction.atomic
def subscription_remove(*, subscription: Subscription) -> None:
    subscription.delete()


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    """Stop every email to ``subscriber``: mark the address unsubscribed and end every
    subscription. Nothing more is sent unless the address subscribes and confirms again."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscriber.subscriptions.all().delete()
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at", "updated_at"])
