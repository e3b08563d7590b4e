"""Import a plan from a CSV or Excel file: all or nothing, with a dry run.

``plan_import`` reads the file row by row, checks every cell, every reference between rows and
to the portal's records, and the officer's right to change each record; then compares each row
with the record it describes. When nothing is wrong and it is not a dry run, it writes every
change in one transaction: records created and updated in bulk, with one history row each
(reason "Imported from <file>", the officer as its author) just as a save in the admin would
leave. A record whose values are already those of the file is not written at all, so importing
the same file twice changes nothing the second time, not even the history.

An officer's import finds only the records they may know of: their own organisations' and the
published records of others. Another organisation's unpublished records are, to it, records that
do not exist (``Matching.known`` in ``import_matching``): a row naming one is refused with the
words a made-up name gets, so an import never tells an officer that another organisation has a
draft.

The import never deletes, never changes an initiative's status (that needs a reason:
``initiative_change_status``) and never publishes: new records are drafts, and the file's
"Status" of an initiative and "Publication state" are read for information, with a warning where
they differ from the portal's.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction

from portal import page_cache
from priorities.plan_files.columns import INITIATIVE, PLAN, PRIORITY
from priorities.plan_files.files import FileProblem, open_table
from priorities.plan_files.import_common import ImportRecord
from priorities.plan_files.import_matching import Matching
from priorities.plan_files.import_rows import RowChecks
from priorities.plan_files.import_writing import Writing
from priorities.plan_files.outcome import ImportReport
from priorities.plan_files.parsing import Layout, ParsedRow, parse_row


def plan_import(*, file, filename: str, acting_user=None, dry_run: bool = True) -> ImportReport:
    """Check the plan in ``file`` (a binary CSV or .xlsx file) and, unless ``dry_run``, apply it.

    ``acting_user`` is None only for the system (a management command run without --user);
    an officer may change only the records of organisations they edit. Returns the report:
    errors and warnings by row and column, and what happens to each row's record. Nothing is
    written unless the whole file is valid.
    """
    report = ImportReport(filename=filename, dry_run=dry_run)
    try:
        table = open_table(file, filename=filename)
        layout = Layout(table.headers)
        for column, message in layout.problems:
            report.error(1, column, message)
        if report.errors:
            return report
        rows = []
        for source in table.rows:
            row = parse_row(source, layout, report)
            if row is not None:
                rows.append(row)
    except FileProblem as problem:
        report.error(problem.row, problem.column, problem.message)
        return report
    if not rows and not report.errors:
        report.error(None, "", "The file has headings but no rows under them.")
        return report
    importer = _PlanImport(rows, layout, report, acting_user=acting_user, filename=filename)
    try:
        with transaction.atomic():
            importer.run(lock=not dry_run)
            if not report.errors and not dry_run:
                importer.write()
                report.applied = True
                # Records created in bulk send no signals: the public pages change now.
                transaction.on_commit(page_cache.move_generation_on, robust=True)
    except IntegrityError:
        # Someone changed the same records while the file was being imported.
        report.applied = False
        report.changes.clear()
        report.error(
            None,
            "",
            "The plan was changed by someone else while the file was being imported, so "
            "nothing was imported. Check the file again.",
        )
    report.changes.sort(key=lambda change: change.row)
    # Problems in the order of the file (found in several passes); whole-file ones first.
    report.errors.sort(key=lambda problem: problem.row or 0)
    report.warnings.sort(key=lambda problem: problem.row or 0)
    return report


class _PlanImport(RowChecks, Matching, Writing):
    """One import of one file: ``run`` checks and compares (``import_rows``,
    ``import_matching``), ``write`` applies (``import_writing``)."""

    def __init__(self, rows, layout, report, *, acting_user, filename):
        self.rows = rows
        self.layout = layout
        self.report = report
        self.acting_user = acting_user
        self.filename = filename
        self.by_type = defaultdict(list)
        for row in rows:
            self.by_type[row.record].append(row)
        self.editable: dict[int, bool] = {}
        self.records: dict[str, list[ImportRecord]] = defaultdict(list)
        #: (model, m2m field) -> {object pk: {related pk: through row pk}}
        self.current_m2m: dict = {}

    # Reporting -------------------------------------------------------------------------------

    def fail(self, row: ParsedRow, column: str, message: str):
        self.report.error(row.number, column, message)
        row.ok = False

    # Checking --------------------------------------------------------------------------------

    def run(self, *, lock: bool):
        plan_row = self.find_plan_row()
        self.find_initiative_owners()
        self.find_duplicates()
        self.resolve_organisations()
        self.resolve_themes()
        if plan_row is None or not plan_row.ok:
            return
        self.resolve_committee_and_meeting(plan_row)
        if not plan_row.ok:
            return
        self.load_existing(plan_row, lock=lock)
        self.compare_plan(plan_row)
        self.compare_aims()
        self.compare_priorities()
        self.compare_initiatives()
        self.compare_targets()
        self.compare_milestones()
        for record_type in (PLAN, PRIORITY, INITIATIVE):
            for record in self.records[record_type]:
                self.warn_about_publication(record.row, record.obj)
