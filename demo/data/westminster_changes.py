"""Westminster City Council's "Changes to children's services" (2016): the council, its cabinet
and scrutiny committee (invented for the demo), the changes and the consultations behind them."""

from demo.data.common import (
    DRAFT_NOTE,
    DRAFT_PREFIX,
    INVENTED_MEETING,
    NO_LEAD_MEMBER,
    S,
    demo,
    step,
)
from demo.data.slugs import WESTMINSTER, WM_CABINET_OCT, WM_PLAN, WM_SCRUTINY_NOV, WM_SCRUTINY_SEPT
from priorities.models import CommitteeKind, MeetingStatus, OrganisationKind, PlanStatus, Rag

WESTMINSTER_SOURCE = (
    "Source: Westminster City Council, “Changes to children’s services”, last updated 11 August "
    "2016"
)

ORGANISATIONS = [
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

COMMITTEES = [
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

MEETINGS = [
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

PLANS = [
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

INITIATIVES = [
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

INITIATIVES_PUBLISHED_AT = {
    WESTMINSTER: "2016-08-11 09:00",
}
