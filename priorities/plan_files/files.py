"""Read a CSV or Excel file as a table of rows, and write one; row by row, in bounded memory.

Reading streams: a CSV is decoded line by line, a workbook is opened read-only (openpyxl parses
it as it goes; defusedxml, when installed, guards it against XML bombs). Problems with the file
as a whole (not UTF-8, not a workbook, empty, too big) raise ``FileProblem``.

Writing puts every text cell through ``neutralise_cell`` so that no cell can run as a formula in
a spreadsheet; dates are real date cells in a workbook and ISO dates (YYYY-MM-DD) in a CSV.
"""

import codecs
import csv
import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from priorities.reports.csv_safety import neutralise_cell, neutralise_row
from priorities.reports.streaming import BYTE_ORDER_MARK

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
#: The sheet a workbook's rows are read from (the first sheet when there is none by that name).
SHEET_TITLE = "Plan"
GUIDE_SHEET_TITLE = "Guide"
#: The most columns a file may have; cells further right are not read.
MAX_COLUMNS = 100
#: How many times the size limit a workbook may unpack to (its XML compresses about tenfold).
UNPACKED_RATIO = 10
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SAVE_AS_CSV_UTF8 = (
    "The file is not saved as UTF-8 text. In Excel choose File, Save as, and the type "
    "“CSV UTF-8 (Comma delimited) (*.csv)”, or upload the Excel workbook (.xlsx) instead."
)


class FileProblem(Exception):
    """The file as a whole cannot be read; ``row`` is the row reached, if any."""

    def __init__(self, message, *, row=None, column=""):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


@dataclass(slots=True)
class SourceRow:
    #: The row's number as the officer sees it in a spreadsheet (the headers are row 1).
    number: int
    cells: tuple


@dataclass
class Table:
    headers: list
    rows: Iterator


def max_rows() -> int:
    return getattr(settings, "PORTAL_IMPORT_MAX_ROWS", 50_000)


def max_bytes() -> int:
    return getattr(settings, "PORTAL_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def file_format(file, filename: str) -> str:
    """Return CSV or XLSX: what the file holds (a workbook is a zip archive), else its name."""
    start = file.read(4)
    file.seek(0)
    if start == b"PK\x03\x04":
        return XLSX
    name = (filename or "").lower()
    if name.endswith((".xls", ".xlsm", ".ods", ".numbers")):
        raise FileProblem(
            "This kind of spreadsheet cannot be read: save it as an Excel workbook (.xlsx) or "
            "as “CSV UTF-8 (Comma delimited)”."
        )
    if name.endswith(".xlsx"):
        raise FileProblem("The file is not an Excel workbook (.xlsx): it may be damaged.")
    return CSV


def file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
    return size


def open_table(file, *, filename: str) -> Table:
    """Return the table in ``file`` (a binary file): its headers and an iterator of its rows.

    Entirely blank rows are skipped. Raises FileProblem when the file cannot be read, is empty
    or too big; iterating the rows raises it too (a CSV found not to be UTF-8 part way through,
    more rows than allowed).
    """
    size = file_size(file)
    if size == 0:
        raise FileProblem("The file is empty.")
    if size > max_bytes():
        raise FileProblem(
            f"The file is {_size_text(size)}; files of up to {_size_text(max_bytes())} can be "
            "imported. Split the plan into several files."
        )
    raw_rows = _xlsx_rows(file) if file_format(file, filename) == XLSX else _csv_rows(file)
    numbered = enumerate(raw_rows, 1)
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        if number != 1:
            raise FileProblem("The first row must hold the column headings.", row=number)
        return Table(headers=_trim(cells), rows=_data_rows(numbered))
    raise FileProblem("The file is empty.")


def _size_text(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def _data_rows(numbered) -> Iterator[SourceRow]:
    limit = max_rows()
    count = 0
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        count += 1
        if count > limit:
            raise FileProblem(
                f"The file has more than {limit:,} rows; split it into several files.",
                row=number,
            )
        yield SourceRow(number, tuple(cells))


def _is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _trim(cells) -> list:
    cells = list(cells)
    while cells and (cells[-1] is None or str(cells[-1]).strip() == ""):
        cells.pop()
    return cells


def _csv_rows(file) -> Iterator[list]:
    lines = codecs.iterdecode(file, "utf-8-sig")
    reader = csv.reader(lines)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            if number == 1 and len(cells) == 1 and ";" in cells[0]:
                raise FileProblem(
                    "The columns are separated by semicolons: save the file as “CSV UTF-8 "
                    "(Comma delimited)”, whose columns are separated by commas.",
                    row=1,
                )
            yield cells
    except UnicodeDecodeError as error:
        raise FileProblem(SAVE_AS_CSV_UTF8, row=number + 1) from error
    except csv.Error as error:
        raise FileProblem(
            f"The file is not a CSV file that can be read ({error}).", row=number + 1
        ) from error


def _xlsx_rows(file) -> Iterator[tuple]:
    try:
        # A workbook is a zip archive: refuse one that would unpack to far more than its size
        # (a "zip bomb"); zipfile holds each member to the size its directory declares.
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        file.seek(0)
        if unpacked > max_bytes() * UNPACKED_RATIO:
            raise FileProblem(
                "The workbook unpacks to more than can be imported; split the plan into "
                "several files."
            )
        workbook = load_workbook(file, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem(
            "The file is not an Excel workbook (.xlsx) that can be read: it may be damaged, or "
            "protected by a password."
        ) from error
    try:
        if SHEET_TITLE in workbook.sheetnames:
            sheet = workbook[SHEET_TITLE]
        elif workbook.worksheets:
            sheet = workbook.worksheets[0]
        else:
            return
        # The sheet's recorded width, when it has one, saves reading empty cells.
        width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for cells in sheet.iter_rows(max_col=width, values_only=True):
            end = len(cells)
            while end and cells[end - 1] is None:
                end -= 1
            yield cells[:end]
    finally:
        workbook.close()


# Writing -------------------------------------------------------------------------------------


def write_csv(headers, rows, file):
    """Write ``headers`` then ``rows`` to ``file`` (text, opened with newline="") as UTF-8 CSV."""
    file.write(BYTE_ORDER_MARK)
    writer = csv.writer(file)
    writer.writerow(neutralise_row(headers))
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value):
    value = neutralise_cell(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_xlsx(headers, rows, file, *, guide=None, widths=None):
    """Write a workbook to ``file`` (binary): a "Plan" sheet with ``headers`` then ``rows``,
    dates as date cells, and, if given, a "Guide" sheet of ``guide`` rows (heading, text...)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "B2"
    for index, header in enumerate(headers, 1):
        width = (widths or {}).get(header, max(12, min(len(header) + 4, 40)))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_bold(sheet, neutralise_cell(header)) for header in headers])
    last_row = 1
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        last_row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_row}"
    if guide:
        _write_guide(workbook, guide)
    workbook.save(file)


def _write_guide(workbook, guide):
    sheet = workbook.create_sheet(GUIDE_SHEET_TITLE)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 100
    for index, row in enumerate(guide):
        cells = []
        for value in row:
            cell = _text_cell(sheet, neutralise_cell(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if index == 0:
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)


def _bold(sheet, value):
    cell = _text_cell(sheet, value)
    cell.font = Font(bold=True)
    return cell


def _text_cell(sheet, value):
    return WriteOnlyCell(sheet, value=value)


def _xlsx_cell(sheet, value):
    value = neutralise_cell(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        cell = _text_cell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal):
        # A whole number stays whole; anything else keeps its decimal places.
        return int(value) if value == value.to_integral_value() else float(value)
    return value
