"""Calendars of meetings: every feed reads the same in the icalendar package and in a strict
reader of our own (tests/opendata/rfc5545.py), holds no draft, and updates the same event
when a meeting is moved or cancelled."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from priorities import models as p
from tests import factories
from tests.opendata import rfc5545

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def council(settings):
    settings.PORTAL_BASE_URL = "https://priorities.example.org"
    settings.PORTAL_MEETING_DEFAULT_MINUTES = 120
    organisation = factories.OrganisationFactory(name="Castlebridge Borough Council")
    committee = factories.CommitteeFactory(
        organisation=organisation, name="Children's Scrutiny Committee", slug="scrutiny"
    )
    meeting = factories.MeetingFactory(
        committee=committee,
        starts_at=datetime.datetime(2026, 7, 14, 19, 0, tzinfo=LONDON),
        slug="2026-07-14",
        location="Town Hall, Committee Room 1",
    )
    public_plan = factories.PlanFactory(organisation=organisation, title="Families plan")
    draft_plan = factories.PlanFactory(
        organisation=organisation,
        title="Secret restructure plan",
        publication_state=p.PublicationState.DRAFT,
    )
    draft_initiative = factories.InitiativeFactory(
        organisation=organisation,
        title="Unannounced closure of children's centres",
        publication_state=p.PublicationState.DRAFT,
    )
    p.AgendaItem.objects.create(
        meeting=meeting, item_number="3", title="Families plan: annual review", plan=public_plan
    )
    p.AgendaItem.objects.create(
        meeting=meeting, item_number="4", title="Secret restructure plan", plan=draft_plan
    )
    p.AgendaItem.objects.create(
        meeting=meeting,
        item_number="5",
        title="Unannounced closure of children's centres",
        initiative=draft_initiative,
    )
    other = factories.MeetingFactory(
        committee=factories.CommitteeFactory(organisation=organisation, name="Cabinet"),
        starts_at=datetime.datetime(2026, 7, 20, 18, 30, tzinfo=LONDON),
    )
    return {"committee": committee, "meeting": meeting, "other": other}


def committee_feed_url(committee):
    return reverse(
        "opendata:committee_calendar",
        kwargs={"organisation_slug": committee.organisation.slug, "slug": committee.slug},
    )


def meeting_file_url(meeting):
    return reverse(
        "opendata:meeting_calendar",
        kwargs={
            "organisation_slug": meeting.committee.organisation.slug,
            "committee_slug": meeting.committee.slug,
            "slug": meeting.slug,
        },
    )


def read_both(content: bytes):
    """Parse with both parsers; return {uid: (icalendar event, our event)}."""
    calendar = icalendar.Calendar.from_ical(content)
    theirs = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    ours = {
        rfc5545.prop(event, "UID")[1]: event for event in rfc5545.events(rfc5545.parse(content))
    }
    assert theirs.keys() == ours.keys()
    return {uid: (theirs[uid], ours[uid]) for uid in theirs}


def event_of(client, url, meeting):
    response = client.get(url)
    assert response.status_code == 200
    return read_both(response.content)[f"meeting-{meeting.pk}@priorities.example.org"]


def test_the_feed_of_all_meetings_reads_the_same_in_two_parsers(client, council):
    """Every meeting is an event with its UID, times in Europe/London and a two-hour length,
    the committee, the place, the public agenda and the meeting's page."""
    response = client.get("/calendars/meetings.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    events = read_both(response.content)
    assert len(events) == 2
    meeting = council["meeting"]
    theirs, ours = events[f"meeting-{meeting.pk}@priorities.example.org"]
    assert theirs["DTSTART"].dt == datetime.datetime(2026, 7, 14, 19, 0, tzinfo=LONDON)
    assert theirs["DTEND"].dt - theirs["DTSTART"].dt == datetime.timedelta(hours=2)
    assert rfc5545.prop(ours, "DTSTART") == ({"TZID": "Europe/London"}, "20260714T190000")
    assert rfc5545.prop(ours, "DTEND") == ({"TZID": "Europe/London"}, "20260714T210000")
    assert str(theirs["SUMMARY"]) == rfc5545.prop(ours, "SUMMARY")[1]
    assert rfc5545.prop(ours, "SUMMARY")[1] == "Children's Scrutiny Committee"
    assert rfc5545.prop(ours, "LOCATION")[1] == "Town Hall, Committee Room 1"
    assert rfc5545.prop(ours, "STATUS")[1] == "CONFIRMED"
    assert rfc5545.prop(ours, "SEQUENCE")[1] == "0"
    assert rfc5545.prop(ours, "DTSTAMP")[1].endswith("Z")
    page = "https://priorities.example.org" + meeting.get_absolute_url()
    assert rfc5545.prop(ours, "URL")[1] == page
    description = rfc5545.prop(ours, "DESCRIPTION")[1]
    assert description == str(theirs["DESCRIPTION"])
    assert "Item 3: Families plan: annual review" in description
    assert page in description


def test_no_draft_appears_in_any_calendar(client, council):
    """Agenda items about draft plans and initiatives are in no feed and no file."""
    meeting = council["meeting"]
    for url in (
        "/calendars/meetings.ics",
        committee_feed_url(council["committee"]),
        meeting_file_url(meeting),
    ):
        response = client.get(url)
        assert response.status_code == 200
        text = rfc5545.prop(
            read_both(response.content)[f"meeting-{meeting.pk}@priorities.example.org"][1],
            "DESCRIPTION",
        )[1]
        assert "Families plan" in text
        assert "Secret restructure plan" not in text
        assert "Unannounced closure" not in text
        assert b"Secret restructure" not in response.content
        assert b"Unannounced" not in response.content


def test_a_moved_then_cancelled_meeting_keeps_its_uid_with_a_higher_sequence(client, council):
    meeting = council["meeting"]
    url = committee_feed_url(council["committee"])
    before = event_of(client, url, meeting)

    meeting.starts_at = datetime.datetime(2026, 7, 16, 18, 0, tzinfo=LONDON)
    meeting.slug = "2026-07-16"
    meeting.save()
    moved = event_of(client, url, meeting)

    meeting.status = p.MeetingStatus.CANCELLED
    meeting.save()
    cancelled = event_of(client, url, meeting)

    meeting.description = "A note that changes nothing a calendar shows."
    meeting.save()
    noted = event_of(client, url, meeting)

    sequences = [int(rfc5545.prop(ours, "SEQUENCE")[1]) for _, ours in (before, moved, cancelled)]
    assert sequences[0] < sequences[1] < sequences[2]
    assert [int(theirs["SEQUENCE"]) for theirs, _ in (before, moved, cancelled)] == sequences
    assert rfc5545.prop(moved[1], "DTSTART")[1] == "20260716T180000"
    assert rfc5545.prop(cancelled[1], "STATUS")[1] == "CANCELLED"
    assert str(cancelled[0]["STATUS"]) == "CANCELLED"
    assert rfc5545.prop(cancelled[1], "SUMMARY")[1].endswith("Children's Scrutiny Committee")
    assert rfc5545.prop(noted[1], "SEQUENCE")[1] == rfc5545.prop(cancelled[1], "SEQUENCE")[1]


def test_a_meeting_whose_time_is_not_known_is_an_all_day_event(client, council):
    meeting = factories.MeetingFactory(
        committee=council["committee"],
        starts_at=datetime.datetime(2026, 9, 3, 0, 0, tzinfo=LONDON),
        time_known=False,
        slug="2026-09-03",
    )
    theirs, ours = event_of(client, committee_feed_url(council["committee"]), meeting)

    assert rfc5545.prop(ours, "DTSTART") == ({"VALUE": "DATE"}, "20260903")
    assert rfc5545.prop(ours, "DTEND") == ({"VALUE": "DATE"}, "20260904")
    assert theirs["DTSTART"].dt == datetime.date(2026, 9, 3)


def test_a_committee_feed_holds_its_own_meetings_and_a_meeting_file_one(client, council):
    committee_events = read_both(client.get(committee_feed_url(council["committee"])).content)
    assert list(committee_events) == [f"meeting-{council['meeting'].pk}@priorities.example.org"]

    response = client.get(meeting_file_url(council["meeting"]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.ics"')
    assert list(read_both(response.content)) == list(committee_events)


def test_an_unchanged_calendar_is_not_sent_again(client, council):
    """A calendar app that asks again with the ETag gets 304 Not Modified."""
    url = committee_feed_url(council["committee"])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    council["meeting"].status = p.MeetingStatus.POSTPONED
    council["meeting"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_the_meeting_and_committee_pages_link_to_their_calendars(client, council):
    meeting_page = client.get(council["meeting"].get_absolute_url()).content.decode()
    assert f'href="{meeting_file_url(council["meeting"])}"' in meeting_page
    assert "Add to calendar" in meeting_page
    committee_page = client.get(council["committee"].get_absolute_url()).content.decode()
    assert f'href="{committee_feed_url(council["committee"])}"' in committee_page
    assert "Subscribe to this committee’s meetings" in committee_page


def test_an_unknown_committee_has_no_calendar(client, council):
    url = reverse(
        "opendata:committee_calendar", kwargs={"organisation_slug": "nowhere", "slug": "none"}
    )
    assert client.get(url).status_code == 404
