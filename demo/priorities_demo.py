"""Demo data for the priorities app, built from the five seed documents.

The content is plain data (lists and dicts) at the top of this module; small loader functions at
the bottom write it. Loading is idempotent: records are found by their natural keys (slugs) and
saved only when a value actually differs, and an initiative's status journey is applied only
while it has no status changes yet, so a second run writes nothing at all, not even history.

Every fact the seed documents do not give (exact meeting dates and times, committee outcomes,
progress, RAG ratings, milestones, targets' current values) is marked as illustrative where it
is shown: status change reasons end with ``ILLUSTRATIVE``, meeting and initiative descriptions
say which parts are invented.

This module must never import from ``safeguarding``; ``demo.safeguarding_demo`` builds on it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    AgendaOutcome,
    Aim,
    Committee,
    CommitteeKind,
    Consultation,
    EvidenceLink,
    Initiative,
    Meeting,
    MeetingStatus,
    Milestone,
    OfficerMembership,
    OfficerRole,
    Organisation,
    OrganisationKind,
    PartnershipMembership,
    Plan,
    PlanStatus,
    Priority,
    PublicationState,
    Rag,
    StatusChange,
    Target,
    Theme,
)
from priorities.services import initiative_change_status

LONDON = ZoneInfo("Europe/London")

#: Ends the text of every fact the seed documents do not give.
ILLUSTRATIVE = "(Illustrative demo data: not from the source documents.)"
#: Starts the title of every draft, so that a leak would be obvious (and embarrassing).
DRAFT_PREFIX = "DRAFT – not for publication: "
DRAFT_NOTE = (
    "Demo draft: this record exists so the tests can prove drafts never reach the public "
    "site, feeds, exports or API. It is not from the source documents."
)
JOURNEY_NOTE = (
    "Steps in its status journey that cite a source come from the seed documents; every other "
    "step, and its milestones, progress and RAG rating, are illustrative demo data."
)

#: The one password of every demo account (local and test settings only).
DEMO_PASSWORD = "demo-password-please-change"  # noqa: S105
DEMO_ADMIN_USERNAME = "demo-admin"
OFFICERS_GROUP = "Officers"

S = InitiativeStatus


def demo(text: str) -> str:
    """Mark ``text`` as illustrative: the seed documents do not give it."""
    return f"{text} {ILLUSTRATIVE}"


def step(to, when, reason, meeting=None):
    """One step of a status journey: to status ``to`` at ``when`` ("YYYY-MM-DD HH:MM")."""
    return {"to": to, "at": when, "reason": reason, "meeting": meeting}


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

WANDSWORTH_PRESS_RELEASE = (
    "Supporting children and families, tackling health inequalities and improving mental health "
    "services at heart of borough’s new policy priorities"
)
WANDSWORTH_SOURCE = "Source: Wandsworth Council press release, 29 July 2022"
TELFORD_SOURCE = (
    "Source: Telford & Wrekin Council, “New strategy to drive ambitions for children and young "
    "people”"
)
WESTMINSTER_SOURCE = (
    "Source: Westminster City Council, “Changes to children’s services”, last updated 11 August "
    "2016"
)

# ---------------------------------------------------------------------------------------------
# Themes
# ---------------------------------------------------------------------------------------------

THEMES = [
    {
        "slug": "health-inequalities",
        "name": "Health inequalities",
        "description": "Narrowing the unfair gaps in health and life chances between children, "
        "families and communities.",
    },
    {
        "slug": "mental-health",
        "name": "Mental health",
        "description": "Children’s and young people’s mental health and emotional wellbeing, "
        "from prevention in schools and communities to specialist services.",
    },
    {
        "slug": "early-help",
        "name": "Early help",
        "description": "Support for families as soon as problems emerge, before they become "
        "more complex and harder to solve.",
    },
    {
        "slug": "domestic-abuse",
        "name": "Domestic abuse",
        "description": "Support for victims of domestic violence and abuse, and for the "
        "children who live with it.",
    },
    {
        "slug": "education-and-send",
        "name": "Education and SEND",
        "description": "Education for every child, including children with special "
        "educational needs and disabilities (SEND).",
    },
    {
        "slug": "corporate-parenting",
        "name": "Corporate parenting",
        "description": "The duties a council and its partners have to the children in their "
        "care and to care leavers: to be the best corporate parents they can be.",
    },
    {
        "slug": "safeguarding-and-child-protection",
        "name": "Safeguarding and child protection",
        "description": "Protecting children from harm, abuse, neglect and exploitation.",
    },
    {
        "slug": "carers",
        "name": "Carers",
        "description": "Backing for the people who care for family members, friends and "
        "neighbours, including young carers.",
    },
    {
        "slug": "digital-inclusion",
        "name": "Digital inclusion",
        "description": "Making sure children and families can get online for learning and "
        "for services.",
    },
    {
        "slug": "youth-services",
        "name": "Youth services",
        "description": "Youth clubs and other services for young people.",
    },
    {
        "slug": "early-years",
        "name": "Early years",
        "description": "The best possible start in life, and being ready for school.",
    },
    {
        "slug": "equality-and-anti-racism",
        "name": "Equality and anti-racism",
        "description": "Fairness, inclusion and anti-racist practice for every child and family.",
    },
    {
        "slug": "multi-agency-data",
        "name": "Multi-agency data",
        "description": "Data shared between agencies so leaders can see what works and act "
        "quickly where children are at risk.",
    },
]

# ---------------------------------------------------------------------------------------------
# Organisations and partnerships
# ---------------------------------------------------------------------------------------------

WANDSWORTH = "wandsworth"
WSCP = "wandsworth-safeguarding-children-partnership"
MET_POLICE = "metropolitan-police-service"
SWL_ICB = "south-west-london-icb"
TELFORD = "telford-and-wrekin"
TELFORD_BOARD = "telford-and-wrekin-children-and-young-peoples-board"
WEST_MERCIA_POLICE = "west-mercia-police"
NHS_STW = "nhs-shropshire-telford-and-wrekin"
TELFORD_VCS = "telford-and-wrekin-voluntary-and-community-organisations"
WESTMINSTER = "westminster"

ORGANISATIONS = [
    {
        "slug": WANDSWORTH,
        "name": "Wandsworth Council",
        "short_name": "Wandsworth",
        "kind": OrganisationKind.COUNCIL,
        "website": "https://www.wandsworth.gov.uk",
        "description": "The London borough council for Wandsworth. Its leader, Cllr Simon Hogg, "
        "set out new policy priorities for children and families in a report to the Finance "
        "Committee in July 2022.",
    },
    {
        "slug": WSCP,
        "name": "Wandsworth Safeguarding Children Partnership",
        "short_name": "WSCP",
        "kind": OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        "website": "",
        "description": "Wandsworth Safeguarding Children Partnership (WSCP) is jointly led by "
        "the Police, Integrated Care Board and the Council. It is responsible for protecting "
        "children and young people in Wandsworth from harm, abuse, neglect and exploitation, "
        "and promoting their welfare.",
    },
    {
        "slug": MET_POLICE,
        "name": "Metropolitan Police Service",
        "short_name": "Met Police",
        "kind": OrganisationKind.POLICE,
        "website": "https://www.met.police.uk",
        "description": "The police force for London, and one of the three statutory partners "
        "that jointly lead the Wandsworth Safeguarding Children Partnership.",
    },
    {
        "slug": SWL_ICB,
        "name": "South West London Integrated Care Board",
        "short_name": "SWL ICB",
        "kind": OrganisationKind.NHS,
        "website": "",
        "description": "The NHS integrated care board for South West London, and one of the "
        "three statutory partners that jointly lead the Wandsworth Safeguarding Children "
        "Partnership.",
    },
    {
        "slug": TELFORD,
        "name": "Telford & Wrekin Council",
        "short_name": "Telford & Wrekin",
        "kind": OrganisationKind.COUNCIL,
        "website": "https://www.telford.gov.uk",
        "description": "The unitary council for Telford and Wrekin, whose children’s services "
        "kept their outstanding Ofsted rating in 2024.",
    },
    {
        "slug": TELFORD_BOARD,
        "name": "Telford and Wrekin Children and Young People’s Board",
        "short_name": "CYP Board",
        "kind": OrganisationKind.BOARD,
        "website": "",
        "description": "The newly established board, with its “star chamber”, that steers and "
        "oversees the Children and Young People’s partnership strategy. It has representation "
        "from young people, elected members and leaders from statutory organisations.",
    },
    {
        "slug": WEST_MERCIA_POLICE,
        "name": "West Mercia Police",
        "short_name": "West Mercia Police",
        "kind": OrganisationKind.POLICE,
        "website": "",
        "description": "The police force covering Telford and Wrekin. The seed names “the "
        "Police” among the strategy’s key partners; the force’s name is added for the demo.",
    },
    {
        "slug": NHS_STW,
        "name": "NHS Shropshire, Telford and Wrekin",
        "short_name": "NHS STW",
        "kind": OrganisationKind.NHS,
        "website": "",
        "description": "The local NHS integrated care board. The seed names “the NHS” among the "
        "strategy’s key partners; the body’s name is added for the demo.",
    },
    {
        "slug": TELFORD_VCS,
        "name": "Telford and Wrekin voluntary and community organisations",
        "short_name": "Voluntary and community sector",
        "kind": OrganisationKind.VOLUNTARY,
        "website": "",
        "description": "Local voluntary and community organisations, key partners working with "
        "the council to deliver the Children and Young People’s partnership strategy.",
    },
    {
        "slug": WESTMINSTER,
        "name": "Westminster City Council",
        "short_name": "Westminster",
        "kind": OrganisationKind.COUNCIL,
        "website": "https://www.westminster.gov.uk",
        "description": "The council for the City of Westminster. Its priority is to protect and "
        "provide services to the most vulnerable people in society, including families, "
        "children and young people.",
    },
]

#: (partnership, member, is lead partner, role)
PARTNERSHIP_MEMBERSHIPS = [
    (WSCP, MET_POLICE, True, "Statutory safeguarding partner: the Police"),
    (WSCP, SWL_ICB, True, "Statutory safeguarding partner: the Integrated Care Board"),
    (WSCP, WANDSWORTH, True, "Statutory safeguarding partner: the Council"),
    (TELFORD_BOARD, TELFORD, False, "Elected members and council leaders"),
    (TELFORD_BOARD, WEST_MERCIA_POLICE, False, "Statutory organisation"),
    (TELFORD_BOARD, NHS_STW, False, "Statutory organisation"),
    (TELFORD_BOARD, TELFORD_VCS, False, "Voluntary and community partners"),
]

# ---------------------------------------------------------------------------------------------
# Committees and meetings
# ---------------------------------------------------------------------------------------------

COMMITTEES = [
    {
        "organisation": WANDSWORTH,
        "slug": "finance-committee",
        "name": "Finance Committee",
        "kind": CommitteeKind.COMMITTEE,
        "description": "Received the council leader’s report setting out the new policy "
        "priorities for children and families in July 2022.",
    },
    {
        "organisation": WANDSWORTH,
        "slug": "health-committee",
        "name": "Health Committee",
        "kind": CommitteeKind.COMMITTEE,
        "description": "The new Prevention Framework, to tackle health inequalities, was "
        "reported to this committee in the July 2022 cycle.",
    },
    {
        "organisation": WSCP,
        "slug": "partnership-executive",
        "name": "Partnership Executive",
        "kind": CommitteeKind.PARTNERSHIP_BOARD,
        "description": demo(
            "Where the three statutory partners take the partnership’s decisions together."
        ),
    },
    {
        "organisation": TELFORD,
        "slug": "cabinet",
        "name": "Cabinet",
        "kind": CommitteeKind.CABINET,
        "description": "Telford & Wrekin Council’s cabinet, asked on Thursday 13 February 2025 "
        "to support the new three-year Children and Young People’s partnership strategy.",
    },
    {
        "organisation": TELFORD_BOARD,
        "slug": "star-chamber",
        "name": "Children and Young People’s Board star chamber",
        "kind": CommitteeKind.PARTNERSHIP_BOARD,
        "description": "Steers and oversees the Children and Young People’s partnership "
        "strategy, with representation from young people, elected members and leaders from "
        "statutory organisations.",
    },
    {
        "organisation": WESTMINSTER,
        "slug": "cabinet",
        "name": "Cabinet",
        "kind": CommitteeKind.CABINET,
        "description": demo(
            "Westminster’s cabinet. The source page names no committees or meetings: every "
            "meeting of it on this portal is invented for the demo."
        ),
    },
    {
        "organisation": WESTMINSTER,
        "slug": "childrens-services-policy-and-scrutiny",
        "name": "Children’s Services Policy and Scrutiny Committee",
        "kind": CommitteeKind.SCRUTINY,
        "description": demo(
            "A scrutiny committee invented for the demo: the source page names no committees."
        ),
    },
]

WANDSWORTH_TOWN_HALL = "Wandsworth Town Hall"
JULY_2022_CYCLE = (
    "meeting of the July 2022 committee cycle named in the council’s press release of 29 July "
    "2022. The exact date, time and place are illustrative demo data."
)
INVENTED_MEETING = demo("A meeting invented for the demo, with its date, time, place and business.")

#: Each meeting's slug is its date; "committee" is "organisation/committee".
MEETINGS = [
    {
        "committee": f"{WANDSWORTH}/health-committee",
        "starts_at": "2022-07-13 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": f"The Health Committee {JULY_2022_CYCLE} The new Prevention Framework "
        "was reported to it.",
    },
    {
        "committee": f"{WANDSWORTH}/finance-committee",
        "starts_at": "2022-07-21 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": f"The Finance Committee {JULY_2022_CYCLE} It received the leader’s "
        "report on new policy priorities for children and families.",
    },
    {
        "committee": f"{WANDSWORTH}/finance-committee",
        "starts_at": "2022-09-22 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WANDSWORTH}/health-committee",
        "starts_at": "2022-10-12 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WANDSWORTH}/finance-committee",
        "starts_at": "2022-11-24 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WANDSWORTH}/health-committee",
        "starts_at": "2023-01-18 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WANDSWORTH}/finance-committee",
        "starts_at": "2023-02-23 19:30",
        "status": MeetingStatus.HELD,
        "location": WANDSWORTH_TOWN_HALL,
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WSCP}/partnership-executive",
        "starts_at": "2023-03-15 14:00",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{TELFORD}/cabinet",
        "starts_at": "2025-02-13 10:00",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": "Cabinet met on Thursday 13 February 2025 with the new three-year "
        "Children and Young People’s partnership strategy before it; members were asked to "
        "support it. The start time and the decision recorded here are illustrative demo data.",
    },
    {
        "committee": f"{TELFORD_BOARD}/star-chamber",
        "starts_at": "2025-06-12 14:00",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WESTMINSTER}/childrens-services-policy-and-scrutiny",
        "starts_at": "2016-09-12 19:00",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WESTMINSTER}/cabinet",
        "starts_at": "2016-10-17 18:30",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": INVENTED_MEETING,
    },
    {
        "committee": f"{WESTMINSTER}/childrens-services-policy-and-scrutiny",
        "starts_at": "2016-11-07 19:00",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": INVENTED_MEETING,
    },
]

WW_FINANCE_JULY = f"{WANDSWORTH}/finance-committee/2022-07-21"
WW_FINANCE_SEPT = f"{WANDSWORTH}/finance-committee/2022-09-22"
WW_FINANCE_NOV = f"{WANDSWORTH}/finance-committee/2022-11-24"
WW_FINANCE_FEB = f"{WANDSWORTH}/finance-committee/2023-02-23"
WW_HEALTH_JULY = f"{WANDSWORTH}/health-committee/2022-07-13"
WW_HEALTH_OCT = f"{WANDSWORTH}/health-committee/2022-10-12"
WW_HEALTH_JAN = f"{WANDSWORTH}/health-committee/2023-01-18"
WSCP_EXECUTIVE = f"{WSCP}/partnership-executive/2023-03-15"
TW_CABINET = f"{TELFORD}/cabinet/2025-02-13"
TW_STAR_CHAMBER = f"{TELFORD_BOARD}/star-chamber/2025-06-12"
WM_SCRUTINY_SEPT = f"{WESTMINSTER}/childrens-services-policy-and-scrutiny/2016-09-12"
WM_CABINET_OCT = f"{WESTMINSTER}/cabinet/2016-10-17"
WM_SCRUTINY_NOV = f"{WESTMINSTER}/childrens-services-policy-and-scrutiny/2016-11-07"

# ---------------------------------------------------------------------------------------------
# Plans, aims and priorities
# ---------------------------------------------------------------------------------------------

WW_PLAN = f"{WANDSWORTH}/new-policy-priorities-for-children-and-families"
WSCP_PLAN = f"{WSCP}/ambitions-and-priorities"
TW_PLAN = f"{TELFORD}/children-and-young-peoples-partnership-strategy-2025-2028"
WM_PLAN = f"{WESTMINSTER}/changes-to-childrens-services"

KATE_STOCK = ("Cllr Kate Stock", "Cabinet member for children")
GRAEME_HENDERSON = ("Cllr Graeme Henderson", "Cabinet member for health")
SHIRLEY_REYNOLDS = (
    "Cllr Shirley Reynolds",
    "Cabinet Member for Children, Young People, Education, Employment and Skills",
)
NO_LEAD_MEMBER = ("", "")

PLANS = [
    {
        "organisation": WANDSWORTH,
        "slug": "new-policy-priorities-for-children-and-families",
        "title": "New policy priorities for children and families",
        "status": PlanStatus.PROPOSED,
        "summary": (
            "Support for families, children and young people is at the heart of a series of new "
            "policy priorities outlined by the council’s new leader and cabinet. In a report to "
            "the council’s Finance Committee, council leader Simon Hogg set out a raft of "
            "initiatives designed to improve and enhance the town hall’s services for families "
            "and young people.\n\n"
            "“We are ambitious for our Children’s Services. We will be at the forefront of "
            "piloting new ideas and approaches that lead to better outcomes for children, young "
            "people and their families. For children and young people in our care, we aspire to "
            "be the best corporate parents.”\n\n"
            "Some of the policy initiatives will be subject to further discussion and committee "
            "scrutiny before they can be officially adopted."
        ),
        "period_start": None,
        "period_end": None,
        "source_title": WANDSWORTH_PRESS_RELEASE,
        "source_date": "2022-07-29",
        "adopted_at_meeting": None,
        "overseen_by": None,
        "published_at": "2022-07-29 09:00",
        "aims": [],
        "priorities": [
            {
                "slug": "embed-family-safeguarding",
                "title": "Embed family safeguarding as a model of engaging with families in "
                "need of support and protection",
                "summary": "Embed family safeguarding as a model of engaging with families in "
                "need of support and protection. “We are committed to keeping young people safe "
                "and delivering high quality services from the early years stage through to "
                "adulthood.” (Cllr Kate Stock, cabinet member for children)",
                "young_people_summary": "When a family needs help to keep children safe, "
                "workers will support the whole family together.",
                "themes": ["safeguarding-and-child-protection", "early-help"],
                "lead": KATE_STOCK,
                "contributors": [MET_POLICE, SWL_ICB],
            },
            {
                "slug": "improving-mental-health-provision",
                "title": "Improving mental health provision – especially for children and "
                "young people",
                "summary": "Improving mental health provision, especially for children and young "
                "people. “From the outset of the new administration we will be focusing as a "
                "priority on improving access to mental health support for children and tackling "
                "the health inequalities that exist in the borough.” (Cllr Graeme Henderson, "
                "cabinet member for health)",
                "young_people_summary": "We want it to be easier for children and young people "
                "to get help with their mental health.",
                "themes": ["mental-health", "health-inequalities"],
                "lead": GRAEME_HENDERSON,
                "contributors": [SWL_ICB],
            },
            {
                "slug": "mental-health-support-in-schools",
                "title": "Ensure mental health support is available in schools",
                "summary": "Ensure mental health support is available in schools. “We will "
                "focus on ensuring that mental health remains a priority for our children and "
                "young people with prevention being a key part of our work in our communities and "
                "schools. We will ensure that each school benefits from an experienced "
                "practitioner to support the emerging needs of children and young people at the "
                "earliest opportunity.” (Cllr Simon Hogg, council leader)",
                "young_people_summary": "Every school will have an experienced person you can "
                "talk to about how you are feeling.",
                "themes": ["mental-health", "education-and-send"],
                "lead": GRAEME_HENDERSON,
                "contributors": [SWL_ICB],
            },
            {
                "slug": "extra-support-for-carers",
                "title": "Provide extra support for carers",
                "summary": "Provide extra support for carers. “We are also keen to work more "
                "closely with carers to ensure they have the backing they need to do their vital "
                "work across the community.” (Cllr Graeme Henderson, cabinet member for health)",
                "young_people_summary": "If you look after someone in your family, or someone "
                "looks after you, there will be more help.",
                "themes": ["carers"],
                "lead": GRAEME_HENDERSON,
                "contributors": [],
            },
            {
                "slug": "double-resources-to-tackle-domestic-violence",
                "title": "Double resources to tackle domestic violence",
                "summary": "Double resources to tackle domestic violence. “We also want to "
                "deliver more effective support for the victims of domestic violence and abuse.” "
                "(Cllr Graeme Henderson, cabinet member for health)",
                "young_people_summary": "There will be twice as much help for people hurt by "
                "violence or abuse at home, including children.",
                "themes": ["domestic-abuse", "safeguarding-and-child-protection"],
                "lead": GRAEME_HENDERSON,
                "contributors": [MET_POLICE],
            },
            {
                "slug": "power-to-connect",
                "title": "Continue to support the Power to Connect scheme ensuring access to "
                "laptops for pupils who need them",
                "summary": "Continue to support the Power to Connect scheme ensuring access to "
                "laptops for pupils who need them.",
                "young_people_summary": "If you need a laptop for school work, we will help you "
                "get one.",
                "themes": ["digital-inclusion", "education-and-send"],
                "lead": KATE_STOCK,
                "contributors": [],
            },
            {
                "slug": "prevention-framework",
                "title": "New prevention framework to tackle health inequalities",
                "summary": "New prevention framework to tackle health inequalities. “We will "
                "make tackling health inequalities a core theme in all of our work, starting with "
                "a new Prevention Framework which was reported to Health Committee this cycle. "
                "Going forward residents can expect to see how all our work contributes to "
                "addressing health inequalities.” (Cllr Simon Hogg, council leader)",
                "young_people_summary": "We will work to stop health problems before they start, "
                "so that every child has the same chance to be healthy.",
                "themes": ["health-inequalities"],
                "lead": GRAEME_HENDERSON,
                "contributors": [SWL_ICB],
            },
            {
                "slug": "new-early-help-offer",
                "title": "Develop new Early Help offer",
                "summary": "Develop new Early Help offer. “Supporting our young people and "
                "doing everything we can to help them thrive and achieve their full potential is "
                "a core responsibility of this council and one we are determined to succeed in.” "
                "(Cllr Kate Stock, cabinet member for children)",
                "young_people_summary": "Families will be able to get help early, as soon as "
                "things start to go wrong.",
                "themes": ["early-help"],
                "lead": KATE_STOCK,
                "contributors": [],
            },
            {
                "slug": "draft-close-two-childrens-centres",
                "title": f"{DRAFT_PREFIX}close two children’s centres to pay for the new offer",
                "summary": DRAFT_NOTE,
                "young_people_summary": "",
                "themes": ["early-help"],
                "lead": KATE_STOCK,
                "contributors": [],
                "draft": True,
            },
        ],
    },
    {
        "organisation": WSCP,
        "slug": "ambitions-and-priorities",
        "title": "Ambitions and priorities",
        "status": PlanStatus.ADOPTED,
        "summary": (
            "Wandsworth Safeguarding Children Partnership (WSCP) is jointly led by the Police, "
            "Integrated Care Board and the Council. We are responsible for protecting children "
            "and young people in Wandsworth from harm, abuse, neglect and exploitation, and "
            "promoting their welfare. We want to ensure all young people in Wandsworth have a "
            "great future."
        ),
        "period_start": None,
        "period_end": None,
        "source_title": "Ambitions and Priorities",
        "source_date": None,
        "adopted_at_meeting": None,
        "overseen_by": None,
        "published_at": "2023-03-15 09:00",
        "aims": [],
        "priorities": [
            {
                "slug": "anti-racist-practice",
                "title": "Anti-racist practice, actions, behaviour and culture",
                "summary": "Anti-Racist Practice, Actions, Behaviour, and Culture across the "
                "Partnership and within all organizations.",
                "young_people_summary": "Everyone who works with you should treat you fairly, "
                "whatever your race or background, and challenge racism.",
                "themes": ["equality-and-anti-racism"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [MET_POLICE, SWL_ICB, WANDSWORTH],
            },
            {
                "slug": "excellent-education",
                "title": "Excellent education, with a focus on SEND and children hit hardest by "
                "COVID restrictions",
                "summary": "To deliver excellent education to children in Wandsworth with a focus "
                "on children with special educational needs, and young people who have been "
                "disproportionately impacted by COVID restrictions, ensuring needs are assessed "
                "and that children receive the right support at the right time in the right "
                "provision to enable every child to reach their potential.",
                "young_people_summary": "You should get a great education and the right help at "
                "school, especially if you have special educational needs or lost out during "
                "COVID.",
                "themes": ["education-and-send"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [WANDSWORTH],
            },
            {
                "slug": "accessible-early-help",
                "title": "Accessible early help, developed with children and communities",
                "summary": "To work alongside children, young people, and communities to develop "
                "and deliver accessible early help services to children and families in "
                "Wandsworth with a focus on supporting disadvantaged and marginalised families, "
                "increasing fairness and inclusivity, and improving the wellbeing of children, "
                "young people, and their families in Wandsworth.",
                "young_people_summary": "We will work with you to design help for families that "
                "is easy to get and fair to everyone.",
                "themes": ["early-help", "equality-and-anti-racism"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [WANDSWORTH, SWL_ICB],
            },
            {
                "slug": "accessible-health-services",
                "title": "Accessible and inclusive mental and physical health services",
                "summary": "To deliver accessible and inclusive mental and physical health "
                "services to children, young people and parents and carers ensuring access "
                "pathways for services are clear and gaps in services responded to.",
                "young_people_summary": "It should be clear how to get help with your mental or "
                "physical health, and gaps in services should be fixed.",
                "themes": ["mental-health", "health-inequalities"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [SWL_ICB, WANDSWORTH],
            },
            {
                "slug": "meaningful-multi-agency-data",
                "title": "Meaningful multi-agency data for the partnership’s leaders",
                "summary": "To have meaningful multi agency data that enables the Leadership to "
                "understand the effectiveness of the safeguarding response to children and young "
                "people and to act quickly when there are areas of vulnerability or risk.",
                "young_people_summary": "The people in charge will share information so they can "
                "see what is working and act quickly when children are at risk.",
                "themes": ["multi-agency-data", "safeguarding-and-child-protection"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [MET_POLICE, SWL_ICB, WANDSWORTH],
            },
        ],
    },
    {
        "organisation": TELFORD,
        "slug": "children-and-young-peoples-partnership-strategy-2025-2028",
        "title": "Children and Young People’s partnership strategy 2025–2028",
        "status": PlanStatus.ADOPTED,
        "summary": (
            "A new three-year strategy to ensure children and young people across Telford and "
            "Wrekin remain healthy, safe and can achieve their full potential. It brings the "
            "organisations delivering services for children and young people under the umbrella "
            "of one strategy, with clear common aims: that children and young people start "
            "well, stay well, keep safe, enjoy and achieve. It takes a whole-child approach, to "
            "maximise the outcomes for all children and young people, with a focus on narrowing "
            "the gap for those who are marginalised or in need, for whatever reason. The "
            "proposals are based on what local children and young people, their parents and "
            "carers share about the outcomes they want for themselves.\n\n"
            "The strategy went to Cabinet on Thursday 13 February 2025. "
            + demo(
                "Cabinet’s endorsement, and the period running April 2025 to March 2028, are "
                "recorded here for the demo."
            )
        ),
        "period_start": "2025-04-01",
        "period_end": "2028-03-31",
        "source_title": "New strategy to drive ambitions for children and young people",
        "source_date": None,
        "adopted_at_meeting": TW_CABINET,
        "overseen_by": f"{TELFORD_BOARD}/star-chamber",
        "published_at": "2025-02-13 14:00",
        "aims": [
            {
                "slug": "start-well",
                "title": "Start well",
                "description": "Children get the best start in life and are ready for school.",
            },
            {
                "slug": "stay-well",
                "title": "Stay well",
                "description": "Children and young people are physically and mentally healthy.",
            },
            {
                "slug": "keep-safe",
                "title": "Keep safe",
                "description": "Every child is safe, with families getting help early.",
            },
            {
                "slug": "enjoy-and-achieve",
                "title": "Enjoy and achieve",
                "description": "Children and young people have aspirations and gain the skills "
                "they need to fulfil their potential.",
            },
        ],
        "priorities": [
            {
                "slug": "ready-for-school",
                "aim": "start-well",
                "title": "Support all children to be ready for school",
                "summary": "Supporting all children to be ready for school.",
                "young_people_summary": "Help for little children so they are ready to start "
                "school.",
                "themes": ["early-years", "education-and-send"],
                "lead": SHIRLEY_REYNOLDS,
                "contributors": [NHS_STW, TELFORD_VCS],
            },
            {
                "slug": "mental-health-and-emotional-wellbeing",
                "aim": "stay-well",
                "title": "Improve children and young people’s mental health and emotional "
                "wellbeing",
                "summary": "Improving children and young people’s mental health and emotional "
                "wellbeing.",
                "young_people_summary": "More help to feel well in your mind as well as your body.",
                "themes": ["mental-health"],
                "lead": SHIRLEY_REYNOLDS,
                "contributors": [NHS_STW, TELFORD_VCS],
            },
            {
                "slug": "every-child-safe",
                "aim": "keep-safe",
                "title": "Create the conditions so every child is safe",
                "summary": "Creating conditions, so every child is safe. The new family help "
                "service will focus on helping families get the support they need early to "
                "prevent situations escalating or reaching crisis mode.",
                "young_people_summary": "Everyone will work together so that every child is "
                "safe, and families get help before things reach a crisis.",
                "themes": ["safeguarding-and-child-protection", "early-help"],
                "lead": SHIRLEY_REYNOLDS,
                "contributors": [WEST_MERCIA_POLICE, NHS_STW, TELFORD_VCS],
            },
            {
                "slug": "aspirations-and-skills",
                "aim": "enjoy-and-achieve",
                "title": "Encourage aspirations in all children and young people, and the skills "
                "to fulfil their potential",
                "summary": "Encouraging aspirations in all children and young people, enabling "
                "them to gain the skills they need to fulfil their potential.",
                "young_people_summary": "Help to dream big and learn the skills to get there.",
                "themes": ["education-and-send"],
                "lead": SHIRLEY_REYNOLDS,
                "contributors": [TELFORD_VCS],
            },
            {
                "slug": "narrow-the-gap",
                "aim": "enjoy-and-achieve",
                "title": "Narrow the gap for children and young people who are marginalised or "
                "in need",
                "summary": "A focus on narrowing the gap for those who are marginalised or in "
                "need, for whatever reason, to provide equal opportunities for all.",
                "young_people_summary": "Fair chances for every child, whatever is happening in "
                "their life.",
                "themes": ["health-inequalities", "equality-and-anti-racism"],
                "lead": SHIRLEY_REYNOLDS,
                "contributors": [WEST_MERCIA_POLICE, NHS_STW, TELFORD_VCS],
            },
        ],
    },
    {
        "organisation": WESTMINSTER,
        "slug": "changes-to-childrens-services",
        "title": "Changes to children’s services",
        "status": PlanStatus.PROPOSED,
        "summary": (
            "Our ultimate ambition is to make Westminster the best place in the country for "
            "children to grow up. A place where children get the best possible start in life, "
            "families thrive and young people are equipped for the future.\n\n"
            "To continue to deliver Children’s Services in a context of shrinking budgets, the "
            "council consulted families and young people in January 2015 and again in January "
            "2016, and proposed changes that identify problems facing families at the earliest "
            "opportunity and provide support before they become more complex and harder to "
            "solve."
        ),
        "period_start": None,
        "period_end": None,
        "source_title": "Changes to children’s services",
        "source_date": "2016-08-11",
        "adopted_at_meeting": None,
        "overseen_by": None,
        "published_at": "2016-08-11 09:00",
        "aims": [],
        "priorities": [
            {
                "slug": "reshape-early-help",
                "title": "Reshape early help, including Children’s Centres, protecting child "
                "protection funding",
                "summary": "We will reshape our early help model, including Children’s Centres, "
                "so that funding for child protection work is protected and the vital role Early "
                "Help plays in preventing the escalation of problems among families and children "
                "most at risk is maintained.",
                "young_people_summary": "Help for families will change, but money to keep "
                "children safe from harm is protected.",
                "themes": ["early-help", "early-years", "safeguarding-and-child-protection"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [],
            },
            {
                "slug": "work-closely-with-families",
                "title": "Work more closely with families so they can make changes themselves",
                "summary": "We will work more closely with families to help them identify where "
                "they can make change themselves, to successfully look after their children into "
                "adulthood.",
                "young_people_summary": "Workers will help families find the changes they can "
                "make themselves.",
                "themes": ["early-help"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [],
            },
            {
                "slug": "new-approach-to-youth-services",
                "title": "Bring partners together for a new approach to services for young "
                "people, including youth clubs",
                "summary": "We will use our unique position as a local authority to bring "
                "together partners in education, business, charity, the local community and more "
                "to work together and better respond to local needs. In particular we will work "
                "with local organisations on a new approach to services for young people "
                "including youth clubs.",
                "young_people_summary": "The council will team up with local groups to run "
                "youth clubs and other things for young people.",
                "themes": ["youth-services"],
                "lead": NO_LEAD_MEMBER,
                "contributors": [],
            },
        ],
    },
]

#: Plans put before a committee: (meeting, plan, title, outcome, notes).
PLAN_AGENDA_ITEMS = [
    (
        WW_FINANCE_JULY,
        WW_PLAN,
        "Leader’s report: new policy priorities for children and families",
        AgendaOutcome.NOTED,
        "Council leader Simon Hogg’s report setting out the new policy priorities. Some of the "
        "initiatives are subject to further discussion and committee scrutiny before they can "
        "be officially adopted. " + demo("The outcome “noted” is recorded for the demo."),
    ),
    (
        TW_CABINET,
        TW_PLAN,
        "Children and Young People’s partnership strategy 2025–2028",
        AgendaOutcome.APPROVED,
        "Members were asked to support the new three-year strategy. "
        + demo("The decision to endorse it is recorded for the demo."),
    ),
    (
        TW_STAR_CHAMBER,
        TW_PLAN,
        "Partnership strategy: first report on delivery",
        AgendaOutcome.NOTED,
        demo("The board’s first look at how the strategy’s first-year programmes are going."),
    ),
]

# ---------------------------------------------------------------------------------------------
# Initiatives and their journeys through committee scrutiny
# ---------------------------------------------------------------------------------------------

IN_LEADERS_REPORT = (
    "Listed in the leader’s report to the Finance Committee of new policy priorities for "
    f"children and families, subject to further discussion and committee scrutiny before it can "
    f"be officially adopted. ({WANDSWORTH_SOURCE}; the exact meeting date is illustrative.)"
)

INITIATIVES = [
    # Wandsworth Council ---------------------------------------------------------------------
    {
        "organisation": WANDSWORTH,
        "slug": "power-to-connect",
        "title": "Power to Connect: laptops for pupils who need them",
        "summary": "Continuing to support the Power to Connect scheme, which makes sure pupils "
        "who need a laptop for their learning can get one.",
        "priorities": [f"{WW_PLAN}/power-to-connect"],
        "partners": [],
        "rag": Rag.GREEN,
        "progress": 70,
        "start_date": "2022-10-03",
        "end_date": None,
        "milestones": [
            (
                "Continued support for the scheme set out in the leader’s report",
                "2022-07-21",
                "2022-07-21",
            ),
            (
                "Laptops issued to pupils identified by schools for the autumn term",
                "2022-10-31",
                "2022-11-04",
            ),
            ("Review of demand with headteachers", "2023-07-20", None),
        ],
        "targets": [],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
            step(
                S.UNDER_SCRUTINY,
                "2022-09-22 19:45",
                demo("The Finance Committee considered the continuation of the scheme."),
                WW_FINANCE_SEPT,
            ),
            step(
                S.ADOPTED,
                "2022-09-22 20:30",
                demo("The Finance Committee approved continued funding for the scheme."),
                WW_FINANCE_SEPT,
            ),
            step(
                S.IN_DELIVERY,
                "2022-10-03 09:00",
                demo("Laptops are being issued to pupils through their schools."),
            ),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "prevention-framework",
        "title": "Prevention Framework to tackle health inequalities",
        "summary": "A new Prevention Framework that makes tackling health inequalities a core "
        "theme in all of the council’s work, so residents can see how all its work contributes "
        "to addressing them. It was reported to the Health Committee in the July 2022 cycle.",
        "priorities": [f"{WW_PLAN}/prevention-framework"],
        "partners": [SWL_ICB],
        "rag": Rag.GREEN,
        "progress": 45,
        "start_date": "2022-11-01",
        "end_date": None,
        "milestones": [
            ("Prevention Framework reported to the Health Committee", "2022-07-13", "2022-07-13"),
            (
                "Health inequalities section added to every committee report template",
                "2023-03-31",
                "2023-04-12",
            ),
            (
                "First annual report on health inequalities to the Health Committee",
                "2023-11-30",
                None,
            ),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2022-07-05 10:00",
                demo("Report on the new Prevention Framework published for the Health Committee."),
            ),
            step(
                S.UNDER_SCRUTINY,
                "2022-07-13 20:00",
                "The new Prevention Framework was reported to the Health Committee this cycle. "
                f"({WANDSWORTH_SOURCE}; the exact meeting date is illustrative.)",
                WW_HEALTH_JULY,
            ),
            step(
                S.ADOPTED,
                "2022-10-12 20:15",
                demo("The Health Committee adopted the Prevention Framework."),
                WW_HEALTH_OCT,
            ),
            step(
                S.IN_DELIVERY,
                "2022-11-01 09:00",
                demo("Departments began assessing their work against the framework."),
            ),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "new-early-help-offer",
        "title": "A new Early Help offer for families",
        "summary": "Developing a new Early Help offer, so families get support as soon as "
        "problems emerge. The council aims to be at the forefront of piloting new ideas and "
        "approaches that lead to better outcomes for children, young people and their families.",
        "priorities": [f"{WW_PLAN}/new-early-help-offer", f"{WSCP_PLAN}/accessible-early-help"],
        "partners": [SWL_ICB],
        "rag": Rag.AMBER,
        "progress": 30,
        "start_date": "2023-04-03",
        "end_date": None,
        "milestones": [
            (
                "Costed options and evidence from families brought back to committee",
                "2023-02-23",
                "2023-02-23",
            ),
            ("New Early Help offer launched", "2023-09-29", None),
        ],
        "targets": [],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
            step(
                S.UNDER_SCRUTINY,
                "2022-11-24 19:45",
                demo("The Finance Committee scrutinised the proposed Early Help offer."),
                WW_FINANCE_NOV,
            ),
            step(
                S.REFERRED_BACK,
                "2022-11-24 21:00",
                demo(
                    "Referred back: the committee asked for costed options and evidence of "
                    "how families had shaped the offer."
                ),
                WW_FINANCE_NOV,
            ),
            step(
                S.AWAITING_SCRUTINY,
                "2022-12-05 09:00",
                demo(
                    "Revised proposals with costed options are being prepared for the "
                    "February meeting."
                ),
            ),
            step(
                S.UNDER_SCRUTINY,
                "2023-02-23 19:45",
                demo("The Finance Committee considered the revised Early Help offer."),
                WW_FINANCE_FEB,
            ),
            step(
                S.ADOPTED,
                "2023-02-23 20:45",
                demo("The Finance Committee approved the revised Early Help offer."),
                WW_FINANCE_FEB,
            ),
            step(S.IN_DELIVERY, "2023-04-03 09:00", demo("Delivery of the new offer began.")),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "double-resources-domestic-violence",
        "title": "Doubling resources to tackle domestic violence",
        "summary": "Doubling the resources the council puts into tackling domestic violence, "
        "to deliver more effective support for the victims of domestic violence and abuse.",
        "priorities": [f"{WW_PLAN}/double-resources-to-tackle-domestic-violence"],
        "partners": [MET_POLICE],
        "rag": Rag.AMBER,
        "progress": 50,
        "start_date": "2022-10-03",
        "end_date": "2026-03-31",
        "milestones": [
            ("Baseline of 2022/23 domestic violence resources agreed", "2022-09-22", "2022-09-22"),
            ("Additional domestic abuse advocates recruited", "2023-06-30", None),
            ("Resources doubled", "2026-03-31", None),
        ],
        "targets": [
            {
                "description": "Double resources to tackle domestic violence",
                "unit": "× 2022/23 resources",
                "baseline_value": "1",
                "baseline_date": "2022-04-01",
                "target_value": "2",
                "target_date": "2026-03-31",
                # Illustrative: the seed gives the aim (double), not any progress.
                "current_value": "1.5",
                "current_value_date": "2023-04-01",
            },
        ],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
            step(
                S.UNDER_SCRUTINY,
                "2022-09-22 19:50",
                demo("The Finance Committee considered the growth bid to double resources."),
                WW_FINANCE_SEPT,
            ),
            step(
                S.ADOPTED,
                "2022-09-22 20:40",
                demo(
                    "The Finance Committee approved doubling resources over the period to "
                    "March 2026."
                ),
                WW_FINANCE_SEPT,
            ),
            step(
                S.IN_DELIVERY,
                "2022-10-03 09:00",
                demo("The first additional resources were committed."),
            ),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "mental-health-practitioner-in-every-school",
        "title": "An experienced mental health practitioner in every school",
        "summary": "Making sure each school benefits from an experienced practitioner to "
        "support the emerging needs of children and young people at the earliest opportunity.",
        "priorities": [
            f"{WW_PLAN}/mental-health-support-in-schools",
            f"{WW_PLAN}/improving-mental-health-provision",
            f"{WSCP_PLAN}/accessible-health-services",
        ],
        "partners": [SWL_ICB],
        "rag": Rag.AMBER,
        "progress": 15,
        "start_date": "2023-04-03",
        "end_date": "2025-07-31",
        "milestones": [
            ("NHS funding for school mental health support confirmed", "2022-12-31", "2023-01-09"),
            ("Practitioners in place in every school", "2025-07-31", None),
        ],
        "targets": [
            {
                "description": "Schools with an experienced mental health practitioner "
                "(illustrative baseline)",
                "unit": "% of schools",
                "baseline_value": "40",
                "baseline_date": "2022-09-01",
                "target_value": "100",
                "target_date": "2025-07-31",
                "current_value": None,
                "current_value_date": None,
            },
        ],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
            step(
                S.DEFERRED,
                "2022-10-12 20:30",
                demo(
                    "Deferred by the Health Committee until NHS funding for school mental "
                    "health support is confirmed."
                ),
                WW_HEALTH_OCT,
            ),
            step(
                S.UNDER_SCRUTINY,
                "2023-01-18 19:45",
                demo("Back before the Health Committee now that NHS funding is confirmed."),
                WW_HEALTH_JAN,
            ),
            step(
                S.ADOPTED,
                "2023-01-18 20:30",
                demo("The Health Committee approved the plan for a practitioner in every school."),
                WW_HEALTH_JAN,
            ),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "family-safeguarding-model",
        "title": "Family safeguarding model",
        "summary": "Embedding family safeguarding as the model for engaging with families in "
        "need of support and protection, working with the whole family alongside partners.",
        "priorities": [
            f"{WW_PLAN}/embed-family-safeguarding",
            f"{WSCP_PLAN}/accessible-early-help",
        ],
        "partners": [MET_POLICE, SWL_ICB],
        "rag": Rag.GREEN,
        "progress": 60,
        "start_date": "2022-11-01",
        "end_date": "2024-10-31",
        "milestones": [
            ("Multi-disciplinary family safeguarding teams formed", "2023-01-31", "2023-02-06"),
            ("All social work teams using the model", "2024-10-31", None),
        ],
        "targets": [],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
            step(
                S.UNDER_SCRUTINY,
                "2022-09-22 20:00",
                demo("The Finance Committee considered the cost of embedding the model."),
                WW_FINANCE_SEPT,
            ),
            step(
                S.ADOPTED,
                "2022-09-22 20:50",
                demo("The Finance Committee approved the investment in the model."),
                WW_FINANCE_SEPT,
            ),
            step(
                S.IN_DELIVERY,
                "2022-11-01 09:00",
                demo("Recruitment to the first family safeguarding teams began."),
            ),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "extra-support-for-carers",
        "title": "Extra support for carers",
        "summary": "Working more closely with carers to ensure they have the backing they need "
        "to do their vital work across the community.",
        "priorities": [f"{WW_PLAN}/extra-support-for-carers"],
        "partners": [],
        "rag": Rag.NOT_RATED,
        "progress": 0,
        "start_date": None,
        "end_date": None,
        "milestones": [
            ("Carers’ views gathered on the support they need", "2023-06-30", None),
        ],
        "targets": [],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
            step(
                S.UNDER_SCRUTINY,
                "2023-01-18 21:00",
                demo(
                    "The Health Committee began scrutiny of options for extra support for "
                    "carers; a decision is expected at a later meeting."
                ),
                WW_HEALTH_JAN,
            ),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "better-access-to-mental-health-support",
        "title": "Better access to mental health support for children and young people",
        "summary": "Improving access to mental health support for children, working with the "
        "NHS so that children and young people get help sooner.",
        "priorities": [f"{WW_PLAN}/improving-mental-health-provision"],
        "partners": [SWL_ICB],
        "rag": Rag.NOT_RATED,
        "progress": 0,
        "start_date": None,
        "end_date": None,
        "milestones": [],
        "targets": [],
        "journey": [
            step(S.AWAITING_SCRUTINY, "2022-07-21 20:30", IN_LEADERS_REPORT, WW_FINANCE_JULY),
        ],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "draft-early-help-savings-options",
        "title": f"{DRAFT_PREFIX}options to cut the Early Help budget by a fifth",
        "summary": DRAFT_NOTE,
        "priorities": [f"{WW_PLAN}/new-early-help-offer"],
        "partners": [],
        "rag": Rag.NOT_RATED,
        "progress": 0,
        "start_date": None,
        "end_date": None,
        "milestones": [],
        "targets": [],
        "journey": [],
        "draft": True,
    },
    # Wandsworth Safeguarding Children Partnership --------------------------------------------
    {
        "organisation": WSCP,
        "slug": "multi-agency-data-dashboard",
        "title": "Multi-agency safeguarding data for partnership leaders",
        "summary": "Bringing police, health and council data together so the partnership’s "
        "leaders can understand the effectiveness of the safeguarding response to children and "
        "young people and act quickly when there are areas of vulnerability or risk. "
        + demo("The initiative itself is invented for the demo, to serve the seed’s priority."),
        "priorities": [f"{WSCP_PLAN}/meaningful-multi-agency-data"],
        "partners": [MET_POLICE, SWL_ICB, WANDSWORTH],
        "rag": Rag.GREEN,
        "progress": 40,
        "start_date": "2023-04-03",
        "end_date": "2024-03-31",
        "milestones": [
            (
                "Data-sharing agreement signed by the three statutory partners",
                "2023-06-30",
                "2023-06-26",
            ),
            (
                "First quarterly multi-agency data report to the Partnership Executive",
                "2023-09-30",
                "2023-10-11",
            ),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2023-03-01 09:00",
                demo("Proposal prepared for the Partnership Executive."),
            ),
            step(
                S.ADOPTED,
                "2023-03-15 15:00",
                demo("The Partnership Executive agreed the proposal."),
                WSCP_EXECUTIVE,
            ),
            step(S.IN_DELIVERY, "2023-04-03 09:00", demo("Work on the data began.")),
        ],
    },
    # Telford & Wrekin Council -----------------------------------------------------------------
    {
        "organisation": TELFORD,
        "slug": "new-family-help-service",
        "title": "New family help service",
        "summary": "A priority programme to embed the strategy in its first year: a new family "
        "help service that will transform the existing early help support provided through "
        "family hubs. Its focus will be to help families get the support they need early to "
        "prevent situations escalating or reaching crisis mode.",
        "priorities": [f"{TW_PLAN}/every-child-safe", f"{TW_PLAN}/ready-for-school"],
        "partners": [WEST_MERCIA_POLICE, NHS_STW, TELFORD_VCS],
        "rag": Rag.AMBER,
        "progress": 25,
        "start_date": "2025-04-01",
        "end_date": "2026-03-31",
        "milestones": [
            ("Strategy and priority programmes before Cabinet", "2025-02-13", "2025-02-13"),
            ("Family hub staff trained in the family help model", "2025-09-30", None),
            ("Family help service live across all family hubs", "2026-03-31", None),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2025-02-05 09:00",
                demo("Cabinet papers published with the strategy and its priority programmes."),
            ),
            step(
                S.UNDER_SCRUTINY,
                "2025-02-13 10:15",
                f"The new three-year strategy, with the new family help service among its "
                f"first-year priority programmes, went to Cabinet on Thursday 13 February "
                f"2025. ({TELFORD_SOURCE}.)",
                TW_CABINET,
            ),
            step(
                S.ADOPTED,
                "2025-02-13 11:00",
                demo("Cabinet endorsed the strategy and its priority programmes."),
                TW_CABINET,
            ),
            step(S.IN_DELIVERY, "2025-04-01 09:00", demo("The first year of the strategy began.")),
        ],
    },
    {
        "organisation": TELFORD,
        "slug": "establish-the-star-chamber",
        "title": "Establish the Children and Young People’s Board star chamber",
        "summary": "If the strategy is endorsed by Cabinet, it will be steered and overseen by "
        "a newly established Children and Young People’s Board star chamber, with "
        "representation from young people, elected members, and leaders from statutory "
        "organisations.",
        "priorities": [f"{TW_PLAN}/narrow-the-gap"],
        "partners": [WEST_MERCIA_POLICE, NHS_STW, TELFORD_VCS],
        "rag": Rag.GREEN,
        "progress": 100,
        "start_date": "2025-02-14",
        "end_date": "2025-06-12",
        "milestones": [
            ("Young people recruited to the board", "2025-05-16", "2025-05-09"),
            ("First meeting of the star chamber", "2025-06-12", "2025-06-12"),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2025-02-05 09:00",
                demo("Cabinet papers published with the proposed oversight arrangements."),
            ),
            step(
                S.UNDER_SCRUTINY,
                "2025-02-13 10:15",
                "The strategy, to be steered and overseen by a newly established Children and "
                "Young People’s Board star chamber if endorsed, went to Cabinet on Thursday 13 "
                f"February 2025. ({TELFORD_SOURCE}.)",
                TW_CABINET,
            ),
            step(
                S.ADOPTED,
                "2025-02-13 11:00",
                demo("Cabinet agreed to establish the star chamber."),
                TW_CABINET,
            ),
            step(
                S.IN_DELIVERY,
                "2025-02-14 09:00",
                demo("Recruitment of young people and partner representatives began."),
            ),
            step(
                S.COMPLETED,
                "2025-06-12 16:00",
                demo("The star chamber held its first meeting."),
                TW_STAR_CHAMBER,
            ),
        ],
    },
    {
        "organisation": TELFORD,
        "slug": "draft-family-hub-closures",
        "title": f"{DRAFT_PREFIX}close three family hubs to fund the family help service",
        "summary": DRAFT_NOTE,
        "priorities": [f"{TW_PLAN}/every-child-safe"],
        "partners": [],
        "rag": Rag.NOT_RATED,
        "progress": 0,
        "start_date": None,
        "end_date": None,
        "milestones": [],
        "targets": [],
        "journey": [],
        "draft": True,
    },
    # Westminster City Council ----------------------------------------------------------------
    {
        "organisation": WESTMINSTER,
        "slug": "reshape-early-help-and-childrens-centres",
        "title": "Reshaped early help model, including Children’s Centres",
        "summary": "Reshaping the early help model, including Children’s Centres, so that "
        "funding for child protection work is protected and the vital role Early Help plays in "
        "preventing the escalation of problems among families and children most at risk is "
        "maintained.",
        "priorities": [f"{WM_PLAN}/reshape-early-help"],
        "partners": [],
        "rag": Rag.GREEN,
        "progress": 100,
        "start_date": "2017-01-03",
        "end_date": "2018-03-31",
        "milestones": [
            ("New Children’s Centre arrangements in place", "2017-09-01", "2017-09-04"),
            ("Reshaped early help model fully in place", "2018-03-31", "2018-03-29"),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2016-08-11 09:00",
                "Proposed after the council consulted families and young people in January "
                f"2016. ({WESTMINSTER_SOURCE}; its referral for scrutiny is illustrative.)",
            ),
            step(
                S.UNDER_SCRUTINY,
                "2016-09-12 19:30",
                demo("The Policy and Scrutiny Committee examined the proposals."),
                WM_SCRUTINY_SEPT,
            ),
            step(
                S.ADOPTED,
                "2016-10-17 19:00",
                demo("Cabinet approved the reshaped early help model."),
                WM_CABINET_OCT,
            ),
            step(S.IN_DELIVERY, "2017-01-03 09:00", demo("The changes began.")),
            step(
                S.COMPLETED,
                "2018-03-29 17:00",
                demo("The reshaped early help model is fully in place."),
            ),
        ],
    },
    {
        "organisation": WESTMINSTER,
        "slug": "working-closely-with-families",
        "title": "Working with families to make change themselves",
        "summary": "Working more closely with families to help them identify where they can make "
        "change themselves, to successfully look after their children into adulthood.",
        "priorities": [f"{WM_PLAN}/work-closely-with-families"],
        "partners": [],
        "rag": Rag.GREEN,
        "progress": 70,
        "start_date": "2017-01-03",
        "end_date": None,
        "milestones": [
            (
                "Practitioners trained in strengths-based work with families",
                "2017-06-30",
                "2017-07-14",
            ),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2016-08-11 09:00",
                "Proposed after the council consulted families and young people in January "
                f"2016. ({WESTMINSTER_SOURCE}; its referral for scrutiny is illustrative.)",
            ),
            step(
                S.UNDER_SCRUTINY,
                "2016-09-12 19:45",
                demo("The Policy and Scrutiny Committee examined the proposals."),
                WM_SCRUTINY_SEPT,
            ),
            step(
                S.ADOPTED,
                "2016-10-17 19:10",
                demo("Cabinet approved the new way of working with families."),
                WM_CABINET_OCT,
            ),
            step(S.IN_DELIVERY, "2017-01-03 09:00", demo("The new way of working began.")),
        ],
    },
    {
        "organisation": WESTMINSTER,
        "slug": "new-approach-to-youth-services",
        "title": "A new approach to youth services, including youth clubs",
        "summary": "Working with local organisations, and partners in education, business, "
        "charity and the local community, on a new approach to services for young people "
        "including youth clubs.",
        "priorities": [f"{WM_PLAN}/new-approach-to-youth-services"],
        "partners": [],
        "rag": Rag.AMBER,
        "progress": 55,
        "start_date": "2017-04-03",
        "end_date": None,
        "milestones": [
            ("Local organisations chosen to run youth clubs", "2017-03-31", "2017-03-24"),
            ("Youth clubs open under the new arrangements", "2017-09-30", None),
        ],
        "targets": [],
        "journey": [
            step(
                S.AWAITING_SCRUTINY,
                "2016-08-11 09:00",
                "Proposed after the council consulted families and young people in January "
                f"2016. ({WESTMINSTER_SOURCE}; its referral for scrutiny is illustrative.)",
            ),
            step(
                S.UNDER_SCRUTINY,
                "2016-09-12 20:00",
                demo("The Policy and Scrutiny Committee examined the proposals."),
                WM_SCRUTINY_SEPT,
            ),
            step(
                S.ADOPTED,
                "2016-10-17 19:20",
                demo("Cabinet approved the new approach to youth services."),
                WM_CABINET_OCT,
            ),
            step(
                S.CALLED_IN,
                "2016-10-24 12:00",
                demo(
                    "The decision was called in for review by members of the Policy and "
                    "Scrutiny Committee."
                ),
            ),
            step(
                S.ADOPTED,
                "2016-11-07 20:30",
                demo("Having reviewed the called-in decision, the committee let it stand."),
                WM_SCRUTINY_NOV,
            ),
            step(
                S.IN_DELIVERY,
                "2017-04-03 09:00",
                demo("Local organisations began running services for young people."),
            ),
        ],
    },
    {
        "organisation": WESTMINSTER,
        "slug": "draft-youth-club-closures",
        "title": f"{DRAFT_PREFIX}options to close youth clubs with low attendance",
        "summary": DRAFT_NOTE,
        "priorities": [f"{WM_PLAN}/new-approach-to-youth-services"],
        "partners": [],
        "rag": Rag.NOT_RATED,
        "progress": 0,
        "start_date": None,
        "end_date": None,
        "milestones": [],
        "targets": [],
        "journey": [],
        "draft": True,
    },
]

#: An organisation's initiatives are published when its plans were.
INITIATIVES_PUBLISHED_AT = {
    WANDSWORTH: "2022-07-29 09:00",
    WSCP: "2023-03-15 09:00",
    TELFORD: "2025-02-13 14:00",
    WESTMINSTER: "2016-08-11 09:00",
}

#: The outcome recorded on the agenda item when a step of a journey happens at a meeting.
#: Steps to "awaiting scrutiny" put nothing before the committee yet, so make no agenda item.
AGENDA_OUTCOMES = {
    S.UNDER_SCRUTINY: AgendaOutcome.NOTED,
    S.ADOPTED: AgendaOutcome.APPROVED,
    S.IN_DELIVERY: AgendaOutcome.NOTED,
    S.COMPLETED: AgendaOutcome.NOTED,
    S.DEFERRED: AgendaOutcome.DEFERRED,
    S.REFERRED_BACK: AgendaOutcome.REFERRED_BACK,
    S.CALLED_IN: AgendaOutcome.CALLED_IN,
}

# ---------------------------------------------------------------------------------------------
# Consultations: you said, we did
# ---------------------------------------------------------------------------------------------

CONSULTATIONS = [
    {
        "organisation": WESTMINSTER,
        "slug": "childrens-services-consultation-january-2015",
        "title": "Consultation with families and young people on re-shaping children’s "
        "services, January 2015",
        "audience": "Families and young people",
        "opened_on": "2015-01-01",
        "closed_on": "2015-01-31",
        "method": "Consultation with families and young people. The source gives the month "
        "only; the opening and closing days shown are illustrative.",
        "you_said": "Families and young people gave their views on how to re-shape Children’s "
        "Services to better target those most in need. (The source page does not record what "
        "individual people said.)",
        "we_did": "The council set out to re-shape its services to better target those most in "
        "need. As the money it receives from government reduced even further, it consulted "
        "families and young people again in January 2016.",
        "shaped_plans": [WM_PLAN],
        "shaped_priorities": [f"{WM_PLAN}/reshape-early-help"],
        "shaped_initiatives": [],
        "published_at": "2016-08-11 09:00",
    },
    {
        "organisation": WESTMINSTER,
        "slug": "childrens-services-consultation-january-2016",
        "title": "Consultation with families and young people on changes to children’s "
        "services, January 2016",
        "audience": "Families and young people",
        "opened_on": "2016-01-01",
        "closed_on": "2016-01-31",
        "method": "Consultation with families and young people. The source gives the month "
        "only; the opening and closing days shown are illustrative.",
        "you_said": "Families and young people were consulted once more on how to identify "
        "problems facing families at the earliest opportunity and provide support before they "
        "become more complex and harder to solve. (The source page does not record what "
        "individual people said.)",
        "we_did": "The council proposed three changes: reshaping its early help model, "
        "including Children’s Centres, while protecting funding for child protection work; "
        "working more closely with families to help them identify where they can make change "
        "themselves; and bringing partners together on a new approach to services for young "
        "people, including youth clubs.",
        "shaped_plans": [WM_PLAN],
        "shaped_priorities": [
            f"{WM_PLAN}/reshape-early-help",
            f"{WM_PLAN}/work-closely-with-families",
            f"{WM_PLAN}/new-approach-to-youth-services",
        ],
        "shaped_initiatives": [
            f"{WESTMINSTER}/reshape-early-help-and-childrens-centres",
            f"{WESTMINSTER}/working-closely-with-families",
            f"{WESTMINSTER}/new-approach-to-youth-services",
        ],
        "published_at": "2016-08-11 09:00",
    },
]

# ---------------------------------------------------------------------------------------------
# Officers
# ---------------------------------------------------------------------------------------------

#: One demo publisher per organisation that publishes: (username, organisation).
DEMO_OFFICERS = [
    ("officer-wandsworth", WANDSWORTH),
    ("officer-wscp", WSCP),
    ("officer-telford", TELFORD),
    ("officer-westminster", WESTMINSTER),
]

ALL_ACTIONS = ("add", "change", "view", "delete")
#: What the "Officers" group may do with this app's models. Subscribers, subscriptions,
#: notifications and officer memberships are not officers' to edit; status changes are
#: recorded, never edited; organisations and themes are shared, so not deleted.
OFFICER_PERMISSIONS = {
    Organisation: ("change", "view"),
    PartnershipMembership: ALL_ACTIONS,
    Theme: ("add", "change", "view"),
    Plan: ALL_ACTIONS,
    Aim: ALL_ACTIONS,
    Priority: ALL_ACTIONS,
    Initiative: ALL_ACTIONS,
    Milestone: ALL_ACTIONS,
    Target: ALL_ACTIONS,
    EvidenceLink: ALL_ACTIONS,
    StatusChange: ("add", "view"),
    Consultation: ALL_ACTIONS,
    Committee: ALL_ACTIONS,
    Meeting: ALL_ACTIONS,
    AgendaItem: ALL_ACTIONS,
}


# =============================================================================================
# Loading
# =============================================================================================


@dataclass
class Tally:
    """What a load wrote: records created and records whose values changed."""

    created: int = 0
    updated: int = 0


def london(value: str | None) -> datetime | None:
    """Return "YYYY-MM-DD HH:MM" as an aware datetime in Europe/London."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=LONDON)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _differs(obj, name, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one or field.one_to_one:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def upsert(manager, tally: Tally, *, lookup: dict, values: dict | None = None, m2m=None):
    """Find the record by its natural key ``lookup``; create it, or save only what differs.

    ``m2m`` maps a many-to-many field to the complete list of records it should hold; the
    relation is written only when it differs, so an unchanged record gains no history.
    """
    values = values or {}
    obj = manager.filter(**lookup).first()
    created = obj is None
    # Field values are checked here (lengths, choices, links) so bad data fails the same way on
    # SQLite as on PostgreSQL; uniqueness and check constraints are left to the database.
    if created:
        obj = manager.model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        tally.created += 1
    else:
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            tally.updated += 1
    for name, records in (m2m or {}).items():
        related = getattr(obj, name)
        if set(related.values_list("pk", flat=True)) != {record.pk for record in records}:
            related.set(records)
            if not created:
                tally.updated += 1
    return obj


