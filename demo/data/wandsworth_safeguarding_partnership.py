"""The Wandsworth Safeguarding Children Partnership ("Ambitions and Priorities"): the partnership
and its three statutory partners, its executive, its plan and priorities. Its profile and
ambitions are safeguarding records: ``demo.safeguarding_demo``."""

from demo.data.common import INVENTED_MEETING, NO_LEAD_MEMBER, S, demo, step
from demo.data.slugs import MET_POLICE, SWL_ICB, WANDSWORTH, WSCP, WSCP_EXECUTIVE, WSCP_PLAN
from priorities.models import CommitteeKind, MeetingStatus, OrganisationKind, PlanStatus, Rag

ORGANISATIONS = [
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
]

PARTNERSHIP_MEMBERSHIPS = [
    (WSCP, MET_POLICE, True, "Statutory safeguarding partner: the Police"),
    (WSCP, SWL_ICB, True, "Statutory safeguarding partner: the Integrated Care Board"),
    (WSCP, WANDSWORTH, True, "Statutory safeguarding partner: the Council"),
]

COMMITTEES = [
    {
        "organisation": WSCP,
        "slug": "partnership-executive",
        "name": "Partnership Executive",
        "kind": CommitteeKind.PARTNERSHIP_BOARD,
        "description": demo(
            "Where the three statutory partners take the partnership’s decisions together."
        ),
    },
]

MEETINGS = [
    {
        "committee": f"{WSCP}/partnership-executive",
        "starts_at": "2023-03-15 14:00",
        "status": MeetingStatus.HELD,
        "location": "",
        "description": INVENTED_MEETING,
    },
]

PLANS = [
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
]

INITIATIVES = [
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
]

INITIATIVES_PUBLISHED_AT = {
    WSCP: "2023-03-15 09:00",
}
