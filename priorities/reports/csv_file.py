"""Write a committee report's items as a CSV file: UTF-8 with a header row, one row per item.

A CSV holds one table, so it holds the report's main table (``Report.items``) and nothing else:
its column headings, then one row per item. Values are written for a program to read:

* dates in ISO 8601 (``2025-11-20``), which every spreadsheet and language parses;
* progress as the whole-number percentage (``45``), as the "Progress" heading implies;
* a status or RAG tag as its words;
* a link in a link column (the "Web page") as its address: a data file wants the address, not
  the words again; a link in any other column as its words, and plain text as written.

Every cell is neutralised against formula injection and the file starts with a byte order mark
so that Excel reads it as UTF-8; both come from ``streaming.csv_lines``.
"""

import datetime

from priorities.reports.document import ColumnKind, Link
from priorities.reports.streaming import csv_lines


def write_csv(report, stream):
    """Write the items of ``report`` to ``stream`` (binary) as UTF-8 CSV."""
    table = report.items
    rows = (
        [_csv_value(column, value) for column, value in zip(table.columns, row, strict=True)]
        for row in table.rows
    )
    for line in csv_lines(table.headings, rows):
        stream.write(line.encode("utf-8"))


def _csv_value(column, value):
    if isinstance(value, Link):
        return value.url if column.kind == ColumnKind.LINK else value.text
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
