"""Issue 14 in Chromium: an editor's change to a published initiative, and an editor's status
change, stay invisible to the public until a publisher approves them from the record's page."""

import pytest
from playwright.sync_api import expect

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    Initiative,
    OfficerRole,
    Revision,
    RevisionState,
    StatusChange,
    SubscriptionScope,
)
from tests import factories
from tests.browser import officers, tools
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def castlebridge():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


def test_an_editors_change_goes_live_only_when_a_publisher_approves_it(
    as_deployed, open_page, browser_problems, castlebridge
):
    base = as_deployed.url
    ben = officers.make_officer("ben", castlebridge)
    dana = officers.make_officer("dana", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(
        organisation=castlebridge, title="Family hubs", summary="Hubs in two wards."
    )
    change = f"/admin/priorities/initiative/{initiative.pk}/change/"
    public_url = f"{base}{initiative.get_absolute_url()}"

    # The editor renames the published initiative.
    ben_page = open_page()
    officers.sign_in(ben_page, base, ben, change)
    expect(ben_page.locator(".review-panel")).to_contain_text(
        "Your changes to this published record wait for a publisher"
    )
    ben_page.get_by_label("Title:", exact=True).fill("Family hubs in every ward")
    ben_page.get_by_role("button", name="Save", exact=True).click()
    expect(ben_page.locator(".messagelist")).to_contain_text(
        "waits for a publisher of Castlebridge Council"
    )
    look(ben_page, "review-change-held")
    assert Initiative.private_objects.get(pk=initiative.pk).title == "Family hubs"
    revision = Revision.objects.get(state=RevisionState.PENDING)

    # The public still sees the published version.
    visitor = open_page()
    tools.goto(visitor, public_url)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Family hubs")
    expect(visitor.get_by_role("heading", level=1)).not_to_contain_text("every ward")

    # The publisher reads the change on the record, approves it, and follows the link.
    dana_page = open_page()
    officers.sign_in(dana_page, base, dana, change)
    panel = dana_page.locator(".review-panel")
    expect(panel).to_contain_text("Waiting for approval")
    expect(panel).to_contain_text("Family hubs in every ward")
    look(dana_page, "review-change-pending")
    panel.get_by_role("link", name="Approve the change").click()
    expect(dana_page.get_by_role("heading", level=1)).to_contain_text("Approve this change")
    look(dana_page, "review-approve-confirm")
    dana_page.get_by_role("button", name="Approve the change").click()
    expect(dana_page.locator(".messagelist")).to_contain_text("was approved and is live")
    dana_page.locator(".messagelist").get_by_role("link", name="See it on the public site").click()
    expect(dana_page.get_by_role("heading", level=1)).to_contain_text("Family hubs in every ward")

    revision.refresh_from_db()
    assert (revision.state, revision.decided_by) == (RevisionState.APPROVED, dana)
    tools.goto(visitor, public_url)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Family hubs in every ward")
    assert browser_problems == []


def test_an_editors_status_change_is_notified_only_once_approved(
    as_deployed, open_page, browser_problems, castlebridge
):
    base = as_deployed.url
    ben = officers.make_officer("ben", castlebridge)
    dana = officers.make_officer("dana", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(organisation=castlebridge, title="Family hubs")
    follower = factories.SubscriptionFactory(
        scope=SubscriptionScope.INITIATIVE, initiative=initiative
    ).subscriber
    change = f"/admin/priorities/initiative/{initiative.pk}/change/"

    ben_page = open_page()
    officers.sign_in(ben_page, base, ben, change)
    ben_page.get_by_role("link", name="Change status").click()
    expect(ben_page.locator(".review-hold")).to_contain_text("waits for a publisher")
    ben_page.get_by_label("Awaiting scrutiny").check()
    ben_page.get_by_label("Reason").fill("On the March agenda of the scrutiny committee.")
    ben_page.get_by_role("button", name="Change status").click()
    expect(ben_page.locator(".messagelist")).to_contain_text("nobody is emailed")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.PROPOSED
    assert not StatusChange.objects.exists()

    dana_page = open_page()
    officers.sign_in(dana_page, base, dana, change)
    panel = dana_page.locator(".review-panel")
    expect(panel).to_contain_text("On the March agenda of the scrutiny committee.")
    panel.get_by_role("link", name="Approve the change").click()
    dana_page.get_by_role("button", name="Approve the change").click()
    expect(dana_page.locator(".messagelist")).to_contain_text("was approved and is live")

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.AWAITING_SCRUTINY
    step = StatusChange.objects.get()
    assert step.recorded_by == ben
    assert list(step.notifications.values_list("subscriber", flat=True)) == [follower.pk]
    assert browser_problems == []
