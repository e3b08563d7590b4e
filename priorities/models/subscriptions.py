from django.db import models
from django.db.models.functions import Lower

from priorities.models.base import TimeStampedModel


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        """Return the subscribers emails go to: confirmed and not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(TimeStampedModel):
    """An email address following updates on one site; nothing is sent until it is confirmed.

    A subscriber belongs to the site it subscribed on (``site``; empty: the portal's default,
    as every subscriber made before sites): its emails carry that site's brand and sender, their
    links go back to that site, and following "everything" there means everything that site
    shows (``priorities.notifications.following``). The same address subscribing on two sites
    is two subscribers, each confirmed, managed and unsubscribed on its own site.
    """

    email = models.EmailField(max_length=254)
    site = models.ForeignKey(
        "sites.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscribers",
        help_text="The site this address subscribed on. Empty: the portal's default site.",
    )
    site_origin = models.CharField(
        max_length=300,
        blank=True,
        help_text="The scheme and port the subscriber used (e.g. http://telford.localhost:8000): "
        "links in its emails go to the site's main address on that scheme and port.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "site",
                condition=models.Q(site__isnull=False),
                name="subscriber_email_unique_ci_per_site",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(site__isnull=True),
                name="subscriber_email_unique_ci",
            ),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class SubscriptionScope(models.TextChoices):
    EVERYTHING = "everything", "Everything"
    ORGANISATION = "organisation", "An organisation"
    COMMITTEE = "committee", "A committee"
    PRIORITY = "priority", "A priority"
    INITIATIVE = "initiative", "An initiative"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Each update as it happens"
    WEEKLY = "weekly", "A weekly digest"


#: The target field each scope needs; every other target field must be empty.
SCOPE_TARGETS = {
    SubscriptionScope.EVERYTHING: None,
    SubscriptionScope.ORGANISATION: "organisation",
    SubscriptionScope.COMMITTEE: "committee",
    SubscriptionScope.PRIORITY: "priority",
    SubscriptionScope.INITIATIVE: "initiative",
}


def _scope_matches_target():
    """The condition that a subscription's target fields fit its scope exactly."""
    fields = [field for field in SCOPE_TARGETS.values() if field]
    condition = models.Q()
    for scope, target in SCOPE_TARGETS.items():
        empty = {f"{field}__isnull": field != target for field in fields}
        condition |= models.Q(scope=scope, **empty)
    return condition


class Subscription(TimeStampedModel):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    scope = models.CharField(max_length=20, choices=SubscriptionScope.choices)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    organisation = models.ForeignKey(
        "priorities.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    committee = models.ForeignKey(
        "priorities.Committee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    priority = models.ForeignKey(
        "priorities.Priority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    initiative = models.ForeignKey(
        "priorities.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )

    class Meta:
        ordering = ["subscriber", "scope"]
        constraints = [
            models.CheckConstraint(
                condition=_scope_matches_target(), name="subscription_target_fits_scope"
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=models.Q(scope=SubscriptionScope.EVERYTHING),
                name="one_subscription_to_everything",
            ),
            *[
                models.UniqueConstraint(
                    fields=["subscriber", target],
                    condition=models.Q(scope=scope),
                    name=f"one_subscription_per_{target}",
                )
                for scope, target in SCOPE_TARGETS.items()
                if target
            ],
        ]

    def __str__(self):
        target = getattr(self, SCOPE_TARGETS[self.scope]) if SCOPE_TARGETS[self.scope] else None
        return (
            f"{self.subscriber} follows {target or 'everything'} ({self.get_frequency_display()})"
        )


class NotificationState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will retry"
    DEAD = "dead", "Failed, gave up"


class Notification(models.Model):
    """The outbox: one row per (status change, subscriber), written with the status change.

    A row is the record of an email that must be sent; delivery marks it sent.
    """

    status_change = models.ForeignKey(
        "priorities.StatusChange", on_delete=models.CASCADE, related_name="notifications"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="notifications"
    )
    state = models.CharField(
        max_length=20,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_change", "subscriber"], name="one_notification_per_subscriber"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=NotificationState.SENT) | models.Q(sent_at__isnull=False),
                name="sent_notification_has_sent_at",
            ),
        ]

    def __str__(self):
        return f"{self.status_change} → {self.subscriber} ({self.get_state_display()})"


class DeliveryKind(models.TextChoices):
    DIGEST = "digest", "Weekly digest"
    MEETING_PACK = "meeting_pack", "Meeting pack"
    REMINDER = "reminder", "Stale initiative reminder"
    ROUND_OPENED = "round_opened", "Update round opened"
    ROUND_REMINDER = "round_reminder", "Update round reminder"


class Delivery(models.Model):
    """A scheduled email that must go once: a weekly digest, a meeting pack, a reminder.

    ``key`` names the one occasion, e.g. ``subscriber:12:week:2026-11-16``. The job inserts the
    row before it sends (the unique constraint makes a second run find it taken) and sets
    ``sent_at`` after; a failed send deletes the row so that the next run tries again.
    """

    kind = models.CharField(max_length=20, choices=DeliveryKind.choices)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_delivery_per_occasion"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.key}"
