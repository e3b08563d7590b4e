"""What a subscription can follow, and how a form names it ("initiative:12", "everything").

Only records the public may see can be followed: initiatives and priorities come from their
``public_objects`` managers, so a draft's id is refused exactly like an id that doesn't exist,
and, like them, committees and organisations are those of the request's site.
"""

from dataclasses import dataclass

from portal_sites.current import current_site
from priorities.models import Committee, Initiative, Organisation, Priority, SubscriptionScope
from priorities.models.subscriptions import SCOPE_TARGETS

EVERYTHING = SubscriptionScope.EVERYTHING.value

#: ``describe``'s default: the site of the request being answered.
REQUEST_SITE = object()


def _followable(scope):
    """The queryset a scope's target is looked up in: public records only."""
    return {
        SubscriptionScope.INITIATIVE: lambda: Initiative.public_objects.select_related(
            "organisation"
        ),
        SubscriptionScope.PRIORITY: lambda: Priority.public_objects.select_related("plan"),
        SubscriptionScope.COMMITTEE: lambda: Committee.objects.on_current_site().select_related(
            "organisation"
        ),
        SubscriptionScope.ORGANISATION: lambda: Organisation.objects.on_current_site(),
    }[scope]()


#: The scopes that name a record, in the order the query string is read.
TARGET_SCOPES = (
    SubscriptionScope.INITIATIVE,
    SubscriptionScope.PRIORITY,
    SubscriptionScope.COMMITTEE,
    SubscriptionScope.ORGANISATION,
)


@dataclass(frozen=True)
class Target:
    scope: str
    record: object = None
    #: The site whose "everything" this is (a ``PortalSite``, None: the portal's default).
    site: object = REQUEST_SITE

    @property
    def value(self) -> str:
        return f"{self.scope}:{self.record.pk}" if self.record is not None else EVERYTHING

    @property
    def label(self) -> str:
        return describe(self.scope, self.record, self.site)


def describe(scope, record, site=REQUEST_SITE) -> str:
    """A phrase naming what a subscription follows, for pages and emails. "Everything" is
    everything ``site`` shows (a ``PortalSite``; by default the request's; None or the neutral
    portal: everything on the portal)."""
    if record is None:
        site = current_site() if site is REQUEST_SITE else site
        if site is not None and not site.is_neutral:
            return f"Everything published on {site.name_shown}’s site"
        return "Everything published on the portal"
    if scope == SubscriptionScope.INITIATIVE:
        return f"{record.title} (an initiative)"
    if scope == SubscriptionScope.PRIORITY:
        return f"{record.title} (a priority)"
    return record.name


def find(scope, pk) -> Target | None:
    """The target ``scope`` and ``pk`` name, or None when there is no such public record."""
    if scope not in TARGET_SCOPES:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if pk <= 0:
        return None
    record = _followable(scope).filter(pk=pk).first()
    return Target(scope, record) if record is not None else None


def from_query(query) -> tuple[Target | None, bool]:
    """Read ``?initiative=12`` (or priority, committee, organisation) from a query dict.

    Returns (target, asked): asked is True when the query named a target at all, so an unknown
    or unpublished one can be answered as not found.
    """
    for scope in TARGET_SCOPES:
        if scope.value in query:
            return find(scope.value, query.get(scope.value)), True
    return None, False


def from_value(value) -> Target | None:
    """Read a form value such as "initiative:12"; None for "everything" or anything unknown."""
    if not value or ":" not in value:
        return None
    scope, _, pk = value.partition(":")
    return find(scope, pk)


def of_subscription(subscription, site=REQUEST_SITE) -> Target:
    """What ``subscription`` follows; ``site``: its subscriber's site (``PortalSite``)."""
    field = SCOPE_TARGETS[subscription.scope]
    return Target(subscription.scope, getattr(subscription, field) if field else None, site)
