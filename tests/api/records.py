"""A small portal for the API tests: public records of every kind, and beside each one the
private records the API must never show (a draft, one in review, one under a draft plan,
another organisation's draft)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from priorities import models as p
from priorities.services import initiative_change_status
from safeguarding import models as s
from tests import factories

DRAFT = p.PublicationState.DRAFT
IN_REVIEW = p.PublicationState.IN_REVIEW

#: Every list endpoint, by the name of its route.
ENDPOINTS = [
    "organisations",
    "themes",
    "plans",
    "aims",
    "priorities",
    "initiatives",
    "status-changes",
    "committees",
    "meetings",
    "agenda-items",
    "consultations",
    "ambitions",
    "indicators",
    "inspections",
]


@dataclass
class Records:
    council: p.Organisation
    initiative: p.Initiative
    meeting: p.Meeting
    public: dict = field(default_factory=dict)  # endpoint -> public ids
    private: dict = field(default_factory=dict)  # endpoint -> ids that must never appear
    private_titles: list = field(default_factory=list)


def build() -> Records:
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    other = factories.OrganisationFactory(name="Eastmoor Council", slug="eastmoor")
    theme = factories.ThemeFactory(name="Early help", slug="early-help")
    plan = factories.PlanFactory(organisation=council)
    draft_plan = factories.PlanFactory(
        organisation=council, title="Secret draft plan", publication_state=DRAFT
    )
    aim = p.Aim.objects.create(plan=plan, title="Start well", slug="start-well")
    hidden_aim = p.Aim.objects.create(plan=draft_plan, title="Secret aim", slug="secret-aim")
    priority = factories.PriorityFactory(plan=plan, aim=aim, title="Ready for school")
    priority.themes.add(theme)
    under_draft_plan = factories.PriorityFactory(plan=draft_plan, title="Secret priority")
    draft_priority = factories.PriorityFactory(
        plan=plan, title="Secret draft priority", publication_state=DRAFT
    )
    initiative = factories.InitiativeFactory(organisation=council, title="Family hubs")
    initiative.priorities.add(priority, under_draft_plan, draft_priority)
    p.Target.objects.create(
        initiative=initiative,
        description="Families reached",
        baseline_value=100,
        target_value=200,
        current_value=150,
    )
    p.Milestone.objects.create(initiative=initiative, title="Hubs open")
    p.EvidenceLink.objects.create(
        initiative=initiative, title="Cabinet report", url="https://example.org/report"
    )
    draft_initiative = factories.InitiativeFactory(
        organisation=council, title="Secret draft initiative", publication_state=DRAFT
    )
    draft_initiative.priorities.add(priority)
    in_review = factories.InitiativeFactory(
        organisation=council, title="Secret initiative in review", publication_state=IN_REVIEW
    )
    others_draft = factories.InitiativeFactory(
        organisation=other, title="Secret Eastmoor initiative", publication_state=DRAFT
    )
    committee = factories.CommitteeFactory(organisation=council)
    meeting = factories.MeetingFactory(committee=committee)
    item = p.AgendaItem.objects.create(meeting=meeting, title="Family hubs", initiative=initiative)
    hidden_item = p.AgendaItem.objects.create(
        meeting=meeting, title="Secret item", initiative=draft_initiative
    )
    hidden_plan_item = p.AgendaItem.objects.create(
        meeting=meeting, title="Secret plan item", plan=draft_plan
    )
    when = timezone.make_aware(datetime.datetime(2025, 2, 1, 10))
    change = initiative_change_status(
        initiative=initiative,
        to="awaiting_scrutiny",
        reason="Listed.",
        meeting=meeting,
        changed_at=when,
    )
    hidden_change = initiative_change_status(
        initiative=draft_initiative, to="awaiting_scrutiny", reason="Secret.", changed_at=when
    )
    consultation = p.Consultation.private_objects.create(
        organisation=council,
        title="Family hubs survey",
        slug="family-hubs-survey",
        publication_state=p.PublicationState.PUBLISHED,
    )
    consultation.shaped_priorities.add(priority, under_draft_plan)
    consultation.shaped_initiatives.add(initiative, draft_initiative)
    consultation.shaped_plans.add(plan, draft_plan)
    others_consultation = p.Consultation.private_objects.create(
        organisation=other,
        title="Secret Eastmoor consultation",
        slug="secret",
        publication_state=DRAFT,
    )
    profile = factories.PartnershipProfileFactory()
    p.PartnershipMembership.objects.create(
        partnership=profile.organisation, member=council, is_lead_partner=True
    )
    ambition = factories.AmbitionFactory(partnership=profile)
    ambition.priorities.add(priority, draft_priority)
    draft_ambition = factories.AmbitionFactory(
        partnership=profile, title="Secret ambition", publication_state=DRAFT
    )
    indicator = factories.IndicatorFactory(organisation=council, ambition=draft_ambition)
    s.Measurement.objects.create(
        indicator=indicator, period_end=datetime.date(2024, 3, 31), value=4
    )
    draft_indicator = factories.IndicatorFactory(
        organisation=council, title="Secret indicator", publication_state=DRAFT
    )
    inspection = s.Inspection.objects.create(
        organisation=council,
        inspectorate="ofsted",
        kind="full",
        title="Ofsted inspection",
        slug="ofsted-2024",
        published_on=datetime.date(2024, 5, 1),
        judgement="good",
    )
    records = Records(council=council, initiative=initiative, meeting=meeting)
    records.public = {
        "organisations": {council.pk, other.pk, profile.organisation.pk},
        "themes": {theme.pk},
        "plans": {plan.pk},
        "aims": {aim.pk},
        "priorities": {priority.pk},
        "initiatives": {initiative.pk},
        "status-changes": {change.pk},
        "committees": {committee.pk},
        "meetings": {meeting.pk},
        "agenda-items": {item.pk},
        "consultations": {consultation.pk},
        "ambitions": {ambition.pk},
        "indicators": {indicator.pk},
        "inspections": {inspection.pk},
    }
    records.private = {
        "plans": {draft_plan.pk},
        "aims": {hidden_aim.pk},
        "priorities": {under_draft_plan.pk, draft_priority.pk},
        "initiatives": {draft_initiative.pk, in_review.pk, others_draft.pk},
        "status-changes": {hidden_change.pk},
        "agenda-items": {hidden_item.pk, hidden_plan_item.pk},
        "consultations": {others_consultation.pk},
        "ambitions": {draft_ambition.pk},
        "indicators": {draft_indicator.pk},
    }
    records.private_titles = [
        "Secret",  # every private record's title starts with it
    ]
    return records
