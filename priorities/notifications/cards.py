"""The promise card in emails (issue 16: "one card for a promise ... in emails"): each initiative
an email is about, shown as the public pages' card shows it (``priorities.promise_cards``):
its title, its organisation, its stage in words ("Stage 3 of 6: under scrutiny",
``priorities.stages``), its RAG rating as a shape and words ("● Green: on track", the words of
``templatetags/promise_tags.rag_marker``), when it was last updated, its next milestone and the
next meeting it goes to. Its links are absolute, on the subscriber's site (``EmailCard.at``).

``email_cards`` loads the cards of any number of initiatives in a fixed number of queries
(``promise_cards.with_card_details``), once for every subscriber; the templates
``emails/includes/promise_card.html`` and ``.txt`` show one.
"""

import datetime
from dataclasses import dataclass, replace

from django.utils import timezone

from priorities import tag_colours
from priorities.models import Initiative, Rag
from priorities.promise_cards import promise_card, with_card_details

#: The RAG marker's shapes as characters (the pages draw them as SVG): never colour alone.
RAG_CHARACTERS = {"circle": "●", "triangle": "▲", "square": "■", "none": "○"}

#: Colours an email can carry inline (GOV.UK's), for the shape only: the words say the rating.
RAG_INK = {"green": "#00703c", "amber": "#b55d00", "red": "#d4351c", "not_rated": "#505a5f"}


@dataclass(frozen=True)
class EmailCard:
    title: str
    url: str
    organisation: str
    #: "Stage 3 of 6: under scrutiny", or "Rejected: not going ahead" off the usual journey.
    stage: str
    stage_url: str
    #: One entry per stage of the usual journey: True for those reached (empty off it).
    steps: tuple[bool, ...]
    rag: str
    rag_words: str
    rag_character: str
    rag_ink: str
    last_updated_label: str
    last_updated_on: datetime.date
    stale: bool
    next_milestone: str
    next_milestone_overdue: bool
    next_meeting: str
    next_meeting_url: str

    def at(self, absolute) -> "EmailCard":
        """The card with its links made absolute by ``absolute(path)`` (the subscriber's
        site's)."""
        return replace(
            self,
            url=absolute(self.url),
            stage_url=absolute(self.stage_url),
            next_meeting_url=absolute(self.next_meeting_url) if self.next_meeting_url else "",
        )


def _milestone_words(card) -> str:
    milestone = card.next_milestone
    if milestone is None:
        return "None planned"
    if not milestone.due_date:
        return milestone.title
    when = f"{milestone.due_date:%-d %B %Y}"
    if card.next_milestone_overdue:
        return f"{milestone.title}, overdue since {when}"
    return f"{milestone.title}, due {when}"


def email_card(initiative, *, today=None) -> EmailCard:
    """The email card of ``initiative`` (loaded by ``with_card_details``), its links as paths
    (``EmailCard.at`` makes them a subscriber's)."""
    card = promise_card(initiative, today=today)
    rag = initiative.rag or Rag.NOT_RATED
    meeting = card.next_meeting
    return EmailCard(
        title=initiative.title,
        url=initiative.get_absolute_url(),
        organisation=initiative.organisation.name,
        stage=card.stage.words,
        stage_url=card.stage.url,
        steps=tuple(card.stage.steps) if card.stage.on_journey else (),
        rag=rag,
        rag_words=Rag(rag).label,
        rag_character=RAG_CHARACTERS[tag_colours.rag_shape(rag)],
        rag_ink=RAG_INK.get(rag, RAG_INK["not_rated"]),
        last_updated_label=(
            "Not updated since" if card.last_updated.stale else card.last_updated.label
        ),
        last_updated_on=card.last_updated.on,
        stale=card.last_updated.stale,
        next_milestone=_milestone_words(card),
        next_milestone_overdue=card.next_milestone_overdue,
        next_meeting=(
            f"{meeting.committee.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"
            if meeting
            else "No meeting set"
        ),
        next_meeting_url=meeting.get_absolute_url() if meeting else "",
    )


def email_cards(initiative_ids, *, now=None) -> dict[int, EmailCard]:
    """The email cards of the initiatives with ``initiative_ids``, by id, in three queries
    however many there are (links as paths: ``EmailCard.at``)."""
    now = now or timezone.now()
    initiatives = with_card_details(
        Initiative.private_objects.filter(pk__in=set(initiative_ids)), now=now
    )
    today = timezone.localdate(now)
    return {initiative.pk: email_card(initiative, today=today) for initiative in initiatives}
