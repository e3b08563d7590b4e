import datetime

import pytest

from priorities.progress.services import post_initiative_update
from tests import factories


def officer(organisation, role):
    """An officer of ``organisation`` with ``role``."""
    return factories.OfficerMembershipFactory(organisation=organisation, role=role).user


def post(initiative, user, **fields):
    """Post an update with sensible defaults for the fields a test does not care about."""
    values = {
        "as_of": datetime.date(2026, 3, 3),
        "narrative": "Two family hubs opened in March.",
        "progress": 40,
        "rag": "amber",
        "rag_reason": "Recruitment of outreach workers is behind.",
    }
    values.update(fields)
    return post_initiative_update(initiative=initiative, acting_user=user, **values)


@pytest.fixture
def initiative():
    return factories.InitiativeFactory(title="Family hub outreach", rag="not_rated", progress=0)