def publication(draft: bool, published_at: str) -> dict:
    if draft:
        return {"publication_state": PublicationState.DRAFT, "published_at": None}
    return {"publication_state": PublicationState.PUBLISHED, "published_at": london(published_at)}


#: Organisations already looked up in this load, by slug; emptied by ``start_load``.
_organisations: dict[str, Organisation] = {}


def start_load():
    """Forget lookups from an earlier load: its transaction may have been rolled back."""
    _organisations.clear()


def organisation(slug: str) -> Organisation:
    if slug not in _organisations:
        _organisations[slug] = Organisation.objects.get(slug=slug)
    return _organisations[slug]


def committee(ref: str) -> Committee:
    organisation_slug, slug = ref.split("/")
    return Committee.objects.get(organisation__slug=organisation_slug, slug=slug)


def meeting(ref: str | None) -> Meeting | None:
    if ref is None:
        return None
    organisation_slug, committee_slug, slug = ref.split("/")
    return Meeting.objects.get(
        committee__organisation__slug=organisation_slug, committee__slug=committee_slug, slug=slug
    )


def plan(ref: str) -> Plan:
    organisation_slug, slug = ref.split("/")
    return Plan.private_objects.get(organisation__slug=organisation_slug, slug=slug)


def priority(ref: str) -> Priority:
    """Return the priority "organisation/plan/priority" (any publication state)."""
    organisation_slug, plan_slug, slug = ref.split("/")
    return Priority.private_objects.get(
        plan__organisation__slug=organisation_slug, plan__slug=plan_slug, slug=slug
    )


