"""One card for a promise (an initiative) wherever the public pages list them: its title,
organisation, stage, RAG rating, when it was last updated, its next milestone and the next
meeting it goes to.

``with_card_details`` loads what the cards of a whole list need in a fixed number of queries
(two prefetches and a subquery); ``promise_card`` reads a loaded initiative, without queries.
"""

import datetime
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


def with_card_details(initiatives, *, now=None):
    """Return ``initiatives`` (a queryset) with what their cards show: the organisation, the
    "as of" day of the latest published update, the milestones not done yet (soonest first)
    and the public agenda items at meetings still to come (soonest first)."""
    now = now or timezone.now()
    latest_update_on = (
        InitiativeUpdate.private_objects.published()
        .filter(initiative=OuterRef("pk"))
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    return (
        initiatives.select_related("organisation")
        .annotate(latest_update_on=Subquery(latest_update_on))
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(completed_on__isnull=True).order_by(
                    F("due_date").asc(nulls_last=True), "order", "pk"
                ),
                to_attr="open_milestones",
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(meeting__in=Meeting.objects.upcoming(now))
                .exclude(meeting__status__in=[MeetingStatus.CANCELLED, MeetingStatus.POSTPONED])
                .select_related("meeting__committee__organisation")
                .order_by("meeting__starts_at", "pk"),
                to_attr="upcoming_agenda_items",
            ),
        )
    )


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
