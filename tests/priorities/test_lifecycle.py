"""Every pair of statuses, checked against the lifecycle as documented, not against the code.

``EXPECTED`` is written out by hand from the table in docs/how-it-works.md ("The initiative
lifecycle"), which fills in the product brief's journey: proposed → awaiting scrutiny → under
scrutiny → adopted → in delivery → completed; or deferred, referred back, called in, rejected,
withdrawn. Allowed transitions write one status change and one outbox row per follower; every
other pair (staying put included) is refused with a clear message and writes nothing.
"""

import itertools

import pytest
from django.core.exceptions import ValidationError

from priorities import models as p
from priorities.lifecycle import (
    InitiativeStatus,
    allowed_next_statuses,
    is_allowed_transition,
    transition_refused,
)
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db

#: from → the statuses it may become, copied from docs/how-it-works.md.
EXPECTED = {
    "proposed": {"awaiting_scrutiny", "adopted", "rejected", "withdrawn"},
    "awaiting_scrutiny": {
        "under_scrutiny",
        "adopted",
        "deferred",
        "referred_back",
        "rejected",
        "withdrawn",
    },
    "under_scrutiny": {
        "adopted",
        "deferred",
        "referred_back",
        "called_in",
        "rejected",
        "withdrawn",
    },
    "adopted": {"in_delivery", "called_in", "withdrawn"},
    "in_delivery": {"completed", "withdrawn"},
    "completed": set(),  # final
    "deferred": {"awaiting_scrutiny", "under_scrutiny", "withdrawn"},
    "referred_back": {"proposed", "awaiting_scrutiny", "withdrawn"},
    "called_in": {"under_scrutiny", "adopted", "referred_back", "rejected"},
    "rejected": {"proposed"},
    "withdrawn": {"proposed"},
}

STATUSES = list(EXPECTED)
PAIRS = list(itertools.product(STATUSES, repeat=2))  # every (from, to), staying put included
ALLOWED = {(current, to) for current, to in PAIRS if to in EXPECTED[current]}


def test_the_table_names_every_status_the_code_has():
    assert set(STATUSES) == set(InitiativeStatus.values)
    assert all(targets <= set(STATUSES) for targets in EXPECTED.values())


def test_the_brief_journey_is_allowed_step_by_step():
    journey = [
        "proposed",
        "awaiting_scrutiny",
        "under_scrutiny",
        "adopted",
        "in_delivery",
        "completed",
    ]
    assert set(itertools.pairwise(journey)) <= ALLOWED


@pytest.mark.parametrize("current", STATUSES)
def test_the_lifecycle_functions_agree_with_the_table(current):
    assert {to for to in STATUSES if is_allowed_transition(current, to)} == EXPECTED[current]
    assert set(allowed_next_statuses(current)) == EXPECTED[current]


@pytest.mark.parametrize(("current", "to"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_each_transition_is_applied_or_refused_whole(current, to):
    initiative = factories.InitiativeFactory()
    p.Initiative.private_objects.filter(pk=initiative.pk).update(status=current)
    initiative.refresh_from_db()
    followers = [
        factories.SubscriptionFactory().subscriber,
        factories.SubscriptionFactory(scope="initiative", initiative=initiative).subscriber,
    ]
    officer = factories.OfficerMembershipFactory(organisation=initiative.organisation).user

    if (current, to) in ALLOWED:
        change = initiative_change_status(
            initiative=initiative, to=to, reason="Decided by the committee.", acting_user=officer
        )
        assert p.StatusChange.objects.count() == 1
        assert (change.from_status, change.to_status) == (current, to)
        assert sorted(change.notifications.values_list("subscriber", flat=True)) == sorted(
            follower.pk for follower in followers
        )
        initiative.refresh_from_db()
        assert initiative.status == to
    else:
        with pytest.raises(ValidationError) as refused:
            initiative_change_status(
                initiative=initiative, to=to, reason="Decided.", acting_user=officer
            )
        assert transition_refused(current, to) in str(refused.value)
        assert not p.StatusChange.objects.exists()
        assert not p.Notification.objects.exists()
        initiative.refresh_from_db()
        assert initiative.status == current
