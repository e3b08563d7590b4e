"""One card for a promise (an initiative) wherever the public pages list them: its title,
organisation, stage, RAG rating, when it was last updated, its next milestone and the next
meeting it goes to.

``with_card_details`` loads what the cards of a whole list need in a fixed number of queries
(two prefetches and a subquery); ``card_details_of`` does the same as three queries run even
for an empty list (a page whose query count must not depend on what it shows: search);
``promise_card`` reads a loaded initiative, without queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone

from priorities.models import (
    AgendaItem,
    Initiative,
    InitiativeUpdate,
    Meeting,
    MeetingStatus,
    Milestone,
)
from priorities.progress.staleness import LastUpdated, last_updated
from priorities.stages import Stage, initiative_stage


def _with_latest_update(initiatives):
    latest_update_on = (
        InitiativeUpdate.private_objects.published()
        .filter(initiative=OuterRef("pk"))
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    return initiatives.select_related("organisation").annotate(
        latest_update_on=Subquery(latest_update_on)
    )


def _open_milestones():
    return Milestone.objects.filter(completed_on__isnull=True).order_by(
        F("due_date").asc(nulls_last=True), "order", "pk"
    )


def _upcoming_agenda_items(now):
    return (
        AgendaItem.objects.filter(meeting__in=Meeting.objects.upcoming(now))
        .exclude(meeting__status__in=[MeetingStatus.CANCELLED, MeetingStatus.POSTPONED])
        .select_related("meeting__committee__organisation")
        .order_by("meeting__starts_at", "pk")
    )


def with_card_details(initiatives, *, now=None):
    """Return ``initiatives`` (a queryset) with what their cards show: the organisation, the
    "as of" day of the latest published update, the milestones not done yet (soonest first)
    and the public agenda items at meetings still to come (soonest first)."""
    now = now or timezone.now()
    return _with_latest_update(initiatives).prefetch_related(
        Prefetch("milestones", queryset=_open_milestones(), to_attr="open_milestones"),
        Prefetch(
            "agenda_items", queryset=_upcoming_agenda_items(now), to_attr="upcoming_agenda_items"
        ),
    )


def card_details_of(initiatives, *, now=None) -> list:
    """Return ``initiatives`` (a queryset of a few) as a list loaded as ``with_card_details``
    loads them, in three queries even when there are none."""
    now = now or timezone.now()
    loaded = list(_with_latest_update(initiatives))
    # No initiative: the queries run all the same (no initiative has pk 0).
    pks = [initiative.pk for initiative in loaded] or [0]
    milestones, agenda_items = defaultdict(list), defaultdict(list)
    for milestone in _open_milestones().filter(initiative_id__in=pks):
        milestones[milestone.initiative_id].append(milestone)
    for item in _upcoming_agenda_items(now).filter(initiative_id__in=pks):
        agenda_items[item.initiative_id].append(item)
    for initiative in loaded:
        initiative.open_milestones = milestones[initiative.pk]
        initiative.upcoming_agenda_items = agenda_items[initiative.pk]
    return loaded


def card_initiatives(initiatives, *, now=None):
    """Return the public ``initiatives`` (a queryset), ordered by title, ready for cards."""
    return list(with_card_details(initiatives, now=now).order_by("title", "pk"))


@dataclass(frozen=True)
class PromiseCard:
    initiative: Initiative
    stage: Stage
    last_updated: LastUpdated
    next_milestone: Milestone | None
    #: The next meeting it goes to (the first upcoming public agenda item's meeting).
    next_meeting: Meeting | None
    today: datetime.date

    @property
    def next_milestone_overdue(self) -> bool:
        milestone = self.next_milestone
        return bool(milestone and milestone.due_date and milestone.due_date < self.today)


def promise_card(initiative, *, today=None) -> PromiseCard:
    """Return the card of an initiative loaded by ``with_card_details``."""
    today = today or timezone.localdate()
    open_milestones = initiative.open_milestones
    upcoming = initiative.upcoming_agenda_items
    return PromiseCard(
        initiative=initiative,
        stage=initiative_stage(initiative.status),
        last_updated=last_updated(
            initiative, latest_update_on=initiative.latest_update_on, today=today
        ),
        next_milestone=open_milestones[0] if open_milestones else None,
        next_meeting=upcoming[0].meeting if upcoming else None,
        today=today,
    )
