"""Every type of public page the browser tests check, and demo-like data to fill them.

``PAGE_TYPES`` names each type of page once. ``create_portal_data()`` builds a small portal in
the test database (a council and its plan, aims, priorities and an initiative part-way through
its scrutiny journey; a committee with meetings and agenda items; a consultation; a safeguarding
partnership with an ambition, an indicator with measurements and inspections).
``page_cases(variant)`` gives the page types to check in a variant and ``locate()`` turns one
into the URL path to fetch, from the URL names (``reverse``) and ``get_absolute_url``.

Two variants: ``DATA`` (the demo-like data) and ``EMPTY`` (an empty database, for the pages that
exist without any records: home, committees, search, alignment...). A page whose URL name does
not resolve yet raises ``PageNotBuilt``, and its test fails saying so.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from priorities import models as p
from priorities.services import initiative_change_status
from safeguarding import models as s
from tests import factories

DATA = "data"
EMPTY = "empty"
VARIANTS = (DATA, EMPTY)


class PageNotBuilt(Exception):
    """The page type has no URL yet (its URL name does not resolve)."""


@dataclass
class PortalData:
    council: p.Organisation
    partnership: p.Organisation
    police: p.Organisation
    plan: p.Plan
    aim: p.Aim
    priority: p.Priority
    initiative: p.Initiative
    committee: p.Committee
    past_meeting: p.Meeting
    next_meeting: p.Meeting
    consultation: p.Consultation
    profile: s.PartnershipProfile
    ambition: s.Ambition
    indicator: s.Indicator
    inspection: s.Inspection
    search_term: str
    building_report: p.ReportExport
    ready_report: p.ReportExport


@dataclass(frozen=True)
class PageType:
    name: str
    #: Returns the URL path for the data (None in the EMPTY variant); may raise PageNotBuilt.
    url: Callable[["PortalData | None"], str]
    variants: tuple[str, ...] = (DATA,)
    #: "html" pages get axe, the Nu Html Checker and the no-JavaScript checks; "xml" documents
    #: (feeds, the sitemap) are checked to be well-formed XML.
    content: str = "html"
    status: int = 200


def first_url(*candidates) -> str:
    """Return the first candidate that exists: a ``(url name, kwargs)`` pair, reversed, or a
    literal path, which must match a URL pattern. Raises PageNotBuilt when none does."""
    tried = []
    for candidate in candidates:
        if isinstance(candidate, str):
            try:
                resolve(candidate.split("?")[0])
            except Resolver404:
                tried.append(f"path {candidate}")
                continue
            return candidate
        name, kwargs = candidate
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            tried.append(f"URL name {name!r} with {sorted(kwargs) or 'no arguments'}")
    raise PageNotBuilt("page not built yet: none of these resolve: " + "; ".join(tried))


def absolute_url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch as error:
        raise PageNotBuilt(f"page not built yet: {type(obj).__name__}: {error}") from error


def _search(data):
    return first_url(("discovery:search", {}), "/search/")


def _search_results(data):
    return f"{_search(data)}?q={data.search_term}"


def _inspections(data):
    organisation = {"organisation_slug": data.council.slug}
    return first_url(
        ("safeguarding:inspections", organisation),
        ("safeguarding:inspection_history", organisation),
        ("safeguarding:inspections", {}),
    )


BOTH = (DATA, EMPTY)

PAGE_TYPES: list[PageType] = [
    # The priorities domain.
    PageType("home", lambda data: first_url(("priorities:home", {})), BOTH),
    PageType("organisations", lambda data: first_url(("priorities:organisations", {})), BOTH),
    PageType("organisation", lambda data: absolute_url(data.council)),
    PageType("plan", lambda data: absolute_url(data.plan)),
    PageType("priority", lambda data: absolute_url(data.priority)),
    PageType("initiative", lambda data: absolute_url(data.initiative)),
    PageType("consultation", lambda data: absolute_url(data.consultation)),
    PageType("committees", lambda data: first_url(("priorities:committees", {})), BOTH),
    PageType("committee", lambda data: absolute_url(data.committee)),
    PageType("meeting (held)", lambda data: absolute_url(data.past_meeting)),
    PageType("meeting (upcoming)", lambda data: absolute_url(data.next_meeting)),
    # Committee reports.
    PageType(
        "committee report",
        lambda data: first_url(
            (
                "priorities:committee_report",
                {"organisation_slug": data.council.slug, "slug": data.committee.slug},
            )
        ),
    ),
    PageType(
        "committee report (errors)",
        lambda data: (
            first_url(
                (
                    "priorities:committee_report",
                    {"organisation_slug": data.council.slug, "slug": data.committee.slug},
                )
            )
            + "?period_start_0=31&period_start_1=2&period_start_2=2025&period_end_0=1"
            + "&period_end_1=&period_end_2=2025&report_format=pdf"
        ),
    ),
    PageType("report being made", lambda data: absolute_url(data.building_report)),
    PageType("report ready", lambda data: absolute_url(data.ready_report)),
    # The safeguarding partnership.
    PageType("partnership", lambda data: absolute_url(data.profile)),
    PageType("ambition", lambda data: absolute_url(data.ambition)),
    PageType("indicator", lambda data: absolute_url(data.indicator)),
    PageType("inspection", lambda data: absolute_url(data.inspection)),
    PageType("inspections", _inspections),
    PageType("alignment", lambda data: first_url(("safeguarding:alignment", {})), BOTH),
    # Discovery: search, feeds, the sitemap.
    PageType("search", _search, BOTH),
    PageType("search results", _search_results),
    # Email updates.
    PageType("subscribe", lambda data: first_url(("subscriptions:subscribe", {})), BOTH),
    PageType(
        "subscribe to an initiative",
        lambda data: (
            first_url(("subscriptions:subscribe", {})) + f"?initiative={data.initiative.pk}"
        ),
    ),
    PageType(
        "feed",
        lambda data: first_url(("discovery:status_changes_feed", {}), "/feeds/status-changes/"),
        BOTH,
        content="xml",
    ),
    PageType(
        "feed (organisation)",
        lambda data: first_url(("discovery:organisation_feed", {"slug": data.council.slug})),
        content="xml",
    ),
    PageType(
        "feed (committee)",
        lambda data: first_url(
            (
                "discovery:committee_feed",
                {"organisation_slug": data.council.slug, "slug": data.committee.slug},
            )
        ),
        content="xml",
    ),
    PageType(
        "feed (initiative)",
        lambda data: first_url(
            (
                "discovery:initiative_feed",
                {"organisation_slug": data.council.slug, "slug": data.initiative.slug},
            )
        ),
        content="xml",
    ),
    PageType(
        "sitemap",
        lambda data: first_url(("sitemap", {}), ("discovery:sitemap", {}), "/sitemap.xml"),
        BOTH,
        content="xml",
    ),
    # Open data: the whole data set (being prepared until the first build).
    PageType("open data", lambda data: first_url(("opendata:data", {}), "/data/"), BOTH),
    # The fixed pages: the same with or without records, so checked once.
    PageType(
        "covering your tracks",
        lambda data: first_url(
            ("pages:covering_your_tracks", {}),
            ("pages:covering-your-tracks", {}),
            "/covering-your-tracks/",
        ),
        (EMPTY,),
    ),
    PageType(
        "accessibility statement",
        lambda data: first_url(("pages:accessibility", {}), "/accessibility/"),
        (EMPTY,),
    ),
    PageType("cookies", lambda data: first_url(("pages:cookies", {}), "/cookies/"), (EMPTY,)),
    PageType("what the stages mean", lambda data: first_url(("priorities:stages", {})), (EMPTY,)),
    PageType("open data API documentation", lambda data: first_url(("api:docs", {})), BOTH),
    PageType("page not found", lambda data: "/no-such-page-here/", (EMPTY,), status=404),
]


def page_cases(variant: str, content: str = "html") -> list[PageType]:
    """The page types to check in ``variant`` ("data" or "empty")."""
    return [
        page_type
        for page_type in PAGE_TYPES
        if variant in page_type.variants and page_type.content == content
    ]


def locate(page_type: PageType, data: PortalData | None) -> str:
    """The URL path of ``page_type`` for ``data``; raises PageNotBuilt if it has none yet."""
    return page_type.url(data)


def page_paths(data: PortalData | None, content: str = "html") -> list[tuple[str, str]]:
    """``[(page type name, URL path), ...]`` for the pages that exist now, for ``data`` (or
    for an empty database when ``data`` is None)."""
    variant = EMPTY if data is None else DATA
    paths = []
    for page_type in page_cases(variant, content):
        try:
            paths.append((page_type.name, locate(page_type, data)))
        except PageNotBuilt:
            continue
    return paths


def create_portal_data() -> PortalData:
    """Build a small published portal: every public page type has something to show.

    Organisation and theme names are fixed, so call it once per test (per database).
    """
    now = timezone.now()
    published = p.PublicationState.PUBLISHED

    council = factories.OrganisationFactory(
        name="Castlebridge Borough Council",
        short_name="Castlebridge",
        description="The local authority for Castlebridge.",
        website="https://www.castlebridge.example/",
    )
    partnership = factories.OrganisationFactory(
        name="Castlebridge Safeguarding Children Partnership",
        short_name="CSCP",
        kind=p.OrganisationKind.SAFEGUARDING_PARTNERSHIP,
    )
    police = factories.OrganisationFactory(
        name="Castlebridge Police", kind=p.OrganisationKind.POLICE
    )
    icb = factories.OrganisationFactory(
        name="Castlebridge Integrated Care Board", kind=p.OrganisationKind.NHS
    )
    for order, member in enumerate([council, police, icb]):
        p.PartnershipMembership.objects.create(
            partnership=partnership, member=member, is_lead_partner=True, order=order
        )

    committee = factories.CommitteeFactory(
        organisation=council,
        name="Children and Young People's Scrutiny Committee",
        description="Scrutinises the council's services for children and families.",
    )
    past_start = (now - datetime.timedelta(days=60)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    past_meeting = factories.MeetingFactory(
        committee=committee,
        starts_at=past_start,
        slug=timezone.localdate(past_start).isoformat(),
        status=p.MeetingStatus.HELD,
        location="Town Hall, Committee Room 1",
        agenda_url="https://democracy.castlebridge.example/agenda",
        minutes_url="https://democracy.castlebridge.example/minutes",
    )
    next_start = past_start + datetime.timedelta(days=90)
    next_meeting = factories.MeetingFactory(
        committee=committee,
        starts_at=next_start,
        slug=timezone.localdate(next_start).isoformat(),
        location="Town Hall, Committee Room 1",
    )

    theme = factories.ThemeFactory(name="Early help", slug="early-help")
    plan = factories.PlanFactory(
        organisation=council,
        title="Castlebridge children and families plan",
        slug="children-and-families-plan",
        summary="What the council will do for children and families over three years.",
        source_title="Leader's report to the Finance Committee",
        source_url="https://democracy.castlebridge.example/report.pdf",
        source_date=datetime.date(2025, 2, 13),
        adopted_at_meeting=past_meeting,
        published_at=now,
    )
    aim = p.Aim.objects.create(plan=plan, title="Start well", slug="start-well", order=1)
    # An aim with no priorities yet: the plan page and its report say so.
    p.Aim.objects.create(plan=plan, title="Stay well", slug="stay-well", order=2)
    priority = factories.PriorityFactory(
        plan=plan,
        aim=aim,
        title="Every family gets early help when it is needed",
        slug="early-help",
        summary="Families get support before problems grow.",
        young_people_summary="If your family needs help, you will get it sooner.",
        lead_member="Cllr A. Example, Cabinet Member for Children",
        lead_organisation=council,
        published_at=now,
    )
    priority.themes.add(theme)
    priority.contributing_organisations.add(police)
    factories.PriorityFactory(
        plan=plan, title="Children stay safe online", slug="safe-online", published_at=now
    )

    initiative = factories.InitiativeFactory(
        organisation=council,
        title="Family hubs in every neighbourhood",
        slug="family-hubs",
        summary="Open a family hub in each of the borough's neighbourhoods.",
        rag=p.Rag.AMBER,
        progress=40,
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2027, 3, 31),
        published_at=now,
    )
    initiative.priorities.add(priority)
    initiative.partner_organisations.add(icb)
    p.Milestone.objects.create(
        initiative=initiative,
        title="First hub opens",
        due_date=datetime.date(2025, 9, 1),
        completed_on=datetime.date(2025, 9, 8),
    )
    p.Milestone.objects.create(
        initiative=initiative, title="All hubs open", due_date=datetime.date(2027, 3, 1), order=1
    )
    p.Target.objects.create(
        initiative=initiative,
        description="Double the resources to tackle domestic abuse",
        unit="£",
        baseline_value=Decimal("250000"),
        target_value=Decimal("500000"),
        current_value=Decimal("350000"),
    )
    # A target still at its baseline: the page points it out (priorities/progress/checks.py).
    p.Target.objects.create(
        initiative=initiative,
        description="Families using a hub each month",
        unit="families",
        baseline_value=Decimal("120"),
        baseline_date=datetime.date(2025, 4, 1),
        target_value=Decimal("400"),
        current_value=Decimal("120"),
        current_value_date=datetime.date(2025, 10, 1),
    )
    # Its latest progress update, published: the page shows it and "Last updated".
    p.InitiativeUpdate.private_objects.create(
        initiative=initiative,
        as_of=timezone.localdate() - datetime.timedelta(days=20),
        narrative="The third hub opened in Riverside.\n\nTwo more open in the spring.",
        progress=40,
        rag=p.Rag.AMBER,
        rag_reason="Recruiting outreach workers is taking longer than planned.",
        publication_state=published,
        published_at=now,
    )
    p.EvidenceLink.objects.create(
        initiative=initiative,
        title="Cabinet report on family hubs",
        url="https://democracy.castlebridge.example/family-hubs.pdf",
    )
    journey = [
        (p.InitiativeStatus.AWAITING_SCRUTINY, "Put forward for scrutiny.", None, -30),
        (p.InitiativeStatus.UNDER_SCRUTINY, "Considered by the committee.", past_meeting, 0),
        (p.InitiativeStatus.ADOPTED, "Approved by the committee.", past_meeting, 0),
        (p.InitiativeStatus.IN_DELIVERY, "The first hub has opened.", None, 14),
    ]
    for step, (to, reason, meeting, days) in enumerate(journey):
        initiative_change_status(
            initiative=initiative,
            to=to,
            reason=reason,
            meeting=meeting,
            changed_at=past_start + datetime.timedelta(days=days, minutes=step),
        )
    hubs_item = p.AgendaItem.objects.create(
        meeting=past_meeting,
        item_number="5",
        title="Family hubs in every neighbourhood",
        initiative=initiative,
        outcome=p.AgendaOutcome.APPROVED,
        outcome_notes="Approved, with a progress report in six months.",
        report_url="https://democracy.castlebridge.example/item-5-report.pdf",
        contact_name="Priya Shah",
        contact_role="Head of Early Help",
        contact_email="priya.shah@castlebridge.example",
        contact_phone="01632 960 001",
        wards_affected="All wards",
        key_decision=True,
        background_papers="Cabinet report, 3 March 2025\n"
        "https://democracy.castlebridge.example/hubs-background.pdf",
    )
    p.AgendaItemPaper.objects.create(
        agenda_item=hubs_item,
        title="Appendix A: where the hubs will be",
        url="https://democracy.castlebridge.example/item-5-appendix-a.pdf",
        kind=p.PaperKind.APPENDIX,
    )
    p.AgendaItem.objects.create(
        meeting=past_meeting,
        item_number="6",
        order=6,
        title="Children and families plan: commissioning of respite care",
        plan=plan,
        outcome=p.AgendaOutcome.APPROVED,
        outcome_notes="Contract awarded (exempt).",
        exempt_paragraph=p.ExemptParagraph.FINANCIAL,
    )
    for name, role, portfolio in (
        ("Councillor Ada Lovelace", p.CommitteeRole.CHAIR, ""),
        ("Councillor Ben Okafor", p.CommitteeRole.VICE_CHAIR, ""),
        ("Councillor Cara Singh", p.CommitteeRole.MEMBER, ""),
        ("Dana Whitfield", p.CommitteeRole.CO_OPTED, "Parent governor representative"),
    ):
        p.CommitteeMember.objects.create(
            committee=committee, name=name, role=role, portfolio=portfolio
        )
    p.AgendaItem.objects.create(
        meeting=next_meeting,
        item_number="3",
        title="Children and families plan: annual review",
        plan=plan,
    )

    consultation = p.Consultation.private_objects.create(
        organisation=council,
        title="What families told us about early help",
        slug="early-help-consultation",
        audience="Families, children and young people",
        opened_on=datetime.date(2025, 1, 6),
        closed_on=datetime.date(2025, 1, 31),
        method="Online survey and drop-in sessions",
        you_said="Help is hard to find and comes too late.",
        we_did="We are opening family hubs in every neighbourhood.",
        publication_state=published,
        published_at=now,
    )
    consultation.shaped_priorities.add(priority)
    consultation.shaped_initiatives.add(initiative)
    consultation.shaped_plans.add(plan)

    profile = factories.PartnershipProfileFactory(
        organisation=partnership,
        responsibilities="Keeping children in Castlebridge safe.",
        leadership_arrangements="The council, the police and the ICB share the leadership.",
        ambitions_introduction="What we want for every child in Castlebridge.",
    )
    ambition = factories.AmbitionFactory(
        partnership=profile,
        title="Children are safe at home and in their communities",
        slug="safe-at-home",
        description="Children are safe both at home and in the communities where they live.",
        published_at=now,
    )
    ambition.priorities.add(priority)
    indicator = factories.IndicatorFactory(
        organisation=partnership,
        measured_by=police,
        ambition=ambition,
        title="Referrals decided within 24 hours",
        slug="referrals-within-24-hours",
        unit="%",
        target_value=Decimal("90"),
        published_at=now,
    )
    for quarter, value in enumerate([Decimal("78"), Decimal("84"), Decimal("88")]):
        s.Measurement.objects.create(
            indicator=indicator,
            period_end=datetime.date(2025, 3 * quarter + 3, 28),
            period_label=f"2025 Q{quarter + 1}",
            value=value,
            target_value=Decimal("90"),
        )
    s.Inspection.objects.create(
        organisation=council,
        inspectorate=s.Inspectorate.OFSTED,
        kind=s.InspectionKind.FULL,
        title="Inspection of children's social care services",
        slug="ilacs-2018",
        published_on=datetime.date(2018, 7, 1),
        date_is_approximate=True,
        judgement=s.Judgement.REQUIRES_IMPROVEMENT,
    )
    inspection = s.Inspection.objects.create(
        organisation=council,
        inspectorate=s.Inspectorate.OFSTED,
        kind=s.InspectionKind.FOCUSED_VISIT,
        title="Focused visit to Castlebridge children's services",
        slug="focused-visit-2021",
        published_on=datetime.date(2021, 6, 15),
        summary="Inspectors looked at the front door and children in need.",
        findings="Leaders know their services well.\n\nSome plans are not specific enough.",
        report_url="https://reports.ofsted.example/castlebridge-2021",
    )

    return PortalData(
        council=council,
        partnership=partnership,
        police=police,
        plan=plan,
        aim=aim,
        priority=priority,
        initiative=initiative,
        committee=committee,
        past_meeting=past_meeting,
        next_meeting=next_meeting,
        consultation=consultation,
        profile=profile,
        ambition=ambition,
        indicator=indicator,
        inspection=inspection,
        search_term="family",
        building_report=p.ReportExport.objects.create(
            scope=p.ReportScope.PLAN,
            plan=plan,
            report_format="pdf",
            state=p.ReportExportState.BUILDING,
            progress=40,
            stage="Writing the PDF file",
        ),
        ready_report=p.ReportExport.objects.create(
            scope=p.ReportScope.COMMITTEE,
            committee=committee,
            report_format="xlsx",
            state=p.ReportExportState.READY,
            progress=100,
            filename="childrens-scrutiny.xlsx",
            content=b"PK",
            size=2,
        ),
    )
