"""Spreadsheet formula injection: make text cells safe to open in Excel, LibreOffice or Sheets.

A spreadsheet treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or
carriage return) as a formula, so a title such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0``
typed into the admin could run when a councillor opens the download. Every text cell written
to CSV or to a spreadsheet goes through ``neutralise_cell``, which puts a single quote in front
of such text: spreadsheets show it as text, and a person reading the file can still see what was
written. Numbers, dates and booleans are left as they are: they are not formulas.
"""

import datetime
from decimal import Decimal

#: The characters that make a spreadsheet read a cell as a formula, including the full-width
#: forms some spreadsheet applications also accept.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise_cell(value):
    """Return ``value`` safe to write as one spreadsheet cell.

    None becomes ""; numbers, dates and booleans are returned unchanged; anything else becomes
    text, with a single quote in front when it begins with a formula character.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date | datetime.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def neutralise_row(values):
    """Return a row (any iterable of cells) with every cell neutralised."""
    return [neutralise_cell(value) for value in values]
