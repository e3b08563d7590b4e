"""Who hears about a status change: every scope × every frequency.

Two published initiatives, X and Y, are crossed on purpose: X is led by organisation A, but the
committee that decides it, the plan of the priority it serves and its partner belong to
organisation B; Y is the mirror image. So a rule that matches an organisation through the wrong
field (the committee's, the priority's plan's, a partner's) sends X's change to B's followers
and none to A's, and the tests below fail.

For each scope there is a follower of X's target and a follower of Y's target (for "everything",
two followers of everything), each in both frequencies. A status change must reach, as it
happens, exactly the immediate followers of its own targets; a weekly digest must list exactly
the changes of last week that the subscriber's weekly subscriptions follow.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from priorities import models as p
from priorities.notifications import occasions
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db

SCOPES = list(p.SubscriptionScope.values)
IMMEDIATE, WEEKLY = p.Frequency.IMMEDIATE, p.Frequency.WEEKLY
#: The field a subscription of each scope names its target in.
TARGET_FIELD = {
    "everything": None,
    "organisation": "organisation",
    "committee": "committee",
    "priority": "priority",
    "initiative": "initiative",
}


@pytest.fixture
def world():
    organisation_a = factories.OrganisationFactory(name="Castlebridge Council")
    organisation_b = factories.OrganisationFactory(
        name="Castlebridge Safeguarding Partnership",
        kind=p.OrganisationKind.SAFEGUARDING_PARTNERSHIP,
    )

    def side(leader, other, title):
        committee = factories.CommitteeFactory(organisation=other)
        initiative = factories.InitiativeFactory(organisation=leader, title=title)
        priority = factories.PriorityFactory(plan__organisation=other)
        initiative.priorities.add(priority)
        initiative.partner_organisations.add(other)
        return SimpleNamespace(
            organisation=leader,
            committee=committee,
            meeting=factories.MeetingFactory(committee=committee),
            priority=priority,
            initiative=initiative,
            # Next to each target, one like it that nothing in these tests touches: another
            # committee of the same organisation, another priority of the same plan, another
            # initiative of the same organisation.
            neighbours=SimpleNamespace(
                committee=factories.CommitteeFactory(organisation=other),
                priority=factories.PriorityFactory(plan=priority.plan),
                initiative=factories.InitiativeFactory(organisation=leader),
            ),
        )

    x = side(organisation_a, organisation_b, "Family hub outreach")
    y = side(organisation_b, organisation_a, "Young carers support")

    # X also serves priorities the public cannot see: their followers hear nothing of X.
    draft_priority = factories.PriorityFactory(
        plan__organisation=organisation_a, publication_state=p.PublicationState.DRAFT
    )
    priority_of_draft_plan = factories.PriorityFactory(
        plan__organisation=organisation_a, plan__publication_state=p.PublicationState.DRAFT
    )
    x.initiative.priorities.add(draft_priority, priority_of_draft_plan)

    # A draft initiative of A, serving X's priority and decided at X's meeting: nobody hears.
    draft = factories.InitiativeFactory(
        organisation=organisation_a,
        title="Draft: close two children's centres",
        publication_state=p.PublicationState.DRAFT,
    )
    draft.priorities.add(x.priority)

    return SimpleNamespace(
        x=x,
        y=y,
        draft=draft,
        hidden_priorities=[draft_priority, priority_of_draft_plan],
        # An organisation with nothing at all.
        quiet_organisation=factories.OrganisationFactory(name="Castlebridge Health Board"),
    )


def follow(scope, side, frequency):
    """Return a new confirmed subscriber following ``side``'s target for ``scope``."""
    target = TARGET_FIELD[scope]
    targets = {target: getattr(side, target)} if target else {}
    return factories.SubscriptionFactory(scope=scope, frequency=frequency, **targets).subscriber


def followers(scope, world, frequency):
    """A follower of X's target and one of Y's target, for ``scope`` in ``frequency``."""
    return {name: follow(scope, getattr(world, name), frequency) for name in ("x", "y")}


def bystanders(scope, world, frequency):
    """Followers who must hear of none of the changes in these tests: of X's and Y's
    neighbours, of the targets X or the draft are attached to that the public cannot see, and
    of an organisation with nothing."""
    field = TARGET_FIELD[scope]
    if field is None:
        return []
    targets = {
        "organisation": [world.quiet_organisation],
        "committee": [world.x.neighbours.committee, world.y.neighbours.committee],
        "priority": [
            world.x.neighbours.priority,
            world.y.neighbours.priority,
            *world.hidden_priorities,
        ],
        "initiative": [
            world.x.neighbours.initiative,
            world.y.neighbours.initiative,
            world.draft,
        ],
    }[field]
    return [
        factories.SubscriptionFactory(
            scope=scope, frequency=frequency, **{field: target}
        ).subscriber
        for target in targets
    ]


