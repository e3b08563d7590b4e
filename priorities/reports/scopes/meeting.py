"""The report for one meeting: the items before it and where each stands."""

from django.utils import timezone

from priorities.models import AgendaItem, AgendaOutcome
from priorities.reports.as_at import (
    NOT_RECORDED_LABEL,
    freeze_initiatives,
    latest_rows,
    previous_meeting,
)
from priorities.reports.audience import PUBLIC, page_link, shows_as_draft
from priorities.reports.cards import card_facts, load_cards
from priorities.reports.changes import changed_since_section
from priorities.reports.document import (
    ColumnKind,
    Report,
    Section,
    percent_text,
)
from priorities.reports.links import absolute_url, links_to_base_url
from priorities.reports.progress import Progress
from priorities.reports.tables import (
    clerk_facts,
    decisions_table,
    grouped_decisions_table,
    items_table,
    milestones_table,
    rag_tag,
    shows_exempt_content,
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
    pack_data_as_at,
    period_text,
    recommendations,
)

K = ColumnKind


def decision_values(item, changes):
    """The decision on ``item``, once: its outcome and notes, then each status change recorded
    against its initiative at the meeting (a change's reason only where it adds to the notes)."""
    outcome = item.get_outcome_display()
    values = [f"{outcome}. {item.outcome_notes}" if item.outcome_notes else outcome]
    for change in changes:
        step = f"Status: {change.get_from_status_display()} → {change.get_to_status_display()}"
        reason = change.reason.strip()
        if reason and reason != item.outcome_notes.strip():
            step += f". {reason}"
        values.append(step)
    return values


def _item_section(item, changes_here, today, audience, cards):
    """A section on one agenda item: what it is about, the decision on it, where it stands and
    the clerk's details (papers, contact officer, wards, key decision, exemption)."""
    subject = item.subject
    heading = f"{item.item_number} {item.title}".strip()
    section = Section(heading=heading, anchor=f"item-{item.pk}")
    if not shows_exempt_content(item, audience):
        section.facts = [("Exempt information", item.exemption_text)]
        return section
    if item.initiative_id:
        initiative = subject
        section.paragraphs.append(initiative.summary)
        section.facts = [
            ("Initiative", page_link(initiative, initiative.title)),
            ("Lead organisation", initiative.organisation.display_name),
            ("Decision", decision_values(item, changes_here)),
            *card_facts(cards[initiative.pk], rag_tag(initiative)),
            (
                "Progress",
                NOT_RECORDED_LABEL
                if initiative.progress is None
                else percent_text(initiative.progress),
            ),
            ("Start", initiative.start_date),
            ("End", initiative.end_date),
            (
                "Priorities it delivers",
                "; ".join(priority.title for priority in initiative.report_priorities),
            ),
        ]
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
            ("Decision", decision_values(item, [])),
            ("Plan status", status_tag(plan)),
            ("Period", period_text(plan.period_start, plan.period_end)),
        ]
    section.facts = [(label, value) for label, value in section.facts if value not in ("", None)]
    section.facts.extend(clerk_facts(item))
    section.paragraphs = [text for text in section.paragraphs if text]
    return section


def agenda_published_at(meeting, now):
    """Return when ``meeting``'s agenda was published, or None while it is not (a date still
    to come counts as not yet)."""
    published = meeting.agenda_published_at
    return published if published is not None and published <= now else None


def outcomes_as_at(agenda_items, moment, meeting):
    """Set on each of ``agenda_items`` (never saved) its outcome as recorded at ``moment``:
    from its history, else "to be considered" when the meeting was still to come."""
    history = latest_rows(
        AgendaItem.history.model, moment, id__in=[item.pk for item in agenda_items]
    )
    for item in agenda_items:
        row = history.get(item.pk)
        if row is not None:
            item.outcome, item.outcome_notes = row.outcome, row.outcome_notes
        elif moment < meeting.starts_at:
            item.outcome, item.outcome_notes = AgendaOutcome.PENDING, ""


def unique_initiatives(agenda_items, audience):
    """The initiatives of ``agenda_items`` whose content ``audience`` may see, each once."""
    found = {}
    for item in agenda_items:
        if item.initiative_id and shows_exempt_content(item, audience):
            found.setdefault(item.initiative_id, item.initiative)
    return list(found.values())


