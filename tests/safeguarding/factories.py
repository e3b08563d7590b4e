"""Factories for the safeguarding pages' tests, on top of ``tests.factories``."""

import datetime

import factory

from priorities import models as p
from safeguarding import models as s
from tests import factories


class PartnershipMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = p.PartnershipMembership

    partnership = factory.SubFactory(
        factories.OrganisationFactory, kind=p.OrganisationKind.SAFEGUARDING_PARTNERSHIP
    )
    member = factory.SubFactory(factories.OrganisationFactory)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Measurement

    indicator = factory.SubFactory(factories.IndicatorFactory)
    period_end = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(n * 91))
    value = factory.Sequence(lambda n: 10 + n % 50)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Inspection

    organisation = factory.SubFactory(factories.OrganisationFactory)
    inspectorate = s.Inspectorate.OFSTED
    kind = s.InspectionKind.FULL
    title = "Inspection of children’s services"
    slug = factory.Sequence(lambda n: f"inspection-{n}")
    published_on = factory.Sequence(lambda n: datetime.date(2010, 3, 14) + datetime.timedelta(n))
    judgement = s.Judgement.GOOD
