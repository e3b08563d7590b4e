"""A committee report as data: what every format (PDF, Word, Excel, CSV) writes out.

The builders in ``scopes`` (one per meeting, committee and plan) gather the records once into a
``Report``; each writer (``pdf``, ``word``, ``excel``, ``csv_file``) turns the same ``Report``
into its format, so the formats never disagree about what is in a report.

Cells keep their types: text, ``datetime.date``, whole-number percentages (0–100), decimals,
``Tag`` (a status or RAG rating: words plus a colour) and ``Link`` (words plus an address).
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal


class ColumnKind:
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    PERCENT = "percent"
    NUMBER = "number"
    TAG = "tag"
    LINK = "link"


@dataclass(frozen=True)
class Tag:
    """A status or RAG rating: its words, and the colour that goes with them."""

    label: str
    colour: str

    def __str__(self):
        return self.label


@dataclass(frozen=True)
class Link:
    """Words with the web address they point to (absolute, so it works in a file)."""

    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass
class Column:
    heading: str
    kind: str = ColumnKind.TEXT
    #: A width hint in characters for spreadsheets and the PDF's column proportions.
    width: int = 16
    #: False for columns only data files need (a page's address): PDF and Word leave them out.
    in_documents: bool = True


@dataclass
class Table:
    """A titled table: one sheet in Excel, a table with a header row in PDF and Word."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    #: What to say instead of an empty table.
    empty_text: str = "There is nothing to show."
    #: False for tables that only repeat, for reading, rows a spreadsheet already has on
    #: another sheet (a priority's initiatives, one item's targets).
    in_spreadsheet: bool = True
    #: Indices of rows only data files (CSV, spreadsheets) hold: rows that say what is missing
    #: ("No priorities published yet") where a document says it in a section of its own.
    data_only_rows: set[int] = field(default_factory=set)

    @property
    def headings(self):
        return [column.heading for column in self.columns]

    def for_documents(self):
        """Return this table without the columns and rows that only data files need."""
        kept = [index for index, column in enumerate(self.columns) if column.in_documents]
        if len(kept) == len(self.columns) and not self.data_only_rows:
            return self
        return replace(
            self,
            columns=[self.columns[index] for index in kept],
            rows=[
                [row[index] for index in kept]
                for number, row in enumerate(self.rows)
                if number not in self.data_only_rows
            ],
            data_only_rows=set(),
        )


@dataclass
class Section:
    """A headed part of the report: paragraphs, a list of facts, tables and sub-sections."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, object]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)
    anchor: str = ""


@dataclass
class Report:
    """Everything a committee report says, independent of its format."""

    #: "meeting", "committee" or "plan".
    scope: str
    organisation_name: str
    title: str
    #: The date the report is about (the meeting's, the period's end, or today).
    report_date: datetime.date
    generated_at: datetime.datetime
    #: Absolute address of the public page the report comes from.
    source_url: str
    #: A safe stem for file names, e.g. "finance-committee-2022-07-21".
    filename_stem: str
    purpose: list[str]
    recommendations: list[str]
    background: list[str]
    #: "The status of each item": the report's main table, and all a CSV holds.
    items: Table
    #: Further sections (item details, decisions, targets, milestones), in reading order.
    sections: list[Section] = field(default_factory=list)
    #: Tables only spreadsheets hold (in documents their rows are shown item by item).
    extra_sheets: list[Table] = field(default_factory=list)
    #: Where the data comes from and when it was taken.
    data_source: str = ""
    #: The moment the data shows, and what that means: "3 March 2026, when the agenda was
    #: published. Statuses … are as they stood then …" (a meeting's frozen pack), or the moment
    #: the report was made. Empty: the data source says it.
    data_as_at: str = ""
    #: What ``report_date`` is: "Report date", or "Meeting date" for a meeting's report.
    report_date_label: str = "Report date"
    #: The organisation's own Word template (bytes of a .docx or .dotx) the Word file is
    #: written into; None for the portal's clean default.
    word_template: bytes | None = None
    subtitle: str = ""
    #: True when the report includes records not yet published: every page says DRAFT.
    is_draft: bool = False
    #: The base of the report's absolute links (no final slash): the site it was asked for on.
    base_url: str = ""
    #: The brand of that site for the cover: its header colour ("#rrggbb"; "" for the portal's
    #: neutral teal) and its logo (SVG text, "" for none), with the site's name for the logo.
    brand_colour: str = ""
    logo_svg: str = ""
    brand_name: str = ""

    @property
    def all_tables(self):
        """Every table in the documents' reading order, the items first."""
        found = [self.items]
        pending = list(self.sections)
        while pending:
            section = pending.pop(0)
            found.extend(section.tables)
            pending[0:0] = section.subsections
        return found

    @property
    def spreadsheet_tables(self):
        """The tables a spreadsheet holds, one sheet each: the items first, no repeats."""
        return [table for table in self.all_tables if table.in_spreadsheet] + self.extra_sheets

    @property
    def row_count(self):
        """How many table rows the report has in any format: what decides whether it is built
        in the background."""
        return sum(len(table.rows) for table in [*self.all_tables, *self.extra_sheets])


def percent_text(value):
    """Return a 0–100 percentage as text: "45%"."""
    return "" if value is None else f"{value}%"


def cell_text(value):
    """Return any report cell as the words a person reads (dates as "21 July 2022")."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):  # and datetimes, which are dates too
        return f"{value:%-d %B %Y}"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