@links_to_base_url
def meeting_report(meeting, *, audience=PUBLIC, progress=None):
    """Return the report for ``meeting``: the items before it and where each stands.

    Once the agenda is published (``Meeting.agenda_published_at``), the report is the pack as
    it stood then (``as_at``), however late it is downloaded; before, it is as at now. Either
    way it says what changed since the committee's previous meeting (``changes``).
    """
    generated_at = timezone.now()
    published_at = agenda_published_at(meeting, generated_at)
    moment = published_at or generated_at
    today = timezone.localdate(moment)
    committee = meeting.committee
    organisation = committee.organisation
    meeting_date = local_date(meeting.starts_at)
    agenda_items = list(visible_agenda_items(audience, [meeting]))
    tracker = Progress(progress, len(agenda_items) + 1)
    status_changes = list(status_changes_at([meeting], audience))
    initiatives = unique_initiatives(agenda_items, audience)
    # What changed is read before the pack's own initiatives are set to the moment.
    if published_at:
        until, until_words = moment, f"{long_date(today)}, when the agenda was published"
    elif meeting.starts_at < generated_at:
        # A meeting already held whose agenda was never published: up to the meeting.
        until, until_words = meeting.starts_at, f"this meeting on {long_date(meeting_date)}"
    else:
        until, until_words = moment, f"{long_date(today)}, when this report was made"
    changed_since = changed_since_section(
        initiatives, previous_meeting(meeting), until, until_words
    )
    all_initiatives = [item.initiative for item in agenda_items if item.initiative_id]
    latest_update_on = None
    if published_at:
        status_changes = [change for change in status_changes if change.changed_at <= moment]
        outcomes_as_at(agenda_items, moment, meeting)
        states = freeze_initiatives(all_initiatives, moment)
        latest_update_on = {pk: state.latest_update_on for pk, state in states.items()}
    cards = load_cards(all_initiatives, moment=moment, latest_update_on=latest_update_on)
    changes_by_initiative = {}
    for change in status_changes:
        changes_by_initiative.setdefault(change.initiative_id, []).append(change)

    items = items_table(agenda_items, audience)
    item_sections = []
    # Each status change is printed once: with the item about its initiative, or else among
    # the meeting's other decisions. An exempt item's are not printed for the public.
    printed = set()
    for item in agenda_items:
        changes_here = []
        if item.initiative_id and item.initiative_id not in printed:
            printed.add(item.initiative_id)
            changes_here = changes_by_initiative.get(item.initiative_id, [])
        item_sections.append(_item_section(item, changes_here, today, audience, cards))
        tracker.step()
    other_changes = [change for change in status_changes if change.initiative_id not in printed]
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
    if published_at:
        background.append(
            "Decisions taken at the meeting are not part of this pack: they are in the minutes "
            f"and on the meeting’s web page ({absolute_url(meeting.get_absolute_url())})."
        )
    sections = [
        changed_since,
        Section(
            "The items in detail",
            paragraphs=[] if item_sections else ["There are no items to describe."],
            subsections=item_sections,
            anchor="items-in-detail",
        ),
    ]
    if other_changes:
        other_decisions = grouped_decisions_table(other_changes)
        sections.append(
            Section(
                "Other decisions at this meeting",
                paragraphs=[
                    "Changes of status recorded at this meeting for initiatives that were not "
                    "an item of its own."
                ],
                tables=[other_decisions],
                anchor="other-decisions",
            )
        )
    item_initiatives = [
        item.initiative
        for item in agenda_items
        if item.initiative_id and shows_exempt_content(item, audience)
    ]
    # Spreadsheets keep every decision of the meeting on a sheet of its own, but for the
    # public none about an exempt item.
    withheld = {
        item.initiative_id
        for item in agenda_items
        if item.initiative_id and not shows_exempt_content(item, audience)
    }
    public_changes = [change for change in status_changes if change.initiative_id not in withheld]
    extra_sheets = [
        decisions_table(public_changes),
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
        source_url=absolute_url(meeting.get_absolute_url()),
        filename_stem=file_stem(committee.slug, meeting.slug, draft=is_draft),
        purpose=purpose,
        recommendations=recommendations(body_name(committee))
        if count
        else [f"That the {body_name(committee)} notes this report."],
        background=background,
        items=items,
        sections=sections,
        extra_sheets=extra_sheets,
        data_source=data_source(is_draft, generated_at, organisation.name, with_time=False),
        data_as_at=pack_data_as_at(published_at, generated_at, meeting.starts_at),
        report_date_label="Meeting date",
        is_draft=is_draft,
    )