def initiative(ref: str) -> Initiative:
    organisation_slug, slug = ref.split("/")
    return Initiative.private_objects.get(organisation__slug=organisation_slug, slug=slug)


def load_themes(tally):
    for theme in THEMES:
        upsert(
            Theme.objects,
            tally,
            lookup={"slug": theme["slug"]},
            values={"name": theme["name"], "description": theme["description"]},
        )


def load_organisations(tally):
    for data in ORGANISATIONS:
        values = {key: value for key, value in data.items() if key != "slug"}
        upsert(Organisation.objects, tally, lookup={"slug": data["slug"]}, values=values)
    for order, (partnership, member, is_lead, role) in enumerate(PARTNERSHIP_MEMBERSHIPS, 1):
        upsert(
            PartnershipMembership.objects,
            tally,
            lookup={"partnership": organisation(partnership), "member": organisation(member)},
            values={"is_lead_partner": is_lead, "role": role, "order": order},
        )


def load_committees(tally):
    for data in COMMITTEES:
        upsert(
            Committee.objects,
            tally,
            lookup={"organisation": organisation(data["organisation"]), "slug": data["slug"]},
            values={"name": data["name"], "kind": data["kind"], "description": data["description"]},
        )
    for data in MEETINGS:
        starts_at = london(data["starts_at"])
        upsert(
            Meeting.objects,
            tally,
            lookup={"committee": committee(data["committee"]), "slug": f"{starts_at:%Y-%m-%d}"},
            values={
                "starts_at": starts_at,
                "status": data["status"],
                "location": data["location"],
                "description": data["description"],
            },
        )


