"""Two councils with one of everything each, each at its own site: what a visitor to one must
never see of the other."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from priorities import models as p
from safeguarding import models as s
from tests import factories
from tests.portal_sites.sites import make_site

CASTLEBRIDGE_HOST = "castlebridge.localhost"
ASHFORD_HOST = "ashford.localhost"
NEUTRAL_HOST = "localhost"


@dataclass
class Council:
    """A council, its partnership and one public record of every kind, all titled with a word
    that appears nowhere else (``marker``)."""

    marker: str
    host: str
    council: p.Organisation
    partnership: p.Organisation
    plan: p.Plan
    priority: p.Priority
    initiative: p.Initiative
    consultation: p.Consultation
    committee: p.Committee
    meeting: p.Meeting
    ambition: s.Ambition
    indicator: s.Indicator
    inspection: s.Inspection

    def record_urls(self):
        """(page type, URL) for every page of one of this council's records."""
        return [
            ("organisation", self.council.get_absolute_url()),
            ("plan", self.plan.get_absolute_url()),
            ("priority", self.priority.get_absolute_url()),
            ("initiative", self.initiative.get_absolute_url()),
            ("consultation", self.consultation.get_absolute_url()),
            ("committee", self.committee.get_absolute_url()),
            ("meeting", self.meeting.get_absolute_url()),
            ("partnership", f"/partnerships/{self.partnership.slug}/"),
            ("ambition", self.ambition.get_absolute_url()),
            ("indicator", self.indicator.get_absolute_url()),
            ("inspection", self.inspection.get_absolute_url()),
            ("inspections", f"/organisations/{self.council.slug}/inspections/"),
            ("organisation feed", f"/feeds/organisations/{self.council.slug}/"),
            ("committee feed", f"/feeds/committees/{self.council.slug}/{self.committee.slug}/"),
            (
                "initiative feed",
                f"/feeds/initiatives/{self.council.slug}/{self.initiative.slug}/",
            ),
            ("plan report", f"{self.plan.get_absolute_url()}report.csv"),
            ("meeting report", f"{self.meeting.get_absolute_url()}report.csv"),
            ("committee report", f"{self.committee.get_absolute_url()}report/"),
        ]


def make_council(marker: str, slug: str, host: str) -> Council:
    council = factories.OrganisationFactory(name=f"{marker} Council", slug=slug)
    profile = factories.PartnershipProfileFactory(
        organisation__name=f"{marker} Safeguarding Children Partnership",
        organisation__slug=f"{slug}-scp",
    )
    partnership = profile.organisation
    p.PartnershipMembership.objects.create(partnership=partnership, member=council)
    plan = factories.PlanFactory(
        organisation=council, title=f"{marker} children's plan", slug=f"{slug}-plan"
    )
    aim = p.Aim.objects.create(plan=plan, title=f"{marker} aim", slug=f"{slug}-aim")
    priority = factories.PriorityFactory(
        plan=plan, aim=aim, title=f"{marker} priority for families", lead_organisation=council
    )
    initiative = factories.InitiativeFactory(
        organisation=council, title=f"{marker} family hubs", summary=f"{marker} hubs."
    )
    initiative.priorities.add(priority)
    committee = factories.CommitteeFactory(organisation=council, name=f"{marker} Scrutiny")
    meeting = factories.MeetingFactory(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    p.AgendaItem.objects.create(meeting=meeting, title=f"{marker} hubs", initiative=initiative)
    p.StatusChange.objects.create(
        initiative=initiative,
        from_status="proposed",
        to_status="awaiting_scrutiny",
        changed_at=timezone.now() - datetime.timedelta(days=1),
        reason=f"{marker} listed it.",
        meeting=meeting,
    )
    consultation = p.Consultation.private_objects.create(
        organisation=council,
        title=f"{marker} consultation with families",
        slug=f"{slug}-consultation",
        publication_state=p.PublicationState.PUBLISHED,
    )
    consultation.shaped_initiatives.add(initiative)
    ambition = factories.AmbitionFactory(partnership=profile, title=f"{marker} ambition")
    ambition.priorities.add(priority)
    indicator = factories.IndicatorFactory(
        organisation=partnership, ambition=ambition, title=f"{marker} referrals"
    )
    inspection = s.Inspection.objects.create(
        organisation=council,
        inspectorate="ofsted",
        kind="monitoring_visit",
        title=f"{marker} monitoring visit",
        slug=f"{slug}-visit",
        published_on=datetime.date(2024, 5, 1),
    )
    make_site(host, f"{marker} Council", organisations=[council, partnership])
    return Council(
        marker=marker,
        host=host,
        council=council,
        partnership=partnership,
        plan=plan,
        priority=priority,
        initiative=initiative,
        consultation=consultation,
        committee=committee,
        meeting=meeting,
        ambition=ambition,
        indicator=indicator,
        inspection=inspection,
    )


def two_councils():
    """Return Castlebridge and Ashford Vale, each at its site, and the neutral portal."""
    castlebridge = make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    ashford = make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    make_site(NEUTRAL_HOST, "Priorities Portal", neutral=True)
    return castlebridge, ashford
