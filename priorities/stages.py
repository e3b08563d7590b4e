"""Where a promise stands, in words for the public: an initiative's stage ("Stage 3 of 6: under
scrutiny", or in words for a status off the usual journey), a plan's status, and what each
means. Every stage indicator links to the page that lists them ("What the stages mean").

The order of the stages is the lifecycle's usual journey (``lifecycle.USUAL_JOURNEY``).
"""

from dataclasses import dataclass

from django.urls import reverse

from priorities.lifecycle import USUAL_JOURNEY, InitiativeStatus
from priorities.models import PlanStatus

S = InitiativeStatus

#: What each initiative status means, for the public; on the usual journey first, in order.
INITIATIVE_MEANINGS = {
    S.PROPOSED: "put forward by the organisation that leads it; no committee has looked at it yet.",
    S.AWAITING_SCRUTINY: "waiting to go before a committee, which will look at it in public.",
    S.UNDER_SCRUTINY: "a committee is looking at it now: it may ask questions, want changes, "
    "agree it or turn it down.",
    S.ADOPTED: "agreed by the committee; work has not started yet.",
    S.IN_DELIVERY: "work is under way.",
    S.COMPLETED: "the work is finished.",
    S.DEFERRED: "the committee put off its decision to a later meeting.",
    S.REFERRED_BACK: "the committee sent it back to be changed before it decides.",
    S.CALLED_IN: "councillors asked for a decision on it to be looked at again before it "
    "takes effect.",
    S.REJECTED: "the committee decided not to go ahead with it. It can be proposed again.",
    S.WITHDRAWN: "the organisation that leads it stopped it. It can be proposed again.",
}

#: How the indicator says a status off the usual journey, in place of a stage number.
OFF_JOURNEY_WORDS = {
    S.DEFERRED: "decision put off",
    S.REFERRED_BACK: "sent back for changes",
    S.CALLED_IN: "decision being reviewed",
    S.REJECTED: "not going ahead",
    S.WITHDRAWN: "stopped",
}

#: What each plan status means: a plan's status is separate from its initiatives' stages.
PLAN_MEANINGS = {
    PlanStatus.DRAFT: "being written; the public does not see it yet.",
    PlanStatus.CONSULTATION: "the organisation is asking people what they think of it.",
    PlanStatus.PROPOSED: "written and put forward, but not formally agreed yet. Work on its "
    "initiatives can already be under way.",
    PlanStatus.ADOPTED: "formally agreed by the organisation.",
    PlanStatus.SUPERSEDED: "replaced by a newer plan.",
}


def stages_page_url():
    return reverse("priorities:stages")


@dataclass(frozen=True)
class Stage:
    """An initiative's status as the public reads it."""

    status: str
    label: str
    meaning: str
    #: Its place on the usual journey (1 to ``total``), or None off it.
    number: int | None
    total: int = len(USUAL_JOURNEY)

    @property
    def on_journey(self) -> bool:
        return self.number is not None

    @property
    def words(self) -> str:
        """Where it stands: "Stage 3 of 6: under scrutiny", or "Rejected: not going ahead"."""
        if self.on_journey:
            return f"Stage {self.number} of {self.total}: {self.label.lower()}"
        return f"{self.label}: {OFF_JOURNEY_WORDS[self.status]}"

    @property
    def anchor(self) -> str:
        return "stage-" + self.status.replace("_", "-")

    @property
    def url(self) -> str:
        return f"{stages_page_url()}#{self.anchor}"

    @property
    def steps(self) -> list[bool]:
        """One entry per stage of the journey: True for those reached."""
        return [bool(self.number) and step <= self.number for step in range(1, self.total + 1)]


def initiative_stage(status: str) -> Stage:
    """Return where an initiative in ``status`` stands."""
    status = InitiativeStatus(status)
    number = USUAL_JOURNEY.index(status) + 1 if status in USUAL_JOURNEY else None
    return Stage(status.value, status.label, INITIATIVE_MEANINGS[status], number)


def all_initiative_stages() -> list[Stage]:
    """Every initiative status: the usual journey in order, then those off it."""
    on_journey = [initiative_stage(status) for status in USUAL_JOURNEY]
    off_journey = [
        initiative_stage(status) for status in InitiativeStatus if status not in USUAL_JOURNEY
    ]
    return on_journey + off_journey


@dataclass(frozen=True)
class PlanStage:
    """A plan's status as the public reads it."""

    status: str
    label: str
    meaning: str

    @property
    def anchor(self) -> str:
        return "plan-" + self.status.replace("_", "-")

    @property
    def url(self) -> str:
        return f"{stages_page_url()}#{self.anchor}"


def plan_stage(status: str) -> PlanStage:
    status = PlanStatus(status)
    return PlanStage(status.value, status.label, PLAN_MEANINGS[status])


def all_plan_stages() -> list[PlanStage]:
    return [plan_stage(status) for status in PlanStatus]
