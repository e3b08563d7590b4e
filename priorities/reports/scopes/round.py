"""The report on an update round, for the committee once the round closes: what changed in it.

Each initiative the round covers with its update posted in the round (as of, progress, RAG and
its reason, what happened), the status changes between the round's opening and its closing, and
the initiatives not updated in the round.
"""

from django.db.models import Prefetch
from django.utils import timezone

from priorities.models import Initiative, InitiativeUpdate, StatusChange
from priorities.reports.audience import PUBLIC, page_link, shows_as_draft, web_page
from priorities.reports.cards import (
    load_cards,
    next_meeting_value,
    next_milestone_text,
    stage_tag,
)
from priorities.reports.document import (
    Column,
    ColumnKind,
    Report,
    Section,
    Table,
    Tag,
    percent_text,
)
from priorities.reports.links import absolute_url, links_to_base_url
from priorities.reports.progress import Progress
from priorities.reports.tables import add_publication_column, decisions_table, status_tag
from priorities.reports.wording import (
    counted,
    data_source,
    file_stem,
    local_date,
    long_date,
    recommendations,
)
from priorities.rounds.selectors import counts_in_round, initiatives_covered, round_window
from priorities.tag_colours import rag_colour

K = ColumnKind

NOT_UPDATED = "No update in this round"


def update_rag_tag(update):
    return Tag(update.get_rag_display(), rag_colour(update.rag))


