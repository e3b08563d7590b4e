"""Every public page type runs the same number of SQL queries on the demo data and on ten
times the demo data, grown around the very records each page shows."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from priorities import models as p
from priorities.services import initiative_change_status
from safeguarding import models as s
from tests import factories

pytestmark = pytest.mark.django_db

GROWTH = 9  # nine more of everything: ten times the demo data around each page


def demo_pages():
    """Return (page type, URL) for one demo record of every public page type."""
    initiative = p.Initiative.public_objects.get(slug="new-early-help-offer")
    priority = initiative.priorities.published().select_related("plan__organisation").first()
    meeting = p.Meeting.objects.filter(agenda_items__initiative=initiative).first()
    partnership = s.PartnershipProfile.objects.select_related("organisation").first()
    inspection = s.Inspection.objects.filter(organisation__slug="wandsworth").first()
    return [
        ("home", "/"),
        ("organisation", "/organisations/wandsworth/"),
        ("partner agency", "/organisations/metropolitan-police-service/"),
        ("plan", priority.plan.get_absolute_url()),
        ("priority", priority.get_absolute_url()),
        ("initiative", initiative.get_absolute_url()),
        ("consultation", p.Consultation.public_objects.first().get_absolute_url()),
        ("committees", "/committees/"),
        ("committee", meeting.committee.get_absolute_url()),
        ("meeting", meeting.get_absolute_url()),
        ("partnership", partnership.get_absolute_url()),
        ("ambition", s.Ambition.public_objects.first().get_absolute_url()),
        ("indicator", s.Indicator.public_objects.first().get_absolute_url()),
        ("inspection", inspection.get_absolute_url()),
        ("inspections", f"/organisations/{inspection.organisation.slug}/inspections/"),
        ("alignment", "/alignment/"),
        ("search", "/search/?q=health"),
        ("search page 2", "/search/?q=health&page=2"),
        ("search meetings", "/search/?type=meeting"),
        ("search csv", "/search/results.csv?q=health"),
        ("feed", "/feeds/status-changes/"),
        ("sitemap", "/sitemap.xml"),
    ]


def grow_tenfold():
    """Add nine times more of what each demo page lists, attached to the same records."""
    initiative = p.Initiative.public_objects.get(slug="new-early-help-offer")
    priority = initiative.priorities.published().first()
    meeting = p.Meeting.objects.filter(agenda_items__initiative=initiative).first()
    partnership = s.PartnershipProfile.objects.first()
    wandsworth = p.Organisation.objects.get(slug="wandsworth")
    when = timezone.make_aware(datetime.datetime(2024, 1, 1, 10))
    for number in range(GROWTH * 3):
        extra_priority = factories.PriorityFactory(
            plan=priority.plan,
            title=f"Health and wellbeing priority {number}",
            lead_organisation=wandsworth,
        )
        extra = factories.InitiativeFactory(
            organisation=wandsworth, title=f"Health initiative {number}"
        )
        extra.priorities.add(priority, extra_priority)
        extra.partner_organisations.add(
            partnership.organisation, p.Organisation.objects.get(slug="metropolitan-police-service")
        )
        item = p.AgendaItem.objects.create(meeting=meeting, title=extra.title, initiative=extra)
        p.AgendaItemPaper.objects.create(
            agenda_item=item, title=f"Report {number}", url="https://council.example/r.pdf"
        )
        p.CommitteeMember.objects.create(committee=meeting.committee, name=f"Councillor {number}")
        initiative_change_status(
            initiative=extra,
            to="awaiting_scrutiny",
            reason="Listed.",
            meeting=meeting,
            changed_at=when + datetime.timedelta(days=number),
        )
        ambition = s.Ambition.private_objects.create(
            partnership=partnership,
            title=f"Ambition {number}",
            slug=f"ambition-{number}",
            publication_state=p.PublicationState.PUBLISHED,
        )
        ambition.priorities.add(extra_priority)
        factories.MeetingFactory(committee=meeting.committee)
        s.Inspection.objects.create(
            organisation=wandsworth,
            inspectorate="ofsted",
            kind="monitoring_visit",
            title=f"Monitoring visit {number}",
            slug=f"monitoring-visit-{number}",
            published_on=datetime.date(2019, 1, 1) + datetime.timedelta(days=30 * number),
        )
        consultation = p.Consultation.public_objects.first()
        consultation.shaped_priorities.add(extra_priority)
        consultation.shaped_initiatives.add(extra)
        other_council = factories.OrganisationFactory()
        factories.PriorityFactory(plan=factories.PlanFactory(organisation=other_council))
    # The initiative's own journey: many more meetings and recorded steps on its timeline.
    for _ in range(GROWTH * 6):
        later = factories.MeetingFactory(committee=meeting.committee)
        p.AgendaItem.objects.create(meeting=later, title=initiative.title, initiative=initiative)
        p.StatusChange.objects.create(
            initiative=initiative,
            from_status="in_delivery",
            to_status="adopted",
            changed_at=later.starts_at,
            reason="Volume for the query count.",
            meeting=later,
        )
        for state in (p.PublicationState.PUBLISHED, p.PublicationState.IN_REVIEW):
            p.InitiativeUpdate.private_objects.create(
                initiative=initiative,
                as_of=timezone.localdate(later.starts_at),
                narrative="Volume for the query count.",
                progress=50,
                rag=p.Rag.AMBER,
                rag_reason="Volume.",
                publication_state=state,
                published_at=later.starts_at if state == p.PublicationState.PUBLISHED else None,
            )
    indicator = s.Indicator.public_objects.first()
    for number in range(GROWTH * 6):
        s.Measurement.objects.create(
            indicator=indicator,
            period_end=datetime.date(2010, 1, 1) + datetime.timedelta(days=31 * number),
            value=number,
        )


def query_counts(client, pages):
    counts = {}
    for name, url in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


def test_each_page_type_runs_the_same_queries_at_demo_size_and_ten_times_demo_size(client):
    call_command("load_demo_data", "--quiet")
    pages = demo_pages()
    # The demo's sites are read once after they were created (portal_sites), then cached.
    client.get("/")
    at_demo_size = query_counts(client, pages)
    grow_tenfold()
    at_ten_times = query_counts(client, pages)

    print("\npage type        demo  10x")
    for name, _url in pages:
        print(f"{name:<16} {at_demo_size[name]:>4} {at_ten_times[name]:>4}")
    assert at_ten_times == at_demo_size
