"""The scrutiny journey: newest first, grouped by meeting, each reason told once a day."""

import datetime

import pytest
from django.utils import timezone

from priorities import models as p
from priorities.journey import scrutiny_journey
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db


def at(month, day, hour=19):
    return timezone.make_aware(datetime.datetime(2025, month, day, hour))


@pytest.fixture
def journey():
    initiative = factories.InitiativeFactory(title="Family hubs")
    committee = factories.CommitteeFactory(organisation=initiative.organisation, name="Scrutiny")
    march = factories.MeetingFactory(committee=committee, starts_at=at(3, 4))
    june = factories.MeetingFactory(committee=committee, starts_at=at(6, 10))
    steps = [
        ("awaiting_scrutiny", "Put forward.", None, at(2, 1, 9)),
        ("under_scrutiny", "Considered and agreed.", march, at(3, 4, 20)),
        ("adopted", "Considered and agreed.", march, at(3, 4, 21)),
        ("in_delivery", "Work began.", None, at(4, 1, 9)),
        # Another step the same day outside a meeting, with the same reason: told once.
        ("withdrawn", "Work began.", None, at(4, 1, 15)),
        ("proposed", "Proposed again.", june, at(6, 10, 20)),
    ]
    for to, reason, meeting, when in steps:
        initiative_change_status(
            initiative=initiative, to=to, reason=reason, meeting=meeting, changed_at=when
        )
    p.AgendaItem.objects.create(
        meeting=march,
        title="Family hubs",
        initiative=initiative,
        outcome_notes="Considered and agreed.",
    )
    changes = list(initiative.status_changes.select_related("meeting__committee"))
    items = list(initiative.agenda_items.select_related("meeting__committee"))
    return {"entries": scrutiny_journey(changes, items), "march": march, "june": june}


def test_entries_are_newest_first_one_per_meeting_or_day(journey):
    entries = journey["entries"]
    assert [(entry.meeting, entry.day) for entry in entries] == [
        (journey["june"], datetime.date(2025, 6, 10)),
        (None, datetime.date(2025, 4, 1)),
        (journey["march"], datetime.date(2025, 3, 4)),
        (None, datetime.date(2025, 2, 1)),
    ]


def test_a_meeting_holds_its_agenda_items_and_the_steps_decided_there_in_order(journey):
    march = journey["entries"][2]
    assert [item.title for item in march.agenda_items] == ["Family hubs"]
    assert [step.status_change.to_status for step in march.steps] == [
        "under_scrutiny",
        "adopted",
    ]


def test_the_same_reason_is_told_once_a_day(journey):
    entries = journey["entries"]
    # The agenda item's outcome already says it: neither step at the meeting repeats it.
    assert [step.reason for step in entries[2].steps] == ["", ""]
    assert [step.reason for step in entries[1].steps] == ["Work began.", ""]
    assert [step.reason for step in entries[0].steps] == ["Proposed again."]


def test_the_page_shows_the_journey_grouped_and_the_reason_once(client, journey):
    initiative = p.Initiative.public_objects.get(title="Family hubs")
    html = client.get(initiative.get_absolute_url()).content.decode()
    section = html[html.index('id="scrutiny-journey"') :]
    assert section.count("Considered and agreed.") == 1
    assert section.count("Work began.") == 1
    assert section.count('class="portal-journey__entry"') == 4
    assert (
        section.index("10 June 2025")
        < section.index("1 April 2025")
        < section.index("4 March 2025")
    )
