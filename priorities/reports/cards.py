"""The promise card in a report: what the public card of an initiative shows (its stage, its RAG
rating in words, when it was last updated, its next milestone and the next meeting it goes to),
as facts of an item's section or as a row of a table.

The card itself is ``priorities.promise_cards.promise_card``, the public pages' own; this module
loads what it reads for initiatives a report already has (or, for a frozen meeting pack, what
it read at the moment the agenda was published) and words it for a document.
"""

from django.db.models import F
from django.utils import timezone

from priorities.models import InitiativeUpdate, Milestone
from priorities.promise_cards import promise_card
from priorities.reports.as_at import upcoming_agenda_items
from priorities.reports.audience import page_link
from priorities.reports.document import Column, ColumnKind, Link, Table, Tag
from priorities.reports.links import absolute_url
from priorities.reports.wording import long_date
from priorities.stages import initiative_stage
from priorities.tag_colours import status_colour

K = ColumnKind


def stage_tag(initiative):
    """The initiative's stage as the public card says it: "Stage 3 of 6: under scrutiny"."""
    return Tag(initiative_stage(initiative.status).words, status_colour(initiative.status))


def load_cards(initiatives, *, moment=None, latest_update_on=None):
    """Return ``{initiative id: PromiseCard}`` for ``initiatives`` (loaded, with their
    organisations) as at ``moment`` (now when None), in three queries.

    ``latest_update_on`` (``{id: day}``) gives the days of their latest published updates when
    the caller already knows them (a frozen pack does).
    """
    moment = moment or timezone.now()
    today = timezone.localdate(moment)
    ids = [initiative.pk for initiative in initiatives]
    if latest_update_on is None:
        latest_update_on = {}
        for initiative_id, as_of in (
            InitiativeUpdate.public_objects.filter(initiative__in=ids)
            .order_by("initiative", "-as_of")
            .values_list("initiative", "as_of")
        ):
            latest_update_on.setdefault(initiative_id, as_of)
    upcoming = upcoming_agenda_items(ids, moment)
    open_milestones = {}
    for initiative in initiatives:
        cache = getattr(initiative, "_prefetched_objects_cache", {})
        if "milestones" in cache:
            milestones = [m for m in cache["milestones"] if not m.completed_on]
            milestones.sort(key=lambda m: (m.due_date is None, m.due_date, m.order, m.pk))
            open_milestones[initiative.pk] = milestones
    missing = [pk for pk in ids if pk not in open_milestones]
    if missing:
        for milestone in Milestone.objects.filter(
            initiative__in=missing, completed_on__isnull=True
        ).order_by(F("due_date").asc(nulls_last=True), "order", "pk"):
            open_milestones.setdefault(milestone.initiative_id, []).append(milestone)
    cards = {}
    for initiative in initiatives:
        initiative.latest_update_on = latest_update_on.get(initiative.pk)
        initiative.open_milestones = open_milestones.get(initiative.pk, [])
        initiative.upcoming_agenda_items = upcoming.get(initiative.pk, [])
        cards[initiative.pk] = promise_card(initiative, today=today)
    return cards


def last_updated_text(card):
    """ "Last updated 3 March 2026", with "(not updated for over 90 days)" when it is stale."""
    text = f"{card.last_updated.label} {long_date(card.last_updated.on)}"
    if card.last_updated.stale:
        text += f" (not updated for over {card.last_updated.threshold_days} days)"
    return text


def next_milestone_text(card):
    milestone = card.next_milestone
    if milestone is None:
        return "None planned"
    if not milestone.due_date:
        return f"{milestone.title} (no due date)"
    due = f"{'was due' if card.next_milestone_overdue else 'due'} {long_date(milestone.due_date)}"
    return f"{milestone.title}, {due}"


def next_meeting_value(card):
    meeting = card.next_meeting
    if meeting is None:
        return "Not on an agenda yet"
    return Link(str(meeting), absolute_url(meeting.get_absolute_url()))


def card_facts(card, rag):
    """The card as facts of a section: stage, RAG rating (``rag``, the report's tag for it),
    last updated, next milestone, next meeting."""
    return [
        ("Stage", stage_tag(card.initiative)),
        ("RAG rating", rag),
        ("Last updated", last_updated_text(card)),
        ("Next milestone", next_milestone_text(card)),
        ("Next meeting", next_meeting_value(card)),
    ]


def cards_table(initiatives, cards, rag_of, *, title="Initiatives at a glance"):
    """The cards of ``initiatives`` as a table for documents (a spreadsheet has their rows on
    the items sheet)."""
    table = Table(
        title,
        [
            Column("Initiative", K.LONG_TEXT, 26),
            Column("Stage", K.TAG, 16),
            Column("RAG rating", K.TAG, 13),
            Column("Last updated", K.LONG_TEXT, 22),
            Column("Next milestone", K.LONG_TEXT, 26),
            Column("Next meeting", K.LINK, 17),
        ],
        empty_text="No initiatives.",
        in_spreadsheet=False,
    )
    for initiative in initiatives:
        card = cards[initiative.pk]
        table.rows.append(
            [
                page_link(initiative, initiative.title),
                stage_tag(initiative),
                rag_of(initiative),
                last_updated_text(card),
                next_milestone_text(card),
                next_meeting_value(card),
            ]
        )
    return table
