"""The themes priorities are tagged with, shared by every seed document."""

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
