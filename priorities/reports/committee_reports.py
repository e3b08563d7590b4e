"""Build the committee report for a meeting, a committee over a period, or a plan.

Each builder reads the records once, in a fixed number of queries however many there are, and
returns a ``Report`` that every format writes out. What a report may contain is decided by its
``ReportAudience``: the public gets published records only; an officer also gets the unpublished
records of their own organisations, and the report is then marked DRAFT.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    Aim,
    CommitteeKind,
    Initiative,
    Meeting,
    Milestone,
    Plan,
    Priority,
    StatusChange,
    Target,
)
from priorities.querysets import PublicationState, is_public
from priorities.reports.document import (
    Column,
    ColumnKind,
    Link,
    Report,
    Section,
    Table,
    Tag,
    percent_text,
)
from priorities.selectors import average_progress
from priorities.tag_colours import milestone_colour, rag_colour, status_colour

K = ColumnKind


@dataclass(frozen=True)
class ReportAudience:
    """Who a report is for. ``user=None`` is the public: published records only."""

    user: object = None

    @property
    def is_public(self):
        return self.user is None

    def visible(self, model):
        """Return the ``model`` records (Plan, Priority or Initiative) this audience may see.

        An officer sees what is published plus their own organisations' records that are not
        archived; never another organisation's drafts.
        """
        if self.is_public:
            return model.public_objects.all()
        return model.private_objects.visible_to(self.user, with_own_archived=False)


PUBLIC = ReportAudience()


def _is_draft(record):
    """Return True when the public cannot see ``record`` (itself or its plan unpublished)."""
    return not is_public(record)


def _absolute(record):
    """Return the address of ``record``'s public page, or "" while the public cannot see it."""
    if _is_draft(record):
        return ""
    return settings.PORTAL_BASE_URL.rstrip("/") + record.get_absolute_url()


def _page_link(record, text=None):
    url = _absolute(record)
    text = text or str(record)
    return Link(text, url) if url else text


def _web_page(record):
    """The "Web page" cell: a link to the public page, empty while the public cannot see it."""
    url = _absolute(record)
    return Link("Portal page", url) if url else ""


def _status_tag(record):
    return Tag(record.get_status_display(), status_colour(record.status))


def _rag_tag(initiative):
    return Tag(initiative.get_rag_display(), rag_colour(initiative.rag))


def _publication_text(record):
    """Say whether the public can see ``record`` and, if not, why: "DRAFT (in review)"."""
    if record.publication_state != PublicationState.PUBLISHED:
        return f"DRAFT ({record.get_publication_state_display().lower()})"
    if _is_draft(record):
        return "DRAFT (plan not published)"
    return "Published"


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _long_date(day):
    return f"{day:%-d %B %Y}"


class _Progress:
    """Report ``done`` of ``total`` steps to a callback, at most once per whole percent."""

    def __init__(self, callback, total):
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0
        self.last_percent = -1

    def step(self, count=1):
        self.done += count
        percent = self.done * 100 // self.total
        if self.callback and percent != self.last_percent:
            self.last_percent = percent
            self.callback(self.done, self.total)


def _data_source(is_draft, generated_at, organisation_name):
    base = (
        f"{settings.PORTAL_NAME} ({settings.PORTAL_BASE_URL.rstrip('/')}/), "
        f"data as at {timezone.localtime(generated_at):%-d %B %Y, %H:%M}."
    )
    if not is_draft:
        return base + " Published records only."
    return (
        base + f" Includes records of {organisation_name} not yet published: a DRAFT, not for "
        "publication until every record in it is published."
    )


# The initiative columns every scope shares, and the row that fills them.


def _initiative_columns():
    return [
        Column("Status", K.TAG, 18),
        Column("RAG rating", K.TAG, 16),
        Column("Progress", K.PERCENT, 10),
    ]


def _initiative_cells(initiative):
    return [_status_tag(initiative), _rag_tag(initiative), initiative.progress]


def _publication_column(table, audience, records):
    """Add a "Publication" column to an officer's table saying which rows are drafts (``None``
    for a row that is no record, such as "No priorities yet")."""
    if audience.is_public:
        return
    table.columns.append(Column("Publication", K.TEXT, 14))
    for row, record in zip(table.rows, records, strict=True):
        row.append(_publication_text(record) if record is not None else "")


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


def _targets_table(initiatives, *, with_initiative=True):
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


def _milestones_table(initiatives, today, *, with_initiative=True):
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


