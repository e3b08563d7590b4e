from unittest import mock

import pytest
from django.db.utils import OperationalError

from priorities import models as p
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_lists_organisations_with_their_published_plans(client):
    priority = factories.PriorityFactory(title="Every school has a mental health practitioner")
    factories.PlanFactory(
        organisation=priority.plan.organisation,
        title="DRAFT never to be shown",
        publication_state=p.PublicationState.DRAFT,
    )
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert priority.plan.organisation.name in content
    assert priority.plan.title in content
    # The plan's page lists its priorities; the home page counts promises instead.
    assert "Every school has a mental health practitioner" not in content
    assert "DRAFT never to be shown" not in content


def test_home_has_the_exit_this_page_link(client, settings):
    response = client.get("/")
    assert settings.EXIT_THIS_PAGE_URL in response.content.decode()


def test_home_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    for _ in range(3):
        factories.PriorityFactory.create_batch(3, plan=factories.PlanFactory())
    with django_assert_max_num_queries(6):
        client.get("/")
    for _ in range(10):
        factories.PriorityFactory.create_batch(5, plan=factories.PlanFactory())
    with django_assert_max_num_queries(6):
        client.get("/")


def test_readyz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_readyz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
