"""iCalendar (RFC 5545) files of committee meetings: every meeting, one committee's, or one.

Each meeting is one VEVENT whose UID is built from its primary key (``meeting-<pk>@<host>``),
so a calendar that subscribed to a feed updates the same event when the meeting is moved,
postponed or cancelled. ``SEQUENCE`` counts those revisions, read from the meeting's history
(django-simple-history): each saved version whose start, time, status or place differs from
the version before it adds one. A cancelled meeting stays in the feed with
``STATUS:CANCELLED``. A meeting whose time is not known is an all-day event.

The description lists the meeting's public agenda items only
(``AgendaItem.objects.published()``) of the site asked (``on_current_site``): items about
draft initiatives or plans never appear. Links go to the site the calendar was asked on
(``base_url``); the UIDs stay the portal's, so a meeting is one event whichever site's
calendar holds it.
"""

import datetime
import zoneinfo
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from priorities.models import AgendaItem, Meeting, MeetingStatus

LONDON = "Europe/London"

#: The fields whose change is a revision a calendar must show (RFC 5545 3.8.7.4).
REVISED_FIELDS = ("starts_at", "time_known", "status", "location")

ICAL_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}

SUMMARY_PREFIX = {
    MeetingStatus.POSTPONED: "Postponed: ",
    MeetingStatus.CANCELLED: "Cancelled: ",
}


def absolute(path: str, base_url: str = "") -> str:
    """``path`` on the site at ``base_url`` (no final slash; "": ``PORTAL_BASE_URL``)."""
    return (base_url or settings.PORTAL_BASE_URL).rstrip("/") + path


def uid_host() -> str:
    """The host part of every UID: the portal's own host name, without a port."""
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.pk}@{uid_host()}"


def sequences(meeting_ids) -> dict[int, int]:
    """Return each meeting's SEQUENCE: how many of its saved versions moved, postponed,
    cancelled or relocated it (0 for a meeting never revised)."""
    versions = (
        Meeting.history.filter(id__in=meeting_ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", *REVISED_FIELDS)
    )
    counts: dict[int, int] = defaultdict(int)
    previous: dict[int, tuple] = {}
    for meeting_id, *values in versions:
        values = tuple(values)
        if meeting_id in previous and previous[meeting_id] != values:
            counts[meeting_id] += 1
        previous[meeting_id] = values
    return counts


def public_agenda(meeting_ids) -> dict[int, list]:
    """Return each meeting's public agenda items, in agenda order."""
    items = defaultdict(list)
    for item in (
        AgendaItem.objects.published()
        .on_current_site()
        .filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", "order", "item_number", "pk")
    ):
        items[item.meeting_id].append(item)
    return items


def london_timezone() -> Timezone:
    """The VTIMEZONE of Europe/London: British Summer Time from the last Sunday of March to
    the last Sunday of October."""
    zone = Timezone()
    zone.add("tzid", LONDON)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    summer.add("tzoffsetfrom", datetime.timedelta(0))
    summer.add("tzoffsetto", datetime.timedelta(hours=1))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=1))
    winter.add("tzoffsetto", datetime.timedelta(0))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def describe(meeting, items, base_url: str = "") -> str:
    """The event's description: the organisation, the status, the public agenda items with
    their outcomes, and where the papers are."""
    lines = [meeting.committee.organisation.name]
    if meeting.status != MeetingStatus.SCHEDULED:
        lines.append(f"Status: {meeting.get_status_display()}")
    if items:
        lines += ["", "On the agenda:"]
        for item in items:
            number = f"Item {item.item_number}: " if item.item_number else ""
            outcome = ""
            if item.outcome != item._meta.get_field("outcome").default:
                outcome = f" ({item.get_outcome_display()})"
            lines.append(f"- {number}{item.title}{outcome}")
    if meeting.agenda_url:
        lines += ["", f"Agenda: {meeting.agenda_url}"]
    lines += ["", f"More on the portal: {absolute(meeting.get_absolute_url(), base_url)}"]
    return "\n".join(lines)


def meeting_event(meeting, *, sequence, items, base_url: str = "") -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("sequence", sequence)
    event.add("status", ICAL_STATUS.get(meeting.status, "CONFIRMED"))
    prefix = SUMMARY_PREFIX.get(meeting.status, "")
    event.add("summary", f"{prefix}{meeting.committee.name}")
    london = zoneinfo.ZoneInfo(LONDON)
    starts_at = meeting.starts_at.astimezone(london)
    if meeting.time_known:
        event.add("dtstart", starts_at)
        minutes = settings.PORTAL_MEETING_DEFAULT_MINUTES
        event.add("dtend", starts_at + datetime.timedelta(minutes=minutes))
    else:
        day = starts_at.date()
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", describe(meeting, items, base_url))
    event.add("url", absolute(meeting.get_absolute_url(), base_url))
    return event


def meetings_calendar(meetings, *, name: str, base_url: str = "") -> bytes:
    """Return ``meetings`` (a queryset) as one iCalendar file named ``name``, its links on the
    site at ``base_url`` ("": ``PORTAL_BASE_URL``)."""
    meetings = list(meetings.select_related("committee__organisation").order_by("starts_at", "pk"))
    ids = [meeting.pk for meeting in meetings]
    revisions = sequences(ids)
    agenda = public_agenda(ids)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PORTAL_NAME}//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))  # escaped as TEXT (not done for X- names)
    calendar.add("x-wr-timezone", LONDON)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    if any(meeting.time_known for meeting in meetings):
        calendar.add_component(london_timezone())
    for meeting in meetings:
        calendar.add_component(
            meeting_event(
                meeting,
                sequence=revisions.get(meeting.pk, 0),
                items=agenda.get(meeting.pk, []),
                base_url=base_url,
            )
        )
    return calendar.to_ical()