def _decisions_table(status_changes, *, with_meeting=False):
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
            _local_date(change.changed_at),
            _page_link(change.initiative, change.initiative.title),
            Tag(change.get_from_status_display(), status_colour(change.from_status)),
            Tag(change.get_to_status_display(), status_colour(change.to_status)),
            change.reason,
        ]
        if with_meeting:
            row.insert(1, str(change.meeting) if change.meeting else "")
        table.rows.append(row)
    return table


# Agenda items: shared by the meeting and the committee reports.


def _visible_agenda_items(audience, meetings):
    return (
        AgendaItem.objects.filter(meeting__in=meetings)
        .about(audience.visible(Initiative), audience.visible(Plan))
        .select_related(
            "meeting__committee__organisation", "initiative__organisation", "plan__organisation"
        )
        .prefetch_related(
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


def _items_table(agenda_items, audience, *, with_meeting=False):
    columns = [
        Column("Item", K.TEXT, 6),
        Column("Title", K.LONG_TEXT, 40),
        Column("About", K.TEXT, 10),
        Column("Lead organisation", K.TEXT, 24),
        *_initiative_columns(),
        Column("Committee outcome", K.TEXT, 20),
        Column("Outcome notes", K.LONG_TEXT, 40),
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
        if item.initiative_id:
            about, organisation = "Initiative", subject.organisation
            measures = _initiative_cells(subject)
        else:
            about, organisation = "Plan", subject.organisation
            measures = [_status_tag(subject), None, None]
        row = [
            item.item_number,
            item.title,
            about,
            organisation.display_name,
            *measures,
            item.get_outcome_display(),
            item.outcome_notes,
            _web_page(subject),
        ]
        if with_meeting:
            row.insert(0, _local_date(item.meeting.starts_at))
        table.rows.append(row)
    _publication_column(table, audience, subjects)
    return table


def _item_section(item, status_changes_here, today):
    """A section on one agenda item: what it is about and where it stands."""
    subject = item.subject
    heading = f"{item.item_number} {item.title}".strip()
    section = Section(heading=heading, anchor=f"item-{item.pk}")
    if item.initiative_id:
        initiative = subject
        section.paragraphs.append(initiative.summary)
        section.facts = [
            ("Initiative", _page_link(initiative, initiative.title)),
            ("Lead organisation", initiative.organisation.display_name),
            ("Status", _status_tag(initiative)),
            ("RAG rating", _rag_tag(initiative)),
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
        targets = _targets_table([initiative], with_initiative=False)
        milestones = _milestones_table([initiative], today, with_initiative=False)
        for table in (targets, milestones):
            table.in_spreadsheet = False
        section.tables = [table for table in (targets, milestones) if table.rows]
    else:
        plan = subject
        section.paragraphs.append(plan.summary)
        section.facts = [
            ("Plan", _page_link(plan, plan.title)),
            ("Organisation", plan.organisation.display_name),
            ("Plan status", _status_tag(plan)),
            ("Period", _period_text(plan.period_start, plan.period_end)),
        ]
    section.facts.append(("Committee outcome", item.get_outcome_display()))
    if item.outcome_notes:
        section.facts.append(("Outcome notes", item.outcome_notes))
    if item.report_url:
        section.facts.append(("Officer report", Link(item.report_url, item.report_url)))
    section.paragraphs = [text for text in section.paragraphs if text]
    return section


def _period_text(start, end):
    if start and end:
        return f"{_long_date(start)} to {_long_date(end)}"
    if start:
        return f"From {_long_date(start)}"
    if end:
        return f"Until {_long_date(end)}"
    return "Not set"


def _status_changes_at(meetings, audience):
    return (
        StatusChange.objects.filter(
            meeting__in=meetings, initiative__in=audience.visible(Initiative)
        )
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("changed_at", "pk")
    )


def _body(committee):
    """How a report names the body it goes to: "the cabinet", "the board", "the committee"."""
    if committee.kind == CommitteeKind.CABINET:
        return "cabinet"
    if committee.kind == CommitteeKind.PARTNERSHIP_BOARD:
        return "board"
    return "committee"


def _recommendations(body):
    return [
        f"That the {body} notes the status, delivery rating and progress of each item set out "
        "in this report.",
        f"That the {body} identifies any item it wishes to scrutinise further, and the officer "
        "or lead member it wishes to hear from.",
    ]


def _stem(*parts, draft=False):
    stem = "-".join(slugify(part) for part in parts if part)
    return f"{stem}-draft" if draft else stem


# The three scopes.


def meeting_report(meeting, *, audience=PUBLIC, progress=None):
    """Return the report for ``meeting``: the items before it and where each stands."""
    generated_at = timezone.now()
    today = timezone.localdate()
    committee = meeting.committee
    organisation = committee.organisation
    meeting_date = _local_date(meeting.starts_at)
    agenda_items = list(_visible_agenda_items(audience, [meeting]))
    tracker = _Progress(progress, len(agenda_items) + 1)
    status_changes = list(_status_changes_at([meeting], audience))
    changes_by_initiative = {}
    for change in status_changes:
        changes_by_initiative.setdefault(change.initiative_id, []).append(change)

    items = _items_table(agenda_items, audience)
    item_sections = []
    for item in agenda_items:
        item_sections.append(_item_section(item, changes_by_initiative, today))
        tracker.step()
    subjects = [item.subject for item in agenda_items]
    is_draft = any(_is_draft(subject) for subject in subjects)

    count = len(agenda_items)
    if count:
        purpose = [
            "This report sets out where "
            f"{'the one item' if count == 1 else f'each of the {count} items'} about "
            "children’s services priorities before "
            f"the {committee.name} on {_long_date(meeting_date)} stands: its status in the "
            "scrutiny journey, its delivery (RAG) rating, its progress, and its targets and "
            "milestones."
        ]
    else:
        purpose = [
            f"No published items about children’s services priorities or initiatives are "
            f"recorded for the {committee.name} on {_long_date(meeting_date)}. This report "
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
            tables=[_decisions_table(status_changes)],
            anchor="decisions",
        ),
    ]
    item_initiatives = [item.initiative for item in agenda_items if item.initiative_id]
    extra_sheets = [
        _targets_table(item_initiatives),
        _milestones_table(item_initiatives, today),
    ]
    tracker.step()
    return Report(
        scope="meeting",
        organisation_name=organisation.name,
        title=f"{committee.name}, {_long_date(meeting_date)}",
        subtitle="The status of the children’s services priorities and initiatives before "
        "the meeting",
        report_date=meeting_date,
        generated_at=generated_at,
        source_url=settings.PORTAL_BASE_URL.rstrip("/") + meeting.get_absolute_url(),
        filename_stem=_stem(committee.slug, meeting.slug, draft=is_draft),
        purpose=purpose,
        recommendations=_recommendations(_body(committee))
        if count
        else [f"That the {_body(committee)} notes this report."],
        background=background,
        items=items,
        sections=sections,
        extra_sheets=extra_sheets,
        data_source=_data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )


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
    agenda_items = list(_visible_agenda_items(audience, meetings))
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
    status_changes = list(_status_changes_at(meetings, audience))
    tracker = _Progress(progress, len(agenda_items) + len(plans) + 1)

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
                _local_date(meeting.starts_at),
                meeting.get_status_display(),
                items_per_meeting[meeting.pk],
                Link(
                    str(meeting), settings.PORTAL_BASE_URL.rstrip("/") + meeting.get_absolute_url()
                ),
            ]
        )

    items = _items_table(agenda_items, audience, with_meeting=True)
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
                _page_link(plan, plan.title),
                _status_tag(plan),
                len(initiatives),
                *[counts[status] for status in status_columns],
                average_progress(initiatives),
            ]
        )
        tracker.step()
    _publication_column(plans_table, audience, plans)

    subjects = [item.subject for item in agenda_items] + plans
    is_draft = any(_is_draft(subject) for subject in subjects)
    period = report_period(period_start, period_end)
    body = _body(committee)
    purpose = [
        f"This report sets out everything about children’s services priorities under the "
        f"{committee.name}’s scrutiny ({period.lower() if period == ALL_MEETINGS else period}): "
        f"{_count(len(meetings), 'meeting')}, {_count(len(agenda_items), 'item')} before them, "
        f"the decisions recorded at them, and {_count(len(plans), 'plan')} the {body} "
        "oversees, with where each initiative stands."
    ]
    sections = [
        Section("Meetings in the period", tables=[meetings_table], anchor="meetings"),
        Section(
            "Decisions recorded at these meetings",
            tables=[_decisions_table(status_changes, with_meeting=True)],
            anchor="decisions",
        ),
        Section("Plans the committee oversees", tables=[plans_table], anchor="plans"),
    ]
    tracker.step()
    report_date = period_end or today
    return Report(
        scope="committee",
        organisation_name=organisation.name,
        title=f"{committee.name}: scrutiny of children’s services priorities",
        subtitle=period,
        report_date=report_date,
        generated_at=generated_at,
        source_url=settings.PORTAL_BASE_URL.rstrip("/") + committee.get_absolute_url(),
        filename_stem=_stem(
            committee.slug,
            period_start.isoformat() if period_start else "",
            "to" if period_start or period_end else "",
            period_end.isoformat() if period_end else "",
            draft=is_draft,
        ),
        purpose=purpose,
        recommendations=_recommendations(body),
        background=[text for text in (committee.description,) if text],
        items=items,
        sections=sections,
        data_source=_data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )


def plan_report(plan, *, audience=PUBLIC, progress=None):
    """Return the report on ``plan``: every priority and initiative with status, RAG,
    progress, targets and milestones."""
    generated_at = timezone.now()
    today = timezone.localdate()
    organisation = plan.organisation
    priorities = list(
        audience.visible(Priority)
        .filter(plan=plan)
        .select_related("aim", "plan__organisation", "lead_organisation")
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=audience.visible(Initiative)
                .select_related("organisation")
                .prefetch_related(
                    Prefetch("targets", queryset=Target.objects.order_by("pk")),
                    Prefetch(
                        "milestones",
                        queryset=Milestone.objects.order_by("order", "due_date", "pk"),
                    ),
                )
                .order_by("title"),
                to_attr="report_initiatives",
            )
        )
        .order_by("aim__order", "order", "title")
    )
    aims = list(Aim.objects.filter(plan=plan).order_by("order", "title"))
    tracker = _Progress(progress, sum(len(p.report_initiatives) for p in priorities) + 1)

    items = Table(
        "Initiatives",
        [
            # Documents group the priorities under their aims in a section of their own.
            Column("Aim", K.TEXT, 24, in_documents=False),
            Column("Priority", K.LONG_TEXT, 36),
            Column("Initiative", K.LONG_TEXT, 40),
            Column("Lead organisation", K.TEXT, 24),
            *_initiative_columns(),
            Column("Start", K.DATE, 12),
            Column("End", K.DATE, 12),
            Column("Web page", K.LINK, 30, in_documents=False),
        ],
        empty_text="No published initiatives deliver this plan’s priorities yet.",
    )
    priorities_table = Table(
        "Priorities",
        [
            Column("Aim", K.TEXT, 24),
            Column("Priority", K.LONG_TEXT, 40),
            Column("Lead member", K.TEXT, 24),
            Column("Lead organisation", K.TEXT, 24),
            Column("Initiatives", K.NUMBER, 10),
            Column("Web page", K.LINK, 30, in_documents=False),
        ],
        empty_text="The plan has no published priorities.",
    )
    # Every aim is reported, those with no priorities yet too. The tables have a row saying so
    # (documents leave that row out of the items: the aim's own section says it there), and the
    # items have a row for a priority no initiative delivers yet, so that the CSV, which holds
    # the items only, still names every aim and priority.
    groups = [(aim, [p for p in priorities if p.aim_id == aim.pk]) for aim in aims]
    groups.append((None, [p for p in priorities if p.aim_id is None]))
    if audience.is_public:
        no_priorities = "No priorities published yet"
        no_initiatives = "No initiatives published yet"
        no_priorities_here = "No priorities have been published for this aim yet."
    else:
        no_priorities = "No priorities yet"
        no_initiatives = "No initiatives yet"
        no_priorities_here = "This aim has no priorities yet."
    item_records = []
    priority_records = []
    initiatives = {}
    for aim, members in groups:
        if aim and not members:
            priorities_table.rows.append([aim.title, no_priorities, "", "", None, ""])
            priority_records.append(None)
            items.data_only_rows.add(len(items.rows))
            items.rows.append([aim.title, no_priorities, *[None] * 7, ""])
            item_records.append(None)
        for priority in members:
            aim_title = aim.title if aim else ""
            priorities_table.rows.append(
                [
                    aim_title,
                    priority.title,
                    priority.lead_member,
                    priority.lead_organisation.display_name if priority.lead_organisation else "",
                    len(priority.report_initiatives),
                    _web_page(priority),
                ]
            )
            priority_records.append(priority)
            if not priority.report_initiatives:
                items.data_only_rows.add(len(items.rows))
                items.rows.append([aim_title, priority.title, no_initiatives, *[None] * 6, ""])
                item_records.append(None)
            for initiative in priority.report_initiatives:
                initiatives[initiative.pk] = initiative
                item_records.append(initiative)
                items.rows.append(
                    [
                        aim_title,
                        priority.title,
                        initiative.title,
                        initiative.organisation.display_name,
                        *_initiative_cells(initiative),
                        initiative.start_date,
                        initiative.end_date,
                        _web_page(initiative),
                    ]
                )
                tracker.step()
    _publication_column(items, audience, item_records)
    _publication_column(priorities_table, audience, priority_records)

    priority_sections = []
    for aim, members in groups:
        if aim is None and not members:
            continue
        aim_section = Section(
            aim.title if aim else "Other priorities",
            paragraphs=[aim.description] if aim and aim.description else [],
            anchor=f"aim-{aim.pk}" if aim else "aim-none",
        )
        if not members:
            aim_section.paragraphs.append(no_priorities_here)
        for priority in members:
            initiatives_here = priority.report_initiatives
            counts = Counter(initiative.status for initiative in initiatives_here)
            facts = [
                ("Lead member", priority.lead_member),
                (
                    "Lead organisation",
                    priority.lead_organisation.display_name if priority.lead_organisation else "",
                ),
                ("Initiatives", len(initiatives_here)),
                (
                    "Where they stand",
                    ", ".join(
                        f"{counts[status]} {InitiativeStatus(status).label.lower()}"
                        for status in InitiativeStatus.values
                        if counts[status]
                    ),
                ),
                (
                    "Average progress",
                    percent_text(average_progress(initiatives_here)),
                ),
            ]
            aim_section.subsections.append(
                Section(
                    priority.title,
                    paragraphs=[priority.summary] if priority.summary else [],
                    facts=[(label, value) for label, value in facts if value not in ("", None)],
                    anchor=f"priority-{priority.pk}",
                )
            )
        priority_sections.append(aim_section)

    initiative_list = sorted(initiatives.values(), key=lambda i: (i.title, i.pk))
    status_counts = Counter(initiative.status for initiative in initiative_list)
    is_draft = _is_draft(plan) or any(
        _is_draft(record) for record in [*priorities, *initiative_list]
    )
    summary_facts = [
        ("Organisation", organisation.display_name),
        ("Plan status", _status_tag(plan)),
        ("Period", _period_text(plan.period_start, plan.period_end)),
        ("Priorities", len(priorities)),
        ("Initiatives", len(initiative_list)),
        *[
            (InitiativeStatus(status).label, status_counts[status])
            for status in InitiativeStatus.values
            if status_counts[status]
        ],
        (
            "Average progress",
            percent_text(average_progress(initiative_list)),
        ),
    ]
    if plan.source_title or plan.source_url:
        summary_facts.append(
            (
                "Source document",
                Link(plan.source_title or plan.source_url, plan.source_url)
                if plan.source_url
                else plan.source_title,
            )
        )
    sections = [
        Section(
            "The plan at a glance",
            facts=[(label, value) for label, value in summary_facts if value not in ("", None)],
            tables=[priorities_table],
            anchor="summary",
        ),
        Section("Priorities and their initiatives", subsections=priority_sections, anchor="aims"),
        Section(
            "Targets",
            tables=[_targets_table(initiative_list)],
            anchor="targets",
        ),
        Section(
            "Milestones",
            tables=[_milestones_table(initiative_list, today)],
            anchor="milestones",
        ),
    ]
    tracker.step()
    count = len(initiative_list)
    purpose = [
        f"This report sets out where {plan.title} stands: each of its {len(priorities)} "
        f"{'priority' if len(priorities) == 1 else 'priorities'} and the {count} "
        f"{'initiative' if count == 1 else 'initiatives'} that deliver them, with each "
        "initiative’s status in the scrutiny journey, delivery (RAG) rating, progress, targets "
        "and milestones."
    ]
    background = [text for text in (plan.summary,) if text]
    if plan.source_title:
        background.append(
            f"The plan comes from “{plan.source_title}”"
            + (f" ({_long_date(plan.source_date)})" if plan.source_date else "")
            + "."
        )
    return Report(
        scope="plan",
        organisation_name=organisation.name,
        title=plan.title,
        subtitle="Priorities and initiatives: status, delivery rating, progress, targets "
        "and milestones",
        report_date=today,
        generated_at=generated_at,
        source_url=settings.PORTAL_BASE_URL.rstrip("/") + plan.get_absolute_url(),
        filename_stem=_stem(organisation.slug, plan.slug, draft=is_draft),
        purpose=purpose,
        recommendations=_recommendations("committee"),
        background=background,
        items=items,
        sections=sections,
        data_source=_data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )


ALL_MEETINGS = "All meetings"


def report_period(period_start: datetime.date | None, period_end: datetime.date | None):
    """Return the words for a committee report's period ("All meetings" when open)."""
    if not period_start and not period_end:
        return ALL_MEETINGS
    return _period_text(period_start, period_end)


def _count(number, noun):
    return f"{number} {noun if number == 1 else noun + 's'}"