def load_plans(tally):
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for data in PLANS:
        owner = organisation(data["organisation"])
        the_plan = upsert(
            Plan.private_objects,
            tally,
            lookup={"organisation": owner, "slug": data["slug"]},
            values={
                "title": data["title"],
                "summary": data["summary"],
                "status": data["status"],
                "period_start": day(data["period_start"]),
                "period_end": day(data["period_end"]),
                "source_title": data["source_title"],
                "source_date": day(data["source_date"]),
                "adopted_at_meeting": meeting(data["adopted_at_meeting"]),
                "overseen_by": committee(data["overseen_by"]) if data["overseen_by"] else None,
                **publication(False, data["published_at"]),
            },
        )
        aims = {}
        for order, aim in enumerate(data["aims"], 1):
            aims[aim["slug"]] = upsert(
                Aim.objects,
                tally,
                lookup={"plan": the_plan, "slug": aim["slug"]},
                values={"title": aim["title"], "description": aim["description"], "order": order},
            )
        for order, item in enumerate(data["priorities"], 1):
            lead_member, portfolio = item["lead"]
            upsert(
                Priority.private_objects,
                tally,
                lookup={"plan": the_plan, "slug": item["slug"]},
                values={
                    "aim": aims[item["aim"]] if item.get("aim") else None,
                    "title": item["title"],
                    "summary": item["summary"],
                    "young_people_summary": item["young_people_summary"],
                    "lead_member": lead_member,
                    "portfolio": portfolio,
                    "lead_organisation": owner,
                    "order": order,
                    **publication(item.get("draft", False), data["published_at"]),
                },
                m2m={
                    "themes": [themes[slug] for slug in item["themes"]],
                    "contributing_organisations": [
                        organisation(slug) for slug in item["contributors"]
                    ],
                },
            )


