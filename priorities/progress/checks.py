"""Contradictions in what an initiative says about itself, stated as facts: to its officers
on the change form and to the public on its page. The rules live here only.

- Rated green (on track) while a milestone is overdue.
- A target whose latest reported value is still its baseline.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import get_text_list

from priorities.models import MilestoneState, Rag
from priorities.templatetags.portal_tags import quantity

GREEN_WITH_OVERDUE_MILESTONES = "green_with_overdue_milestones"
TARGET_NOT_MOVED = "target_not_moved"


@dataclass(frozen=True)
class Contradiction:
    rule: str
    statement: str


def _day(value):
    return format_date(value, "j F Y")


def green_with_overdue_milestones(initiative, milestones, today):
    if initiative.rag != Rag.GREEN:
        return []
    overdue = [m for m in milestones if m.state(today) == MilestoneState.OVERDUE]
    if not overdue:
        return []
    named = get_text_list([f"“{m.title}” (due {_day(m.due_date)})" for m in overdue], "and")
    count = "1 milestone is" if len(overdue) == 1 else f"{len(overdue)} milestones are"
    return [
        Contradiction(
            GREEN_WITH_OVERDUE_MILESTONES,
            f"The RAG rating is green (on track), but {count} overdue: {named}.",
        )
    ]


def has_not_moved(target) -> bool:
    """Return whether a value reported after the baseline is still the baseline."""
    if target.current_value is None or target.current_value != target.baseline_value:
        return False
    if target.current_value_date and target.baseline_date:
        return target.current_value_date > target.baseline_date
    return True


def targets_not_moved(targets):
    found = []
    for target in targets:
        if not has_not_moved(target):
            continue
        value = quantity(target.current_value, target.unit)
        latest = f"at {_day(target.current_value_date)}" if target.current_value_date else None
        baseline = f"at {_day(target.baseline_date)}" if target.baseline_date else None
        when = f" ({latest})" if latest else ""
        since = f" ({baseline})" if baseline else ""
        found.append(
            Contradiction(
                TARGET_NOT_MOVED,
                f"“{target.description}”: the latest value, {value}{when}, has not moved "
                f"from the baseline{since}.",
            )
        )
    return found


def contradictions(initiative, *, milestones, targets, today=None) -> list[Contradiction]:
    """Return the contradictions in ``initiative`` with its ``milestones`` and ``targets``
    (lists already loaded: no query here)."""
    today = today or timezone.localdate()
    return [
        *green_with_overdue_milestones(initiative, milestones, today),
        *targets_not_moved(targets),
    ]
