"""An update round's report shows each updated initiative's promise card: its stage in the
public card's words, its next milestone and the next meeting it goes to."""

import pytest

from priorities.reports.scopes import round_report
from tests.priorities.rounds.conftest import world  # noqa: F401  (a fixture)
from tests.priorities.rounds.test_report import closed_round  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_each_update_shows_the_initiatives_card(closed_round, world):  # noqa: F811
    report = round_report(closed_round)
    updates = next(
        section for section in report.sections if section.heading == "What each update says"
    )
    facts = dict(updates.subsections[0].facts)
    assert facts["Stage"].label == "Stage 2 of 6: awaiting scrutiny"
    assert facts["Next milestone"] == "None planned"
    assert facts["Next meeting"] == "Not on an agenda yet"
