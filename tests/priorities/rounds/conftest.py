"""A fictional council's update round: Castlebridge's children's plan, three owners and their
initiatives, a publisher who runs the round and an editor who may only look."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from priorities import models as p
from tests import factories


@dataclass
class RoundWorld:
    organisation: object
    plan: object
    publisher: object
    editor: object
    amara: object
    ben: object
    chidi: object
    #: In the plan: two of Amara's, one shared by Ben and Amara, one of Chidi's.
    early_help: object
    family_hubs: object
    youth_centres: object
    school_places: object
    #: The organisation's, not in the plan.
    libraries: object
    #: Completed, so no longer updated.
    finished: object
    round: object


def officer(username, organisation, role):
    user = factories.UserFactory(username=username, first_name=username.capitalize())
    factories.OfficerMembershipFactory(user=user, organisation=organisation, role=role)
    return user


def initiative(organisation, title, owners, priority=None, **fields):
    record = factories.InitiativeFactory(organisation=organisation, title=title, **fields)
    record.owners.set(owners)
    if priority is not None:
        record.priorities.add(priority)
    return record


def make_round(organisation, plan=None, **fields):
    fields.setdefault("name", "Quarter 3 2026–27")
    fields.setdefault("due_on", timezone.localdate() + datetime.timedelta(days=14))
    return p.UpdateRound.objects.create(organisation=organisation, plan=plan, **fields)


def post_update(initiative, update_round, state=p.PublicationState.PUBLISHED, **fields):
    """An owner's update, made directly (the update service is not under test here)."""
    fields.setdefault("as_of", timezone.localdate())
    fields.setdefault("narrative", f"{initiative.title}: on course this quarter.")
    fields.setdefault("progress", 40)
    fields.setdefault("rag", p.Rag.GREEN)
    fields.setdefault("rag_reason", "Milestones met.")
    return p.InitiativeUpdate.private_objects.create(
        initiative=initiative, round=update_round, publication_state=state, **fields
    )


@pytest.fixture
def world(db):
    organisation = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    plan = factories.PlanFactory(organisation=organisation, title="Children and families plan")
    priority = factories.PriorityFactory(plan=plan, title="Every child safe at home")
    amara = officer("amara", organisation, p.OfficerRole.EDITOR)
    ben = officer("ben", organisation, p.OfficerRole.EDITOR)
    chidi = officer("chidi", organisation, p.OfficerRole.EDITOR)
    world = RoundWorld(
        organisation=organisation,
        plan=plan,
        publisher=officer("priya", organisation, p.OfficerRole.PUBLISHER),
        editor=officer("eddie", organisation, p.OfficerRole.EDITOR),
        amara=amara,
        ben=ben,
        chidi=chidi,
        early_help=initiative(organisation, "Early help in every school", [amara], priority),
        family_hubs=initiative(organisation, "Family hubs", [amara, ben], priority),
        youth_centres=initiative(organisation, "Youth centres", [ben], priority),
        school_places=initiative(organisation, "School places", [chidi], priority),
        libraries=initiative(organisation, "Libraries for families", [chidi]),
        finished=initiative(organisation, "Finished work", [amara], priority, status="completed"),
        round=None,
    )
    world.round = make_round(organisation, plan)
    return world
