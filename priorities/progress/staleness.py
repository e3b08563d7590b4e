"""How current an initiative is: the one rule behind "Last updated …", "Not updated since …"
and the reminders to its owners.

An initiative was last updated on the "as of" day of its latest published progress update; with
none, on the day of its last status change, else the day it was published, else the day it last
changed (``basis`` says which, and ``label`` words it for the public). It counts as not updated
once more days than its organisation's ``update_threshold_days`` have passed since.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class LastUpdated:
    """When an initiative was last updated, by what, and whether that is too long ago."""

    on: datetime.date
    #: True when ``on`` is a published progress update's "as of" day; False when it is the day
    #: the initiative last changed (it has no published update yet).
    by_update: bool
    threshold_days: int
    idle_days: int
    #: What ``on`` is the day of: "update", "status_change", "published" or "changed".
    basis: str = "changed"

    @property
    def label(self) -> str:
        """How a page introduces ``on``: "Last updated", "Last status change", …"""
        return BASIS_LABELS[self.basis]

    @property
    def stale(self) -> bool:
        return self.idle_days > self.threshold_days

    @property
    def periods_idle(self) -> int:
        """How many whole thresholds have passed since (at least 1): a reminder goes once per
        period."""
        return max(1, self.idle_days // self.threshold_days)


BASIS_LABELS = {
    "update": "Last updated",
    "status_change": "Last status change",
    "published": "Published",
    "changed": "Last changed",
}


def threshold_days(organisation) -> int:
    """The organisation's days before an initiative counts as not updated (at least one)."""
    return max(1, organisation.update_threshold_days)


def last_updated(
    initiative, *, latest_update_on: datetime.date | None, today: datetime.date | None = None
) -> LastUpdated:
    """Return how current ``initiative`` is, given the "as of" day of its latest published
    update (None when it has none)."""
    today = today or timezone.localdate()
    by_update = latest_update_on is not None
    if by_update:
        on, basis = latest_update_on, "update"
    elif initiative.status_changed_at is not None:
        on, basis = timezone.localdate(initiative.status_changed_at), "status_change"
    elif initiative.published_at is not None:
        on, basis = timezone.localdate(initiative.published_at), "published"
    else:
        on, basis = timezone.localdate(initiative.updated_at), "changed"
    return LastUpdated(
        on=on,
        by_update=by_update,
        basis=basis,
        threshold_days=threshold_days(initiative.organisation),
        idle_days=max(0, (today - on).days),
    )