def load_initiatives(tally):
    for data in INITIATIVES:
        owner = organisation(data["organisation"])
        draft = data.get("draft", False)
        item = upsert(
            Initiative.private_objects,
            tally,
            lookup={"organisation": owner, "slug": data["slug"]},
            values={
                "title": data["title"],
                "summary": data["summary"] if draft else f"{data['summary']}\n\n{JOURNEY_NOTE}",
                "rag": data["rag"],
                "progress": data["progress"],
                "start_date": day(data["start_date"]),
                "end_date": day(data["end_date"]),
                **publication(draft, INITIATIVES_PUBLISHED_AT[data["organisation"]]),
            },
            m2m={
                "priorities": [priority(ref) for ref in data["priorities"]],
                "partner_organisations": [organisation(slug) for slug in data["partners"]],
            },
        )
        for order, (title, due, completed) in enumerate(data["milestones"], 1):
            upsert(
                Milestone.objects,
                tally,
                lookup={"initiative": item, "title": title},
                values={"due_date": day(due), "completed_on": day(completed), "order": order},
            )
        for target in data["targets"]:
            upsert(
                Target.objects,
                tally,
                lookup={"initiative": item, "description": target["description"]},
                values={
                    "unit": target["unit"],
                    "baseline_value": decimal(target["baseline_value"]),
                    "baseline_date": day(target["baseline_date"]),
                    "target_value": decimal(target["target_value"]),
                    "target_date": day(target["target_date"]),
                    "current_value": decimal(target["current_value"]),
                    "current_value_date": day(target["current_value_date"]),
                },
            )
        apply_journey(item, data["journey"])


