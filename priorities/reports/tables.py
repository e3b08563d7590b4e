"""The tables and cells the committee reports share: initiatives, targets, milestones,
decisions and agenda items, and the "Publication" column of an officer's report."""

import re

from django.db.models import Prefetch

from priorities.models import (
    AgendaItem,
    AgendaItemPaper,
    Initiative,
    Milestone,
    Plan,
    Priority,
    StatusChange,
    Target,
)
from priorities.reports.as_at import NOT_RECORDED, NOT_RECORDED_LABEL
from priorities.reports.audience import page_link, publication_text, web_page
from priorities.reports.document import Column, ColumnKind, Link, Table, Tag
from priorities.reports.wording import local_date
from priorities.tag_colours import milestone_colour, rag_colour, status_colour

K = ColumnKind

WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def status_tag(record):
    return Tag(record.get_status_display(), status_colour(record.status))


def rag_tag(initiative):
    """The initiative's RAG rating in words; in a frozen pack, "Not recorded then" where the
    portal held no rating at the time."""
    if initiative.rag == NOT_RECORDED:
        return Tag(NOT_RECORDED_LABEL, rag_colour(initiative.rag))
    return Tag(initiative.get_rag_display(), rag_colour(initiative.rag))


# The initiative columns every scope shares, and the row that fills them.


def initiative_columns():
    return [
        Column("Status", K.TAG, 18),
        Column("RAG rating", K.TAG, 16),
        Column("Progress", K.PERCENT, 10),
    ]


def initiative_cells(initiative):
    return [status_tag(initiative), rag_tag(initiative), initiative.progress]


def add_publication_column(table, audience, records):
    """Add a "Publication" column to an officer's table saying which rows are drafts (``None``
    for a row that is no record, such as "No priorities yet")."""
    if audience.is_public:
        return
    table.columns.append(Column("Publication", K.TEXT, 14))
    for row, record in zip(table.rows, records, strict=True):
        row.append(publication_text(record) if record is not None else "")


def _parts_table(title, columns, initiatives, parts_of, cells_of, *, with_initiative, empty_text):
    """A table of the parts (targets, milestones) of ``initiatives``, one row per part, led by
    the initiative's title when ``with_initiative``."""
    if with_initiative:
        columns = [Column("Initiative", K.LONG_TEXT, 30), *columns]
    table = Table(title, columns, empty_text=empty_text)
    for initiative in initiatives:
        for part in parts_of(initiative):
            cells = cells_of(part)
            table.rows.append([initiative.title, *cells] if with_initiative else cells)
    return table


def targets_table(initiatives, *, with_initiative=True):
    return _parts_table(
        "Targets",
        [
            Column("Target", K.LONG_TEXT, 36),
            Column("Unit", K.TEXT, 8),
            Column("Baseline", K.NUMBER, 10),
            Column("Baseline date", K.DATE, 12),
            Column("Current", K.NUMBER, 10),
            Column("Current value date", K.DATE, 12),
            Column("Target value", K.NUMBER, 10),
            Column("Target date", K.DATE, 12),
        ],
        initiatives,
        lambda initiative: initiative.targets.all(),
        lambda target: [
            target.description,
            target.unit,
            target.baseline_value,
            target.baseline_date,
            target.current_value,
            target.current_value_date,
            target.target_value,
            target.target_date,
        ],
        with_initiative=with_initiative,
        empty_text="No targets are recorded for these initiatives.",
    )


def milestones_table(initiatives, today, *, with_initiative=True):
    def cells(milestone):
        state = milestone.state(today)
        return [
            milestone.title,
            milestone.due_date,
            milestone.completed_on,
            Tag(state.label, milestone_colour(state)),
        ]

    return _parts_table(
        "Milestones",
        [
            Column("Milestone", K.LONG_TEXT, 36),
            Column("Due", K.DATE, 12),
            Column("Completed on", K.DATE, 12),
            Column("State", K.TAG, 12),
        ],
        initiatives,
        lambda initiative: initiative.milestones.all(),
        cells,
        with_initiative=with_initiative,
        empty_text="No milestones are recorded for these initiatives.",
    )


def decisions_table(status_changes, *, with_meeting=False):
    columns = [
        Column("Date", K.DATE, 12),
        Column("Initiative", K.LONG_TEXT, 30),
        Column("From", K.TAG, 16),
        Column("To", K.TAG, 16),
        Column("Reason", K.LONG_TEXT, 50),
    ]
    if with_meeting:
        columns.insert(1, Column("Meeting", K.TEXT, 24))
    table = Table(
        "Decisions",
        columns,
        empty_text="No status changes are recorded against these meetings.",
    )
    for change in status_changes:
        row = [
            local_date(change.changed_at),
            page_link(change.initiative, change.initiative.title),
            Tag(change.get_from_status_display(), status_colour(change.from_status)),
            Tag(change.get_to_status_display(), status_colour(change.to_status)),
            change.reason,
        ]
        if with_meeting:
            row.insert(1, str(change.meeting) if change.meeting else "")
        table.rows.append(row)
    return table


def grouped_decisions_table(status_changes):
    """The decisions as a reader wants them: one row for each step taken for the same reason,
    listing the initiatives it was taken for (a spreadsheet keeps one row per change)."""
    table = Table(
        "Decisions",
        [
            Column("Date", K.DATE, 12),
            Column("Initiatives", K.LONG_TEXT, 30),
            Column("From", K.TAG, 16),
            Column("To", K.TAG, 16),
            Column("Reason", K.LONG_TEXT, 50),
        ],
        empty_text="No status changes are recorded against this meeting.",
        in_spreadsheet=False,
    )
    rows = {}
    for change in status_changes:
        key = (change.from_status, change.to_status, change.reason.strip())
        if key not in rows:
            rows[key] = [
                local_date(change.changed_at),
                [],
                Tag(change.get_from_status_display(), status_colour(change.from_status)),
                Tag(change.get_to_status_display(), status_colour(change.to_status)),
                change.reason,
            ]
            table.rows.append(rows[key])
        rows[key][1].append(page_link(change.initiative, change.initiative.title))
    return table


