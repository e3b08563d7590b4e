"""The report for one meeting: the items before it and where each stands."""

from django.conf import settings
from django.utils import timezone

from priorities.reports.audience import PUBLIC, page_link, shows_as_draft
from priorities.reports.document import (
    ColumnKind,
    Link,
    Report,
    Section,
    percent_text,
)
from priorities.reports.progress import Progress
from priorities.reports.tables import (
    decisions_table,
    items_table,
    milestones_table,
    rag_tag,
    status_changes_at,
    status_tag,
    targets_table,
    visible_agenda_items,
)
from priorities.reports.wording import (
    body_name,
    data_source,
    file_stem,
    local_date,
    long_date,
    period_text,
    recommendations,
)

K = ColumnKind


def _item_section(item, status_changes_here, today):
    """A section on one agenda item: what it is about and where it stands."""
    subject = item.subject
    heading = f"{item.item_number} {item.title}".strip()
    section = Section(heading=heading, anchor=f"item-{item.pk}")
    if item.initiative_id:
        initiative = subject
        section.paragraphs.append(initiative.summary)
        section.facts = [
            ("Initiative", page_link(initiative, initiative.title)),
            ("Lead organisation", initiative.organisation.display_name),
            ("Status", status_tag(initiative)),
            ("RAG rating", rag_tag(initiative)),
            ("Progress", percent_text(initiative.progress)),
            ("Start", initiative.start_date),
            ("End", initiative.end_date),
            (
                "Priorities it delivers",
                "; ".join(priority.title for priority in initiative.report_priorities),
            ),
        ]
        for change in status_changes_here.get(initiative.pk, []):
            section.paragraphs.append(
                f"Decided at this meeting: {change.get_from_status_display()} → "
                f"{change.get_to_status_display()}. {change.reason}"
            )
        targets = targets_table([initiative], with_initiative=False)
        milestones = milestones_table([initiative], today, with_initiative=False)
        for table in (targets, milestones):
            table.in_spreadsheet = False
        section.tables = [table for table in (targets, milestones) if table.rows]
    else:
        plan = subject
        section.paragraphs.append(plan.summary)
        section.facts = [
            ("Plan", page_link(plan, plan.title)),
            ("Organisation", plan.organisation.display_name),
            ("Plan status", status_tag(plan)),
            ("Period", period_text(plan.period_start, plan.period_end)),
        ]
    section.facts.append(("Committee outcome", item.get_outcome_display()))
    if item.outcome_notes:
        section.facts.append(("Outcome notes", item.outcome_notes))
    if item.report_url:
        section.facts.append(("Officer report", Link(item.report_url, item.report_url)))
    section.paragraphs = [text for text in section.paragraphs if text]
    return section


def meeting_report(meeting, *, audience=PUBLIC, progress=None):
    """Return the report for ``meeting``: the items before it and where each stands."""
    generated_at = timezone.now()
    today = timezone.localdate()
    committee = meeting.committee
    organisation = committee.organisation
    meeting_date = local_date(meeting.starts_at)
    agenda_items = list(visible_agenda_items(audience, [meeting]))
    tracker = Progress(progress, len(agenda_items) + 1)
    status_changes = list(status_changes_at([meeting], audience))
    changes_by_initiative = {}
    for change in status_changes:
        changes_by_initiative.setdefault(change.initiative_id, []).append(change)

    items = items_table(agenda_items, audience)
    item_sections = []
    for item in agenda_items:
        item_sections.append(_item_section(item, changes_by_initiative, today))
        tracker.step()
    subjects = [item.subject for item in agenda_items]
    is_draft = any(shows_as_draft(subject) for subject in subjects)

    count = len(agenda_items)
    if count:
        purpose = [
            "This report sets out where "
            f"{'the one item' if count == 1 else f'each of the {count} items'} about "
            "children’s services priorities before "
            f"the {committee.name} on {long_date(meeting_date)} stands: its status in the "
            "scrutiny journey, its delivery (RAG) rating, its progress, and its targets and "
            "milestones."
        ]
    else:
        purpose = [
            f"No published items about children’s services priorities or initiatives are "
            f"recorded for the {committee.name} on {long_date(meeting_date)}. This report "
            "records that, with the meeting’s details."
        ]
    background = [
        text
        for text in (
            meeting.description,
            f"Meeting status: {meeting.get_status_display()}."
            + (f" Location: {meeting.location}." if meeting.location else ""),
            f"Agenda: {meeting.agenda_url}" if meeting.agenda_url else "",
            f"Minutes: {meeting.minutes_url}" if meeting.minutes_url else "",
            committee.description,
        )
        if text
    ]
    sections = [
        Section(
            "The items in detail",
            paragraphs=[] if item_sections else ["There are no items to describe."],
            subsections=item_sections,
            anchor="items-in-detail",
        ),
        Section(
            "Decisions recorded at this meeting",
            tables=[decisions_table(status_changes)],
            anchor="decisions",
        ),
    ]
    item_initiatives = [item.initiative for item in agenda_items if item.initiative_id]
    extra_sheets = [
        targets_table(item_initiatives),
        milestones_table(item_initiatives, today),
    ]
    tracker.step()
    return Report(
        scope="meeting",
        organisation_name=organisation.name,
        title=f"{committee.name}, {long_date(meeting_date)}",
        subtitle="The status of the children’s services priorities and initiatives before "
        "the meeting",
        report_date=meeting_date,
        generated_at=generated_at,
        source_url=settings.PORTAL_BASE_URL.rstrip("/") + meeting.get_absolute_url(),
        filename_stem=file_stem(committee.slug, meeting.slug, draft=is_draft),
        purpose=purpose,
        recommendations=recommendations(body_name(committee))
        if count
        else [f"That the {body_name(committee)} notes this report."],
        background=background,
        items=items,
        sections=sections,
        extra_sheets=extra_sheets,
        data_source=data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )
