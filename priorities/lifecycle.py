"""The initiative lifecycle: its statuses and the transitions the scrutiny journey allows.

The usual journey is proposed → awaiting scrutiny → under scrutiny → adopted → in delivery →
completed. A committee can also defer an item, refer it back, or reject it; a decision can be
called in for review; and the owning organisation can withdraw an initiative. Rejected and
withdrawn initiatives can be proposed again. Completed is final.
"""

from django.db import models


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AWAITING_SCRUTINY = "awaiting_scrutiny", "Awaiting scrutiny"
    UNDER_SCRUTINY = "under_scrutiny", "Under scrutiny"
    ADOPTED = "adopted", "Adopted"
    IN_DELIVERY = "in_delivery", "In delivery"
    COMPLETED = "completed", "Completed"
    DEFERRED = "deferred", "Deferred"
    REFERRED_BACK = "referred_back", "Referred back"
    CALLED_IN = "called_in", "Called in"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = InitiativeStatus

#: The usual journey, in order: each public page shows an initiative on it as "stage n of 6".
#: The other statuses (deferred, referred back, called in, rejected, withdrawn) are off it.
USUAL_JOURNEY: tuple[str, ...] = (
    S.PROPOSED,
    S.AWAITING_SCRUTINY,
    S.UNDER_SCRUTINY,
    S.ADOPTED,
    S.IN_DELIVERY,
    S.COMPLETED,
)

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.AWAITING_SCRUTINY, S.ADOPTED, S.REJECTED, S.WITHDRAWN}),
    S.AWAITING_SCRUTINY: frozenset(
        {S.UNDER_SCRUTINY, S.ADOPTED, S.DEFERRED, S.REFERRED_BACK, S.REJECTED, S.WITHDRAWN}
    ),
    S.UNDER_SCRUTINY: frozenset(
        {S.ADOPTED, S.DEFERRED, S.REFERRED_BACK, S.CALLED_IN, S.REJECTED, S.WITHDRAWN}
    ),
    S.ADOPTED: frozenset({S.IN_DELIVERY, S.CALLED_IN, S.WITHDRAWN}),
    S.IN_DELIVERY: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.COMPLETED: frozenset(),
    S.DEFERRED: frozenset({S.AWAITING_SCRUTINY, S.UNDER_SCRUTINY, S.WITHDRAWN}),
    S.REFERRED_BACK: frozenset({S.PROPOSED, S.AWAITING_SCRUTINY, S.WITHDRAWN}),
    S.CALLED_IN: frozenset({S.UNDER_SCRUTINY, S.ADOPTED, S.REFERRED_BACK, S.REJECTED}),
    S.REJECTED: frozenset({S.PROPOSED}),
    S.WITHDRAWN: frozenset({S.PROPOSED}),
}


def allowed_next_statuses(current: str) -> list[str]:
    """Return the statuses an initiative in ``current`` may move to, in lifecycle order."""
    allowed = ALLOWED_TRANSITIONS[current]
    return [status for status in InitiativeStatus.values if status in allowed]


def is_allowed_transition(current: str, to: str) -> bool:
    return to in ALLOWED_TRANSITIONS.get(current, frozenset())


#: Why a status change was refused: the service and the admin's form both say it so.
TRANSITION_REFUSED = "An initiative that is {current} cannot become {to}. "


def transition_refused(current: str, to: str) -> str:
    """Return why an initiative in ``current`` cannot move to ``to``, naming what it can."""
    if to not in InitiativeStatus.values:
        return f"“{to}” is not a status."
    label = lambda status: InitiativeStatus(status).label.lower()  # noqa: E731
    message = TRANSITION_REFUSED.format(current=label(current), to=label(to))
    allowed = allowed_next_statuses(current)
    if allowed:
        return message + "It can become: " + ", ".join(label(s) for s in allowed) + "."
    return message + "Its journey is complete."