def change(initiative, to, meeting=None, changed_at=None):
    return initiative_change_status(
        initiative=initiative,
        to=to,
        reason="Agreed at cabinet.",
        meeting=meeting,
        changed_at=changed_at,
    )


def recipients():
    addresses = [address for message in mail.outbox for address in message.to]
    assert len(addresses) == len(set(addresses)), "someone got the same update twice"
    return set(addresses)


# Immediate ----------------------------------------------------------------------------------

#: For each scope, whose immediate follower hears about each change: X's, Y's or both.
IMMEDIATE_EXPECTED = {
    "everything": {
        "x at its meeting": {"x", "y"},
        "y at its meeting": {"x", "y"},
        "x without a meeting": {"x", "y"},
    },
    "organisation": {
        "x at its meeting": {"x"},
        "y at its meeting": {"y"},
        "x without a meeting": {"x"},
    },
    "committee": {
        "x at its meeting": {"x"},
        "y at its meeting": {"y"},
        "x without a meeting": set(),  # no committee decided it
    },
    "priority": {
        "x at its meeting": {"x"},
        "y at its meeting": {"y"},
        "x without a meeting": {"x"},
    },
    "initiative": {
        "x at its meeting": {"x"},
        "y at its meeting": {"y"},
        "x without a meeting": {"x"},
    },
}


def test_the_expected_table_covers_every_scope():
    assert set(TARGET_FIELD) == set(SCOPES)
    assert set(IMMEDIATE_EXPECTED) == set(SCOPES)
    assert set(DIGEST_EXPECTED) == set(SCOPES)


@pytest.mark.parametrize("scope", SCOPES)
def test_immediate_followers_get_exactly_the_changes_of_what_they_follow(
    scope, world, django_capture_on_commit_callbacks
):
    immediate = followers(scope, world, IMMEDIATE)
    weekly = followers(scope, world, WEEKLY)
    hidden = bystanders(scope, world, IMMEDIATE)
    everyone = {s.email for s in [*immediate.values(), *weekly.values(), *hidden]}
    expected = IMMEDIATE_EXPECTED[scope]

    def emailed(status_change_of):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            status_change = status_change_of()
        got = recipients()
        assert got <= everyone
        # The outbox holds exactly the emails sent, and each points at this change.
        rows = p.Notification.objects.filter(status_change=status_change)
        assert {row.subscriber.email for row in rows} == got
        assert set(rows.values_list("state", flat=True)) <= {"sent"}
        for message in mail.outbox:
            assert f"#status-change-{status_change.pk}" in message.body
        return got

    x, y = world.x, world.y
    assert emailed(lambda: change(x.initiative, "awaiting_scrutiny", x.meeting)) == {
        immediate[name].email for name in expected["x at its meeting"]
    }
    assert emailed(lambda: change(y.initiative, "awaiting_scrutiny", y.meeting)) == {
        immediate[name].email for name in expected["y at its meeting"]
    }
    assert emailed(lambda: change(x.initiative, "under_scrutiny")) == {
        immediate[name].email for name in expected["x without a meeting"]
    }
    # A draft's change, even at X's meeting and serving X's priority, reaches nobody.
    assert emailed(lambda: change(world.draft, "awaiting_scrutiny", x.meeting)) == set()


def test_a_subscriber_following_a_change_several_ways_gets_one_email(
    world, django_capture_on_commit_callbacks
):
    x = world.x
    subscriber = factories.SubscriberFactory()
    for scope in SCOPES:
        target = TARGET_FIELD[scope]
        targets = {target: getattr(x, target)} if target else {}
        factories.SubscriptionFactory(subscriber=subscriber, scope=scope, **targets)
    with django_capture_on_commit_callbacks(execute=True):
        change(x.initiative, "awaiting_scrutiny", x.meeting)
    assert [message.to for message in mail.outbox] == [[subscriber.email]]


