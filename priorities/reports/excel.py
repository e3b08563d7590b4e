"""Write a committee report as an Excel workbook (.xlsx).

The first sheet, "About this report", says what the report is: organisation, title, report
date, when it was generated, purpose, recommendations, background, where the data comes from,
and what each further sheet holds. Then comes one sheet per table a spreadsheet holds
(``Report.spreadsheet_tables``), the items first. Each table sheet has its headings in a bold
first row that stays in view (frozen panes), filters on every column and the report's column
widths; it prints landscape, one page wide, with the heading row repeated on every page.

Cells keep their types: dates are date cells ("1 Apr 2025"), percentages are numbers shown as
percentages (45 is written as 0.45 with the format "0%"), numbers are numbers, and an empty
value is an empty cell. A status or RAG tag is its words; a link is its words with the address
as the cell's hyperlink. Long text wraps, and its row is made tall enough to show it.

Every text cell goes through ``neutralise_cell`` and is stored as text, never as a formula: a
title such as ``=cmd|' /C calc'!A0`` shows as ``'=cmd|' /C calc'!A0`` and cannot run. Control
characters a workbook cannot hold (pasted in from other documents) are dropped, and text is cut
to the 32,767 characters a cell can hold.

A draft report (one with records not yet published) says "DRAFT – not for publication" at the
top of the About sheet and in the printed header of every sheet.

The workbook is written in openpyxl's write-only mode: each row goes to a temporary file as it
is made, so a plan with hundreds of initiatives takes little memory. Frozen panes, filters,
column widths, row heights, print headers and hyperlinks all work in that mode.
"""

import datetime
import math
import re
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from priorities.reports.csv_safety import neutralise_cell
from priorities.reports.document import ColumnKind, Link

ABOUT_SHEET_TITLE = "About this report"
DRAFT_MARK = "DRAFT – not for publication"

DATE_FORMAT = "d mmm yyyy"
DATE_TIME_FORMAT = "d mmm yyyy hh:mm"
PERCENT_FORMAT = "0%"

#: Excel's limits: characters in a sheet's title and in one cell, and a row's height in points.
MAX_SHEET_TITLE = 31
MAX_CELL_TEXT = 32_767
MAX_ROW_HEIGHT = 409
#: Characters a sheet's title may not contain.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Titles Excel keeps for itself (compared ignoring case).
RESERVED_SHEET_TITLES = {"history"}
#: The height in points of one line of the default 11-point text, and a cautious count of its
#: characters per unit of column width (a unit is the width of a "0"; text averages narrower).
LINE_HEIGHT = 15
CHARACTERS_PER_WIDTH = 1.1

ABOUT_LABEL_WIDTH = 22
ABOUT_TEXT_WIDTH = 80

BOLD = Font(bold=True)
DRAFT_FONT = Font(bold=True, size=14, color="C00000")
LINK_FONT = Font(color="0563C1", underline="single")
TOP = Alignment(vertical="top")
WRAPPED = Alignment(vertical="top", wrap_text=True)
ABOUT_TEXT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def write_xlsx(report, stream):
    """Write ``report`` to ``stream`` (binary) as an Excel workbook."""
    workbook = Workbook(write_only=True)
    tables = report.spreadsheet_tables
    about_title, *table_titles = sheet_titles(
        [ABOUT_SHEET_TITLE, *(table.title for table in tables)]
    )
    titled_tables = list(zip(table_titles, tables, strict=True))
    _write_about(workbook.create_sheet(about_title), report, titled_tables)
    for title, table in titled_tables:
        _write_table(workbook.create_sheet(title), table, is_draft=report.is_draft)
    workbook.save(stream)


def sheet_titles(names):
    """Return a valid sheet title for each of ``names``, in order, no two the same.

    Excel allows 31 characters, none of ``[]:*?/\\``, no quote at either end, and no two titles
    that differ only in case. Forbidden characters become spaces (runs of spaces become one),
    and a repeated title gets a number: "Targets (2)".
    """
    taken = set(RESERVED_SHEET_TITLES)
    titles = []
    for name in names:
        base = _trim_title(" ".join(SHEET_TITLE_FORBIDDEN.sub(" ", name).split())) or "Sheet"
        title = base
        number = 1
        while title.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            title = _trim_title(base[: MAX_SHEET_TITLE - len(suffix)]) + suffix
        taken.add(title.casefold())
        titles.append(title)
    return titles


def _trim_title(title):
    return title.strip().strip("'")[:MAX_SHEET_TITLE].strip().strip("'")


# The About sheet.


