"""A progress update in Chromium, through the production middleware: an editor posts it from
the initiative's change form, a publisher approves it, and the public page shows it with "Last
updated"; until then the public sees nothing of it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from priorities.models import InitiativeUpdate, OfficerRole, PublicationState, Rag
from priorities.progress.services import post_initiative_update
from tests import factories
from tests.browser import officers, tools
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_posts_an_update_a_publisher_approves_it_and_the_public_sees_it(
    as_deployed, open_page, browser_problems
):
    base = as_deployed.url
    as_of = timezone.localdate() - datetime.timedelta(days=10)
    as_of_words = f"{as_of.day} {as_of:%B %Y}"
    castlebridge = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    ben = officers.make_officer("ben", castlebridge)
    dana = officers.make_officer("dana", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(
        organisation=castlebridge, title="Family hubs", slug="family-hubs", progress=20
    )
    public_url = f"{base}{initiative.get_absolute_url()}"
    change = f"/admin/priorities/initiative/{initiative.pk}/change/"

    # The editor posts an update from the initiative's change form.
    ben_page = open_page()
    officers.sign_in(ben_page, base, ben, change)
    ben_page.get_by_role("link", name="Post an update").first.click()
    expect(ben_page.get_by_label("Progress (%)")).to_have_value("20")
    ben_page.get_by_label("As of").fill(as_of.strftime("%d/%m/%Y"))
    ben_page.get_by_label("Narrative").fill("Two family hubs opened in Northfield and Riverside.")
    ben_page.get_by_label("Progress (%)").fill("45")
    ben_page.get_by_label("RAG rating:", exact=True).select_option(label="Amber: at risk")
    ben_page.get_by_label("Reason for the RAG rating").fill("Outreach recruitment is behind.")
    look(ben_page, "post-update")
    ben_page.get_by_role("button", name="Save", exact=True).click()
    expect(ben_page.locator(".messagelist")).to_contain_text(
        "Your update is waiting for a publisher to approve it."
    )
    # Back on the initiative's change form, which says an update is waiting for review.
    expect(ben_page.locator(".field-progress_updates")).to_contain_text(
        "1 update waiting for review"
    )
    look(ben_page, "update-posted")
    update = InitiativeUpdate.private_objects.get()
    assert update.publication_state == PublicationState.IN_REVIEW
    assert (update.as_of, update.progress, update.rag) == (as_of, 45, "amber")
    assert update.posted_by == ben

    # The public sees nothing of it yet.
    visitor = open_page()
    tools.goto(visitor, public_url)
    expect(visitor.locator("main")).not_to_contain_text("Two family hubs opened")
    expect(visitor.locator("#last-updated")).to_contain_text("Last changed")

    # A publisher approves it.
    dana_page = open_page()
    updates = "/admin/priorities/initiativeupdate/"
    officers.sign_in(dana_page, base, dana, updates)
    dana_page.get_by_role("checkbox", name=f"Select this object for an action - {update}").check()
    dana_page.get_by_role("combobox", name="Action").select_option(
        label="Publish selected (publishers)"
    )
    with dana_page.expect_navigation():
        dana_page.get_by_role("button", name="Go", exact=True).click()
    expect(dana_page.locator(".messagelist")).to_contain_text("Published: 1 record")
    update.refresh_from_db()
    initiative.refresh_from_db()
    assert update.publication_state == PublicationState.PUBLISHED
    assert (initiative.progress, initiative.rag) == (45, Rag.AMBER)

    # The public page shows the update and when it was last updated.
    tools.goto(visitor, public_url)
    expect(visitor.locator("#last-updated")).to_have_text(f"Last updated {as_of_words}")
    latest = visitor.locator("section[aria-labelledby='latest-update']")
    expect(latest).to_contain_text(f"As of {as_of_words}")
    expect(latest).to_contain_text("Two family hubs opened in Northfield and Riverside.")
    expect(latest).to_contain_text("45% complete")
    expect(latest).to_contain_text("Amber: at risk")
    expect(latest).to_contain_text("Outreach recruitment is behind.")
    look(visitor, "initiative-with-update")
    assert browser_problems == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_update_screens_pass_axe_and_reflow(viewport, as_deployed, open_page, browser_problems):
    """Posting an update, the list of updates and an update waiting for review, as an officer
    sees them: axe-core's WCAG 2.2 A and AA rules, and no sideways scrolling on a phone."""
    tools.require_axe()
    base = as_deployed.url
    castlebridge = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    pat = officers.make_officer("pat", castlebridge, OfficerRole.PUBLISHER)
    eddie = officers.make_officer("eddie", castlebridge)
    initiative = factories.InitiativeFactory(organisation=castlebridge, title="Family hubs")
    waiting = post_initiative_update(
        initiative=initiative,
        acting_user=eddie,
        as_of=timezone.localdate(),
        narrative="Two family hubs opened in Northfield and Riverside.",
        progress=45,
        rag=Rag.AMBER,
        rag_reason="Outreach recruitment is behind.",
    )
    updates = "/admin/priorities/initiativeupdate"
    pages = {
        "post an update": f"{updates}/add/?initiative={initiative.pk}",
        "updates": f"{updates}/",
        "update in review": f"{updates}/{waiting.pk}/change/",
        "preview": f"/preview/priorities/initiativeupdate/{waiting.pk}/",
    }
    page = open_page(viewport=viewport, bypass_csp=True)
    officers.sign_in(page, base, pat)
    problems = []
    for name, path in pages.items():
        tools.goto(page, base + path)
        look(page, f"update-{name.replace(' ', '-')}")
        violations = tools.run_axe(page)
        if violations:
            problems.append(f"{name} ({path}):\n" + tools.describe_axe_violations(violations))
        if viewport == "phone":
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if widths[0] > widths[1]:
                problems.append(f"{name} does not reflow: {widths[0]}px in {widths[1]}px")
    problems += browser_problems
    assert not problems, "\n".join(problems)
