"""The demo's content, one module per seed document, as plain data (lists and dicts).

- ``wandsworth_2022``: Wandsworth Council's new policy priorities (press release, 29 July 2022)
- ``wandsworth_safeguarding_partnership``: the WSCP's "Ambitions and Priorities"
- ``telford_and_wrekin_strategy``: Telford & Wrekin's partnership strategy 2025-2028
- ``westminster_changes``: Westminster's "Changes to children's services" (2016)

The fifth, Ofsted's 2021 focused visit to Wandsworth, gives inspections: safeguarding records,
in ``demo.safeguarding_demo``. ``common`` holds what the seeds share (how invented facts and
drafts are marked), ``slugs`` the keys they point at each other with, ``themes`` and
``officers`` what belongs to no one seed. Below, each kind
of record gathered from the seeds in the order ``demo.priorities_demo`` loads them.
"""

from demo.data import (
    telford_and_wrekin_strategy,
    wandsworth_2022,
    wandsworth_safeguarding_partnership,
    westminster_changes,
)

ORGANISATIONS = [
    *wandsworth_2022.ORGANISATIONS,
    *wandsworth_safeguarding_partnership.ORGANISATIONS,
    *telford_and_wrekin_strategy.ORGANISATIONS,
    *westminster_changes.ORGANISATIONS,
]

#: (partnership, member, is lead partner, role)
PARTNERSHIP_MEMBERSHIPS = [
    *wandsworth_safeguarding_partnership.PARTNERSHIP_MEMBERSHIPS,
    *telford_and_wrekin_strategy.PARTNERSHIP_MEMBERSHIPS,
]

COMMITTEES = [
    *wandsworth_2022.COMMITTEES,
    *wandsworth_safeguarding_partnership.COMMITTEES,
    *telford_and_wrekin_strategy.COMMITTEES,
    *westminster_changes.COMMITTEES,
]

#: (committee, name, role, portfolio): only members a seed document names.
COMMITTEE_MEMBERS = [*telford_and_wrekin_strategy.COMMITTEE_MEMBERS]

#: Each meeting's slug is its date; "committee" is "organisation/committee".
MEETINGS = [
    *wandsworth_2022.MEETINGS,
    *wandsworth_safeguarding_partnership.MEETINGS,
    *telford_and_wrekin_strategy.MEETINGS,
    *westminster_changes.MEETINGS,
]

PLANS = [
    *wandsworth_2022.PLANS,
    *wandsworth_safeguarding_partnership.PLANS,
    *telford_and_wrekin_strategy.PLANS,
    *westminster_changes.PLANS,
]

#: Plans put before a committee: (meeting, plan, title, outcome, notes).
PLAN_AGENDA_ITEMS = [
    *wandsworth_2022.PLAN_AGENDA_ITEMS,
    *telford_and_wrekin_strategy.PLAN_AGENDA_ITEMS,
]

INITIATIVES = [
    *wandsworth_2022.INITIATIVES,
    *wandsworth_safeguarding_partnership.INITIATIVES,
    *telford_and_wrekin_strategy.INITIATIVES,
    *westminster_changes.INITIATIVES,
]

CONSULTATIONS = [*westminster_changes.CONSULTATIONS]

#: An organisation's initiatives are published when its plans were.
INITIATIVES_PUBLISHED_AT = {
    **wandsworth_2022.INITIATIVES_PUBLISHED_AT,
    **wandsworth_safeguarding_partnership.INITIATIVES_PUBLISHED_AT,
    **telford_and_wrekin_strategy.INITIATIVES_PUBLISHED_AT,
    **westminster_changes.INITIATIVES_PUBLISHED_AT,
}
