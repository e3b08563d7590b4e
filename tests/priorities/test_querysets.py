"""The public managers return published records only; the private ones return everything."""

import pytest

from priorities import models as p
from safeguarding import models as s
from tests import factories

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    p.PublicationState.DRAFT,
    p.PublicationState.IN_REVIEW,
    p.PublicationState.ARCHIVED,
]

PUBLISHABLE_FACTORIES = [
    factories.PlanFactory,
    factories.PriorityFactory,
    factories.InitiativeFactory,
    factories.AmbitionFactory,
    factories.IndicatorFactory,
]


def test_models_the_public_may_see_have_no_plain_objects_manager():
    for model in (p.Plan, p.Priority, p.Initiative, p.Consultation, s.Ambition, s.Indicator):
        assert not hasattr(model, "objects"), model
        assert model._default_manager.name == "private_objects"


@pytest.mark.parametrize("factory", PUBLISHABLE_FACTORIES, ids=lambda f: f._meta.model.__name__)
@pytest.mark.parametrize("state", UNPUBLISHED)
def test_the_public_manager_never_returns_an_unpublished_record(factory, state):
    hidden = factory(publication_state=state)
    shown = factory()
    model = factory._meta.model
    assert list(model.public_objects.all()) == [shown]
    assert not model.public_objects.filter(pk=hidden.pk).exists()
    assert set(model.private_objects.all()) == {hidden, shown}


def test_a_published_priority_in_a_draft_plan_is_not_public():
    draft_plan = factories.PlanFactory(publication_state=p.PublicationState.DRAFT)
    factories.PriorityFactory(plan=draft_plan)
    assert not p.Priority.public_objects.exists()
    assert p.Priority.private_objects.count() == 1


def test_status_changes_of_draft_initiatives_are_not_public():
    from priorities.services import initiative_change_status

    draft = factories.InitiativeFactory(publication_state=p.PublicationState.DRAFT)
    public = factories.InitiativeFactory()
    for initiative in (draft, public):
        initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="Listed.")
    assert [change.initiative for change in p.StatusChange.objects.published()] == [public]


def test_editable_by_limits_records_to_the_officers_organisations():
    membership = factories.OfficerMembershipFactory()
    own = factories.InitiativeFactory(organisation=membership.organisation)
    factories.InitiativeFactory()
    assert list(p.Initiative.private_objects.editable_by(membership.user)) == [own]
    assert list(p.Organisation.objects.editable_by(membership.user)) == [membership.organisation]


def test_editable_by_gives_superusers_everything_and_anonymous_users_nothing():
    from django.contrib.auth.models import AnonymousUser

    factories.InitiativeFactory.create_batch(2)
    superuser = factories.UserFactory(is_superuser=True)
    assert p.Initiative.private_objects.editable_by(superuser).count() == 2
    assert p.Initiative.private_objects.editable_by(AnonymousUser()).count() == 0
