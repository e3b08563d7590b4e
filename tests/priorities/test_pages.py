"""The public pages: what each shows, what it must never show, and how it is put together."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from priorities import extensions
from priorities import models as p
from priorities.services import initiative_change_status
from priorities.templatetags.portal_tags import (
    clock,
    milestone_colour_filter,
    milestone_state,
    paragraphs,
    quantity,
)
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = p.PublicationState.DRAFT


def at(year, month, day, hour=19, minute=30):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def breadcrumbs_of(html):
    nav = re.search(
        r'<nav class="govuk-breadcrumbs[^"]*" aria-label="Breadcrumb">(.*?)</nav>', html, re.S
    )
    assert nav, "the page has no breadcrumbs"
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S)
    ]


@pytest.fixture
def portal():
    """A council with a plan, an aim, priorities, initiatives, a committee and its meetings."""
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    partner = factories.OrganisationFactory(
        name="Castlebridge Integrated Care Board",
        slug="castlebridge-icb",
        kind=p.OrganisationKind.NHS,
    )
    committee = factories.CommitteeFactory(
        organisation=council, name="Finance Committee", slug="finance-committee"
    )
    adopted_at = factories.MeetingFactory(
        committee=committee,
        starts_at=at(2022, 7, 21),
        slug="2022-07-21",
        agenda_url="https://council.example/agenda/2022-07-21",
        minutes_url="https://council.example/minutes/2022-07-21",
        location="Castlebridge Town Hall",
    )
    upcoming = factories.MeetingFactory(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=30), slug="next"
    )
    plan = factories.PlanFactory(
        organisation=council,
        title="Priorities for children and families",
        slug="priorities-for-children",
        source_title="Leader’s report to the Finance Committee",
        source_url="https://council.example/leaders-report",
        source_date=datetime.date(2022, 7, 29),
        adopted_at_meeting=adopted_at,
    )
    aim = p.Aim.objects.create(plan=plan, title="Keep safe", slug="keep-safe", order=1)
    theme = factories.ThemeFactory(name="Mental health", slug="mental-health")
    priority = factories.PriorityFactory(
        plan=plan,
        aim=aim,
        title="Mental health support in every school",
        slug="mental-health-in-schools",
        summary="Ensure mental health support is available in schools.",
        young_people_summary="Someone to talk to at school when you feel low.",
        lead_member="Cllr Ada Lovelace",
        portfolio="Cabinet member for children",
        lead_organisation=council,
    )
    priority.themes.add(theme)
    priority.contributing_organisations.add(partner)
    other_priority = factories.PriorityFactory(
        plan=plan, title="Double resources to tackle domestic violence", slug="domestic-violence"
    )
    initiative = factories.InitiativeFactory(
        organisation=council,
        title="A practitioner in every school",
        slug="practitioner-in-every-school",
        summary="Recruit a mental health practitioner for each school.",
        rag=p.Rag.AMBER,
        progress=40,
    )
    initiative.priorities.add(priority)
    initiative.partner_organisations.add(partner)
    initiative_change_status(
        initiative=initiative,
        to="awaiting_scrutiny",
        reason="Listed in the leader’s report.",
        meeting=adopted_at,
        changed_at=at(2022, 7, 21, 20, 30),
        evidence_url="https://council.example/evidence/leaders-report",
    )
    initiative_change_status(
        initiative=initiative,
        to="under_scrutiny",
        reason="Scrutinised by the Finance Committee.",
        changed_at=at(2022, 9, 22, 20, 0),
    )
    p.AgendaItem.objects.create(
        meeting=adopted_at,
        item_number="5",
        title="Practitioners in schools",
        initiative=initiative,
        outcome=p.AgendaOutcome.NOTED,
        outcome_notes="The committee noted the proposal.",
    )
    p.AgendaItem.objects.create(
        meeting=adopted_at,
        item_number="4",
        title="The leader’s report",
        plan=plan,
        outcome=p.AgendaOutcome.APPROVED,
    )
    p.Milestone.objects.create(
        initiative=initiative,
        title="Funding confirmed",
        due_date=datetime.date(2022, 12, 31),
        completed_on=datetime.date(2023, 1, 9),
    )
    p.Target.objects.create(
        initiative=initiative,
        description="Spending on school mental health",
        unit="£",
        baseline_value=Decimal("100000"),
        current_value=Decimal("150000"),
        target_value=Decimal("200000"),
    )
    p.EvidenceLink.objects.create(
        initiative=initiative, title="Health Committee report", url="https://council.example/report"
    )
    consultation = p.Consultation.private_objects.create(
        organisation=council,
        title="Talking to families about school wellbeing",
        slug="school-wellbeing",
        audience="Families and young people",
        opened_on=datetime.date(2022, 1, 4),
        closed_on=datetime.date(2022, 1, 31),
        you_said="We want help sooner.",
        we_did="We put a practitioner in every school.",
        publication_state=p.PublicationState.PUBLISHED,
    )
    consultation.shaped_priorities.add(priority)
    consultation.shaped_initiatives.add(initiative)
    consultation.shaped_plans.add(plan)
    return {
        "council": council,
        "partner": partner,
        "committee": committee,
        "meeting": adopted_at,
        "upcoming": upcoming,
        "plan": plan,
        "aim": aim,
        "priority": priority,
        "other_priority": other_priority,
        "initiative": initiative,
        "consultation": consultation,
    }


def all_urls(portal):
    return [
        portal["council"].get_absolute_url(),
        portal["plan"].get_absolute_url(),
        portal["priority"].get_absolute_url(),
        portal["initiative"].get_absolute_url(),
        "/committees/",
        portal["committee"].get_absolute_url(),
        portal["meeting"].get_absolute_url(),
        portal["consultation"].get_absolute_url(),
    ]


def test_organisation_page_lists_its_plans_priorities_initiatives_committees_and_consultations(
    client, portal
):
    html = page(client, portal["council"].get_absolute_url())
    assert "<h1" in html and "Castlebridge Council" in html
    assert portal["plan"].get_absolute_url() in html
    assert "Mental health support in every school" in html  # a priority it leads
    assert portal["initiative"].get_absolute_url() in html
    assert "Stage 3 of 6: under scrutiny" in html and "Amber: at risk" in html
    assert portal["committee"].get_absolute_url() in html
    assert portal["consultation"].get_absolute_url() in html


def test_a_partnership_page_lists_its_members_lead_partners_first(client):
    partnership = factories.OrganisationFactory(
        name="Castlebridge Safeguarding Children Partnership",
        kind=p.OrganisationKind.SAFEGUARDING_PARTNERSHIP,
    )
    police = factories.OrganisationFactory(
        name="Castlebridge Police", kind=p.OrganisationKind.POLICE
    )
    charity = factories.OrganisationFactory(name="Castlebridge Youth Trust")
    p.PartnershipMembership.objects.create(partnership=partnership, member=charity)
    p.PartnershipMembership.objects.create(
        partnership=partnership, member=police, is_lead_partner=True, role="Statutory partner"
    )
    html = page(client, partnership.get_absolute_url())
    assert html.index("Castlebridge Police") < html.index("Castlebridge Youth Trust")
    assert "Lead partner" in html
    assert "Castlebridge Safeguarding Children Partnership" in page(
        client, police.get_absolute_url()
    )


def test_organisation_page_renders_the_sections_other_apps_register(client, portal, monkeypatch):
    def provider(organisation):
        return {
            "extra_sections": [
                ("priorities/includes/last_updated.html", {"name": organisation.name})
            ]
        }

    monkeypatch.setattr(extensions, "organisation_page_providers", [provider])
    response = client.get(portal["council"].get_absolute_url())
    assert response.context["extra_sections"] == [
        ("priorities/includes/last_updated.html", {"name": "Castlebridge Council"})
    ]
    assert "priorities/includes/last_updated.html" in [
        template.name for template in response.templates
    ]


def test_organisation_page_has_no_extra_sections_when_none_are_registered(
    client, portal, monkeypatch
):
    monkeypatch.setattr(extensions, "organisation_page_providers", [])
    response = client.get(portal["council"].get_absolute_url())
    assert response.context["extra_sections"] == []


def test_plan_page_groups_priorities_by_aim_and_summarises_progress(client, portal):
    html = page(client, portal["plan"].get_absolute_url())
    assert "Keep safe" in html
    assert "Other priorities" in html  # the priority without an aim
    assert html.index("Mental health support in every school") < html.index("Other priorities")
    assert "This plan has 2 published priorities" in html
    assert "1 initiative delivering them" in html
    assert "<strong>40%</strong>" in html
    assert "Initiatives by stage" in html and "Stage 3 of 6: under scrutiny" in html
    assert "Leader’s report to the Finance Committee" in html
    assert "https://council.example/leaders-report" in html
    assert "29 July 2022" in html
    assert portal["meeting"].get_absolute_url() in html  # the meeting that adopted it
    assert portal["consultation"].get_absolute_url() in html


def test_plan_page_shows_every_aim_saying_which_have_no_priorities_yet(client, portal):
    """A plan with five aims, two with no priorities and one whose only priority is a draft,
    shows all five in order; those three say plainly that no priorities are published yet,
    without naming the draft."""
    plan = portal["plan"]
    for order, title in enumerate(["Start well", "Stay well", "Enjoy and achieve"], start=2):
        p.Aim.objects.create(plan=plan, title=title, slug=slugify(title), order=order)
    achieve = p.Aim.objects.get(plan=plan, slug="enjoy-and-achieve")
    factories.PriorityFactory(plan=plan, aim=achieve, title="Ready for school")
    draft_only = p.Aim.objects.create(plan=plan, title="Be heard", slug="be-heard", order=6)
    factories.PriorityFactory(
        plan=plan, aim=draft_only, title="DRAFT secret priority", publication_state=DRAFT
    )

    html = page(client, plan.get_absolute_url())
    text = text_of(html)
    aims = re.findall(r'<h3 class="govuk-heading-m">([^<]*)</h3>', html)
    assert aims == [
        "Keep safe",
        "Start well",
        "Stay well",
        "Enjoy and achieve",
        "Be heard",
        "Other priorities",
    ]
    none_yet = "No priorities have been published for this aim yet."
    assert text.count(none_yet) == 3
    assert text.index("Start well") < text.index(none_yet) < text.index("Stay well")
    assert "DRAFT secret priority" not in html
    assert "This plan has 3 published priorities" in html


def test_priority_page_shows_its_summaries_people_initiatives_and_consultations(client, portal):
    html = page(client, portal["priority"].get_absolute_url())
    assert "Ensure mental health support is available in schools." in html
    assert "For children and young people" in html
    assert "Someone to talk to at school when you feel low." in html
    assert "Cllr Ada Lovelace" in html and "Cabinet member for children" in html
    assert portal["council"].get_absolute_url() in html
    assert portal["partner"].get_absolute_url() in html
    assert "Mental health" in html
    assert portal["initiative"].get_absolute_url() in html
    assert "Stage 3 of 6: under scrutiny" in html and "Amber: at risk" in html
    assert portal["consultation"].get_absolute_url() in html


def test_priority_page_renders_sections_other_apps_register(client, portal, monkeypatch):
    def provider(priority):
        return {
            "extra_sections": [("priorities/includes/last_updated.html", {"title": priority.title})]
        }

    monkeypatch.setattr(extensions, "priority_page_providers", [provider])
    response = client.get(portal["priority"].get_absolute_url())
    assert "priorities/includes/last_updated.html" in [
        template.name for template in response.templates
    ]


def test_initiative_page_shows_its_scrutiny_journey_newest_first_by_meeting(client, portal):
    html = page(client, portal["initiative"].get_absolute_url())
    text = text_of(html)
    assert "Stage 3 of 6: under scrutiny" in text and "Amber: at risk" in html
    assert "40% complete" in html
    journey = html[html.index('id="scrutiny-journey"') : html.index('id="milestones"')]
    journey_text = text_of(journey)
    # The current stage on top, then the step of 22 September (no meeting), then the meeting
    # of 21 July with its agenda item and the step decided there.
    steps = [
        "Now, since 22 September 2022: Stage 3 of 6: under scrutiny",
        "22 September 2022 Under scrutiny (was awaiting scrutiny)",
        "Finance Committee, 21 July 2022 Item 5: Practitioners in schools",
        "Awaiting scrutiny (was proposed)",
    ]
    positions = [journey_text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Listed in the leader’s report." in journey
    assert "https://council.example/evidence/leaders-report" in journey
    assert portal["meeting"].get_absolute_url() in journey
    assert "Outcome: noted" in journey_text and "The committee noted the proposal." in journey
    # Each step keeps its own address: emails and feeds link to it.
    for change in portal["initiative"].status_changes.all():
        assert f'id="status-change-{change.pk}"' in journey


def test_initiative_page_shows_milestones_targets_evidence_and_how_to_get_updates(client, portal):
    initiative = portal["initiative"]
    html = page(client, initiative.get_absolute_url())
    assert "Funding confirmed" in html and "9 January 2023" in html
    assert "£100,000" in html and "£150,000" in html and "£200,000" in html
    assert "50% of the way from the baseline to the target" in html
    assert "https://council.example/report" in html
    assert portal["priority"].get_absolute_url() in html
    assert portal["partner"].get_absolute_url() in html
    assert "Get updates about this" in html
    assert f"/subscribe/?initiative={initiative.pk}" in html
    feed = f"/feeds/initiatives/{initiative.organisation.slug}/{initiative.slug}/"
    assert f'href="{feed}"' in html
    assert 'type="application/atom+xml"' in html


def test_committees_page_lists_committees_by_organisation_and_upcoming_meetings(client, portal):
    html = page(client, "/committees/")
    assert "Castlebridge Council" in html
    assert portal["committee"].get_absolute_url() in html
    upcoming = html[html.index('id="upcoming-meetings"') :]
    assert portal["upcoming"].get_absolute_url() in upcoming
    assert portal["meeting"].get_absolute_url() not in html  # past meetings are not upcoming


def test_committee_page_separates_upcoming_and_past_meetings(client, portal):
    html = page(client, portal["committee"].get_absolute_url())
    upcoming = html[html.index('id="upcoming-meetings"') : html.index('id="past-meetings"')]
    past = html[html.index('id="past-meetings"') :]
    assert portal["upcoming"].get_absolute_url() in upcoming
    assert portal["meeting"].get_absolute_url() in past
    assert "21 July 2022" in past and "7:30pm" in past


def test_meeting_page_lists_the_items_before_it_with_outcomes_and_the_councils_papers(
    client, portal
):
    html = page(client, portal["meeting"].get_absolute_url())
    assert "Finance Committee, 21 July 2022" in html
    assert "Thursday 21 July 2022 at 7:30pm" in html
    assert "Castlebridge Town Hall" in html
    assert "https://council.example/agenda/2022-07-21" in html
    assert "https://council.example/minutes/2022-07-21" in html
    assert "Item 5: Practitioners in schools" in html and "Noted" in html
    assert "Item 4: The leader’s report" in html and "Approved" in html
    assert portal["initiative"].get_absolute_url() in html
    assert portal["plan"].get_absolute_url() in html
    assert html.index("Item 4:") < html.index("Item 5:")  # in the agenda's own order
    assert "Listed in the leader’s report." in html  # the status change decided there


def test_consultation_page_says_what_people_said_and_what_was_done(client, portal):
    html = page(client, portal["consultation"].get_absolute_url())
    assert "You said" in html and "We want help sooner." in html
    assert "We did" in html and "We put a practitioner in every school." in html
    assert "Families and young people" in html
    assert "4 January 2022 to 31 January 2022" in text_of(html)
    assert portal["plan"].get_absolute_url() in html
    assert portal["priority"].get_absolute_url() in html
    assert portal["initiative"].get_absolute_url() in html


@pytest.mark.parametrize("kind", ["plan", "priority", "initiative", "consultation"])
def test_a_draft_records_page_is_not_found(client, portal, kind):
    record = portal[kind]
    url = record.get_absolute_url()
    type(record).private_objects.filter(pk=record.pk).update(publication_state=DRAFT)
    assert client.get(url).status_code == 404


def test_a_published_priority_in_a_draft_plan_is_not_found(client, portal):
    url = portal["priority"].get_absolute_url()
    p.Plan.private_objects.filter(pk=portal["plan"].pk).update(publication_state=DRAFT)
    assert client.get(url).status_code == 404
    assert client.get(portal["plan"].get_absolute_url()).status_code == 404


def test_a_draft_initiative_of_a_published_priority_appears_on_no_page(client, portal):
    draft = factories.InitiativeFactory(
        organisation=portal["council"],
        title="DRAFT secret initiative",
        slug="draft-secret",
        publication_state=DRAFT,
    )
    draft.priorities.add(portal["priority"])
    p.AgendaItem.objects.create(
        meeting=portal["meeting"], item_number="6", title="DRAFT secret item", initiative=draft
    )
    initiative_change_status(
        initiative=draft,
        to="awaiting_scrutiny",
        reason="DRAFT secret reason",
        meeting=portal["meeting"],
    )
    for url in all_urls(portal):
        html = page(client, url)
        assert "DRAFT secret" not in html, url
        assert draft.get_absolute_url() not in html, url
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_meeting_page_leaves_out_items_about_draft_plans(client, portal):
    draft_plan = factories.PlanFactory(
        organisation=portal["council"], title="DRAFT secret plan", publication_state=DRAFT
    )
    p.AgendaItem.objects.create(
        meeting=portal["meeting"], title="DRAFT secret plan item", plan=draft_plan
    )
    html = page(client, portal["meeting"].get_absolute_url())
    assert "DRAFT secret" not in html
    assert "Item 5: Practitioners in schools" in html


def test_every_page_has_its_own_title_one_h1_and_breadcrumbs(client, portal):
    titles = set()
    for url in all_urls(portal):
        html = page(client, url)
        titles.add(title_of(html))
        assert len(re.findall(r"<h1\b", html)) == 1, url
        crumbs = breadcrumbs_of(html)
        assert crumbs[0] == "Home", url
        assert len(crumbs) >= 2, url
        assert re.search(r'<li class="govuk-breadcrumbs__list-item" aria-current="page">', html), (
            url
        )
    assert len(titles) == len(all_urls(portal))


def test_breadcrumbs_follow_the_path_to_each_page(client, portal):
    assert breadcrumbs_of(page(client, portal["priority"].get_absolute_url())) == [
        "Home",
        "Castlebridge Council",
        "Priorities for children and families",
        "Mental health support in every school",
    ]
    assert breadcrumbs_of(page(client, portal["meeting"].get_absolute_url())) == [
        "Home",
        "Committees",
        "Finance Committee",
        "21 July 2022",
    ]


def test_service_navigation_marks_the_current_page_and_section(client, portal):
    html = page(client, "/committees/")
    assert re.search(r'href="/committees/" aria-current="page"', html)
    html = page(client, portal["meeting"].get_absolute_url())
    assert re.search(r'href="/committees/" aria-current="true"', html)
    assert 'href="/organisations/" aria-current' not in html  # a meeting is under Committees
    html = page(client, portal["plan"].get_absolute_url())
    assert 'aria-current="page"><strong' not in html
    assert re.search(r'href="/organisations/" aria-current="true"', html)
    for label in ("Home", "Councils and plans", "Committees", "How plans line up", "Search"):
        assert f">{label}</a>" in html or f">{label}</strong></a>" in html


def test_pages_have_no_empty_links(client, portal):
    for url in all_urls(portal):
        html = page(client, url)
        for text in re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S):
            assert re.sub(r"<[^>]+>", "", text).strip(), url


@pytest.mark.parametrize(
    "name",
    [
        "organisation",
        "plan",
        "priority",
        "initiative",
        "committees",
        "committee",
        "meeting",
        "consultation",
    ],
)
def test_page_query_counts_do_not_grow_with_the_data(
    client, portal, name, django_assert_num_queries
):
    urls = {
        "organisation": portal["council"].get_absolute_url(),
        "plan": portal["plan"].get_absolute_url(),
        "priority": portal["priority"].get_absolute_url(),
        "initiative": portal["initiative"].get_absolute_url(),
        "committees": "/committees/",
        "committee": portal["committee"].get_absolute_url(),
        "meeting": portal["meeting"].get_absolute_url(),
        "consultation": portal["consultation"].get_absolute_url(),
    }
    with CaptureQueriesContext(connection) as before:
        page(client, urls[name])
    council, plan = portal["council"], portal["plan"]
    for n in range(4):
        priority = factories.PriorityFactory(
            plan=plan, aim=portal["aim"], lead_organisation=council
        )
        initiative = factories.InitiativeFactory(organisation=council)
        initiative.priorities.add(priority, portal["priority"])
        portal["consultation"].shaped_plans.add(factories.PlanFactory(organisation=council))
        portal["consultation"].shaped_priorities.add(priority)
        portal["consultation"].shaped_initiatives.add(initiative)
        meeting = factories.MeetingFactory(
            committee=portal["committee"], starts_at=timezone.now() + datetime.timedelta(days=n + 1)
        )
        p.AgendaItem.objects.create(
            meeting=portal["meeting"],
            item_number=str(10 + n),
            title=f"More {n}",
            initiative=initiative,
        )
        p.AgendaItem.objects.create(
            meeting=meeting, title=f"Other {n}", initiative=portal["initiative"]
        )
        p.Consultation.private_objects.create(
            organisation=council,
            title=f"Consultation {n}",
            slug=f"consultation-{n}",
            publication_state=p.PublicationState.PUBLISHED,
        ).shaped_plans.add(plan)
        committee = factories.CommitteeFactory(organisation=council)
        factories.MeetingFactory(committee=committee)
    with django_assert_num_queries(len(before.captured_queries)):
        page(client, urls[name])


def test_clock_writes_times_the_govuk_way():
    assert clock(datetime.time(19, 30)) == "7:30pm"
    assert clock(datetime.time(19, 0)) == "7pm"
    assert clock(datetime.time(9, 5)) == "9:05am"
    assert clock(datetime.time(12, 0)) == "midday"
    assert clock(datetime.time(0, 0)) == "midnight"


def test_quantity_writes_values_with_their_units():
    assert quantity(Decimal("2.00"), "× 2022/23 resources") == "2 × 2022/23 resources"
    assert quantity(Decimal("1500000.00"), "£") == "£1,500,000"
    assert quantity(Decimal("12.50"), "£") == "£12.50"
    assert quantity(Decimal("85.5"), "%") == "85.5%"
    assert quantity(Decimal("12"), "") == "12"


def test_milestone_state_says_where_a_milestone_stands_in_words():
    """A milestone is overdue once its due date has passed, done once completed, and not done
    yet otherwise (also without a date); each state says so in words and has its colour."""
    today = datetime.date(2025, 6, 1)
    milestone = p.Milestone(title="A", due_date=datetime.date(2025, 1, 1))
    assert milestone_state(milestone, today).label == "Overdue"
    assert milestone_colour_filter(milestone_state(milestone, today)) == "red"
    milestone.completed_on = datetime.date(2025, 2, 1)
    assert milestone_state(milestone, today).label == "Done"
    not_due = p.Milestone(title="B", due_date=datetime.date(2026, 1, 1))
    assert milestone_state(not_due, today) == p.MilestoneState.NOT_DONE
    assert milestone_state(p.Milestone(title="C"), today).label == "Not done yet"


def test_paragraphs_escape_text_and_keep_its_paragraphs():
    html = str(paragraphs("One <b>\nline two\n\nTwo"))
    assert (
        html == '<p class="govuk-body">One &lt;b&gt;<br>line two</p>\n<p class="govuk-body">Two</p>'
    )