def apply_journey(item: Initiative, journey: list[dict]):
    """Walk ``item`` through its journey with the service, once: only if it has no steps yet."""
    if not journey or StatusChange.objects.filter(initiative=item).exists():
        return
    for entry in journey:
        initiative_change_status(
            initiative=item,
            to=entry["to"],
            reason=entry["reason"],
            acting_user=None,
            meeting=meeting(entry["meeting"]),
            changed_at=london(entry["at"]),
        )


def agenda_items():
    """Return every agenda item the data implies: plan items, then initiatives' steps at meetings.

    An initiative appears once per meeting, with the outcome of its last step there.
    """
    items = {}
    for meeting_ref, plan_ref, title, outcome, notes in PLAN_AGENDA_ITEMS:
        items[(meeting_ref, "plan", plan_ref)] = {
            "title": title,
            "outcome": outcome,
            "notes": notes,
            "plan": plan_ref,
        }
    for data in INITIATIVES:
        ref = f"{data['organisation']}/{data['slug']}"
        for entry in data["journey"]:
            outcome = AGENDA_OUTCOMES.get(entry["to"])
            if entry["meeting"] and outcome:
                items[(entry["meeting"], "initiative", ref)] = {
                    "title": data["title"],
                    "outcome": outcome,
                    "notes": entry["reason"],
                    "initiative": ref,
                }
    return items


