"""The database itself refuses data the domain forbids, whatever code writes it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from priorities import models as p
from priorities.lifecycle import InitiativeStatus
from tests import factories

pytestmark = pytest.mark.django_db


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_plan_slug_is_unique_within_its_organisation():
    plan = factories.PlanFactory(slug="start-well")
    assert_refused(lambda: factories.PlanFactory(organisation=plan.organisation, slug="start-well"))


def test_the_same_plan_slug_is_allowed_in_another_organisation():
    factories.PlanFactory(slug="start-well")
    factories.PlanFactory(slug="start-well")
    assert p.Plan.private_objects.filter(slug="start-well").count() == 2


def test_an_initiative_slug_is_unique_within_its_organisation():
    initiative = factories.InitiativeFactory(slug="power-to-connect")
    assert_refused(
        lambda: factories.InitiativeFactory(
            organisation=initiative.organisation, slug="power-to-connect"
        )
    )


def test_a_priority_slug_is_unique_within_its_plan():
    priority = factories.PriorityFactory(slug="early-help")
    assert_refused(lambda: factories.PriorityFactory(plan=priority.plan, slug="early-help"))


def test_organisation_names_are_unique_ignoring_case():
    factories.OrganisationFactory(name="Castlebridge Council")
    assert_refused(lambda: factories.OrganisationFactory(name="CASTLEBRIDGE council"))


@pytest.mark.parametrize("progress", [101, 250])
def test_progress_over_100_percent_is_refused(progress):
    assert_refused(lambda: factories.InitiativeFactory(progress=progress))


def test_progress_of_0_and_100_percent_is_accepted():
    factories.InitiativeFactory(progress=0)
    factories.InitiativeFactory(progress=100)


def test_a_plan_cannot_end_before_it_starts():
    assert_refused(
        lambda: factories.PlanFactory(
            period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2024, 3, 31)
        )
    )


def test_an_initiative_cannot_end_before_it_starts():
    assert_refused(
        lambda: factories.InitiativeFactory(
            start_date=datetime.date(2025, 4, 1), end_date=datetime.date(2025, 3, 31)
        )
    )


def test_an_unknown_initiative_status_is_refused():
    initiative = factories.InitiativeFactory()
    assert_refused(
        lambda: p.Initiative.private_objects.filter(pk=initiative.pk).update(status="approved-ish")
    )


def test_one_outbox_row_per_status_change_and_subscriber():
    initiative = factories.InitiativeFactory()
    status_change = p.StatusChange.objects.create(
        initiative=initiative,
        from_status=InitiativeStatus.PROPOSED,
        to_status=InitiativeStatus.AWAITING_SCRUTINY,
        changed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        reason="On the agenda for the scrutiny committee.",
    )
    subscriber = factories.SubscriberFactory()
    p.Notification.objects.create(status_change=status_change, subscriber=subscriber)
    assert_refused(
        lambda: p.Notification.objects.create(status_change=status_change, subscriber=subscriber)
    )


def test_a_status_change_needs_a_reason_and_a_real_change():
    initiative = factories.InitiativeFactory()
    when = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    assert_refused(
        lambda: p.StatusChange.objects.create(
            initiative=initiative,
            from_status="proposed",
            to_status="adopted",
            changed_at=when,
            reason="",
        )
    )
    assert_refused(
        lambda: p.StatusChange.objects.create(
            initiative=initiative,
            from_status="proposed",
            to_status="proposed",
            changed_at=when,
            reason="No change.",
        )
    )


def test_an_agenda_item_is_about_an_initiative_or_a_plan_not_neither_or_both():
    meeting = factories.MeetingFactory()
    initiative = factories.InitiativeFactory()
    plan = factories.PlanFactory()
    assert_refused(lambda: p.AgendaItem.objects.create(meeting=meeting, title="Any other business"))
    assert_refused(
        lambda: p.AgendaItem.objects.create(
            meeting=meeting, title="Both", initiative=initiative, plan=plan
        )
    )
    p.AgendaItem.objects.create(meeting=meeting, title="Strategy", plan=plan)


def test_a_partnership_cannot_be_its_own_member_nor_list_a_member_twice():
    partnership = factories.OrganisationFactory(kind=p.OrganisationKind.SAFEGUARDING_PARTNERSHIP)
    police = factories.OrganisationFactory(kind=p.OrganisationKind.POLICE)
    assert_refused(
        lambda: p.PartnershipMembership.objects.create(partnership=partnership, member=partnership)
    )
    p.PartnershipMembership.objects.create(partnership=partnership, member=police)
    assert_refused(
        lambda: p.PartnershipMembership.objects.create(partnership=partnership, member=police)
    )


def test_subscriber_emails_are_unique_ignoring_case():
    factories.SubscriberFactory(email="parent@example.org")
    assert_refused(
        lambda: p.Subscriber.objects.bulk_create([p.Subscriber(email="Parent@Example.org")])
    )


def test_a_subscription_target_must_fit_its_scope():
    subscriber = factories.SubscriberFactory()
    initiative = factories.InitiativeFactory()
    assert_refused(
        lambda: factories.SubscriptionFactory(
            subscriber=subscriber, scope=p.SubscriptionScope.INITIATIVE
        )
    )
    assert_refused(
        lambda: factories.SubscriptionFactory(
            subscriber=subscriber, scope=p.SubscriptionScope.EVERYTHING, initiative=initiative
        )
    )
    factories.SubscriptionFactory(
        subscriber=subscriber, scope=p.SubscriptionScope.INITIATIVE, initiative=initiative
    )
    assert_refused(
        lambda: factories.SubscriptionFactory(
            subscriber=subscriber, scope=p.SubscriptionScope.INITIATIVE, initiative=initiative
        )
    )


def test_a_sent_notification_records_when_it_was_sent():
    initiative = factories.InitiativeFactory()
    status_change = p.StatusChange.objects.create(
        initiative=initiative,
        from_status="proposed",
        to_status="adopted",
        changed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        reason="Approved.",
    )
    assert_refused(
        lambda: p.Notification.objects.create(
            status_change=status_change,
            subscriber=factories.SubscriberFactory(),
            state=p.NotificationState.SENT,
        )
    )


def test_a_meeting_cannot_be_called_report():
    """ "report" is the address of a committee's report page, so no meeting may take it."""
    from django.core.exceptions import ValidationError

    from priorities.models.committees import validate_meeting_slug

    with pytest.raises(ValidationError, match="committee’s report page"):
        validate_meeting_slug("Report")
    validate_meeting_slug("2025-02-13")
