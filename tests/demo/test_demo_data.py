"""The demo data: idempotent, all or nothing, true to the seed documents, drafts kept private."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from demo import priorities_demo
from demo.data.common import DRAFT_PREFIX, ILLUSTRATIVE
from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    CommitteeKind,
    Consultation,
    Initiative,
    Meeting,
    OfficerMembership,
    Organisation,
    Plan,
    Priority,
    PublicationState,
    Target,
)
from safeguarding.models import Ambition, Indicator, Inspection, PartnershipProfile
from tests.demo_facts import (
    COUNCILS,
    WANDSWORTH_PRIORITIES,
    WSCP_AMBITIONS,
    WSCP_PRIORITIES,
    load,
    local_date,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_data(django_db_setup, django_db_blocker):
    """Load the demo data once for the module; each test runs in a transaction rolled back
    to this state, and the database is emptied after the module."""
    with django_db_blocker.unblock():
        load()
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def test_wandsworth_plan_has_the_eight_priorities_the_press_release_lists():
    plan = Plan.public_objects.get(
        organisation__slug="wandsworth", title="New policy priorities for children and families"
    )
    assert plan.status == "proposed"
    assert plan.source_date == datetime.date(2022, 7, 29)
    assert plan.source_title.startswith("Supporting children and families, tackling health")
    assert "Simon Hogg" in plan.summary
    titles = list(
        Priority.public_objects.filter(plan=plan).order_by("order").values_list("title", flat=True)
    )
    assert titles == WANDSWORTH_PRIORITIES
    lead_members = set(
        Priority.public_objects.filter(plan=plan).values_list("lead_member", flat=True)
    )
    assert lead_members == {"Cllr Kate Stock", "Cllr Graeme Henderson"}


def test_wandsworth_committees_met_in_july_2022():
    for committee in ("Finance Committee", "Health Committee"):
        july = [
            meeting
            for meeting in Meeting.objects.filter(
                committee__organisation__slug="wandsworth", committee__name=committee
            )
            if local_date(meeting.starts_at).strftime("%Y-%m") == "2022-07"
        ]
        assert len(july) == 1, committee
    prevention = Initiative.public_objects.get(slug="prevention-framework")
    assert prevention.status_changes.filter(
        to_status=InitiativeStatus.UNDER_SCRUTINY, meeting__committee__name="Health Committee"
    ).exists()


def test_double_resources_target_is_twice_its_baseline():
    target = Target.objects.get(description="Double resources to tackle domestic violence")
    assert target.baseline_value == Decimal("1")
    assert target.target_value == 2 * target.baseline_value
    assert target.initiative.organisation.slug == "wandsworth"


def test_partnership_is_jointly_led_by_three_partners():
    partnership = Organisation.objects.get(name="Wandsworth Safeguarding Children Partnership")
    assert partnership.kind == "safeguarding_partnership"
    leads = {
        (membership.member.name, membership.member.kind)
        for membership in partnership.memberships_as_partnership.filter(is_lead_partner=True)
    }
    assert leads == {
        ("Metropolitan Police Service", "police"),
        ("South West London Integrated Care Board", "nhs"),
        ("Wandsworth Council", "council"),
    }
    profile = PartnershipProfile.objects.get(organisation=partnership)
    assert "jointly led by the Police, Integrated Care Board and the Council" in (
        profile.leadership_arrangements
    )
    assert "from harm, abuse, neglect and exploitation" in profile.responsibilities


def test_partnership_ambitions_and_priorities_are_the_seed_text():
    ambitions = Ambition.public_objects.filter(
        partnership__organisation__slug="wandsworth-safeguarding-children-partnership"
    ).order_by("order")
    assert [ambition.title for ambition in ambitions] == WSCP_AMBITIONS

    plan = Plan.public_objects.get(
        organisation__slug="wandsworth-safeguarding-children-partnership",
        title="Ambitions and priorities",
    )
    priorities = Priority.public_objects.filter(plan=plan).order_by("order")
    assert [priority.summary for priority in priorities] == WSCP_PRIORITIES
    assert all(len(priority.title) < len(priority.summary) for priority in priorities)


def test_ambitions_are_linked_to_priorities_with_a_visible_gap():
    coverage = {
        ambition.title: ambition.priorities.count() for ambition in Ambition.public_objects.all()
    }
    assert coverage[WSCP_AMBITIONS[4]] == 0  # looked after children: a gap
    assert all(coverage[title] >= 1 for title in WSCP_AMBITIONS[:4])
    safe = Ambition.public_objects.get(title=WSCP_AMBITIONS[1])
    owners = set(safe.priorities.values_list("plan__organisation__slug", flat=True))
    assert owners == {"wandsworth", "wandsworth-safeguarding-children-partnership"}


def test_multi_agency_indicators_are_marked_illustrative():
    indicators = Indicator.public_objects.all()
    assert indicators.count() >= 2
    for indicator in indicators:
        assert ILLUSTRATIVE in indicator.description
        assert indicator.measurements.count() >= 4
        assert indicator.measured_by is not None


def test_telford_strategy_has_four_aims_and_went_to_cabinet_on_13_february_2025():
    plan = Plan.public_objects.get(organisation__slug="telford-and-wrekin")
    assert plan.period_start.year == 2025 and plan.period_end.year == 2028
    aims = [aim.title for aim in plan.aims.order_by("order")]
    assert aims == ["Start well", "Stay well", "Keep safe", "Enjoy and achieve"]
    for aim in plan.aims.all():
        assert Priority.public_objects.filter(aim=aim).exists(), aim.title
    assert Priority.public_objects.filter(plan=plan, title__icontains="ready for school").exists()
    assert (
        Priority.public_objects.filter(plan=plan, lead_member="Cllr Shirley Reynolds").count()
        == Priority.public_objects.filter(plan=plan).count()
    )

    cabinet = Meeting.objects.get(
        committee__organisation__slug="telford-and-wrekin", committee__name="Cabinet"
    )
    assert local_date(cabinet.starts_at) == datetime.date(2025, 2, 13)
    assert AgendaItem.objects.filter(meeting=cabinet, plan=plan).exists()
    assert plan.adopted_at_meeting == cabinet
    assert plan.overseen_by.kind == CommitteeKind.PARTNERSHIP_BOARD
    assert plan.overseen_by.organisation.kind == "board"

    family_help = Initiative.public_objects.get(title="New family help service")
    assert "family hubs" in family_help.summary
    partner_kinds = set(family_help.partner_organisations.values_list("kind", flat=True))
    assert partner_kinds == {"police", "nhs", "voluntary"}


def test_westminster_consultations_shaped_its_proposals():
    plan = Plan.public_objects.get(
        organisation__slug="westminster", title="Changes to children’s services"
    )
    assert "best place in the country for children to grow up" in plan.summary
    assert plan.source_date == datetime.date(2016, 8, 11)
    assert Priority.public_objects.filter(plan=plan).count() == 3

    consultations = Consultation.public_objects.filter(organisation__slug="westminster")
    months = sorted(consultation.opened_on.strftime("%Y-%m") for consultation in consultations)
    assert months == ["2015-01", "2016-01"]
    for consultation in consultations:
        assert consultation.audience == "Families and young people"
        assert plan in consultation.shaped_plans.all()
        assert consultation.you_said and consultation.we_did
    january_2016 = consultations.get(opened_on__year=2016)
    assert january_2016.shaped_priorities.count() == 3
    assert january_2016.shaped_initiatives.count() == 3


def test_ofsted_judgement_history():
    assert Organisation.objects.get(slug="ofsted").kind == "inspectorate"
    wandsworth = Inspection.objects.filter(organisation__slug="wandsworth").order_by("published_on")
    assert [(i.judgement, i.published_on.year, i.date_is_approximate) for i in wandsworth] == [
        ("inadequate", 2016, True),
        ("requires_improvement", 2018, True),
        ("not_graded", 2021, False),
    ]
    focused_visit = wandsworth.last()
    assert focused_visit.kind == "focused_visit"
    assert focused_visit.published_on == datetime.date(2021, 8, 26)
    assert len(focused_visit.findings_list) >= 5

    telford = Inspection.objects.get(organisation__slug="telford-and-wrekin")
    assert (telford.judgement, telford.published_on.year, telford.date_is_approximate) == (
        "outstanding",
        2024,
        True,
    )


def test_every_initiative_status_is_the_end_of_its_journey():
    for initiative in Initiative.private_objects.all():
        changes = list(initiative.status_changes.order_by("changed_at", "pk"))
        if not changes:
            assert initiative.status == InitiativeStatus.PROPOSED
            assert initiative.publication_state == PublicationState.DRAFT
            continue
        assert changes[0].from_status == InitiativeStatus.PROPOSED
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status, initiative.title
        assert initiative.status == changes[-1].to_status, initiative.title
        assert initiative.status_changed_at == changes[-1].changed_at
        for change in changes:
            assert change.recorded_by is None
            assert "Illustrative demo data" in change.reason or "Source:" in change.reason


def test_journeys_use_london_times_and_cite_meetings():
    family_help = Initiative.public_objects.get(title="New family help service")
    scrutiny = family_help.status_changes.get(to_status=InitiativeStatus.UNDER_SCRUTINY)
    assert timezone.localtime(scrutiny.changed_at).hour == 10
    assert local_date(scrutiny.meeting.starts_at) == datetime.date(2025, 2, 13)
    statuses = set(Initiative.public_objects.values_list("status", flat=True))
    assert {"awaiting_scrutiny", "under_scrutiny", "adopted", "in_delivery", "completed"} <= (
        statuses
    )
    referred_or_deferred = Initiative.public_objects.filter(
        status_changes__to_status__in=["referred_back", "deferred"]
    )
    assert referred_or_deferred.exists()


def test_everything_is_published_except_the_drafts():
    for model in (Plan, Priority, Initiative, Consultation, Ambition, Indicator):
        for record in model.private_objects.all():
            is_draft = str(record).startswith(DRAFT_PREFIX)
            if is_draft:
                assert record.publication_state == PublicationState.DRAFT
                assert record.published_at is None
            else:
                assert record.publication_state == PublicationState.PUBLISHED, record
                assert record.published_at is not None


def test_drafts_exist_but_are_never_public():
    draft_priorities = Priority.private_objects.filter(title__startswith="DRAFT")
    assert draft_priorities.count() == 1
    assert not Priority.public_objects.filter(pk__in=draft_priorities).exists()

    for council in COUNCILS:
        drafts = Initiative.private_objects.filter(
            organisation__slug=council, title__startswith="DRAFT – not for publication"
        )
        assert drafts.count() == 1, council
        assert not Initiative.public_objects.filter(pk__in=drafts).exists()
        # Each draft is linked to a published priority, so priority pages must filter it out.
        assert Priority.public_objects.filter(initiatives__in=drafts).exists()
    assert not Initiative.public_objects.filter(title__icontains="not for publication").exists()
    assert not Priority.public_objects.filter(title__icontains="not for publication").exists()


def test_demo_officers_can_sign_in_and_publish_for_their_organisation():
    user_model = get_user_model()
    admin = user_model.objects.get(username="demo-admin")
    assert admin.is_superuser and admin.check_password(priorities_demo.DEMO_PASSWORD)
    for username, organisation_slug in priorities_demo.DEMO_OFFICERS:
        officer = user_model.objects.get(username=username)
        assert officer.is_staff and not officer.is_superuser
        assert officer.check_password(priorities_demo.DEMO_PASSWORD)
        membership = OfficerMembership.objects.get(user=officer)
        assert (membership.organisation.slug, membership.role) == (organisation_slug, "publisher")
        assert officer.has_perm("priorities.change_initiative")
        assert officer.has_perm("safeguarding.change_ambition")
        assert not officer.has_perm("priorities.view_subscriber")
        assert not officer.has_perm("priorities.change_notification")
        assert not officer.has_perm("priorities.add_officermembership")
    assert Group.objects.get(name="Officers").user_set.count() == len(priorities_demo.DEMO_OFFICERS)
