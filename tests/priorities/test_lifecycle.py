"""Every pair of statuses: allowed transitions write one status change and one outbox row per
follower; forbidden ones are refused with a clear message and write nothing."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from priorities import models as p
from priorities.lifecycle import InitiativeStatus, is_allowed_transition
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db

PAIRS = [
    (current, to)
    for current, to in itertools.product(InitiativeStatus.values, repeat=2)
    if current != to
]


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

    if is_allowed_transition(current, to):
        change = initiative_change_status(
            initiative=initiative, to=to, reason="Decided by the committee.", acting_user=officer
        )
        assert p.StatusChange.objects.count() == 1
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
        assert "cannot become" in str(refused.value)
        assert not p.StatusChange.objects.exists()
        assert not p.Notification.objects.exists()
        initiative.refresh_from_db()
        assert initiative.status == current
