"""The template file: a small plan of a fictional council, Castlebridge, in the import format.

``docs/plan-import-template.csv`` and ``.xlsx`` are written from these rows by
``python manage.py export_plan --template --format csv|xlsx --output FILE``; the admin's
"Import a plan" page offers the same files for download.
"""

import datetime
from decimal import Decimal

from priorities.plan_files.columns import HEADERS

#: The organisations and themes the template refers to: they must exist for it to import.
TEMPLATE_ORGANISATIONS = ("castlebridge", "castlebridge-health")
TEMPLATE_THEMES = ("early-years", "education-and-send", "domestic-abuse")

_D = datetime.date

TEMPLATE_ROWS = [
    {
        "Record": "plan",
        "Organisation": "castlebridge",
        "Slug": "children-and-young-peoples-plan-2025-2028",
        "Title": "Children and young people's plan 2025 to 2028",
        "Summary": "What Castlebridge Council and its partners will do for children, young "
        "people and families over the next three years.",
        "Status": "Proposed",
        "Start date": _D(2025, 4, 1),
        "End date": _D(2028, 3, 31),
        "Source document title": "Children and young people's plan 2025 to 2028",
        "Source document link": "https://www.castlebridge.example/childrens-plan",
        "Source document date": _D(2025, 2, 13),
        "Publication state": "Draft",
    },
    {
        "Record": "aim",
        "Organisation": "castlebridge",
        "Slug": "start-well",
        "Title": "Start well",
        "Description": "Children get the best start in life and are ready for school.",
        "Order": 1,
    },
    {
        "Record": "aim",
        "Organisation": "castlebridge",
        "Slug": "keep-safe",
        "Title": "Keep safe",
        "Description": "Every child is safe, with families getting help early.",
        "Order": 2,
    },
    {
        "Record": "priority",
        "Organisation": "castlebridge",
        "Slug": "ready-for-school",
        "Title": "Support all children to be ready for school",
        "Summary": "Every child starts school ready to learn.",
        "Summary for children and young people": "Help for little children so they are ready "
        "to start school.",
        "Aim": "start-well",
        "Themes": "early-years; education-and-send",
        "Lead member": "Cllr Sam Example",
        "Portfolio": "Cabinet member for children",
        "Lead organisation": "castlebridge",
        "Contributing organisations": "castlebridge-health",
        "Order": 1,
        "Publication state": "Draft",
    },
    {
        "Record": "priority",
        "Organisation": "castlebridge",
        "Slug": "tackle-domestic-abuse",
        "Title": "Double resources to tackle domestic abuse",
        "Summary": "More effective support for victims of domestic abuse and their children.",
        "Summary for children and young people": "More help for families where someone is "
        "being hurt at home.",
        "Aim": "keep-safe",
        "Themes": "domestic-abuse",
        "Lead organisation": "castlebridge",
        "Order": 2,
        "Publication state": "Draft",
    },
    {
        "Record": "initiative",
        "Organisation": "castlebridge",
        "Slug": "family-hubs",
        "Title": "Family hubs in every neighbourhood",
        "Summary": "One place in each neighbourhood where families can get help early.",
        "Priorities": "ready-for-school",
        "Partner organisations": "castlebridge-health",
        "Status": "Proposed",
        "RAG rating": "Green",
        "Progress (%)": 20,
        "Start date": _D(2025, 4, 1),
        "End date": _D(2027, 3, 31),
        "Publication state": "Draft",
    },
    {
        "Record": "target",
        "Organisation": "castlebridge",
        "Initiative": "family-hubs",
        "Description": "Family hubs open",
        "Unit": "hubs",
        "Baseline value": Decimal(2),
        "Baseline date": _D(2025, 4, 1),
        "Target value": Decimal(8),
        "Target date": _D(2027, 3, 31),
        "Current value": Decimal(3),
        "Current value date": _D(2025, 9, 30),
    },
    {
        "Record": "milestone",
        "Organisation": "castlebridge",
        "Initiative": "family-hubs",
        "Title": "First new hub opens",
        "Due date": _D(2025, 9, 1),
        "Completed on": _D(2025, 9, 15),
        "Order": 1,
    },
    {
        "Record": "milestone",
        "Organisation": "castlebridge",
        "Initiative": "family-hubs",
        "Title": "Every neighbourhood has a hub",
        "Due date": _D(2027, 3, 31),
        "Order": 2,
    },
    {
        "Record": "initiative",
        "Organisation": "castlebridge",
        "Slug": "domestic-abuse-advocates",
        "Title": "Doubling domestic abuse advocates",
        "Summary": "Twice as many independent domestic violence advocates by March 2027.",
        "Priorities": "tackle-domestic-abuse",
        "Status": "Proposed",
        "RAG rating": "Not rated",
        "Progress (%)": 0,
        "Publication state": "Draft",
    },
    {
        "Record": "target",
        "Organisation": "castlebridge",
        "Initiative": "domestic-abuse-advocates",
        "Description": "Double resources to tackle domestic abuse",
        "Unit": "× 2024/25 resources",
        "Baseline value": Decimal(1),
        "Baseline date": _D(2024, 4, 1),
        "Target value": Decimal(2),
        "Target date": _D(2027, 3, 31),
    },
]


def template_rows():
    """Return the template's rows as value lists in ``HEADERS`` order."""
    return [[row.get(header) for header in HEADERS] for row in TEMPLATE_ROWS]
