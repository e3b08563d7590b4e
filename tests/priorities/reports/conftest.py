"""Reports to write out: a fictional council's meeting, committee and plan, with a title that
tries formula injection, a draft that the public must never see, and an empty meeting."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from priorities.lifecycle import InitiativeStatus
from priorities.models import AgendaItem, AgendaOutcome, Aim, Milestone, Rag, Target
from priorities.querysets import PublicationState
from priorities.reports.audience import ReportAudience
from priorities.reports.scopes import committee_report, meeting_report, plan_report
from tests.factories import (
    CommitteeFactory,
    InitiativeFactory,
    MeetingFactory,
    OfficerMembershipFactory,
    OrganisationFactory,
    PlanFactory,
    PriorityFactory,
)

INJECTION = "=cmd|' /C calc'!A0"


@pytest.fixture
def castlebridge(db):
    """A council with a plan, a committee, a meeting with three items and one draft."""
    council = OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    committee = CommitteeFactory(
        organisation=council, name="Children's Scrutiny Committee", slug="childrens-scrutiny"
    )
    plan = PlanFactory(
        organisation=council,
        title="Children and families plan 2025–2028",
        slug="children-and-families",
        overseen_by=committee,
    )
    aim = Aim.objects.create(plan=plan, title="Safe at home", slug="safe-at-home", order=1)
    priority = PriorityFactory(
        plan=plan, aim=aim, title="Every child safe at home", slug="safe-at-home"
    )
    published = InitiativeFactory(
        organisation=council,
        title=INJECTION,
        slug="injection",
        status=InitiativeStatus.IN_DELIVERY,
        rag=Rag.AMBER,
        progress=45,
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2026, 3, 31),
        summary="Family hubs open in every ward.",
    )
    second = InitiativeFactory(
        organisation=council,
        title="Family hubs in every ward",
        slug="family-hubs",
        status=InitiativeStatus.UNDER_SCRUTINY,
        rag=Rag.GREEN,
        progress=10,
    )
    draft = InitiativeFactory(
        organisation=council,
        title="Secret draft initiative",
        slug="secret-draft",
        publication_state=PublicationState.DRAFT,
    )
    for initiative in (published, second, draft):
        initiative.priorities.add(priority)
    Target.objects.create(
        initiative=published,
        description="Families reached",
        unit="families",
        baseline_value=Decimal("120"),
        baseline_date=datetime.date(2025, 4, 1),
        target_value=Decimal("480"),
        target_date=datetime.date(2026, 3, 31),
        current_value=Decimal("210"),
        current_value_date=datetime.date(2025, 10, 1),
    )
    Milestone.objects.create(
        initiative=published,
        title="First hub opens",
        due_date=datetime.date(2025, 6, 1),
        completed_on=datetime.date(2025, 5, 28),
    )
    meeting = MeetingFactory(
        committee=committee,
        slug="2025-11-20",
        starts_at=timezone.make_aware(datetime.datetime(2025, 11, 20, 18, 30)),
    )
    for number, initiative in enumerate((published, second, draft), start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            item_number=str(number),
            order=number,
            title=initiative.title,
            initiative=initiative,
            outcome=AgendaOutcome.NOTED,
        )
    empty_meeting = MeetingFactory(
        committee=committee,
        slug="2025-12-18",
        starts_at=timezone.make_aware(datetime.datetime(2025, 12, 18, 18, 30)),
    )
    officer = OfficerMembershipFactory(organisation=council).user
    return {
        "council": council,
        "committee": committee,
        "plan": plan,
        "priority": priority,
        "published": published,
        "second": second,
        "draft": draft,
        "meeting": meeting,
        "empty_meeting": empty_meeting,
        "officer": officer,
    }


@pytest.fixture
def reports(castlebridge):
    """The public meeting, committee and plan reports, and an officer's (draft) meeting report."""
    officer = ReportAudience(user=castlebridge["officer"])
    return {
        "meeting": meeting_report(castlebridge["meeting"]),
        "committee": committee_report(castlebridge["committee"]),
        "plan": plan_report(castlebridge["plan"]),
        "empty_meeting": meeting_report(castlebridge["empty_meeting"]),
        "officer_meeting": meeting_report(castlebridge["meeting"], audience=officer),
        "officer_plan": plan_report(castlebridge["plan"], audience=officer),
    }
