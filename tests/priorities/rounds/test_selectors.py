"""A round's progress: per initiative and per owner, updated, waiting for review or outstanding."""

import pytest

from priorities import models as p
from priorities.rounds.selectors import RoundState, round_progress
from tests.priorities.rounds.conftest import make_round, post_update

pytestmark = pytest.mark.django_db


def states(progress):
    return {item.initiative.title: item.state for item in progress.initiatives}


def test_each_initiative_is_updated_waiting_or_outstanding(world):
    post_update(world.early_help, world.round)
    post_update(world.family_hubs, world.round, state=p.PublicationState.IN_REVIEW)
    post_update(world.youth_centres, world.round, state=p.PublicationState.DRAFT)
    # An update in another round does not count for this one.
    post_update(world.school_places, make_round(world.organisation, name="Quarter 2"))

    progress = round_progress(world.round)

    assert states(progress) == {
        "Early help in every school": RoundState.UPDATED,
        "Family hubs": RoundState.WAITING,
        "Youth centres": RoundState.OUTSTANDING,
        "School places": RoundState.OUTSTANDING,
    }
    assert [i.initiative.title for i in progress.updated] == ["Early help in every school"]
    assert [u.initiative.title for u in progress.waiting_for_review] == ["Family hubs"]
    assert [i.initiative.title for i in progress.outstanding] == ["School places", "Youth centres"]


def test_an_owner_is_outstanding_while_any_of_their_initiatives_is(world):
    post_update(world.early_help, world.round)
    post_update(world.family_hubs, world.round)
    post_update(world.youth_centres, world.round, state=p.PublicationState.IN_REVIEW)

    by_owner = {entry.owner.username: entry for entry in round_progress(world.round).owners}

    assert set(by_owner) == {"amara", "ben", "chidi"}
    assert by_owner["amara"].state == RoundState.UPDATED
    assert by_owner["ben"].state == RoundState.WAITING
    assert by_owner["chidi"].state == RoundState.OUTSTANDING
    assert [i.initiative.title for i in by_owner["chidi"].outstanding] == ["School places"]
    assert [owner.username for owner in round_progress(world.round).outstanding_owners] == ["chidi"]


def test_an_initiative_without_an_owner_is_listed_apart(world):
    world.school_places.owners.clear()
    progress = round_progress(world.round)
    assert [i.initiative.title for i in progress.without_owner] == ["School places"]
    assert "chidi" not in {entry.owner.username for entry in progress.owners}


def test_the_counts_add_up(world):
    post_update(world.early_help, world.round)
    progress = round_progress(world.round)
    assert progress.counts == {"updated": 1, "waiting": 0, "outstanding": 3, "total": 4}
