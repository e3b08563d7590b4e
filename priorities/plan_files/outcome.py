"""What an import found and did: errors and warnings by row and column, and each record's change."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from priorities.plan_files.columns import RECORD_TYPES

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ACTIONS = (CREATE, UPDATE, UNCHANGED)


@dataclass(frozen=True, slots=True)
class Problem:
    """An error or a warning: the row as the officer sees it (None: the whole file), the
    column's header ("" when no one column is at fault) and what is wrong."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}" if self.row is not None else "File"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Change:
    """What the import does (or, in a dry run, would do) with one row's record."""

    row: int
    record: str
    name: str
    action: str
    #: The headers of the columns whose values change (empty unless updated).
    columns: tuple = ()

    def __str__(self):
        text = f"Row {self.row}: {self.action} {self.record} {self.name}"
        return f"{text} ({', '.join(self.columns)})" if self.columns else text


@dataclass
class ImportReport:
    filename: str = ""
    dry_run: bool = True
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    #: Errors found beyond the ones kept (see PORTAL_IMPORT_MAX_ERRORS).
    errors_not_listed: int = 0
    warnings_not_listed: int = 0
    #: True once the changes have been written.
    applied: bool = False
    #: Changes to published records kept for a publisher (``revisions.needs_review``).
    held_for_review: int = 0
    #: The plan the file describes, once known (unsaved in a dry run that would create it).
    plan: object = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_not_listed

    def error(self, row, column, message):
        if len(self.errors) < _limit():
            self.errors.append(Problem(row, column, message))
        else:
            self.errors_not_listed += 1

    def warn(self, row, column, message):
        if len(self.warnings) < _limit():
            self.warnings.append(Problem(row, column, message))
        else:
            self.warnings_not_listed += 1

    def counts(self) -> dict:
        """Return {record type: {action: number}} for the record types in the file."""
        tally = Counter((change.record, change.action) for change in self.changes)
        present = {change.record for change in self.changes}
        return {
            record: {action: tally[record, action] for action in ACTIONS}
            for record in RECORD_TYPES
            if record in present
        }

    def totals(self) -> dict:
        tally = Counter(change.action for change in self.changes)
        return {action: tally[action] for action in ACTIONS}

    @property
    def has_changes(self) -> bool:
        return any(change.action != UNCHANGED for change in self.changes)

    def summary(self) -> str:
        """Return one sentence saying what the import did or would do."""
        if self.errors:
            return (
                f"{self.error_count} error{'s' if self.error_count != 1 else ''} found: "
                "nothing was imported."
            )
        totals = self.totals()
        created = totals[CREATE]
        verb = "would be" if not self.applied else "was" if created == 1 else "were"
        sentence = (
            f"{created} record{'s' if created != 1 else ''} {verb} created, "
            f"{totals[UPDATE]} updated and {totals[UNCHANGED]} left unchanged."
        )
        if self.held_for_review:
            held = self.held_for_review
            sentence += (
                f" {held} change{'s' if held != 1 else ''} to published records "
                f"{'wait' if held != 1 else 'waits'} for a publisher before the public sees "
                f"{'them' if held != 1 else 'it'}."
            )
        return sentence


def _limit() -> int:
    return getattr(settings, "PORTAL_IMPORT_MAX_ERRORS", 1000)
