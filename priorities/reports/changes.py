"""What changed since a committee last met, for the meeting's pack: RAG ratings that moved,
milestones that slipped and new status changes, for the initiatives before the meeting.

Read between two moments (the previous meeting and the pack's date) from the same dated records
as ``as_at``, so a frozen pack's section never changes either.
"""

import datetime

from django.utils import timezone

from priorities.models import Rag, StatusChange
from priorities.reports.as_at import NOT_RECORDED, initiatives_as_at
from priorities.reports.audience import page_link
from priorities.reports.document import Column, ColumnKind, Section, Table, Tag
from priorities.reports.wording import local_date, long_date
from priorities.tag_colours import rag_colour, status_colour

K = ColumnKind


def rag_words(rag):
    return Rag(rag).label if rag in Rag.values else "Not recorded"


def rag_value_tag(rag):
    return Tag(rag_words(rag), rag_colour(rag))


def rag_moves_table(initiatives, before, after):
    table = Table(
        "RAG rating moves",
        [
            Column("Initiative", K.LONG_TEXT, 36),
            Column("From", K.TAG, 16),
            Column("To", K.TAG, 16),
        ],
        empty_text="No initiative’s RAG rating moved.",
    )
    for initiative in initiatives:
        then, now = before[initiative.pk].rag, after[initiative.pk].rag
        if NOT_RECORDED in (then, now) or then == now:
            continue
        table.rows.append(
            [page_link(initiative, initiative.title), rag_value_tag(then), rag_value_tag(now)]
        )
    return table


def slipped_milestones_table(initiatives, before, after, since_day, until_day):
    """Milestones whose due date moved later, or that fell due in the window and were not done
    by its end."""
    table = Table(
        "Milestones that slipped",
        [
            Column("Initiative", K.LONG_TEXT, 28),
            Column("Milestone", K.LONG_TEXT, 30),
            Column("Was due", K.DATE, 12),
            Column("Now due", K.DATE, 12),
            Column("What happened", K.LONG_TEXT, 24),
        ],
        empty_text="No milestone slipped.",
    )
    for initiative in initiatives:
        earlier = {m.pk: m for m in before[initiative.pk].milestones}
        for milestone in after[initiative.pk].milestones:
            was = earlier.get(milestone.pk)
            was_due = was.due_date if was else None
            if milestone.completed_on:
                continue
            if was_due and milestone.due_date and milestone.due_date > was_due:
                what = "Due date moved later"
            elif milestone.due_date and since_day <= milestone.due_date < until_day:
                what = "Fell due and is not done"
            else:
                continue
            table.rows.append(
                [
                    page_link(initiative, initiative.title),
                    milestone.title,
                    was_due or milestone.due_date,
                    milestone.due_date,
                    what,
                ]
            )
    return table


def new_status_changes_table(initiatives, since, until, previous):
    table = Table(
        "New status changes",
        [
            Column("Date", K.DATE, 12),
            Column("Initiative", K.LONG_TEXT, 30),
            Column("From", K.TAG, 16),
            Column("To", K.TAG, 16),
            Column("Reason", K.LONG_TEXT, 40),
        ],
        empty_text="No initiative changed status.",
    )
    changes = (
        StatusChange.objects.filter(
            initiative__in=[initiative.pk for initiative in initiatives],
            changed_at__gt=since,
            changed_at__lte=until,
        )
        .exclude(meeting=previous)
        .select_related("initiative__organisation")
        .order_by("changed_at", "pk")
    )
    for change in changes:
        table.rows.append(
            [
                local_date(change.changed_at),
                page_link(change.initiative, change.initiative.title),
                Tag(change.get_from_status_display(), status_colour(change.from_status)),
                Tag(change.get_to_status_display(), status_colour(change.to_status)),
                change.reason,
            ]
        )
    return table


def changed_since_section(initiatives, previous, until, until_words):
    """The "Changed since the last meeting" section for ``initiatives`` (loaded, not yet frozen)
    between the committee's ``previous`` meeting (None: there is none) and ``until``."""
    heading = "Changed since the last meeting"
    if previous is None:
        return Section(
            heading,
            paragraphs=[
                "The portal records no earlier meeting of this committee, so there is nothing "
                "to compare with."
            ],
            anchor="changed-since",
        )
    # The decisions of the previous meeting are its own: the window opens when its day ends.
    previous_day = local_date(previous.starts_at)
    since = timezone.make_aware(
        datetime.datetime.combine(previous_day + datetime.timedelta(days=1), datetime.time())
    )
    window = (
        f"Between the committee’s last meeting on {long_date(previous_day)} and "
        f"{until_words}, for the initiatives before this meeting."
    )
    if not initiatives:
        return Section(
            heading,
            paragraphs=[window, "There are no initiatives before this meeting."],
            anchor="changed-since",
        )
    before = initiatives_as_at(initiatives, since)
    after = initiatives_as_at(initiatives, until)
    tables = [
        rag_moves_table(initiatives, before, after),
        slipped_milestones_table(
            initiatives, before, after, timezone.localdate(since), timezone.localdate(until)
        ),
        new_status_changes_table(initiatives, since, until, previous),
    ]
    return Section(heading, paragraphs=[window], tables=tables, anchor="changed-since")
