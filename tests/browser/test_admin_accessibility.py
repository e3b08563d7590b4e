"""The admin screens an officer uses, in Chromium as a signed-in publisher: axe-core's WCAG 2.2
A and AA rules on a desktop and a phone (where nothing may make the whole page scroll
sideways), and change lists that show their columns whole at 1280 pixels.

The screens: the home page with every section of the officer's work filled in, the change lists
with long titles, an initiative's change form (and the empty one to add one), its history and
one of its versions, sending a record back, changing an initiative's status, and the change
forms of a meeting with its agenda, a priority and a plan with its aims.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from priorities.models import (
    AgendaItem,
    Aim,
    Milestone,
    OfficerRole,
    PublicationState,
    UpdateRound,
)
from priorities.revisions import propose_edit
from priorities.services import (
    initiative_change_status,
    record_publish,
    record_send_back,
    record_submit_for_review,
)
from tests import factories
from tests.browser import officers, tools
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = (
    "An experienced mental health practitioner in every school, with outreach to families "
    "waiting for a first appointment"
)
SUMMARY = (
    "Develop a new Early Help offer with partners, so that families get support as soon as "
    "problems emerge. The offer brings together health visitors, schools, family hubs and the "
    "voluntary sector, with one front door and one named worker for each family."
)


def edited(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    return record


def officer_work():
    """A council whose publisher, Pat, has something in every section of the home page."""
    castlebridge = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    pat = officers.make_officer("pat", castlebridge, OfficerRole.PUBLISHER)
    eddie = officers.make_officer("eddie", castlebridge)
    now = timezone.now()

    plan = factories.PlanFactory(
        organisation=castlebridge, title="Children and young people's plan 2025 to 2028"
    )
    priority = factories.PriorityFactory(
        plan=plan, title="Every child and young person has good mental health and wellbeing"
    )
    owned = factories.InitiativeFactory(
        organisation=castlebridge, title=LONG_TITLE, summary=SUMMARY, progress=20
    )
    owned.owners.add(pat)
    owned.priorities.add(priority)
    Aim.objects.create(plan=plan, title="Every child has the best start in life", slug="start")
    Milestone.objects.create(
        initiative=owned,
        title="Practitioners in half the schools",
        due_date=datetime.date(2027, 4, 1),
    )
    edited(owned, pat, summary=SUMMARY.replace("one named worker", "a named lead professional"))
    initiative_change_status(
        initiative=owned, to="awaiting_scrutiny", reason="Ready for scrutiny.", acting_user=pat
    )
    UpdateRound.objects.create(
        organisation=castlebridge,
        plan=plan,
        name="Quarter 3 2026 to 2027",
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        opened_at=now,
        opened_by=pat,
    )

    waiting = factories.InitiativeFactory(
        organisation=castlebridge,
        title="Family hubs in every ward, open evenings and weekends",
        publication_state=PublicationState.DRAFT,
    )
    edited(waiting, eddie)
    record_submit_for_review(record=waiting, acting_user=eddie)
    propose_edit(
        record=owned, acting_user=eddie, fields={"title": f"{LONG_TITLE}, and their carers"}
    )

    sent_back = factories.InitiativeFactory(
        organisation=castlebridge,
        title="Short breaks for disabled children and their families",
        publication_state=PublicationState.DRAFT,
    )
    edited(sent_back, pat)
    record_submit_for_review(record=sent_back, acting_user=pat)
    second = officers.make_officer("sam", castlebridge, OfficerRole.PUBLISHER)
    record_send_back(record=sent_back, acting_user=second, comment="Say how many families.")

    published = factories.InitiativeFactory(
        organisation=castlebridge,
        title="Power to Connect: laptops for pupils who need them",
        publication_state=PublicationState.DRAFT,
    )
    edited(published, eddie)
    record_publish(record=published, acting_user=pat)

    committee = factories.CommitteeFactory(
        organisation=castlebridge, name="Children, Young People and Families Scrutiny Committee"
    )
    meeting = factories.MeetingFactory(committee=committee, starts_at=now + datetime.timedelta(7))
    AgendaItem.objects.create(
        meeting=meeting, item_number="5", title=f"{LONG_TITLE}: progress", initiative=owned
    )
    AgendaItem.objects.create(meeting=meeting, item_number="6", title="The plan", plan=plan)
    return {
        "pat": pat,
        "owned": owned,
        "waiting": waiting,
        "meeting": meeting,
        "plan": plan,
        "priority": priority,
    }


def admin_pages(work):
    owned = work["owned"]
    version = owned.history.order_by("history_date").first()
    initiative = "/admin/priorities/initiative"
    return {
        "home": "/admin/",
        "initiatives": f"{initiative}/",
        "priorities": "/admin/priorities/priority/",
        "plans": "/admin/priorities/plan/",
        "status changes": "/admin/priorities/statuschange/",
        "agenda items": "/admin/priorities/agendaitem/",
        "meetings": "/admin/priorities/meeting/",
        "initiative": f"{initiative}/{owned.pk}/change/",
        "history": f"{initiative}/{owned.pk}/history/",
        "version": f"{initiative}/{owned.pk}/history/{version.history_id}/",
        "send back": f"{initiative}/{work['waiting'].pk}/review/send-back/",
        "change status": f"{initiative}/{owned.pk}/change-status/",
        "meeting": f"/admin/priorities/meeting/{work['meeting'].pk}/change/",
        "priority": f"/admin/priorities/priority/{work['priority'].pk}/change/",
        "plan": f"/admin/priorities/plan/{work['plan'].pk}/change/",
        "add an initiative": f"{initiative}/add/",
    }


CHANGE_LISTS = ["initiatives", "priorities", "plans", "status changes", "agenda items", "meetings"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_admin_screens_an_officer_uses_pass_axe_and_reflow(
    viewport, as_deployed, open_page, browser_problems
):
    tools.require_axe()
    base = as_deployed.url
    work = officer_work()
    page = open_page(viewport=viewport, bypass_csp=True)
    officers.sign_in(page, base, work["pat"])

    problems = []
    for name, path in admin_pages(work).items():
        tools.goto(page, base + path)
        look(page, f"admin-{name.replace(' ', '-')}")
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


def test_the_home_page_lists_the_officers_work_with_links_to_act(
    as_deployed, open_page, browser_problems
):
    base = as_deployed.url
    work = officer_work()
    page = open_page()
    officers.sign_in(page, base, work["pat"])

    for heading in [
        "Reviews waiting for you (2)",
        "Records sent back to you (1)",
        "Your initiatives to update (1)",
        "Next meetings of your committees (1)",
        "Published in the last 14 days (1)",
    ]:
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    look(page, "admin-home")

    page.get_by_role("link", name="Family hubs in every ward, open evenings and weekends").click()
    page.wait_for_url(f"{base}/admin/priorities/initiative/{work['waiting'].pk}/change/")
    assert browser_problems == []


def test_change_lists_show_their_columns_whole_at_1280_pixels(
    as_deployed, open_page, browser_problems
):
    """No column is cut off (the table fits beside the filters) and a title keeps at least
    14rem, so a long title reads in two or three lines, not a word a line."""
    base = as_deployed.url
    work = officer_work()
    page = open_page(viewport="desktop")
    officers.sign_in(page, base, work["pat"])

    problems = []
    pages = admin_pages(work)
    for name in CHANGE_LISTS:
        tools.goto(page, base + pages[name])
        fit = page.evaluate(
            """() => {
                const results = document.querySelector('#changelist .results');
                const title = results.querySelector('tbody tr > th');
                return {
                    scroll: results.scrollWidth,
                    client: results.clientWidth,
                    title: title.getBoundingClientRect().width,
                };
            }"""
        )
        if fit["scroll"] > fit["client"]:
            problems.append(f"{name}: the table is {fit['scroll']}px in {fit['client']}px")
        if fit["title"] < 14 * 14:
            problems.append(f"{name}: the first column is {fit['title']}px wide")
    assert not problems, "\n".join(problems)
    assert browser_problems == []


@pytest.mark.django_db(transaction=False)
def test_the_home_page_and_the_history_are_valid_html(client):
    """The Nu Html Checker on the home page with every section filled in, an initiative's
    history and one of its versions (the diffs' marks), and a superuser's home page (every
    organisation's work) and an officer's with nothing to do."""
    tools.require_vnu()
    work = officer_work()
    pages = admin_pages(work)
    documents = {}
    client.force_login(work["pat"])
    for name in ["home", "history", "version"]:
        response = client.get(pages[name])
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    client.force_login(factories.UserFactory(username="root", is_superuser=True))
    documents["superuser's home"] = client.get("/admin/").content.decode()
    idle = factories.OrganisationFactory(name="Riverton Council", slug="riverton")
    client.force_login(officers.make_officer("ivy", idle, OfficerRole.PUBLISHER))
    documents["home with nothing to do"] = client.get("/admin/").content.decode()

    problems = []
    for name, messages in tools.validate_html(documents).items():
        failures = [message for message in messages if tools.is_failure(message)]
        if failures:
            problems.append(f"{name}:\n" + tools.describe_vnu_messages(failures, documents[name]))
    assert not problems, "\n".join(problems)


def test_a_row_added_to_a_tabular_inline_is_named_by_its_column_and_number(
    as_deployed, open_page, browser_problems
):
    base = as_deployed.url
    work = officer_work()
    page = open_page()
    officers.sign_in(page, base, work["pat"], f"{admin_pages(work)['initiative']}")
    milestones = page.locator("#milestones-group")
    expect(milestones.get_by_role("textbox", name="Title, row 1", exact=True)).to_have_value(
        "Practitioners in half the schools"
    )

    milestones.get_by_role("button", name="Add another Milestone").click()

    expect(milestones.get_by_role("textbox", name="Title, row 2", exact=True)).to_be_visible()
    expect(milestones.get_by_role("checkbox", name="Delete?, row 1", exact=True)).to_be_visible()
    assert browser_problems == []