# Agenda items: shared by the meeting and the committee reports.


def visible_agenda_items(audience, meetings):
    return (
        AgendaItem.objects.filter(meeting__in=meetings)
        .about(audience.visible(Initiative), audience.visible(Plan))
        .select_related(
            "meeting__committee__organisation", "initiative__organisation", "plan__organisation"
        )
        .prefetch_related(
            Prefetch("papers", queryset=AgendaItemPaper.objects.order_by("order", "pk")),
            Prefetch("initiative__targets", queryset=Target.objects.order_by("pk")),
            Prefetch(
                "initiative__milestones",
                queryset=Milestone.objects.order_by("order", "due_date", "pk"),
            ),
            Prefetch(
                "initiative__priorities",
                queryset=audience.visible(Priority).order_by("title"),
                to_attr="report_priorities",
            ),
        )
        .order_by("meeting__starts_at", "order", "item_number", "pk")
    )


def shows_exempt_content(item, audience):
    """Return False when ``audience`` may see no more of ``item`` than its title and its
    exemption: an exempt item, for the public."""
    return not (item.is_exempt and audience.is_public)


def key_decision_text(item):
    if item.key_decision is None:
        return ""
    return "Yes" if item.key_decision else "No"


def exempt_status_text(item):
    return item.exemption_text or "Open"


def contact_text(item):
    """The contact officer in one line: "Jo Bloggs, Head of Early Help, jo@…, 020 …"."""
    return ", ".join(
        part
        for part in (item.contact_name, item.contact_role, item.contact_email, item.contact_phone)
        if part
    )


def background_paper_values(text):
    """Return the background papers, one a line, each line that is a web address as a link."""
    values = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        values.append(Link(line, line) if WEB_ADDRESS.match(line) else line)
    return values


def paper_links(item):
    """Return the item's papers as links: its report first, then its other documents."""
    links = [Link("Report", item.report_url)] if item.report_url else []
    links.extend(
        Link(f"{paper.get_kind_display()}: {paper.title}", paper.url) for paper in item.papers.all()
    )
    return links


def clerk_facts(item):
    """The facts a clerk's report gives about an item besides its subject: the papers, the
    contact officer, wards affected, key decision, exempt status and background papers."""
    facts = []
    papers = paper_links(item)
    if papers:
        facts.append(("Papers", papers))
    if item.has_contact:
        facts.append(("Contact officer", contact_text(item)))
    if item.wards_affected:
        facts.append(("Wards affected", item.wards_affected))
    if item.key_decision is not None:
        facts.append(("Key decision", key_decision_text(item)))
    facts.append(("Exempt information", "No" if not item.is_exempt else item.exemption_text))
    papers_relied_on = background_paper_values(item.background_papers)
    if papers_relied_on:
        facts.append(("Background papers", papers_relied_on))
    return facts


def items_table(agenda_items, audience, *, with_meeting=False, notes_in_documents=False):
    """The items table. A document prints an item's outcome notes here only when
    ``notes_in_documents``: a meeting's report prints them once, in the item's own section."""
    columns = [
        Column("Item", K.TEXT, 6),
        Column("Title", K.LONG_TEXT, 40),
        Column("About", K.TEXT, 10, in_documents=False),
        Column("Lead organisation", K.TEXT, 24, in_documents=False),
        *initiative_columns(),
        Column("Decision", K.TEXT, 16),
        Column("Outcome notes", K.LONG_TEXT, 40, in_documents=notes_in_documents),
        Column("Contact officer", K.LONG_TEXT, 30, in_documents=False),
        Column("Wards affected", K.LONG_TEXT, 20, in_documents=False),
        Column("Key decision", K.TEXT, 8, in_documents=False),
        Column("Exempt status", K.LONG_TEXT, 20, in_documents=False),
        Column("Background papers", K.LONG_TEXT, 30, in_documents=False),
        Column("Web page", K.LINK, 30, in_documents=False),
    ]
    if with_meeting:
        columns.insert(0, Column("Meeting date", K.DATE, 12))
    table = Table(
        "Items",
        columns,
        empty_text="No published items about priorities or initiatives are recorded for this "
        "meeting.",
    )
    subjects = []
    for item in agenda_items:
        subject = item.subject
        subjects.append(subject)
        about = "Initiative" if item.initiative_id else "Plan"
        if not shows_exempt_content(item, audience):
            # An exempt item shows the public its title and its exemption, nothing more.
            row = [item.item_number, item.title, about, "", None, None, None, "Exempt", ""]
            row += ["", "", "", exempt_status_text(item), "", ""]
        else:
            if item.initiative_id:
                measures = initiative_cells(subject)
            else:
                measures = [status_tag(subject), None, None]
            row = [
                item.item_number,
                item.title,
                about,
                subject.organisation.display_name,
                *measures,
                item.get_outcome_display(),
                item.outcome_notes,
                contact_text(item),
                item.wards_affected,
                key_decision_text(item),
                exempt_status_text(item),
                "\n".join(str(value) for value in background_paper_values(item.background_papers)),
                web_page(subject),
            ]
        if with_meeting:
            row.insert(0, local_date(item.meeting.starts_at))
        table.rows.append(row)
    add_publication_column(table, audience, subjects)
    return table


def status_changes_at(meetings, audience):
    return (
        StatusChange.objects.filter(
            meeting__in=meetings, initiative__in=audience.visible(Initiative)
        )
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("changed_at", "pk")
    )
