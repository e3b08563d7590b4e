"""Factories for a fictional council, Castlebridge, and its partners."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from priorities import models as p
from safeguarding import models as s


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"officer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@castlebridge.example")
    is_staff = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Organisation

    name = factory.Sequence(lambda n: f"Castlebridge Council {n}")
    slug = factory.Sequence(lambda n: f"castlebridge-{n}")
    kind = p.OrganisationKind.COUNCIL


class OfficerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.OfficerMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = p.OfficerRole.EDITOR


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Plan

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Children and families plan {n}")
    slug = factory.Sequence(lambda n: f"children-and-families-plan-{n}")
    status = p.PlanStatus.ADOPTED
    publication_state = p.PublicationState.PUBLISHED
    period_start = datetime.date(2025, 4, 1)
    period_end = datetime.date(2028, 3, 31)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Priority

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Every child ready for school {n}")
    slug = factory.Sequence(lambda n: f"every-child-ready-for-school-{n}")
    publication_state = p.PublicationState.PUBLISHED


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Family hub outreach {n}")
    slug = factory.Sequence(lambda n: f"family-hub-outreach-{n}")
    publication_state = p.PublicationState.PUBLISHED


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Committee

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Children's Scrutiny Committee {n}")
    slug = factory.Sequence(lambda n: f"childrens-scrutiny-{n}")
    kind = p.CommitteeKind.SCRUTINY


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Meeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2025, 1, 1, 19)) + datetime.timedelta(n)
    )
    slug = factory.LazyAttribute(lambda meeting: timezone.localdate(meeting.starts_at).isoformat())


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Subscriber

    email = factory.Sequence(lambda n: f"parent{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    scope = p.SubscriptionScope.EVERYTHING


class PartnershipProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.PartnershipProfile

    organisation = factory.SubFactory(
        OrganisationFactory, kind=p.OrganisationKind.SAFEGUARDING_PARTNERSHIP
    )


class AmbitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Ambition

    partnership = factory.SubFactory(PartnershipProfileFactory)
    title = factory.Sequence(lambda n: f"Children are safe at home {n}")
    slug = factory.Sequence(lambda n: f"children-are-safe-{n}")
    publication_state = p.PublicationState.PUBLISHED


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Indicator

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Referrals within 24 hours {n}")
    slug = factory.Sequence(lambda n: f"referrals-within-24-hours-{n}")
    publication_state = p.PublicationState.PUBLISHED