def _write_about(sheet, report, titled_tables):
    widths = [ABOUT_LABEL_WIDTH, ABOUT_TEXT_WIDTH]
    _set_widths(sheet, widths)
    _set_printing(sheet, orientation="portrait", is_draft=report.is_draft)
    rows = [[_text_cell(sheet, DRAFT_MARK, font=DRAFT_FONT)]] if report.is_draft else []
    for entry in _about_entries(report, titled_tables):
        if entry is None:
            rows.append([])
            continue
        label, values = entry
        for index, value in enumerate(value for value in values if value):
            label_cell = None if index else _text_cell(sheet, label, font=BOLD, alignment=TOP)
            rows.append([label_cell, _value_cell(sheet, value, alignment=ABOUT_TEXT)])
    for number, cells in enumerate(rows, start=1):
        _append_row(sheet, number, cells, widths)


def _about_entries(report, titled_tables):
    """Return the About sheet's entries, each (label, values), with None for a blank row.

    Each value takes a row; an entry without values is left out."""
    recommendations = [
        f"{number}. {text}" for number, text in enumerate(report.recommendations, start=1)
    ]
    sheets = [
        f"{title}: {_row_count(len(table.rows))}" if table.rows else f"{title}: {table.empty_text}"
        for title, table in titled_tables
    ]
    return [
        ("Organisation", [report.organisation_name]),
        ("Title", [report.title]),
        ("Subtitle", [report.subtitle]),
        (report.report_date_label, [report.report_date]),
        ("Generated at", [report.generated_at]),
        ("Data as at", [report.data_as_at]),
        None,
        ("Purpose", report.purpose),
        ("Recommendations", recommendations),
        ("Background", report.background),
        ("Data source", [report.data_source]),
        ("Web page", [Link(report.source_url, report.source_url)]),
        None,
        ("Sheets", sheets),
    ]


def _row_count(count):
    return f"{count} row" if count == 1 else f"{count:,} rows"


# The table sheets.


def _write_table(sheet, table, *, is_draft):
    widths = [column.width for column in table.columns]
    _set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _set_printing(sheet, orientation="landscape", is_draft=is_draft)
    headings = [
        _text_cell(sheet, heading, font=BOLD, alignment=WRAPPED) for heading in table.headings
    ]
    _append_row(sheet, 1, headings, widths)
    for number, row in enumerate(table.rows, start=2):
        cells = [
            _table_cell(sheet, column, value)
            for column, value in zip(table.columns, row, strict=True)
        ]
        _append_row(sheet, number, cells, widths)
    last_column = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last_column}{len(table.rows) + 1}"


def _table_cell(sheet, column, value):
    if column.kind == ColumnKind.PERCENT and _is_number(value):
        cell = WriteOnlyCell(sheet, value=value / 100)
        cell.number_format = PERCENT_FORMAT
        cell.alignment = TOP
        return cell
    alignment = WRAPPED if column.kind == ColumnKind.LONG_TEXT else TOP
    return _value_cell(sheet, value, alignment=alignment)


# Sheets and rows.


def _set_widths(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _set_printing(sheet, *, orientation, is_draft):
    """Print ``sheet`` one page wide with numbered pages, and marked DRAFT when it is one."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if is_draft:
        sheet.oddHeader.center.text = DRAFT_MARK
        sheet.oddHeader.center.font = "Calibri,Bold"
        sheet.oddHeader.center.color = "C00000"
    sheet.oddFooter.center.text = "Page &P of &N"


def _append_row(sheet, number, cells, widths):
    """Append ``cells`` as row ``number``, tall enough for its wrapped text.

    LibreOffice keeps the default height of a row that has none when it opens a workbook, so
    wrapped text would spill over the rows below. The height is estimated on the generous side:
    a little white space is better than hidden words.
    """
    lines = max(
        (
            _line_count(cell.value, width)
            for cell, width in zip(cells, widths, strict=False)
            if cell is not None and cell.alignment.wrap_text and isinstance(cell.value, str)
        ),
        default=1,
    )
    if lines > 1:
        sheet.row_dimensions[number].height = min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)
    sheet.append(cells)


def _line_count(text, width):
    per_line = width * CHARACTERS_PER_WIDTH
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.splitlines() or [""])


# Cells.


def _value_cell(sheet, value, *, alignment):
    """Return the cell for any report value: typed, or text made safe."""
    if value is None:
        return None
    if isinstance(value, Link):
        cell = _text_cell(sheet, value.text, alignment=alignment)
        if value.url:
            cell.hyperlink = value.url
            cell.font = LINK_FONT
        return cell
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_local_naive(value))
        cell.number_format = DATE_TIME_FORMAT
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    elif _is_number(value):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        return _text_cell(sheet, value, alignment=alignment)
    cell.alignment = alignment
    return cell


def _text_cell(sheet, value, *, font=None, alignment=None):
    """Return a cell holding ``value`` as text: neutralised, and typed as a string, so that
    neither a leading "=" nor words such as "#N/A" can make it a formula or an error."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=neutralise_cell(text)[:MAX_CELL_TEXT])
    cell.data_type = "s"
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    return cell


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _local_naive(moment):
    """Return ``moment`` in local time without its time zone: Excel has no time zones."""
    if timezone.is_aware(moment):
        return timezone.make_naive(moment)
    return moment
