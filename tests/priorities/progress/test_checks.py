"""The contradictions an initiative states as facts (``priorities.progress.checks``)."""

import datetime
from decimal import Decimal

import pytest

from priorities import models as p
from priorities.progress.checks import (
    GREEN_WITH_OVERDUE_MILESTONES,
    TARGET_NOT_MOVED,
    contradictions,
)

TODAY = datetime.date(2026, 3, 10)


def initiative(rag):
    return p.Initiative(title="Family hub outreach", rag=rag)


def milestone(title, due, done=None):
    return p.Milestone(title=title, due_date=due, completed_on=done)


def target(baseline, current, baseline_date=None, current_date=None, unit=""):
    return p.Target(
        description="Families reached",
        unit=unit,
        baseline_value=Decimal(baseline),
        baseline_date=baseline_date,
        target_value=Decimal(400),
        current_value=None if current is None else Decimal(current),
        current_value_date=current_date,
    )


def rules(found):
    return [contradiction.rule for contradiction in found]


@pytest.mark.parametrize(
    "rag, milestones, expected",
    [
        ("green", [milestone("Hub", datetime.date(2026, 3, 1))], [GREEN_WITH_OVERDUE_MILESTONES]),
        ("amber", [milestone("Hub", datetime.date(2026, 3, 1))], []),
        ("red", [milestone("Hub", datetime.date(2026, 3, 1))], []),
        ("green", [milestone("Hub", datetime.date(2026, 3, 10))], []),  # due today: not yet
        ("green", [milestone("Hub", datetime.date(2026, 3, 1), datetime.date(2026, 3, 2))], []),
        ("green", [milestone("Hub", None)], []),
    ],
)
def test_green_with_overdue_milestones(rag, milestones, expected):
    found = contradictions(initiative(rag), milestones=milestones, targets=[], today=TODAY)
    assert rules(found) == expected


def test_several_overdue_milestones_are_named_in_one_statement():
    (found,) = contradictions(
        initiative("green"),
        milestones=[
            milestone("Open the hub", datetime.date(2026, 1, 5)),
            milestone("Train staff", datetime.date(2026, 2, 5)),
        ],
        targets=[],
        today=TODAY,
    )
    assert found.statement == (
        "The RAG rating is green (on track), but 2 milestones are overdue: "
        "“Open the hub” (due 5 January 2026) and “Train staff” (due 5 February 2026)."
    )


@pytest.mark.parametrize(
    "made, expected",
    [
        (target(120, 120, datetime.date(2025, 4, 1), datetime.date(2026, 3, 1)), True),
        (target(120, 120), True),  # no dates: the latest value is the baseline's
        (target(120, 150, datetime.date(2025, 4, 1), datetime.date(2026, 3, 1)), False),
        (target(120, None), False),  # nothing reported yet
        (target(120, 120, datetime.date(2025, 4, 1), datetime.date(2025, 4, 1)), False),
    ],
)
def test_a_target_whose_latest_value_is_still_its_baseline(made, expected):
    found = contradictions(initiative("amber"), milestones=[], targets=[made], today=TODAY)
    assert rules(found) == ([TARGET_NOT_MOVED] if expected else [])


def test_the_target_statement_gives_the_value_with_its_unit_and_dates():
    (found,) = contradictions(
        initiative("red"),
        milestones=[],
        targets=[target("85.5", "85.5", datetime.date(2025, 4, 1), datetime.date(2026, 3, 1), "%")],
        today=TODAY,
    )
    assert found.statement == (
        "“Families reached”: the latest value, 85.5% (at 1 March 2026), has not moved from "
        "the baseline (at 1 April 2025)."
    )
