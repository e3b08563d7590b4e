"""What a round covers and how far it has got: the one place that says so.

A round covers its organisation's live published initiatives (not drafts, not archived, not
finished), only those delivering its plan's priorities when it has a plan. An update counts in
a round when it was posted in it, or, once the round has opened, when it is dated from
``EARLY_UPDATE_DAYS`` days before the day the round opened to the day it closed (an owner who
updated just before the round opened is not asked again).

An initiative in a round is *updated* once an update counting in the round is published,
*waiting* while one is in review, and *outstanding* otherwise (drafts and updates sent back
count as not done). An owner is outstanding while any of their initiatives is, waiting while any
waits, and updated once all are.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from priorities.lifecycle import InitiativeStatus
from priorities.models import Initiative, InitiativeUpdate, PublicationState

#: Initiatives in these statuses are finished: a round does not ask for their update.
FINISHED_STATUSES = (
    InitiativeStatus.COMPLETED,
    InitiativeStatus.REJECTED,
    InitiativeStatus.WITHDRAWN,
)


#: An update dated up to this many days before the day a round opened counts in it.
EARLY_UPDATE_DAYS = 7


class RoundState(models.TextChoices):
    UPDATED = "updated", "Updated"
    WAITING = "waiting", "Waiting for review"
    OUTSTANDING = "outstanding", "Not updated yet"


def _in_scope(update_round):
    """The organisation's initiatives, only those delivering the plan's priorities when the
    round is for a plan."""
    initiatives = Initiative.private_objects.filter(organisation=update_round.organisation_id)
    if update_round.plan_id:
        initiatives = initiatives.filter(
            pk__in=Initiative.private_objects.filter(priorities__plan=update_round.plan_id).values(
                "pk"
            )
        )
    return initiatives


def round_initiatives(update_round):
    """Return the initiatives ``update_round`` asks owners to update: the live published ones
    (not drafts, not archived, not finished) of its organisation, or of its plan when it has
    one."""
    return (
        _in_scope(update_round)
        .filter(publication_state=PublicationState.PUBLISHED)
        .exclude(status__in=FINISHED_STATUSES)
        .order_by("title", "pk")
    )


def counting_period(update_round):
    """Return the days ``(first, last)`` an update may be dated to count in ``update_round``
    without being posted in it (``last`` None while it is open), or None before it opens."""
    if update_round.opened_at is None:
        return None
    first_day = timezone.localdate(update_round.opened_at) - datetime.timedelta(
        days=EARLY_UPDATE_DAYS
    )
    last_day = timezone.localdate(update_round.closed_at) if update_round.closed_at else None
    return first_day, last_day


def counts_in_round(update_round, prefix=""):
    """Return the condition (a ``Q`` on InitiativeUpdate, or on the model reaching it through
    ``prefix``, e.g. "updates__") for an update to count in ``update_round``: posted in it, or
    dated within its ``counting_period``."""
    condition = models.Q(**{f"{prefix}round": update_round})
    period = counting_period(update_round)
    if period is not None:
        first_day, last_day = period
        in_period = models.Q(**{f"{prefix}as_of__gte": first_day})
        if last_day is not None:
            in_period &= models.Q(**{f"{prefix}as_of__lte": last_day})
        condition |= in_period
    return condition


def round_window(update_round, now=None):
    """The moments the round covers: from its opening to its closing (or ``now``)."""
    return update_round.opened_at, update_round.closed_at or now or timezone.now()


def initiatives_covered(update_round):
    """Return the initiatives a round's report covers: those the round asks to update, and
    those of its scope updated in the round or whose status changed during it (one finished
    during the round is reported, not dropped)."""
    start, end = round_window(update_round)
    changed = counts_in_round(update_round, prefix="updates__")
    if start is not None:
        changed |= models.Q(
            status_changes__changed_at__gte=start, status_changes__changed_at__lte=end
        )
    return Initiative.private_objects.filter(
        models.Q(pk__in=round_initiatives(update_round).values("pk"))
        | models.Q(
            pk__in=_in_scope(update_round)
            .filter(changed, publication_state=PublicationState.PUBLISHED)
            .values("pk")
        )
    ).order_by("title", "pk")


@dataclass
class InitiativeInRound:
    initiative: Initiative
    #: The latest published update posted in the round, if any.
    published_update: InitiativeUpdate | None
    #: The latest update of the round waiting for review, if any.
    update_in_review: InitiativeUpdate | None

    @property
    def state(self):
        if self.published_update is not None:
            return RoundState.UPDATED
        if self.update_in_review is not None:
            return RoundState.WAITING
        return RoundState.OUTSTANDING


def _state_of(items):
    states = {item.state for item in items}
    for state in (RoundState.OUTSTANDING, RoundState.WAITING):
        if state in states:
            return state
    return RoundState.UPDATED


@dataclass
class OwnerInRound:
    owner: object
    initiatives: list[InitiativeInRound] = field(default_factory=list)

    @property
    def state(self):
        return _state_of(self.initiatives)

    @property
    def outstanding(self):
        return [item for item in self.initiatives if item.state == RoundState.OUTSTANDING]


@dataclass
class RoundProgress:
    initiatives: list[InitiativeInRound]
    owners: list[OwnerInRound]

    def _in(self, state):
        return [item for item in self.initiatives if item.state == state]

    @property
    def updated(self):
        return self._in(RoundState.UPDATED)

    @property
    def outstanding(self):
        return self._in(RoundState.OUTSTANDING)

    @property
    def waiting_for_review(self):
        """Every update of the round in review (with another published or not)."""
        return [item.update_in_review for item in self.initiatives if item.update_in_review]

    @property
    def without_owner(self):
        return [item for item in self.initiatives if not item.initiative.round_owners]

    @property
    def outstanding_owners(self):
        return [entry.owner for entry in self.owners if entry.outstanding]

    @property
    def counts(self):
        return {
            "updated": len(self.updated),
            "waiting": len(self._in(RoundState.WAITING)),
            "outstanding": len(self.outstanding),
            "total": len(self.initiatives),
        }


def round_progress(update_round) -> RoundProgress:
    """Return how far ``update_round`` has got, per initiative and per owner, in four queries."""
    updates = InitiativeUpdate.private_objects.filter(
        counts_in_round(update_round),
        publication_state__in=[PublicationState.PUBLISHED, PublicationState.IN_REVIEW],
    ).order_by("-as_of", "-pk")
    initiatives = list(
        round_initiatives(update_round)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("updates", queryset=updates, to_attr="round_updates"),
            Prefetch(
                "owners",
                queryset=get_user_model().objects.order_by("first_name", "last_name", "username"),
                to_attr="round_owners",
            ),
        )
    )
    items = []
    owners = {}
    for initiative in initiatives:
        item = InitiativeInRound(
            initiative=initiative,
            published_update=_first(initiative.round_updates, PublicationState.PUBLISHED),
            update_in_review=_first(initiative.round_updates, PublicationState.IN_REVIEW),
        )
        items.append(item)
        for owner in initiative.round_owners:
            owners.setdefault(owner.pk, OwnerInRound(owner)).initiatives.append(item)
    ordered_owners = sorted(
        owners.values(),
        key=lambda entry: (owner_name(entry.owner).lower(), entry.owner.pk),
    )
    return RoundProgress(initiatives=items, owners=ordered_owners)


def _first(updates, state):
    return next((update for update in updates if update.publication_state == state), None)


def owner_name(user):
    """How the round names an owner: their full name, or their username."""
    return user.get_full_name() or user.get_username()