@links_to_base_url
def round_report(update_round, *, audience=PUBLIC, progress=None):
    """Return the report on ``update_round``: each initiative's update in the round, the status
    changes while it was open, and what was not updated."""
    generated_at = timezone.now()
    organisation = update_round.organisation
    plan = update_round.plan
    start, end = round_window(update_round, generated_at)
    updates = audience.visible(InitiativeUpdate).filter(counts_in_round(update_round))
    if not audience.is_public:
        # An officer's draft report shows updates in review too, never drafts or those sent back.
        updates = updates.filter(publication_state__in=["published", "in_review"])
    initiatives = list(
        audience.visible(Initiative)
        .filter(pk__in=initiatives_covered(update_round).values("pk"))
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=updates.order_by("-as_of", "-pk"),
                to_attr="updates_in_round",
            )
        )
        .order_by("title", "pk")
    )
    tracker = Progress(progress, len(initiatives) + 1)
    cards = load_cards(initiatives)
    status_changes = list(
        StatusChange.objects.published()
        .filter(initiative__in=[initiative.pk for initiative in initiatives])
        .filter(changed_at__gte=start, changed_at__lte=end)
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("changed_at", "pk")
        if start is not None
        else []
    )

    items = Table(
        "Updates in the round",
        [
            Column("Initiative", K.LONG_TEXT, 36),
            Column("Status", K.TAG, 18),
            Column("As of", K.DATE, 12),
            Column("Progress", K.PERCENT, 10),
            Column("RAG rating", K.TAG, 16),
            Column("Reason for the rating", K.LONG_TEXT, 36),
            # Documents give what happened a section of its own per initiative.
            Column("What has happened", K.LONG_TEXT, 60, in_documents=False),
            Column("Web page", K.LINK, 30, in_documents=False),
        ],
        empty_text="The round covers no published initiatives.",
    )
    not_updated = Table(
        "Not updated in this round",
        [
            Column("Initiative", K.LONG_TEXT, 40),
            Column("Status", K.TAG, 18),
            Column("Web page", K.LINK, 30, in_documents=False),
        ],
        empty_text="Every initiative was updated in this round.",
        in_spreadsheet=False,
    )
    update_sections = []
    updated_records = []
    for initiative in initiatives:
        update = initiative.updates_in_round[0] if initiative.updates_in_round else None
        updated_records.append(update or initiative)
        if update is None:
            items.rows.append(
                [
                    initiative.title,
                    status_tag(initiative),
                    None,
                    None,
                    None,
                    "",
                    NOT_UPDATED,
                    web_page(initiative),
                ]
            )
            not_updated.rows.append(
                [
                    page_link(initiative, initiative.title),
                    status_tag(initiative),
                    web_page(initiative),
                ]
            )
        else:
            items.rows.append(
                [
                    initiative.title,
                    status_tag(initiative),
                    update.as_of,
                    update.progress,
                    update_rag_tag(update),
                    update.rag_reason,
                    update.narrative,
                    web_page(initiative),
                ]
            )
            update_sections.append(
                Section(
                    initiative.title,
                    paragraphs=[text for text in update.narrative.splitlines() if text.strip()],
                    facts=[
                        (label, value)
                        for label, value in [
                            ("Initiative", page_link(initiative, initiative.title)),
                            ("As of", update.as_of),
                            ("Progress", percent_text(update.progress)),
                            ("RAG rating", update_rag_tag(update)),
                            ("Reason for the rating", update.rag_reason),
                            ("Stage", stage_tag(initiative)),
                            ("Next milestone", next_milestone_text(cards[initiative.pk])),
                            ("Next meeting", next_meeting_value(cards[initiative.pk])),
                        ]
                        if value not in ("", None)
                    ],
                    anchor=f"update-{update.pk}",
                )
            )
        tracker.step()
    add_publication_column(items, audience, updated_records)

    changes = decisions_table(status_changes)
    changes.title = "Status changes during the round"
    changes.empty_text = "No initiative changed status while the round was open."

    updated_count = len(update_sections)
    count = len(initiatives)
    is_draft = any(shows_as_draft(record) for record in updated_records) or (
        plan is not None and shows_as_draft(plan)
    )
    summary_facts = [
        ("Organisation", organisation.display_name),
        ("Plan", page_link(plan, plan.title) if plan else "All the organisation’s initiatives"),
        ("Updates due", update_round.due_on),
        ("Opened", local_date(update_round.opened_at)),
        ("Closed", local_date(update_round.closed_at)),
        ("Initiatives", count),
        ("Updated", updated_count),
        ("Not updated", count - updated_count),
        ("Status changes", len(status_changes)),
    ]
    sections = [
        Section(
            "The round at a glance",
            facts=[(label, value) for label, value in summary_facts if value not in ("", None)],
            anchor="summary",
        ),
        Section(
            "What each update says",
            paragraphs=[] if update_sections else ["No update was published in this round."],
            subsections=update_sections,
            anchor="updates",
        ),
        Section("Status changes during the round", tables=[changes], anchor="status-changes"),
        Section("Not updated in this round", tables=[not_updated], anchor="not-updated"),
    ]
    tracker.step()
    scope_words = f"{plan.title}" if plan else f"{organisation.display_name}’s initiatives"
    purpose = [
        f"This report sets out what changed in the update round “{update_round.name}” for "
        f"{scope_words}: each of the {counted(count, 'initiative')} it covers, with the update "
        f"its owner posted in the round (as of, progress, delivery (RAG) rating and its reason), "
        f"and the status changes recorded while the round was open. "
        f"{updated_count} of {count} were updated."
    ]
    background = [
        f"Owners were asked to update their initiatives by {long_date(update_round.due_on)}."
    ]
    if update_round.opened_at:
        background.append(
            f"The round opened on {long_date(local_date(update_round.opened_at))}"
            + (
                f" and closed on {long_date(local_date(update_round.closed_at))}."
                if update_round.closed_at
                else " and is still open."
            )
        )
    source = (
        plan.get_absolute_url()
        if plan and not shows_as_draft(plan)
        else (organisation.get_absolute_url())
    )
    return Report(
        scope="round",
        organisation_name=organisation.name,
        title=update_round.name,
        subtitle="Update round: what changed, initiative by initiative",
        report_date=local_date(update_round.closed_at) or timezone.localdate(),
        generated_at=generated_at,
        source_url=absolute_url(source),
        filename_stem=file_stem(
            organisation.slug,
            "update-round",
            # "2026–27" keeps its dash: slugify drops an en dash.
            update_round.name.replace("–", "-").replace("—", "-"),
            draft=is_draft,
        ),
        purpose=purpose,
        recommendations=recommendations("committee"),
        background=background,
        items=items,
        sections=sections,
        data_source=data_source(is_draft, generated_at, organisation.name),
        is_draft=is_draft,
    )
