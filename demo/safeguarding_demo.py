"""Demo data for the safeguarding app, built from the seed documents.

The Wandsworth Safeguarding Children Partnership's profile and its five ambitions (verbatim from
its "Ambitions and Priorities" page), a few multi-agency indicators (illustrative), and the
Ofsted inspection history of Wandsworth and Telford & Wrekin. The partnership itself, its plan
and its priorities are priorities-app records loaded by ``demo.priorities_demo`` first; this
module links the ambitions to them and reuses its loader helpers, so it is just as idempotent.
"""

from demo.data.common import ILLUSTRATIVE, demo
from demo.data.officers import ALL_ACTIONS
from demo.data.slugs import MET_POLICE, SWL_ICB, TELFORD, WANDSWORTH, WSCP, WSCP_PLAN, WW_PLAN
from demo.priorities_demo import (
    Tally,
    day,
    decimal,
    ensure_officer_group,
    organisation,
    priority,
    publication,
    start_load,
    upsert,
)
from priorities.models import Organisation, OrganisationKind
from safeguarding.models import (
    Ambition,
    Indicator,
    Inspection,
    InspectionKind,
    Inspectorate,
    Judgement,
    Measurement,
    PartnershipProfile,
)

OFSTED = "ofsted"
PUBLISHED_AT = "2023-03-15 09:00"

OFSTED_ORGANISATION = {
    "slug": OFSTED,
    "name": "Ofsted",
    "short_name": "Ofsted",
    "kind": OrganisationKind.INSPECTORATE,
    "website": "https://www.gov.uk/government/organisations/ofsted",
    "description": "The Office for Standards in Education, Children’s Services and Skills, "
    "which inspects councils’ children’s services.",
}

PARTNERSHIP_PROFILE = {
    "organisation": WSCP,
    "responsibilities": "We are responsible for protecting children and young people in "
    "Wandsworth from harm, abuse, neglect and exploitation, and promoting their welfare.",
    "leadership_arrangements": "Wandsworth Safeguarding Children Partnership (WSCP) is jointly "
    "led by the Police, Integrated Care Board and the Council: the Metropolitan Police Service, "
    "South West London Integrated Care Board and Wandsworth Council.",
    "ambitions_introduction": "We want to ensure all young people in Wandsworth have a great "
    "future, where:",
}

#: The partnership's five ambitions, verbatim, and the priorities (of any organisation) that
#: serve them. The looked-after children ambition is served by none of the seeds' priorities:
#: the alignment view shows it as a gap.
AMBITIONS = [
    {
        "slug": "happy-with-good-opportunities",
        "title": "Children are happy and have good opportunities to develop skills",
        "priorities": [f"{WW_PLAN}/power-to-connect"],
    },
    {
        "slug": "safe-at-home-and-in-the-community",
        "title": "Children are safe both at home and in the communities where they live",
        "priorities": [
            f"{WW_PLAN}/embed-family-safeguarding",
            f"{WW_PLAN}/double-resources-to-tackle-domestic-violence",
            f"{WW_PLAN}/new-early-help-offer",
            f"{WSCP_PLAN}/anti-racist-practice",
            f"{WSCP_PLAN}/accessible-early-help",
            f"{WSCP_PLAN}/meaningful-multi-agency-data",
        ],
    },
    {
        "slug": "healthy-and-fulfilling-lives",
        "title": "Children are enabled to live healthy and fulfilling lives",
        "priorities": [
            f"{WW_PLAN}/improving-mental-health-provision",
            f"{WW_PLAN}/mental-health-support-in-schools",
            f"{WW_PLAN}/extra-support-for-carers",
            f"{WW_PLAN}/prevention-framework",
            f"{WSCP_PLAN}/accessible-health-services",
        ],
    },
    {
        "slug": "a-good-education",
        "title": "Children receive a good education, suited to their individual needs, which "
        "supports them in staying safe and achieving their potential",
        "priorities": [
            f"{WW_PLAN}/power-to-connect",
            f"{WW_PLAN}/mental-health-support-in-schools",
            f"{WSCP_PLAN}/excellent-education",
        ],
    },
    {
        "slug": "looked-after-children-thrive",
        "title": "Looked after children feel safe, secure, cared for and happy in an environment "
        "where they can thrive and succeed",
        "priorities": [],
    },
]

