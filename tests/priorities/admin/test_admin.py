import pytest
from django.urls import reverse

from priorities import models as p
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.UserFactory(is_superuser=True, username="admin"))
    return client


def admin_change_form(client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.context["adminform"].form


def test_a_published_records_slug_cannot_be_changed_in_the_admin(superuser_client):
    published = factories.InitiativeFactory(publication_state=p.PublicationState.PUBLISHED)
    assert "slug" not in admin_change_form(superuser_client, published).fields


def test_a_draft_never_published_can_still_change_its_slug(superuser_client):
    draft = factories.InitiativeFactory(publication_state=p.PublicationState.DRAFT)
    assert "slug" in admin_change_form(superuser_client, draft).fields


def test_a_meeting_slug_is_fixed_once_the_meeting_exists(superuser_client):
    meeting = factories.MeetingFactory()
    assert "slug" not in admin_change_form(superuser_client, meeting).fields


@pytest.mark.parametrize(
    "factory",
    [
        factories.PlanFactory,
        factories.PriorityFactory,
        factories.InitiativeFactory,
        factories.CommitteeFactory,
        factories.MeetingFactory,
        factories.OrganisationFactory,
        factories.AmbitionFactory,
        factories.IndicatorFactory,
    ],
    ids=lambda f: f._meta.model.__name__,
)
def test_every_admin_change_list_and_form_opens(superuser_client, factory):
    obj = factory()
    meta = obj._meta
    assert (
        superuser_client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        ).status_code
        == 200
    )
    admin_change_form(superuser_client, obj)