def test_only_the_immediate_subscription_counts_for_an_immediate_email(
    world, django_capture_on_commit_callbacks
):
    """A subscriber who follows X weekly and Y as it happens hears of X only in the digest."""
    x, y = world.x, world.y
    subscriber = factories.SubscriberFactory()
    factories.SubscriptionFactory(
        subscriber=subscriber, scope="initiative", initiative=x.initiative, frequency=WEEKLY
    )
    factories.SubscriptionFactory(
        subscriber=subscriber, scope="organisation", organisation=y.organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        change(x.initiative, "awaiting_scrutiny", x.meeting)
    assert mail.outbox == []
    assert not p.Notification.objects.exists()


# Weekly digests -------------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 23)  # a Monday: the digest covers 16–22 November 2026


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


#: For each scope, the changes in the digest of X's follower and of Y's follower.
DIGEST_EXPECTED = {
    "everything": {"x": {"x2", "x3", "y1"}, "y": {"x2", "x3", "y1"}},
    "organisation": {"x": {"x2", "x3"}, "y": {"y1"}},
    "committee": {"x": {"x2"}, "y": {"y1"}},  # x3 was decided without a meeting
    "priority": {"x": {"x2", "x3"}, "y": {"y1"}},
    "initiative": {"x": {"x2", "x3"}, "y": {"y1"}},
}


def last_weeks_changes(world):
    """Status changes around the digest week; returns them by name."""
    x, y = world.x, world.y
    return {
        # The Sunday before the week, one second before midnight: not in it.
        "x1": change(x.initiative, "awaiting_scrutiny", x.meeting, at(2026, 11, 15, 23, 59, 59)),
        # Midnight at the start of the week: in it.
        "x2": change(x.initiative, "under_scrutiny", x.meeting, at(2026, 11, 16, 0, 0)),
        "x3": change(x.initiative, "adopted", None, at(2026, 11, 20, 12, 0)),
        "y1": change(y.initiative, "awaiting_scrutiny", y.meeting, at(2026, 11, 18, 10, 0)),
        # Midnight at the end of the week: the next digest's.
        "y2": change(y.initiative, "under_scrutiny", y.meeting, at(2026, 11, 23, 0, 0)),
        "draft": change(world.draft, "awaiting_scrutiny", x.meeting, at(2026, 11, 18, 10, 0)),
    }


def changes_in(message, changes):
    """The names of the changes an email links to."""
    linked = {int(pk) for pk in re.findall(r"#status-change-(\d+)", message.body)}
    assert linked <= {c.pk for c in changes.values()}
    return {name for name, c in changes.items() if c.pk in linked}


@pytest.mark.parametrize("scope", SCOPES)
def test_a_weekly_digest_lists_exactly_last_weeks_changes_of_what_it_follows(scope, world):
    weekly = followers(scope, world, WEEKLY)
    immediate = followers(scope, world, IMMEDIATE)
    hidden = bystanders(scope, world, WEEKLY)
    changes = last_weeks_changes(world)
    # Weekly followers get no email as it happens.
    assert not p.Notification.objects.filter(subscriber__in=[*weekly.values(), *hidden]).exists()
    mail.outbox.clear()

    start, end = at(2026, 11, 16), at(2026, 11, 23)
    for name, subscriber in weekly.items():
        listed = {c.pk for c in occasions.digest_changes(subscriber, start, end)}
        assert listed == {changes[n].pk for n in DIGEST_EXPECTED[scope][name]}, name
    for subscriber in [*immediate.values(), *hidden]:
        assert occasions.digest_changes(subscriber, start, end) == []

    assert occasions.send_weekly_digests(today=TODAY) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == len(by_recipient) == 2
    assert set(by_recipient) == {weekly["x"].email, weekly["y"].email}
    for name, subscriber in weekly.items():
        message = by_recipient[subscriber.email]
        assert changes_in(message, changes) == DIGEST_EXPECTED[scope][name], name
        assert "Draft" not in message.body
        assert "week starting 16 November 2026" in message.body


def test_a_digest_of_several_weekly_subscriptions_lists_each_change_once(world):
    x, y = world.x, world.y
    subscriber = factories.SubscriberFactory()
    factories.SubscriptionFactory(
        subscriber=subscriber, scope="organisation", organisation=x.organisation, frequency=WEEKLY
    )
    factories.SubscriptionFactory(
        subscriber=subscriber, scope="initiative", initiative=x.initiative, frequency=WEEKLY
    )
    factories.SubscriptionFactory(
        subscriber=subscriber, scope="committee", committee=y.committee, frequency=WEEKLY
    )
    # Followed as it happens, so not in the digest.
    factories.SubscriptionFactory(subscriber=subscriber, scope="priority", priority=y.priority)
    changes = last_weeks_changes(world)
    start, end = at(2026, 11, 16), at(2026, 11, 23)
    listed = [c.pk for c in occasions.digest_changes(subscriber, start, end)]
    assert listed == [changes["x2"].pk, changes["y1"].pk, changes["x3"].pk]  # in time order

    mail.outbox.clear()
    assert occasions.send_weekly_digests(today=TODAY) == 1
    (message,) = mail.outbox
    assert changes_in(message, changes) == {"x2", "x3", "y1"}
    for name in ("x2", "x3", "y1"):
        assert message.body.count(f"#status-change-{changes[name].pk}") == 1