QUARTERS = [
    ("2022-06-30", "2022–23 Q1"),
    ("2022-09-30", "2022–23 Q2"),
    ("2022-12-31", "2022–23 Q3"),
    ("2023-03-31", "2022–23 Q4"),
    ("2023-06-30", "2023–24 Q1"),
    ("2023-09-30", "2023–24 Q2"),
]

INDICATOR_NOTE = (
    "An example of the meaningful multi-agency data the partnership’s priority asks for: data "
    "that enables the Leadership to understand the effectiveness of the safeguarding response "
    "and to act quickly when there are areas of vulnerability or risk."
)

#: Illustrative indicators, one from each statutory partner, with six quarters of values.
INDICATORS = [
    {
        "slug": "re-referrals-within-12-months",
        "title": "Re-referrals to children’s social care within 12 months",
        "measured_by": WANDSWORTH,
        "ambition": "safe-at-home-and-in-the-community",
        "description": "The share of referrals to children’s social care about a child already "
        "referred in the previous 12 months. Lower is better. " + INDICATOR_NOTE,
        "unit": "%",
        "higher_is_better": False,
        "target_value": "18",
        "values": ["24.1", "23.5", "22.0", "21.2", "20.4", "19.8"],
    },
    {
        "slug": "domestic-abuse-notifications-to-schools",
        "title": "Domestic abuse incidents involving a child shared with their school by the "
        "next school day",
        "measured_by": MET_POLICE,
        "ambition": "safe-at-home-and-in-the-community",
        "description": "The share of police call-outs to domestic abuse where a child lives "
        "that were shared with the child’s school before the start of the next school day. "
        + INDICATOR_NOTE,
        "unit": "%",
        "higher_is_better": True,
        "target_value": "95",
        "values": ["78", "81", "85", "88", "90", "92"],
    },
    {
        "slug": "mental-health-support-within-four-weeks",
        "title": "Children and young people seen within four weeks of referral for mental "
        "health support",
        "measured_by": SWL_ICB,
        "ambition": "healthy-and-fulfilling-lives",
        "description": "The share of children and young people referred for mental health "
        "support who were seen within four weeks. " + INDICATOR_NOTE,
        "unit": "%",
        "higher_is_better": True,
        "target_value": "75",
        "values": ["52", "55", "58", "57", "63", "66"],
    },
]

FOCUSED_VISIT_FINDINGS = [
    "“Strong commitment and investment” from politicians and senior leaders across the council "
    "and partners to “bring about positive change for children”.",
    "Despite the challenges of the coronavirus pandemic, services had been “agile and "
    "responsive to the needs of children and their families”.",
    "Strong partnership working systems were in place, with the results of this evident on "
    "children’s records.",
    "“While more work needs to be done to ensure that all children receive a consistently good "
    "service, there has been a determined focus on the improvements necessary.”",
    "“Senior leaders and managers, well led by the [director of children’s services], have a "
    "clear vision for their services, actively promote high-quality practice and know what "
    "needs to be further improved.”",
    "Despite a high rate of Covid-19 infections in Wandsworth, the council, along with its "
    "partners, had “planned and delivered a well-coordinated and effective response to the "
    "pandemic”.",
    "“Its actions have been timely and well-considered, with an appropriate focus on supporting "
    "the most vulnerable. Despite the wider challenges presented by the pandemic, investment and "
    "support for children’s services have been consistently prioritised.”",
    "“Partners feel listened to and their views valued. They report feeling more a part of the "
    "safeguarding system than they have done previously.”",
]

