"""Bulk import and export of a plan with its aims, priorities, initiatives, targets and milestones.

One table, one row per record, the same for CSV and Excel: see ``docs/import-format.md``.
``plan_import`` checks a file and (unless a dry run) applies it all or nothing; ``plan_export``
writes a plan in the same format, so that an exported file imports back to the same records.
"""

from priorities.plan_files.export import export_filename, plan_export, plan_rows
from priorities.plan_files.files import CONTENT_TYPES, CSV, FORMATS, XLSX
from priorities.plan_files.outcome import ImportReport
from priorities.plan_files.service import plan_import

__all__ = [
    "CONTENT_TYPES",
    "CSV",
    "FORMATS",
    "XLSX",
    "ImportReport",
    "export_filename",
    "plan_export",
    "plan_import",
    "plan_rows",
]
