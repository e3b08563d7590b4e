"""What the records said at a moment: a meeting's pack as it stood when its agenda was published.

A clerk publishes a meeting's agenda (``Meeting.agenda_published_at``); the pack in the meeting
papers was read then. A report of that meeting downloaded later must say the same, so its
initiatives are read *as at* that moment, from the dated records the portal keeps:

- the **status** from the status changes (each dated with when it took effect): the last one by
  then, or, before the first, the status it started from;
- the **RAG rating and progress** from the initiative's history (django-simple-history) and its
  published progress updates (each "as of" a day), whichever is later by then;
- the **milestones** from their history: those that existed then, with the due dates they had,
  and done only if completed by that day.

``freeze_initiatives`` sets these on the report's own, already loaded initiatives (which are
never saved), so every table and section of the report reads them as it reads the current ones.
Where the portal holds no record of an initiative from before the moment (its data was loaded
later), its RAG rating reads "Not recorded then" (unless a progress update of the time gives
it) rather than a later value, and its milestones are those it has now, done only if completed
by that day.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from priorities.models import (
    AgendaItem,
    InitiativeUpdate,
    Meeting,
    MeetingStatus,
    Milestone,
    StatusChange,
)

#: The RAG value of an initiative whose rating the portal did not hold at the moment.
NOT_RECORDED = "not_recorded"
NOT_RECORDED_LABEL = "Not recorded then"


def latest_rows(history_model, moment, key="id", **filters):
    """Return ``{record id: its latest historical row at or before moment}`` of the records
    ``filters`` select, leaving out those deleted by then (one query)."""
    rows = history_model.objects.filter(history_date__lte=moment, **filters).order_by(
        key, "-history_date", "-history_id"
    )
    latest = {}
    for row in rows:
        latest.setdefault(getattr(row, key), row)
    return {pk: row for pk, row in latest.items() if row.history_type != "-"}


def ids_with_history(history_model, **filters):
    """Return the ids of the records ``filters`` select that have any history at all."""
    return set(history_model.objects.filter(**filters).values_list("id", flat=True).distinct())


def status_at(changes, current_status, moment):
    """Return the status an initiative had at ``moment``, from its status changes (in order)."""
    before = [change for change in changes if change.changed_at <= moment]
    if before:
        return before[-1].to_status
    if changes:
        return changes[0].from_status
    return current_status


@dataclass
class InitiativeAsAt:
    """An initiative's state at a moment."""

    status: str
    rag: str
    progress: int | None
    status_changed_at: datetime.datetime | None
    latest_update_on: datetime.date | None
    milestones: list = field(default_factory=list)


def initiatives_as_at(initiatives, moment):
    """Return ``{initiative id: InitiativeAsAt}`` for ``initiatives`` at ``moment``, in a fixed
    number of queries."""
    ids = [initiative.pk for initiative in initiatives]
    day = timezone.localdate(moment)
    changes = {}
    for change in StatusChange.objects.filter(initiative__in=ids).order_by("changed_at", "pk"):
        changes.setdefault(change.initiative_id, []).append(change)
    history = initiatives[0].history.model if initiatives else None
    rows = latest_rows(history, moment, id__in=ids) if history else {}
    updates = {}
    for update in (
        InitiativeUpdate.public_objects.filter(initiative__in=ids, as_of__lte=day)
        .order_by("initiative", "-as_of", "-pk")
        .only("initiative", "as_of", "rag", "progress")
    ):
        updates.setdefault(update.initiative_id, update)
    milestone_rows = latest_rows(Milestone.history.model, moment, initiative_id__in=ids)
    with_history = ids_with_history(Milestone.history.model, initiative_id__in=ids)
    milestones = {}
    for milestone in Milestone.objects.filter(initiative__in=ids):
        if milestone.initiative_id not in rows:
            then = milestone  # the portal did not hold the initiative then: as now
        elif milestone.pk in milestone_rows:
            then = milestone_rows.pop(milestone.pk).instance
        elif milestone.pk in with_history:
            continue  # added after the moment
        else:
            then = milestone
        milestones.setdefault(milestone.initiative_id, []).append(then)
    for row in milestone_rows.values():  # deleted since
        if row.initiative_id in rows:
            milestones.setdefault(row.initiative_id, []).append(row.instance)

    states = {}
    for initiative in initiatives:
        row = rows.get(initiative.pk)
        update = updates.get(initiative.pk)
        rag, progress = NOT_RECORDED, None
        if row is not None and (
            update is None or timezone.localdate(row.history_date) >= update.as_of
        ):
            rag, progress = row.rag, row.progress
        elif update is not None:
            rag, progress = update.rag, update.progress
        own_changes = changes.get(initiative.pk, [])
        before = [change for change in own_changes if change.changed_at <= moment]
        own_milestones = []
        for milestone in milestones.get(initiative.pk, []):
            if milestone.completed_on and milestone.completed_on > day:
                milestone.completed_on = None
            own_milestones.append(milestone)
        own_milestones.sort(key=lambda m: (m.order, m.due_date or datetime.date.max, m.pk))
        states[initiative.pk] = InitiativeAsAt(
            status=status_at(own_changes, initiative.status, moment),
            rag=rag,
            progress=progress,
            status_changed_at=before[-1].changed_at if before else None,
            latest_update_on=update.as_of if update else None,
            milestones=own_milestones,
        )
    return states


def freeze_initiatives(initiatives, moment):
    """Set on each of ``initiatives`` (loaded for a report, never saved) its status, RAG
    rating, progress and milestones as at ``moment``; return the states."""
    states = initiatives_as_at(initiatives, moment)
    for initiative in initiatives:
        state = states[initiative.pk]
        initiative.status = state.status
        initiative.rag = state.rag
        initiative.progress = state.progress
        initiative.status_changed_at = state.status_changed_at
        if initiative.published_at and initiative.published_at > moment:
            initiative.published_at = None
        if initiative.updated_at > moment:
            initiative.updated_at = moment
        cache = getattr(initiative, "_prefetched_objects_cache", None)
        if cache is None:
            initiative._prefetched_objects_cache = cache = {}
        cache["milestones"] = state.milestones
    return states


def upcoming_agenda_items(initiative_ids, moment, *, visible_meetings=None):
    """Return ``{initiative id: its agenda items at meetings still to come at moment}``, the
    soonest first (cancelled and postponed meetings left out), as ``promise_cards`` reads
    them."""
    meetings = Meeting.objects.upcoming(moment).exclude(
        status__in=[MeetingStatus.CANCELLED, MeetingStatus.POSTPONED]
    )
    items = (
        AgendaItem.objects.filter(initiative__in=initiative_ids, meeting__in=meetings)
        .select_related("meeting__committee__organisation")
        .order_by("meeting__starts_at", "pk")
    )
    found = {}
    for item in items:
        found.setdefault(item.initiative_id, []).append(item)
    return found


def previous_meeting(meeting):
    """Return the committee's meeting before ``meeting`` that was not cancelled, or None."""
    return (
        Meeting.objects.filter(committee=meeting.committee_id, starts_at__lt=meeting.starts_at)
        .exclude(Q(status=MeetingStatus.CANCELLED) | Q(pk=meeting.pk))
        .order_by("-starts_at")
        .first()
    )
