"""The report on a plan: every priority and initiative with status, RAG, progress, targets and
milestones."""

from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    Aim,
    Initiative,
    Milestone,
    Priority,
    Target,
)
from priorities.reports.audience import PUBLIC, shows_as_draft, web_page
from priorities.reports.cards import cards_table, load_cards
from priorities.reports.document import (
    Column,
    ColumnKind,
    Link,
    Report,
    Section,
    Table,
    percent_text,
)
from priorities.reports.links import absolute_url, links_to_base_url
from priorities.reports.progress import Progress
from priorities.reports.tables import (
    add_publication_column,
    initiative_cells,
    initiative_columns,
    milestones_table,
    rag_tag,
    status_tag,
    targets_table,
)
from priorities.reports.wording import (
    data_source,
    file_stem,
    long_date,
    period_text,
    recommendations,
)
from priorities.selectors import average_progress

K = ColumnKind


@links_to_base_url
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
    tracker = Progress(progress, sum(len(p.report_initiatives) for p in priorities) + 1)

    items = Table(
        "Initiatives",
        [
            # Documents group the priorities under their aims in a section of their own.
            Column("Aim", K.TEXT, 24, in_documents=False),
            Column("Priority", K.LONG_TEXT, 36),
            Column("Initiative", K.LONG_TEXT, 40),
            Column("Lead organisation", K.TEXT, 24),
            *initiative_columns(),
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
                    web_page(priority),
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
                        *initiative_cells(initiative),
                        initiative.start_date,
                        initiative.end_date,
                        web_page(initiative),
                    ]
                )
                tracker.step()
    add_publication_column(items, audience, item_records)
    add_publication_column(priorities_table, audience, priority_records)

    cards = load_cards(
        [initiative for priority in priorities for initiative in priority.report_initiatives]
    )
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
                    tables=[cards_table(initiatives_here, cards, rag_tag, title="Its initiatives")]
                    if initiatives_here
                    else [],
                    anchor=f"priority-{priority.pk}",
                )
            )
        priority_sections.append(aim_section)

    initiative_list = sorted(initiatives.values(), key=lambda i: (i.title, i.pk))
    status_counts = Counter(initiative.status for initiative in initiative_list)
    is_draft = shows_as_draft(plan) or any(
        shows_as_draft(record) for record in [*priorities, *initiative_list]
    )
    summary_facts = [
        ("Organisation", organisation.display_name),
        ("Plan status", status_tag(plan)),
        ("Period", period_text(plan.period_start, plan.period_end)),
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
            tables=[targets_table(initiative_list)],
            anchor="targets",
        ),
        Section(
            "Milestones",
            tables=[milestones_table(initiative_list, today)],
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
            + (f" ({long_date(plan.source_date)})" if plan.source_date else "")
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
        source_url=absolute_url(plan.get_absolute_url()),
        filename_stem=file_stem(organisation.slug, plan.slug, draft=is_draft),
        purpose=purpose,
        recommendations=recommendations("committee"),
        background=background,
        items=items,
        sections=sections,
        data_source=data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )
