"""An initiative's scrutiny journey as its page tells it: newest first, one entry per meeting
(the steps decided there and its agenda items together, under the meeting's name and date) and
one per day for steps taken outside a meeting; a reason is printed once per day however many
steps share it."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class JourneyStep:
    """A status change on the journey; ``reason`` is empty when the day already told it."""

    status_change: object
    reason: str


@dataclass
class JourneyEntry:
    """The steps and agenda items of one meeting, or the steps of one day without a meeting."""

    day: datetime.date
    at: datetime.datetime
    meeting: object = None
    agenda_items: list = field(default_factory=list)
    steps: list = field(default_factory=list)


def scrutiny_journey(status_changes, agenda_items) -> list[JourneyEntry]:
    """Return the journey's entries, newest first; within an entry, the agenda items and then
    the steps in the order they happened. ``status_changes`` and ``agenda_items`` come with
    their meetings loaded."""
    entries: dict[tuple, JourneyEntry] = {}

    def entry_for(meeting, at):
        key = ("meeting", meeting.pk) if meeting else ("day", timezone.localdate(at))
        if key not in entries:
            day = timezone.localdate(meeting.starts_at if meeting else at)
            entries[key] = JourneyEntry(day=day, at=meeting.starts_at if meeting else at)
            entries[key].meeting = meeting
        entry = entries[key]
        entry.at = max(entry.at, at)
        return entry

    for item in sorted(agenda_items, key=lambda item: (item.meeting.starts_at, item.pk)):
        entry_for(item.meeting, item.meeting.starts_at).agenda_items.append(item)

    told: set[tuple[datetime.date, str]] = set()
    for entry in entries.values():
        for item in entry.agenda_items:
            if not item.is_exempt and item.outcome_notes.strip():
                told.add((entry.day, item.outcome_notes.strip()))
    for change in sorted(status_changes, key=lambda change: (change.changed_at, change.pk)):
        entry = entry_for(change.meeting, change.changed_at)
        reason = change.reason.strip()
        key = (timezone.localdate(change.changed_at), reason)
        shown = reason if reason and key not in told else ""
        told.add(key)
        entry.steps.append(JourneyStep(change, shown))

    return sorted(entries.values(), key=lambda entry: entry.at, reverse=True)
