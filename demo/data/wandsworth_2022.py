"""Wandsworth Council's new policy priorities for children and families (press release, 29 July
2022): the council, its Finance and Health committees, the plan and its initiatives."""

from demo.data.common import DRAFT_NOTE, DRAFT_PREFIX, INVENTED_MEETING, S, demo, step
from demo.data.slugs import (
    MET_POLICE,
    SWL_ICB,
    WANDSWORTH,
    WSCP_PLAN,
    WW_FINANCE_FEB,
    WW_FINANCE_JULY,
    WW_FINANCE_NOV,
    WW_FINANCE_SEPT,
    WW_HEALTH_JAN,
    WW_HEALTH_JULY,
    WW_HEALTH_OCT,
    WW_PLAN,
)
from priorities.models import (
    AgendaOutcome,
    CommitteeKind,
    MeetingStatus,
    OrganisationKind,
    PlanStatus,
    Rag,
)

WANDSWORTH_PRESS_RELEASE = (
    "Supporting children and families, tackling health inequalities and improving mental health "
    "services at heart of borough’s new policy priorities"
)

WANDSWORTH_SOURCE = "Source: Wandsworth Council press release, 29 July 2022"

WANDSWORTH_TOWN_HALL = "Wandsworth Town Hall"

JULY_2022_CYCLE = (
    "meeting of the July 2022 committee cycle named in the council’s press release of 29 July "
    "2022. The exact date, time and place are illustrative demo data."
)

KATE_STOCK = ("Cllr Kate Stock", "Cabinet member for children")

GRAEME_HENDERSON = ("Cllr Graeme Henderson", "Cabinet member for health")

IN_LEADERS_REPORT = (
    "Listed in the leader’s report to the Finance Committee of new policy priorities for "
    f"children and families, subject to further discussion and committee scrutiny before it can "
    f"be officially adopted. ({WANDSWORTH_SOURCE}; the exact meeting date is illustrative.)"
)

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
]

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
]

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
]

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
]

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
]

INITIATIVES = [
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
]

INITIATIVES_PUBLISHED_AT = {
    WANDSWORTH: "2022-07-29 09:00",
}
