"""The words, dates and file names every committee report shares."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from priorities.models import CommitteeKind
from priorities.reports.links import report_base_url


def local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def long_date(day):
    return f"{day:%-d %B %Y}"


def data_source(is_draft, generated_at, organisation_name, *, with_time=True):
    """Say where the data comes from (and, ``with_time``, when it was read: a report that
    says so in ``Report.data_as_at`` leaves it out here)."""
    base = f"{settings.PORTAL_NAME} ({report_base_url()}/)"
    if with_time:
        base += f", data as at {timezone.localtime(generated_at):%-d %B %Y, %H:%M}"
    base += "."
    if not is_draft:
        return base + " Published records only."
    return (
        base + f" Includes records of {organisation_name} not yet published: a DRAFT, not for "
        "publication until every record in it is published."
    )


def pack_data_as_at(agenda_published_at, generated_at, meeting_starts_at):
    """Say what moment a meeting's report shows: the agenda's publication (a frozen pack), or,
    without one, the moment the report was made. Of a meeting still to come that is because its
    agenda is not out yet; of one already held, because no publication date was recorded."""
    if agenda_published_at is not None:
        published = timezone.localtime(agenda_published_at)
        return (
            f"{long_date(published.date())}, when the agenda was published. Statuses, RAG "
            "ratings, progress and milestones are as they stood then, however late this report "
            "is downloaded; changes made since are not included."
        )
    read_at = timezone.localtime(generated_at)
    made = f"{long_date(read_at.date())} at {read_at:%H:%M}, when this report was made"
    if meeting_starts_at > generated_at:
        return f"{made}: the agenda has not been published yet, so the report is not frozen at it."
    return (
        f"{made}. No date was recorded for the publication of this meeting’s agenda, so the "
        "report shows where each item stands now, not as it stood at the meeting on "
        f"{long_date(timezone.localdate(meeting_starts_at))}; the decisions are those recorded "
        "at the meeting."
    )


def period_text(start, end):
    if start and end:
        return f"{long_date(start)} to {long_date(end)}"
    if start:
        return f"From {long_date(start)}"
    if end:
        return f"Until {long_date(end)}"
    return "Not set"


def body_name(committee):
    """How a report names the body it goes to: "the cabinet", "the board", "the committee"."""
    if committee.kind == CommitteeKind.CABINET:
        return "cabinet"
    if committee.kind == CommitteeKind.PARTNERSHIP_BOARD:
        return "board"
    return "committee"


def recommendations(body):
    return [
        f"That the {body} notes the status, delivery rating and progress of each item set out "
        "in this report.",
        f"That the {body} identifies any item it wishes to scrutinise further, and the officer "
        "or lead member it wishes to hear from.",
    ]


def file_stem(*parts, draft=False):
    stem = "-".join(slugify(part) for part in parts if part)
    return f"{stem}-draft" if draft else stem


ALL_MEETINGS = "All meetings"


def report_period(period_start: datetime.date | None, period_end: datetime.date | None):
    """Return the words for a committee report's period ("All meetings" when open)."""
    if not period_start and not period_end:
        return ALL_MEETINGS
    return period_text(period_start, period_end)


def counted(number, noun):
    return f"{number} {noun if number == 1 else noun + 's'}"
