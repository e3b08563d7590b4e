"""Councils often know the day of a meeting or a decision but not the hour: in Chromium, an
officer saves both with the date alone, and the public pages show the date without a time."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from priorities.models import Meeting, OfficerRole
from tests import factories
from tests.browser import officers, tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_and_a_decision_saved_with_the_date_alone(as_deployed, page, browser_problems):
    base = as_deployed.url
    castlebridge = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    committee = factories.CommitteeFactory(organisation=castlebridge, name="Cabinet")
    initiative = factories.InitiativeFactory(organisation=castlebridge, title="Family hubs")
    officer = officers.make_officer("ben", castlebridge, OfficerRole.PUBLISHER)

    officers.sign_in(page, base, officer, "/admin/priorities/meeting/add/")
    page.locator("#id_committee").select_option(label=str(committee))
    page.locator("#id_starts_at_0").fill("13/02/2025")
    page.get_by_label("Slug").fill("2025-02-13")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    meeting = Meeting.objects.get(committee=committee)
    assert meeting.time_known is False
    assert timezone.localtime(meeting.starts_at).date() == datetime.date(2025, 2, 13)

    day = timezone.localdate() - datetime.timedelta(days=2)
    tools.goto(page, f"{base}/admin/priorities/initiative/{initiative.pk}/change-status/")
    page.get_by_label("Adopted").check()
    page.get_by_label("Reason").fill("Agreed by cabinet.")
    page.locator("#id_changed_at_0").fill(day.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Change status").click()
    expect(page.locator(".messagelist")).to_contain_text("Status changed from Proposed to Adopted")
    change = initiative.status_changes.get()
    assert change.time_known is False
    assert timezone.localtime(change.changed_at).date() == day

    public = page.context.browser.new_context()
    visitor = public.new_page()
    tools.goto(visitor, f"{base}{meeting.get_absolute_url()}")
    row = visitor.locator(".govuk-summary-list__row", has_text="Date")
    expect(row).to_contain_text("Thursday 13 February 2025")
    assert " at " not in row.inner_text()
    public.close()
    assert browser_problems == []
