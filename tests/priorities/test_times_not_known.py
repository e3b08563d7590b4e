"""A meeting or a decision whose day is known but not its time: kept honestly, shown as a date."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from priorities import models as p
from priorities.admin.date_fields import DayAndTime
from priorities.notifications.emails import build_subscriber_email
from priorities.services import initiative_change_status
from tests import factories
from tests.priorities.admin.test_admin_editing import admin_url, client_for, officer, status_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def alice(council):
    # A publisher: her status changes to published initiatives take effect at once.
    return officer(council, "alice", role=p.OfficerRole.PUBLISHER)


def test_a_meeting_saves_with_a_date_and_no_time(alice, council):
    """The admin accepts a meeting with its date alone; it is stored as that day with the time
    marked unknown, and the public page shows the date without inventing a time."""
    committee = factories.CommitteeFactory(organisation=council, name="Cabinet")

    response = client_for(alice).post(
        admin_url(p.Meeting, "add"),
        {
            "committee": committee.pk,
            "starts_at_0": "2025-02-13",
            "starts_at_1": "",
            "slug": "2025-02-13",
            "status": "scheduled",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = p.Meeting.objects.get()
    assert meeting.time_known is False
    assert timezone.localtime(meeting.starts_at).date() == datetime.date(2025, 2, 13)
    page = client_for(alice).get(meeting.get_absolute_url()).content.decode()
    assert "Thursday 13 February 2025" in page
    assert "Thursday 13 February 2025 at" not in page
    assert "12am" not in page and "midnight" not in page

    change_page = client_for(alice).get(admin_url(meeting, "change")).content.decode()
    assert 'name="starts_at_1" value=""' in change_page or (
        'name="starts_at_1"' in change_page and 'value="00:00' not in change_page
    )


def test_a_meeting_with_a_time_still_shows_it(alice, council):
    committee = factories.CommitteeFactory(organisation=council)
    client_for(alice).post(
        admin_url(p.Meeting, "add"),
        {
            "committee": committee.pk,
            "starts_at_0": "2025-02-13",
            "starts_at_1": "18:30",
            "slug": "2025-02-13",
            "status": "scheduled",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
        },
    )
    meeting = p.Meeting.objects.get()
    assert meeting.time_known is True
    assert "13 February 2025 at 6:30pm" in client_for(alice).get(
        meeting.get_absolute_url()
    ).content.decode().replace("\u202f", "")


def test_a_meeting_needs_its_date(alice, council):
    committee = factories.CommitteeFactory(organisation=council)
    response = client_for(alice).post(
        admin_url(p.Meeting, "add"),
        {
            "committee": committee.pk,
            "starts_at_0": "",
            "starts_at_1": "18:30",
            "slug": "x",
            "status": "scheduled",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Enter the date" in response.content.decode()
    assert not p.Meeting.objects.exists()


def test_a_meeting_with_no_time_counts_as_upcoming_all_its_day():
    today = timezone.localdate()
    meeting = factories.MeetingFactory(
        starts_at=DayAndTime(today, None).as_datetime(), time_known=False
    )
    assert list(p.Meeting.objects.upcoming()) == [meeting]
    assert list(p.Meeting.objects.past()) == []
    tomorrow = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    tomorrow += datetime.timedelta(days=1, hours=1)
    assert list(p.Meeting.objects.past(now=tomorrow)) == [meeting]


def test_a_meeting_pack_shows_the_date_alone_when_the_time_is_not_known():
    meeting = factories.MeetingFactory(
        starts_at=DayAndTime(datetime.date(2025, 2, 13), None).as_datetime(), time_known=False
    )
    subscriber = factories.SubscriberFactory()
    message = build_subscriber_email(
        subscriber=subscriber,
        subject="A meeting you follow",
        template="notify_meeting_pack",
        context={"meeting": meeting, "items": [], "meeting_url": "https://x.example/"},
    )
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Thursday 13 February 2025" in text
        assert "12:00" not in text and "a.m." not in text


@pytest.fixture
def initiative(council):
    return factories.InitiativeFactory(organisation=council, status="proposed")


def test_a_status_change_dated_without_a_time(alice, initiative):
    """A decision known only by its day is recorded with that day and no invented time."""
    day = timezone.localdate() - datetime.timedelta(days=3)

    response = client_for(alice).post(
        status_url(initiative),
        {
            "opened_status": "proposed",
            "to": "adopted",
            "reason": "Adopted by cabinet.",
            "changed_at_0": day.isoformat(),
            "changed_at_1": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    change = p.StatusChange.objects.get()
    assert change.time_known is False
    assert timezone.localtime(change.changed_at).date() == day


def test_a_status_change_with_no_time_on_the_day_of_the_last_keeps_the_journey_in_order(
    alice, initiative
):
    """Same day as a change at 15:00: accepted (compared by day) and placed after it."""
    day = timezone.localdate() - datetime.timedelta(days=2)
    initiative_change_status(
        initiative=initiative,
        to="awaiting_scrutiny",
        reason="Listed.",
        changed_at=DayAndTime(day, datetime.time(15)).as_datetime(),
    )

    response = client_for(alice).post(
        status_url(initiative),
        {
            "opened_status": "awaiting_scrutiny",
            "to": "under_scrutiny",
            "reason": "Considered.",
            "changed_at_0": day.isoformat(),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    first, second = initiative.status_changes.order_by("changed_at", "pk")
    assert (first.to_status, second.to_status) == ("awaiting_scrutiny", "under_scrutiny")
    assert second.time_known is False
    assert timezone.localtime(second.changed_at).date() == day


def test_a_status_change_with_no_time_cannot_be_dated_before_the_last_days(alice, initiative):
    day = timezone.localdate() - datetime.timedelta(days=2)
    initiative_change_status(
        initiative=initiative,
        to="awaiting_scrutiny",
        reason="Listed.",
        changed_at=DayAndTime(day, datetime.time(15)).as_datetime(),
    )
    response = client_for(alice).post(
        status_url(initiative),
        {
            "opened_status": "awaiting_scrutiny",
            "to": "under_scrutiny",
            "reason": "Considered.",
            "changed_at_0": (day - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "It cannot take effect before the last change of status" in response.content.decode()
    assert initiative.status_changes.count() == 1
    assert not mail.outbox
