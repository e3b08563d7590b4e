"""Meeting and committee pages a clerk would link to: the agenda in order with each item's
papers and the decision on it once, the other decisions grouped, the members serving on the
day, an exempt item's title and exemption only, and honest words where nothing was recorded."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    AgendaItemPaper,
    CommitteeMember,
    CommitteeRole,
    ExemptParagraph,
    MeetingStatus,
    PaperKind,
    StatusChange,
)
from tests.factories import InitiativeFactory, MeetingFactory
from tests.priorities.reports import conftest as report_fixtures

castlebridge = report_fixtures.castlebridge

OUTCOME_NOTES = "The committee agreed the hub rollout plan."
REASON = "Scrutiny finished: officers to proceed."
SHARED_REASON = "Listed in the leader's report for scrutiny."
EXEMPT_NOTES = "Contract price of 1.2 million agreed."
PAPER_URL = "https://castlebridge.example/papers/item-1-appendix-a.pdf"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def clerk(castlebridge):
    """The Castlebridge meeting as a clerk recorded it: item 1's papers, contact and decision,
    two initiatives moved at the meeting for the same reason without an item of their own, an
    exempt item, and four members (one who left before the meeting, one who joined after)."""
    meeting = castlebridge["meeting"]
    meeting.status = MeetingStatus.HELD
    meeting.minutes_url = "https://castlebridge.example/minutes/2025-11-20"
    meeting.save()
    first = AgendaItem.objects.get(meeting=meeting, item_number="1")
    first.outcome_notes = OUTCOME_NOTES
    first.report_url = "https://castlebridge.example/papers/item-1-report.pdf"
    first.contact_name = "Priya Shah"
    first.contact_role = "Head of Early Help"
    first.contact_email = "priya.shah@castlebridge.example"
    first.wards_affected = "All wards"
    first.key_decision = False
    first.background_papers = "Cabinet report, 3 March 2025"
    first.save()
    AgendaItemPaper.objects.create(
        agenda_item=first, title="Hub locations", url=PAPER_URL, kind=PaperKind.APPENDIX
    )
    moment = meeting.starts_at + datetime.timedelta(hours=1)
    StatusChange.objects.create(
        initiative=castlebridge["published"],
        from_status=InitiativeStatus.UNDER_SCRUTINY,
        to_status=InitiativeStatus.IN_DELIVERY,
        changed_at=moment,
        meeting=meeting,
        reason=REASON,
    )
    for number in (1, 2):
        others = InitiativeFactory(
            organisation=castlebridge["council"],
            title=f"Youth centre {number}",
            slug=f"youth-centre-{number}",
            status=InitiativeStatus.AWAITING_SCRUTINY,
        )
        StatusChange.objects.create(
            initiative=others,
            from_status=InitiativeStatus.PROPOSED,
            to_status=InitiativeStatus.AWAITING_SCRUTINY,
            changed_at=moment,
            meeting=meeting,
            reason=SHARED_REASON,
        )
    AgendaItem.objects.create(
        meeting=meeting,
        item_number="4",
        order=4,
        title="Respite care contract award",
        initiative=InitiativeFactory(
            organisation=castlebridge["council"], title="Respite contract", slug="respite"
        ),
        outcome_notes=EXEMPT_NOTES,
        contact_name="Sam Secret",
        report_url="https://castlebridge.example/papers/exempt-report.pdf",
        exempt_paragraph=ExemptParagraph.FINANCIAL,
    )
    committee = castlebridge["committee"]
    for name, role, served_from, served_until in (
        ("Councillor Ada Chair", CommitteeRole.CHAIR, "2024-05-20", None),
        ("Councillor Ben Member", CommitteeRole.MEMBER, None, None),
        ("Councillor Cy Gone", CommitteeRole.MEMBER, "2022-05-01", "2025-05-19"),
        ("Dana Newcomer", CommitteeRole.CO_OPTED, "2026-01-10", None),
    ):
        CommitteeMember.objects.create(
            committee=committee,
            name=name,
            role=role,
            portfolio="Parent governor representative" if role == CommitteeRole.CO_OPTED else "",
            served_from=day(served_from) if served_from else None,
            served_until=day(served_until) if served_until else None,
        )
    return castlebridge


def test_the_agenda_lists_each_item_in_order_with_its_papers(client, clerk):
    html = page(client, clerk["meeting"].get_absolute_url())
    agenda = html[html.index('id="agenda"') :]
    assert agenda.index("Item 1:") < agenda.index("Item 2:") < agenda.index("Item 4:")
    assert 'href="https://castlebridge.example/papers/item-1-report.pdf"' in agenda
    assert f'href="{PAPER_URL}"' in agenda
    assert "Appendix: Hub locations" in agenda
    text = text_of(agenda)
    assert "Contact officer Priya Shah, Head of Early Help" in text
    assert "mailto:priya.shah@castlebridge.example" in agenda
    assert "Wards affected All wards" in text
    assert "Key decision No" in text
    assert "Background papers Cabinet report, 3 March 2025" in text


def test_each_decision_is_shown_once(client, clerk):
    """The item's outcome notes and its status change appear once, with the item; changes for
    initiatives without an item are grouped under one step with their shared reason once."""
    html = page(client, clerk["meeting"].get_absolute_url())
    assert html.count(OUTCOME_NOTES) == 1
    assert html.count(REASON) == 1
    assert html.count(SHARED_REASON) == 1
    other = html[html.index('id="other-decisions"') :]
    assert "Youth centre 1" in other and "Youth centre 2" in other
    item_one = html[html.index("Item 1:") : html.index("Item 2:")]
    assert REASON in item_one and OUTCOME_NOTES in item_one


def test_an_exempt_item_shows_its_title_and_exemption_only(client, clerk):
    html = page(client, clerk["meeting"].get_absolute_url())
    item = text_of(html[html.index("Item 4:") : html.index('id="members"')])
    assert "Respite care contract award" in item
    assert "paragraph 3 of Part 1 of Schedule 12A" in item
    for secret in (EXEMPT_NOTES, "Sam Secret", "exempt-report.pdf", "Respite contract"):
        assert secret not in html


def test_the_members_are_those_serving_on_the_meetings_day_chair_first(client, clerk):
    html = page(client, clerk["meeting"].get_absolute_url())
    members = text_of(html[html.index('id="members"') :])
    assert members.index("Councillor Ada Chair Chair") < members.index("Councillor Ben Member")
    assert "Councillor Cy Gone" not in members  # left before the meeting
    assert "Dana Newcomer" not in members  # joined after it


def test_the_committee_page_lists_todays_members_and_its_meetings(client, clerk):
    html = page(client, clerk["committee"].get_absolute_url())
    members = text_of(html[html.index('id="members"') : html.index('id="upcoming-meetings"')])
    assert "Councillor Ada Chair" in members
    assert "Dana Newcomer Co-opted member Parent governor representative" in members
    assert "Councillor Cy Gone" not in members
    past = html[html.index('id="past-meetings"') :]
    assert clerk["meeting"].get_absolute_url() in past
    assert "3 items" in text_of(past)  # items 1, 2 and the exempt 4; the draft is left out
    assert 'href="https://castlebridge.example/minutes/2025-11-20"' in past
    # No column that says the same thing on every row.
    headings = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', past)
    assert headings[:3] == ["Date", "Items", "Minutes"]
    assert "Status" not in headings


def test_a_past_meeting_without_an_agenda_says_none_was_recorded(client, castlebridge):
    meeting = MeetingFactory(
        committee=castlebridge["committee"],
        starts_at=timezone.make_aware(datetime.datetime(2022, 3, 3, 18)),
        slug="2022-03-03",
        status=MeetingStatus.HELD,
    )
    text = text_of(page(client, meeting.get_absolute_url()))
    assert "not published yet" not in text.lower()
    assert "No agenda was recorded for this meeting" in text
    assert "No minutes were recorded for this meeting" in text


def test_a_meeting_still_to_come_says_its_agenda_is_not_published_yet(client, castlebridge):
    meeting = MeetingFactory(
        committee=castlebridge["committee"],
        starts_at=timezone.now() + datetime.timedelta(days=20),
        slug="upcoming",
    )
    text = text_of(page(client, meeting.get_absolute_url()))
    assert "Agenda Not published yet" in text
    assert "Minutes Published after the meeting" in text


def test_the_meeting_page_links_its_calendar_entry(client, clerk):
    meeting = clerk["meeting"]
    html = page(client, meeting.get_absolute_url())
    calendar = reverse(
        "opendata:meeting_calendar",
        kwargs={
            "organisation_slug": meeting.committee.organisation.slug,
            "committee_slug": meeting.committee.slug,
            "slug": meeting.slug,
        },
    )
    assert f'href="{calendar}">Add to calendar' in html


def test_an_exempt_items_notes_and_report_reach_no_public_read(client, clerk):
    """The initiative's own page, the API and the open data set give the exempt item's title
    but never its notes or report (the one rule: AgendaItem.public_value)."""
    from opendata.dataset import collect

    exempt = AgendaItem.objects.get(item_number="4")
    exempt.initiative.publication_state = "published"
    exempt.initiative.save()
    initiative_page = page(client, exempt.initiative.get_absolute_url())
    assert "Respite care contract award" in initiative_page
    assert "Considered in private" in initiative_page
    api = client.get(f"/api/v1/agenda-items/{exempt.pk}/").json()
    assert api["title"] == "Respite care contract award"
    assert api["outcome_notes"] == "" and api["report_url"] == ""
    rows = collect()["agenda_items"]
    for reads in (initiative_page, str(api), str(rows)):
        assert EXEMPT_NOTES not in reads
        assert "exempt-report.pdf" not in reads


def test_the_committee_page_leaves_out_a_minutes_column_that_would_say_nothing(
    client, castlebridge
):
    """With no minutes recorded for any past meeting, the table has no Minutes column (it
    would say "Not recorded" on every row), and a committee called a committee is not also
    said to be of the kind "Committee"."""
    castlebridge["meeting"].starts_at = timezone.now() - datetime.timedelta(days=3)
    castlebridge["meeting"].save()
    html = page(client, castlebridge["committee"].get_absolute_url())
    past = html[html.index('id="past-meetings"') :]
    headings = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', past)
    assert headings[:2] == ["Date", "Items"]
    assert "Minutes" not in headings
    assert "Not recorded" not in past
    summary = html[: html.index('id="members"')]
    assert ">Kind<" not in summary


def test_a_meeting_page_says_when_its_agenda_was_published(client, castlebridge):
    meeting = castlebridge["meeting"]
    url = meeting.get_absolute_url()
    assert "the meeting’s report shows where each item stood" not in page(client, url)
    meeting.agenda_published_at = timezone.make_aware(datetime.datetime(2025, 11, 12, 9, 0))
    meeting.save()
    text = text_of(page(client, url))
    assert (
        "Published 12 November 2025: the meeting’s report shows where each item stood that day."
        in text
    )
