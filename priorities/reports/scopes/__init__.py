"""Build the committee report for a meeting, a committee over a period, a plan, or an update
round.

Each builder reads the records once, in a fixed number of queries however many there are, and
returns a ``Report`` (``reports/document.py``) that every format writes out. What a report may
contain is decided by its ``ReportAudience`` (``reports/audience.py``); the tables the scopes
share are in ``reports/tables.py``, their shared words in ``reports/wording.py``.
"""

from priorities.reports.scopes.committee import committee_report
from priorities.reports.scopes.meeting import meeting_report
from priorities.reports.scopes.plan import plan_report
from priorities.reports.scopes.round import round_report

__all__ = ["committee_report", "meeting_report", "plan_report", "round_report"]
