"""An update round in Chromium, as officers run it (``as_deployed``: two-factor sign-in, secure
cookies, the Content Security Policy): a publisher prepares and opens a round, an owner follows
the link in their email and posts an update, the round's page shows it waiting and then updated,
the publisher closes the round and downloads its report. And axe-core on the round's pages.
"""

import re

import pypdf
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from priorities.models import InitiativeUpdate, OfficerRole, PublicationState, UpdateRound
from tests import factories
from tests.browser import officers, tools
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARRATIVE = "Twelve schools now host an early help worker; two posts are still being filled."


@pytest.fixture
def castlebridge():
    organisation = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    plan = factories.PlanFactory(organisation=organisation, title="Children and families plan")
    priority = factories.PriorityFactory(plan=plan, title="Every child safe at home")
    return organisation, plan, priority


def owned_initiative(organisation, priority, title, owner):
    initiative = factories.InitiativeFactory(organisation=organisation, title=title)
    initiative.priorities.add(priority)
    initiative.owners.add(owner)
    return initiative


def axe_on_content(page):
    """axe-core's WCAG 2.2 A and AA rules on the page's content (``#content``): the Django
    admin's header and breadcrumbs around it are the admin's own, checked with the admin."""
    page.add_script_tag(path=str(tools.AXE_JS))
    results = page.evaluate(
        "options => axe.run({include: [['#content']]}, options)",
        {"runOnly": {"type": "tag", "values": tools.AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def round_panel(page):
    return page.locator(".round-panel")


def test_a_round_from_opening_to_the_committee_report(
    as_deployed, open_page, browser_problems, castlebridge, tmp_path
):
    organisation, plan, priority = castlebridge
    base = as_deployed.url
    priya = officers.make_officer("priya", organisation, OfficerRole.PUBLISHER)
    amara = officers.make_officer("amara", organisation, OfficerRole.EDITOR)
    ben = officers.make_officer("ben", organisation, OfficerRole.EDITOR)
    amara.first_name = "Amara"
    amara.save()
    early_help = owned_initiative(organisation, priority, "Early help in every school", amara)
    owned_initiative(organisation, priority, "Youth centres", ben)
    due = timezone.localdate() + timezone.timedelta(days=21)

    # The publisher prepares the round.
    publisher = open_page()
    officers.sign_in(publisher, base, priya, "/admin/priorities/updateround/add/")
    publisher.get_by_label("Organisation:", exact=True).select_option(label="Castlebridge Council")
    publisher.get_by_label("Plan:").select_option(label=str(plan))
    publisher.get_by_label("Name:").fill("Quarter 3 2026–27")
    publisher.get_by_label("Updates due on:").fill(due.isoformat())
    publisher.get_by_role("button", name="Save", exact=True).click()
    update_round = UpdateRound.objects.get()
    publisher.wait_for_url(f"{base}/admin/priorities/updateround/{update_round.pk}/change/")
    expect(round_panel(publisher)).to_contain_text("Prepared: not open yet")
    expect(round_panel(publisher)).to_contain_text("Not updated yet (2)")

    # ... and opens it, through the confirmation.
    round_panel(publisher).get_by_role("link", name="Open the round").click()
    expect(publisher.get_by_role("heading", level=1)).to_contain_text(
        "Open the round “Quarter 3 2026–27”?"
    )
    expect(publisher.locator("#content-main")).to_contain_text("Amara (1 initiative)")
    look(publisher, "round-open-confirmation")
    publisher.get_by_role("button", name="Open the round").click()
    expect(publisher.locator(".messagelist")).to_contain_text(
        "The round “Quarter 3 2026–27” is open. 2 owners are being emailed"
    )
    update_round.refresh_from_db()
    assert update_round.is_open and update_round.opened_by == priya
    emails = {message.to[0]: message for message in mail.outbox}
    assert set(emails) == {"amara@castlebridge.example", "ben@castlebridge.example"}

    # The owner follows the link in her email and posts her update.
    link = re.search(r"https?://\S+initiativeupdate/add/\S+", emails[amara.email].body).group(0)
    assert link.startswith(base)
    owner = open_page()
    officers.sign_in(owner, base, amara)
    tools.goto(owner, link)
    expect(owner.get_by_label("Initiative:")).to_have_value(str(early_help.pk))
    owner.get_by_label("Narrative:").fill(NARRATIVE)
    owner.get_by_label("Progress (%):").fill("55")
    owner.get_by_label("RAG rating:", exact=True).select_option(label="Amber: at risk")
    owner.get_by_label("Reason for the RAG rating:").fill("Two posts unfilled since October.")
    owner.get_by_role("button", name="Save", exact=True).click()
    expect(owner.locator(".messagelist")).to_contain_text("waiting for a publisher")
    posted = InitiativeUpdate.private_objects.get()
    assert (posted.round, posted.initiative, posted.posted_by) == (update_round, early_help, amara)
    assert posted.publication_state == PublicationState.IN_REVIEW

    # The round's page shows it waiting; the publisher reviews and publishes it.
    tools.goto(publisher, f"{base}/admin/priorities/updateround/{update_round.pk}/change/")
    panel = round_panel(publisher)
    expect(panel).to_contain_text("Waiting for review (1)")
    expect(panel).to_contain_text("Not updated yet (1)")
    look(publisher, "round-page-waiting")
    panel.get_by_role("link", name="Review the update on Early help in every school").click()
    publisher.locator(".review-panel").get_by_role("link", name="Publish").click()
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator(".messagelist")).to_contain_text("was published")
    tools.goto(publisher, f"{base}/admin/priorities/updateround/{update_round.pk}/change/")
    expect(panel).to_contain_text("1 of 2 initiatives updated")
    expect(panel).to_contain_text("Updated (1)")
    expect(panel.locator("table", has_text="Youth centres")).to_contain_text("ben")
    look(publisher, "round-page-open")

    # Closing, through the confirmation; then the committee's report.
    panel.get_by_role("link", name="Close the round").click()
    publisher.get_by_role("button", name="Close the round").click()
    expect(publisher.locator(".messagelist")).to_contain_text("is closed")
    update_round.refresh_from_db()
    assert update_round.closed_at is not None and update_round.closed_by == priya
    look(publisher, "round-page-closed")
    with publisher.expect_download() as download_info:
        panel.get_by_role("link", name="Download the report (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "castlebridge-update-round-quarter-3-2026-27.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)
    assert NARRATIVE in text
    assert "Two posts unfilled since October." in text
    assert "Youth centres" in text and "Not updated in this round" in text
    assert browser_problems == []


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_round_pages_pass_axe(viewport, as_deployed, open_page, browser_problems, castlebridge):
    tools.require_axe()
    organisation, plan, priority = castlebridge
    base = as_deployed.url
    priya = officers.make_officer("priya", organisation, OfficerRole.PUBLISHER)
    owners = [officers.make_officer(name, organisation) for name in ("amara", "ben")]
    for number, owner in enumerate(owners):
        owned_initiative(organisation, priority, f"Initiative with a long title {number}", owner)
    update_round = UpdateRound.objects.create(
        organisation=organisation,
        plan=plan,
        name="Quarter 3 2026–27",
        due_on=timezone.localdate() + timezone.timedelta(days=10),
        opened_at=timezone.now(),
        opened_by=priya,
    )
    InitiativeUpdate.private_objects.create(
        initiative=organisation.initiatives.first(),
        round=update_round,
        as_of=timezone.localdate(),
        narrative="Under way.",
        progress=20,
        rag="green",
        publication_state=PublicationState.IN_REVIEW,
        posted_by=owners[0],
    )
    # axe is added to the page as a script of its own: let it past the portal's CSP.
    page = open_page(viewport=viewport, bypass_csp=True)
    change = f"/admin/priorities/updateround/{update_round.pk}/change/"
    officers.sign_in(page, base, priya, change)
    problems = []
    for path in (
        change,
        f"/admin/priorities/updateround/{update_round.pk}/close/",
        "/admin/priorities/updateround/add/",
    ):
        tools.goto(page, base + path)
        violations = axe_on_content(page)
        if violations:
            problems.append(f"{path}:\n{tools.describe_axe_violations(violations)}")
        if viewport == "phone":
            wide, view = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if wide > view:
                problems.append(f"{path} scrolls sideways: {wide}px in {view}px")
    assert not problems + browser_problems, "\n".join(problems + browser_problems)
