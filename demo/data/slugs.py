"""The natural keys the seed documents' records are found by and point at each other with:
organisation slugs, "organisation/committee/date" for meetings, "organisation/slug" for plans.

Apart from the seeds because they cross: Wandsworth's initiatives name the partnership's plan
and partners, the partnership names the council."""

#: Organisations.
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

#: Meetings: "organisation/committee/date".
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

#: Plans: "organisation/plan".
WW_PLAN = f"{WANDSWORTH}/new-policy-priorities-for-children-and-families"
WSCP_PLAN = f"{WSCP}/ambitions-and-priorities"
TW_PLAN = f"{TELFORD}/children-and-young-peoples-partnership-strategy-2025-2028"
WM_PLAN = f"{WESTMINSTER}/changes-to-childrens-services"
