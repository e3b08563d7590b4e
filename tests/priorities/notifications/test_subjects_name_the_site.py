"""Every email's subject says whose it is (issue 15): someone who follows two councils can tell
their emails apart in the inbox. A subscriber's emails name the council's site they subscribed
on; on the neutral portal, the organisation the email is about. Officers' emails (reminders,
update rounds) name the organisation. Subjects still never name what is followed, and a name
with an alarming word (a safeguarding partnership's) is left out."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from priorities import models as p
from priorities.notifications import occasions, outbox
from priorities.progress.staleness import LastUpdated
from priorities.rounds import emails as round_emails
from priorities.services import initiative_change_status
from priorities.subscribing.emails import ALARMING_WORDS
from tests import factories
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    telford = factories.OrganisationFactory(name="Telford & Wrekin Council")
    partnership = factories.OrganisationFactory(
        name="Telford Safeguarding Children Partnership", kind=p.OrganisationKind.OTHER
    )
    sites = {
        "telford": make_site(
            "telford.localhost", "Telford & Wrekin Council", organisations=[telford]
        ),
        "partnership": make_site(
            "tscp.localhost",
            "Telford Safeguarding Children Partnership",
            organisations=[telford, partnership],
        ),
        "neutral": make_site("localhost", "All councils and partnerships", neutral=True),
    }
    initiative = factories.InitiativeFactory(organisation=telford, title="Domestic abuse support")
    return {"council": telford, "initiative": initiative, **sites}


def follower(profile=None, **kwargs):
    return factories.SubscriptionFactory(
        subscriber__site=profile.site if profile else None, **kwargs
    ).subscriber


def subjects_by_recipient():
    return {message.to[0]: message.subject for message in mail.outbox}


def deliver_all():
    outbox.deliver_notifications(list(p.Notification.objects.values_list("pk", flat=True)))


def assert_neutral(subject):
    for word in ALARMING_WORDS:
        assert word not in subject.lower(), subject


def test_a_status_change_email_names_the_site_or_the_organisation(world):
    on_telford = follower(world["telford"])
    on_neutral = follower(world["neutral"])
    before_sites = follower()
    on_partnership = follower(world["partnership"])
    initiative_change_status(initiative=world["initiative"], to="awaiting_scrutiny", reason="Due.")
    deliver_all()
    subjects = subjects_by_recipient()
    assert subjects[on_telford.email] == "Telford & Wrekin Council: An update you follow"
    # The neutral portal names whose update it is: the initiative's organisation.
    assert subjects[on_neutral.email] == "Telford & Wrekin Council: An update you follow"
    # A portal with no sites has one owner: the subject is as it always was.
    assert subjects[before_sites.email] == "An update you follow"
    # "Safeguarding" never reaches a subject; the sender's name says whose it is.
    assert subjects[on_partnership.email] == "An update you follow"
    for subject in subjects.values():
        assert_neutral(subject)
        assert "Domestic" not in subject


def test_two_councils_subscribers_can_tell_their_emails_apart(world):
    wandsworth = factories.OrganisationFactory(name="Wandsworth Council")
    wandsworth_site = make_site(
        "wandsworth.localhost", "Wandsworth Council", organisations=[wandsworth]
    )
    on_telford = follower(world["telford"])
    on_wandsworth = follower(wandsworth_site)
    initiative_change_status(initiative=world["initiative"], to="awaiting_scrutiny", reason="Due.")
    initiative_change_status(
        initiative=factories.InitiativeFactory(organisation=wandsworth),
        to="awaiting_scrutiny",
        reason="Due.",
    )
    deliver_all()
    by_recipient = {message.to[0]: message.subject for message in mail.outbox}
    assert by_recipient[on_telford.email].startswith("Telford & Wrekin Council: ")
    assert by_recipient[on_wandsworth.email].startswith("Wandsworth Council: ")


def test_a_weekly_digest_names_the_site(world):
    on_telford = follower(world["telford"], frequency=p.Frequency.WEEKLY)
    on_neutral = follower(world["neutral"], frequency=p.Frequency.WEEKLY)
    monday = datetime.date(2026, 11, 23)
    initiative_change_status(
        initiative=world["initiative"],
        to="awaiting_scrutiny",
        reason="Due.",
        changed_at=timezone.make_aware(datetime.datetime(2026, 11, 18, 10)),
    )
    mail.outbox.clear()
    assert occasions.send_weekly_digests(today=monday) == 2
    subjects = subjects_by_recipient()
    week = "Weekly update: week starting 16 November 2026"
    assert subjects[on_telford.email] == f"Telford & Wrekin Council: {week}"
    assert subjects[on_neutral.email] == f"All councils and partnerships: {week}"


def test_a_meeting_pack_names_the_site_or_the_committees_organisation(world):
    committee = factories.CommitteeFactory(organisation=world["council"])
    meeting = factories.MeetingFactory(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    p.AgendaItem.objects.create(meeting=meeting, title="Hubs", initiative=world["initiative"])
    on_telford = follower(world["telford"], scope="committee", committee=committee)
    on_neutral = follower(world["neutral"], scope="committee", committee=committee)
    mail.outbox.clear()
    assert occasions.send_meeting_packs() == 2
    day = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    for subscriber in (on_telford, on_neutral):
        assert subjects_by_recipient()[subscriber.email] == (
            f"Telford & Wrekin Council: A meeting you follow: {day}"
        )


def test_an_officers_reminder_names_the_initiatives_organisation(world):
    owner = factories.UserFactory(email="owner@telford.example")
    message = occasions.reminder_message(owner, _with_last_updated(world["initiative"]))
    assert message.subject == "Telford & Wrekin Council: An initiative you own needs an update"


def _with_last_updated(initiative):
    initiative.last_updated = LastUpdated(
        on=datetime.date(2026, 1, 5), by_update=True, threshold_days=90, idle_days=120
    )
    return initiative


def test_an_update_rounds_emails_name_the_organisation(world):
    update_round = p.UpdateRound(
        organisation=world["council"], name="Quarter 3", due_on=datetime.date(2027, 1, 15)
    )
    assert round_emails.opened_subject(update_round) == (
        "Telford & Wrekin Council: Quarter 3, please update your initiatives by 15 January 2027"
    )
    assert round_emails.reminder_subject(update_round).startswith(
        "Telford & Wrekin Council: reminder, Quarter 3 updates are due on 15 January 2027"
    )
