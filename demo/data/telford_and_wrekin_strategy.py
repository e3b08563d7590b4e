"""Telford & Wrekin Council's Children and Young People's partnership strategy 2025-2028 ("New
strategy to drive ambitions for children and young people"): the council, the Children and
Young People's Board and its partners, the cabinet and star chamber, the strategy and its
initiatives."""

from demo.data.common import DRAFT_NOTE, DRAFT_PREFIX, INVENTED_MEETING, S, demo, step
from demo.data.slugs import (
    NHS_STW,
    TELFORD,
    TELFORD_BOARD,
    TELFORD_VCS,
    TW_CABINET,
    TW_PLAN,
    TW_STAR_CHAMBER,
    WEST_MERCIA_POLICE,
)
from priorities.models import (
    AgendaOutcome,
    CommitteeKind,
    CommitteeRole,
    MeetingStatus,
    OrganisationKind,
    PlanStatus,
    Rag,
)

TELFORD_SOURCE = (
    "Source: Telford & Wrekin Council, “New strategy to drive ambitions for children and young "
    "people”"
)

SHIRLEY_REYNOLDS = (
    "Cllr Shirley Reynolds",
    "Cabinet Member for Children, Young People, Education, Employment and Skills",
)

ORGANISATIONS = [
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
]

PARTNERSHIP_MEMBERSHIPS = [
    (TELFORD_BOARD, TELFORD, False, "Elected members and council leaders"),
    (TELFORD_BOARD, WEST_MERCIA_POLICE, False, "Statutory organisation"),
    (TELFORD_BOARD, NHS_STW, False, "Statutory organisation"),
    (TELFORD_BOARD, TELFORD_VCS, False, "Voluntary and community partners"),
]

COMMITTEES = [
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
]

#: Committee members the press release names: (committee, name, role, portfolio). Dates of
#: service are not stated, so none are recorded.
COMMITTEE_MEMBERS = [
    (
        f"{TELFORD}/cabinet",
        "Councillor Shirley Reynolds",
        CommitteeRole.MEMBER,
        "Cabinet Member for Children, Young People, Education, Employment and Skills",
    ),
]

MEETINGS = [
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
]

PLANS = [
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
]

PLAN_AGENDA_ITEMS = [
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

INITIATIVES = [
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
]

INITIATIVES_PUBLISHED_AT = {
    TELFORD: "2025-02-13 14:00",
}