def load_agenda_items(tally):
    numbers: dict[str, int] = {}
    for (meeting_ref, _kind, _ref), data in agenda_items().items():
        numbers[meeting_ref] = numbers.get(meeting_ref, 0) + 1
        number = numbers[meeting_ref]
        upsert(
            AgendaItem.objects,
            tally,
            lookup={"meeting": meeting(meeting_ref), "title": data["title"]},
            values={
                "item_number": str(number),
                "order": number,
                "plan": plan(data["plan"]) if "plan" in data else None,
                "initiative": initiative(data["initiative"]) if "initiative" in data else None,
                "outcome": data["outcome"],
                "outcome_notes": data["notes"],
            },
        )


def load_consultations(tally):
    for data in CONSULTATIONS:
        upsert(
            Consultation.private_objects,
            tally,
            lookup={"organisation": organisation(data["organisation"]), "slug": data["slug"]},
            values={
                "title": data["title"],
                "audience": data["audience"],
                "opened_on": day(data["opened_on"]),
                "closed_on": day(data["closed_on"]),
                "method": data["method"],
                "you_said": data["you_said"],
                "we_did": data["we_did"],
                **publication(False, data["published_at"]),
            },
            m2m={
                "shaped_plans": [plan(ref) for ref in data["shaped_plans"]],
                "shaped_priorities": [priority(ref) for ref in data["shaped_priorities"]],
                "shaped_initiatives": [initiative(ref) for ref in data["shaped_initiatives"]],
            },
        )