#: Ofsted's judgements. Where the seeds give only the year, the date is 1 January of it and is
#: marked approximate.
INSPECTIONS = [
    {
        "organisation": WANDSWORTH,
        "slug": "2016-full-inspection",
        "kind": InspectionKind.FULL,
        "title": "Inspection of children’s services",
        "published_on": "2016-01-01",
        "date_is_approximate": True,
        "judgement": Judgement.INADEQUATE,
        "summary": "Before its 2018 inspection, Wandsworth’s children’s services had been judged "
        "“inadequate”. The seed gives no date for this judgement: the year 2016 is approximate.",
        "findings": [],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "2018-full-inspection",
        "kind": InspectionKind.FULL,
        "title": "Inspection of children’s services",
        "published_on": "2018-01-01",
        "date_is_approximate": True,
        "judgement": Judgement.REQUIRES_IMPROVEMENT,
        "summary": "Wandsworth’s last full inspection of children’s services before 2021 took "
        "place in 2018, when provision was rated as “requires improvement”, having before that "
        "been judged to be “inadequate”. The seed gives the year only.",
        "findings": [],
    },
    {
        "organisation": WANDSWORTH,
        "slug": "2021-focused-visit",
        "kind": InspectionKind.FOCUSED_VISIT,
        "title": "Focused visit: children in need and children subject to a child protection plan",
        "published_on": "2021-08-26",
        "date_is_approximate": False,
        "judgement": Judgement.NOT_GRADED,
        "summary": "A focused inspection of the arrangements for children in need and children "
        "subject to a child protection plan in the London borough of Wandsworth, during the "
        "Covid-19 pandemic. Focused visits are not graded. The findings were reported on 26 "
        "August 2021 (Children and Young People Now). Will Sweet, then lead member for "
        "education and children’s services, called it “an excellent report”.",
        "findings": FOCUSED_VISIT_FINDINGS,
    },
    {
        "organisation": TELFORD,
        "slug": "2024-full-inspection",
        "kind": InspectionKind.FULL,
        "title": "Inspection of children’s services",
        "published_on": "2024-01-01",
        "date_is_approximate": True,
        "judgement": Judgement.OUTSTANDING,
        "summary": "Telford & Wrekin Council retained its outstanding status for children’s "
        "services. The seed, from February 2025, calls this “last year’s Ofsted success”: the "
        "year 2024 is inferred and the exact date is not known.",
        "findings": [],
    },
]

OFFICER_PERMISSIONS = {
    PartnershipProfile: ALL_ACTIONS,
    Ambition: ALL_ACTIONS,
    Indicator: ALL_ACTIONS,
    Measurement: ALL_ACTIONS,
    Inspection: ALL_ACTIONS,
}


def load_partnership(tally: Tally) -> PartnershipProfile:
    profile = upsert(
        PartnershipProfile.objects,
        tally,
        lookup={"organisation": organisation(PARTNERSHIP_PROFILE["organisation"])},
        values={key: value for key, value in PARTNERSHIP_PROFILE.items() if key != "organisation"},
    )
    for order, data in enumerate(AMBITIONS, 1):
        upsert(
            Ambition.private_objects,
            tally,
            lookup={"partnership": profile, "slug": data["slug"]},
            values={"title": data["title"], "order": order, **publication(False, PUBLISHED_AT)},
            m2m={"priorities": [priority(ref) for ref in data["priorities"]]},
        )
    return profile


def load_indicators(tally: Tally, profile: PartnershipProfile):
    for data in INDICATORS:
        indicator = upsert(
            Indicator.private_objects,
            tally,
            lookup={"organisation": profile.organisation, "slug": data["slug"]},
            values={
                "title": data["title"],
                "measured_by": organisation(data["measured_by"]),
                "ambition": Ambition.private_objects.get(
                    partnership=profile, slug=data["ambition"]
                ),
                "description": demo(data["description"]),
                "unit": data["unit"],
                "higher_is_better": data["higher_is_better"],
                "target_value": decimal(data["target_value"]),
                "source_note": ILLUSTRATIVE,
                **publication(False, PUBLISHED_AT),
            },
        )
        for (period_end, label), value in zip(QUARTERS, data["values"], strict=True):
            upsert(
                Measurement.objects,
                tally,
                lookup={"indicator": indicator, "period_end": day(period_end)},
                values={
                    "period_label": label,
                    "value": decimal(value),
                    "target_value": decimal(data["target_value"]),
                    "note": "Illustrative demo value.",
                },
            )


def load_inspections(tally: Tally):
    upsert(
        Organisation.objects,
        tally,
        lookup={"slug": OFSTED_ORGANISATION["slug"]},
        values={key: value for key, value in OFSTED_ORGANISATION.items() if key != "slug"},
    )
    for data in INSPECTIONS:
        upsert(
            Inspection.objects,
            tally,
            lookup={"organisation": organisation(data["organisation"]), "slug": data["slug"]},
            values={
                "inspectorate": Inspectorate.OFSTED,
                "kind": data["kind"],
                "title": data["title"],
                "published_on": day(data["published_on"]),
                "date_is_approximate": data["date_is_approximate"],
                "judgement": data["judgement"],
                "summary": data["summary"],
                "findings": "\n\n".join(data["findings"]),
            },
        )


def load(tally: Tally):
    """Load the safeguarding demo data; ``demo.priorities_demo.load`` must have run first."""
    start_load()
    profile = load_partnership(tally)
    load_indicators(tally, profile)
    load_inspections(tally)
    ensure_officer_group(OFFICER_PERMISSIONS)
