"""A change waiting for a publisher is seen nowhere public (issue 14): pages, search and its CSV,
feeds, the sitemap, the API, reports and emails show the published version until approval."""

import pytest
from django.core import mail
from django.urls import reverse

from priorities import models as p
from priorities.notifications.occasions import send_weekly_digests
from priorities.revisions import propose_edit, propose_status_change, revision_approve
from tests import factories
from tests.priorities.admin.test_admin_editing import officer

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Quokka outreach renamed"
SECRET_REASON = "Quokka committee decided"


@pytest.fixture
def published(settings):
    settings.PORTAL_RATE_LIMITS = {}
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    plan = factories.PlanFactory(organisation=council, title="Children and young people's plan")
    priority = factories.PriorityFactory(plan=plan, title="Early help")
    initiative = factories.InitiativeFactory(
        organisation=council, title="Family hub outreach", summary="Hubs in two wards."
    )
    initiative.priorities.add(priority)
    committee = factories.CommitteeFactory(organisation=council, name="Scrutiny Committee")
    meeting = factories.MeetingFactory(committee=committee)
    p.AgendaItem.objects.create(meeting=meeting, initiative=initiative, title="Family hubs")
    factories.SubscriptionFactory(scope=p.SubscriptionScope.EVERYTHING)
    editor = officer(council, "eddie")
    propose_edit(
        record=initiative,
        acting_user=editor,
        fields={"title": SECRET_TITLE, "summary": "Quokka summary"},
    )
    propose_status_change(
        initiative=initiative,
        acting_user=editor,
        to="awaiting_scrutiny",
        reason=SECRET_REASON,
        meeting=meeting,
    )
    return {
        "council": council,
        "plan": plan,
        "priority": priority,
        "initiative": initiative,
        "committee": committee,
        "meeting": meeting,
        "publisher": officer(council, "pat", role=p.OfficerRole.PUBLISHER),
    }


def public_addresses(records):
    council, plan = records["council"], records["plan"]
    initiative, committee = records["initiative"], records["committee"]
    meeting = records["meeting"]
    org = {"organisation_slug": council.slug}
    return [
        "/",
        council.get_absolute_url(),
        plan.get_absolute_url(),
        records["priority"].get_absolute_url(),
        initiative.get_absolute_url(),
        committee.get_absolute_url(),
        meeting.get_absolute_url(),
        "/search/?q=quokka",
        "/search/?q=family",
        "/search/results.csv?q=family",
        reverse("discovery:status_changes_feed"),
        reverse("discovery:organisation_feed", kwargs={"slug": council.slug}),
        reverse("discovery:initiative_feed", kwargs={**org, "slug": initiative.slug}),
        "/sitemap.xml",
        "/api/v1/initiatives/",
        f"/api/v1/initiatives/{initiative.pk}/",
        reverse(
            "priorities:plan_report", kwargs={**org, "slug": plan.slug, "report_format": "csv"}
        ),
    ]


def test_no_public_surface_shows_a_pending_change(client, published):
    for address in public_addresses(published):
        response = client.get(address)
        assert response.status_code == 200, address
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace").lower()
        for secret in (SECRET_TITLE, "Quokka summary", SECRET_REASON):
            assert secret.lower() not in text, (address, secret)
    assert not p.StatusChange.objects.exists()
    assert not p.Notification.objects.exists()
    send_weekly_digests()
    assert all("quokka" not in message.body.lower() for message in mail.outbox)


def test_once_approved_the_change_is_public(client, published):
    for revision in p.Revision.objects.pending().order_by("pk"):
        revision_approve(revision=revision, acting_user=published["publisher"])
    initiative = published["initiative"]
    initiative.refresh_from_db()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert SECRET_TITLE in page
    assert SECRET_REASON in page
    feed = client.get(reverse("discovery:status_changes_feed")).content.decode()
    assert SECRET_REASON in feed or SECRET_TITLE in feed
    assert p.Notification.objects.count() == 1
