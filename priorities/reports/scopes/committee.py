"""The report on a committee over a period: its meetings, their items and decisions, and the
plans it oversees."""

from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    Initiative,
    Meeting,
    Plan,
    Priority,
)
from priorities.reports.audience import PUBLIC, page_link, shows_as_draft
from priorities.reports.cards import cards_table, load_cards
from priorities.reports.document import (
    Column,
    ColumnKind,
    Link,
    Report,
    Section,
    Table,
)
from priorities.reports.links import absolute_url, links_to_base_url
from priorities.reports.progress import Progress
from priorities.reports.tables import (
    add_publication_column,
    decisions_table,
    items_table,
    rag_tag,
    shows_exempt_content,
    status_changes_at,
    status_tag,
    visible_agenda_items,
)
from priorities.reports.wording import (
    ALL_MEETINGS,
    body_name,
    counted,
    data_source,
    file_stem,
    local_date,
    recommendations,
    report_period,
)
from priorities.selectors import average_progress

K = ColumnKind


@links_to_base_url
def committee_report(
    committee, *, period_start=None, period_end=None, audience=PUBLIC, progress=None
):
    """Return the report on everything under ``committee``'s scrutiny in a period.

    The period runs from ``period_start`` to ``period_end`` inclusive (local dates; either may
    be None for no limit): the meetings in it with their items, the decisions taken at them,
    and the plans the committee oversees with where their initiatives stand.
    """
    generated_at = timezone.now()
    today = timezone.localdate()
    organisation = committee.organisation
    meetings = Meeting.objects.filter(committee=committee)
    if period_start:
        meetings = meetings.filter(starts_at__date__gte=period_start)
    if period_end:
        meetings = meetings.filter(starts_at__date__lte=period_end)
    meetings = list(meetings.select_related("committee__organisation").order_by("starts_at"))
    agenda_items = list(visible_agenda_items(audience, meetings))
    plans = list(
        audience.visible(Plan)
        .filter(overseen_by=committee)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=audience.visible(Priority).prefetch_related(
                    Prefetch(
                        "initiatives",
                        queryset=audience.visible(Initiative),
                        to_attr="report_initiatives",
                    )
                ),
                to_attr="report_priorities",
            )
        )
        .order_by("title")
    )
    status_changes = list(status_changes_at(meetings, audience))
    tracker = Progress(progress, len(agenda_items) + len(plans) + 1)

    items_per_meeting = Counter(item.meeting_id for item in agenda_items)
    meetings_table = Table(
        "Meetings",
        [
            Column("Date", K.DATE, 12),
            Column("Meeting status", K.TEXT, 14),
            Column("Items", K.NUMBER, 8),
            Column("Web page", K.LINK, 30, in_documents=False),
        ],
        empty_text="The committee has no meetings in this period.",
    )
    for meeting in meetings:
        meetings_table.rows.append(
            [
                local_date(meeting.starts_at),
                meeting.get_status_display(),
                items_per_meeting[meeting.pk],
                Link(str(meeting), absolute_url(meeting.get_absolute_url())),
            ]
        )

    items = items_table(agenda_items, audience, with_meeting=True, notes_in_documents=True)
    items.empty_text = "No published items about priorities or initiatives were before the "
    items.empty_text += "committee in this period."
    tracker.step(len(agenda_items))

    plan_initiatives = [
        {
            initiative.pk: initiative
            for priority in plan.report_priorities
            for initiative in priority.report_initiatives
        }.values()
        for plan in plans
    ]
    # One column per status any of the plans' initiatives has: fifteen columns would not fit.
    statuses_present = {i.status for initiatives in plan_initiatives for i in initiatives}
    status_columns = [s for s in InitiativeStatus.values if s in statuses_present]
    plans_table = Table(
        "Plans overseen",
        [
            Column("Plan", K.LONG_TEXT, 36),
            Column("Plan status", K.TAG, 16),
            Column("Initiatives", K.NUMBER, 10),
            *[Column(InitiativeStatus(s).label, K.NUMBER, 10) for s in status_columns],
            Column("Average progress", K.PERCENT, 10),
        ],
        empty_text="The committee oversees no published plans.",
    )
    for plan, initiatives in zip(plans, plan_initiatives, strict=True):
        counts = Counter(initiative.status for initiative in initiatives)
        plans_table.rows.append(
            [
                page_link(plan, plan.title),
                status_tag(plan),
                len(initiatives),
                *[counts[status] for status in status_columns],
                average_progress(initiatives),
            ]
        )
        tracker.step()
    add_publication_column(plans_table, audience, plans)

    subjects = [item.subject for item in agenda_items] + plans
    is_draft = any(shows_as_draft(subject) for subject in subjects)
    period = report_period(period_start, period_end)
    body = body_name(committee)
    purpose = [
        f"This report sets out everything about children’s services priorities under the "
        f"{committee.name}’s scrutiny ({period.lower() if period == ALL_MEETINGS else period}): "
        f"{counted(len(meetings), 'meeting')}, {counted(len(agenda_items), 'item')} before them, "
        f"the decisions recorded at them, and {counted(len(plans), 'plan')} the {body} "
        "oversees, with where each initiative stands."
    ]
    sections = [
        Section("Meetings in the period", tables=[meetings_table], anchor="meetings"),
        Section(
            "Decisions recorded at these meetings",
            tables=[decisions_table(status_changes, with_meeting=True)],
            anchor="decisions",
        ),
        Section("Plans the committee oversees", tables=[plans_table], anchor="plans"),
    ]
    item_initiatives = {
        item.initiative_id: item.initiative
        for item in agenda_items
        if item.initiative_id and shows_exempt_content(item, audience)
    }
    if item_initiatives:
        initiatives = sorted(item_initiatives.values(), key=lambda i: (i.title, i.pk))
        sections.insert(
            1,
            Section(
                "Where each initiative stands",
                paragraphs=[
                    "Each initiative before the committee in the period, as its card on the "
                    "portal shows it today."
                ],
                tables=[cards_table(initiatives, load_cards(initiatives), rag_tag)],
                anchor="initiatives",
            ),
        )
    tracker.step()
    report_date = period_end or today
    return Report(
        scope="committee",
        organisation_name=organisation.name,
        title=f"{committee.name}: scrutiny of children’s services priorities",
        subtitle=period,
        report_date=report_date,
        generated_at=generated_at,
        source_url=absolute_url(committee.get_absolute_url()),
        filename_stem=file_stem(
            committee.slug,
            period_start.isoformat() if period_start else "",
            "to" if period_start or period_end else "",
            period_end.isoformat() if period_end else "",
            draft=is_draft,
        ),
        purpose=purpose,
        recommendations=recommendations(body),
        background=[text for text in (committee.description,) if text],
        items=items,
        sections=sections,
        data_source=data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )
