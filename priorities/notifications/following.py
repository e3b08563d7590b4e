"""Who follows what: the one rule for which status changes a subscription follows.

A subscription follows the status changes of everything, of one initiative, of an
organisation's initiatives, of the initiatives serving a priority the public can see, or of the
decisions of a committee's meetings. ``FOLLOWED`` says, per scope, which field of the
subscription names the followed record and the path from a status change to it. The same table
answers both questions asked of it:

- ``status_changes_followed(subscription)``: the status changes one subscription follows (the
  weekly digest);
- ``subscribers_following(status_change, frequency)``: the subscribers one status change goes to
  (immediate emails, queued by ``priorities.services.initiative_change_status``).

"Everything" is everything the subscriber's site shows: on a council's site, the status changes
of the initiatives of the organisations that site covers (``SiteProfile.organisations``); on the
neutral portal, or without a site (subscribers from before sites), every one.
"""

from django.db.models import Exists, OuterRef, Q

from portal_sites.models import SiteProfile
from priorities import selectors
from priorities.models import Frequency, StatusChange, Subscriber, Subscription, SubscriptionScope

#: scope → (the subscription's field, the path from a status change to that record)
FOLLOWED = {
    SubscriptionScope.INITIATIVE: ("initiative", "initiative"),
    SubscriptionScope.ORGANISATION: ("organisation", "initiative__organisation"),
    SubscriptionScope.COMMITTEE: ("committee", "meeting__committee"),
    SubscriptionScope.PRIORITY: ("priority", "initiative__priorities"),
}


def _only_public(path):
    """A followed priority must be one the public can see (published, in a published plan)."""
    if path == "initiative__priorities":
        return Q(initiative__priorities__in=selectors.public_priorities().values("pk"))
    return Q()


def _council_site(site_id):
    """The profile of ``site_id`` if it is a council's site (not the neutral portal)."""
    return SiteProfile.objects.filter(site=site_id, is_neutral=False)


def status_changes_followed(subscription) -> Q:
    """Return the condition (on StatusChange) for the changes ``subscription`` follows."""
    if subscription.scope == SubscriptionScope.EVERYTHING:
        site_id = subscription.subscriber.site_id
        if site_id is None:
            return Q(pk__isnull=False)  # not Q(): an empty Q drops out of an OR
        council = _council_site(site_id)
        covered = council.filter(organisations=OuterRef("initiative__organisation"))
        return Q(Exists(covered)) | ~Q(Exists(council))
    field, path = FOLLOWED[subscription.scope]
    return Q(**{path: getattr(subscription, f"{field}_id")}) & _only_public(path)


def subscriptions_following(status_change) -> Q:
    """Return the condition (on Subscription) for the subscriptions that follow
    ``status_change``: the rule of ``status_changes_followed``, read the other way."""
    this_change = StatusChange.objects.filter(pk=status_change.pk)
    council = _council_site(OuterRef("subscriber__site"))
    covering = council.filter(organisations__in=this_change.values("initiative__organisation"))
    condition = Q(scope=SubscriptionScope.EVERYTHING) & (Q(Exists(covering)) | ~Q(Exists(council)))
    for scope, (field, path) in FOLLOWED.items():
        followed = this_change.filter(_only_public(path)).values(path)
        condition |= Q(scope=scope, **{f"{field}__in": followed})
    return condition


def subscribers_following(status_change, *, frequency=Frequency.IMMEDIATE):
    """Return the active subscribers who follow ``status_change`` at ``frequency``."""
    matching = Subscription.objects.filter(
        subscriptions_following(status_change), frequency=frequency
    )
    return Subscriber.objects.active().filter(pk__in=matching.values("subscriber"))


def weekly_subscribers():
    """Return the active subscribers with at least one weekly subscription."""
    weekly = Subscription.objects.filter(frequency=Frequency.WEEKLY)
    return Subscriber.objects.active().filter(pk__in=weekly.values("subscriber"))


def committee_followers(committee_id):
    """Return the active subscribers who follow a committee (its meeting packs)."""
    return (
        Subscriber.objects.active()
        .filter(
            subscriptions__scope=SubscriptionScope.COMMITTEE,
            subscriptions__committee=committee_id,
        )
        .distinct()
    )