def ensure_officer_group(permissions: dict[type[models.Model], tuple[str, ...]]) -> Group:
    """Give the "Officers" group these permissions, adding only those it lacks."""
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    wanted = []
    for model, actions in permissions.items():
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model._meta.model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            wanted.append(permission)
    held = set(group.permissions.values_list("pk", flat=True))
    missing = [permission for permission in wanted if permission.pk not in held]
    if missing:
        group.permissions.add(*missing)
    return group


def _ensure_user(username: str, *, email: str, superuser: bool):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, email=email)
        user.set_password(DEMO_PASSWORD)
    flags = {"is_staff": True, "is_active": True, "is_superuser": superuser}
    if user.pk is None or any(getattr(user, name) != value for name, value in flags.items()):
        for name, value in flags.items():
            setattr(user, name, value)
        user.save()
    return user


def load_demo_officers(tally) -> list[tuple[str, str]]:
    """Create the demo accounts; return (username, what they are) for the summary."""
    group = Group.objects.get(name=OFFICERS_GROUP)
    accounts = []
    admin = _ensure_user(DEMO_ADMIN_USERNAME, email="demo-admin@example.org", superuser=True)
    accounts.append((admin.username, "superuser"))
    for username, organisation_slug in DEMO_OFFICERS:
        owner = organisation(organisation_slug)
        user = _ensure_user(username, email=f"{username}@example.org", superuser=False)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        upsert(
            OfficerMembership.objects,
            tally,
            lookup={"user": user, "organisation": owner},
            values={"role": OfficerRole.PUBLISHER},
        )
        for item in Initiative.private_objects.filter(organisation=owner):
            if not item.owners.filter(pk=user.pk).exists():
                item.owners.add(user)
        accounts.append((username, f"publisher, {owner.name}"))
    return accounts


def load(tally: Tally, *, create_officers: bool) -> list[tuple[str, str]]:
    """Load the priorities demo data; return the demo accounts (none unless asked for)."""
    start_load()
    load_themes(tally)
    load_organisations(tally)
    load_committees(tally)
    load_plans(tally)
    load_initiatives(tally)
    load_agenda_items(tally)
    load_consultations(tally)
    ensure_officer_group(OFFICER_PERMISSIONS)
    return load_demo_officers(tally) if create_officers else []
