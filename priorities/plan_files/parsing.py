"""Read each cell of a plan file into a value, or say exactly what is wrong with it.

Nothing here touches the database: a row is checked on its own (its record type, required
cells, formats, lengths, choices). References between rows and to the portal's records are
checked by the import service, which has the whole file.
"""

import datetime
import difflib
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from openpyxl.utils import get_column_letter

from priorities.plan_files.columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    HEADERS,
    RECORD_ALIASES,
    RECORD_HEADER,
    RECORD_TYPES,
    REQUIRED_HEADERS,
    Column,
    Kind,
    header_key,
    model_field,
    records_phrase,
)
from priorities.reports.csv_safety import FORMULA_TRIGGERS

SLUG_MAX_LENGTH = 80
_LIST_SEPARATORS = re.compile(r"[;,\n]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TRIGGER_NAMES = {"\t": "a tab", "\r": "a carriage return"}


class CellError(Exception):
    """A cell's value is not acceptable; the message says why, in an officer's words."""


@dataclass(slots=True)
class ParsedRow:
    number: int
    record: str
    #: Header -> value, for the columns present in the file that apply to the record type.
    values: dict
    #: Header -> value, for the columns read for information only (never written).
    info: dict
    ok: bool = True


class Layout:
    """Which column of the file is which; ``problems`` lists what is wrong with the headings."""

    def __init__(self, headers):
        self.columns: list[Column] = []
        self.problems: list[tuple[str, str]] = []  # (column, message)
        seen: dict[str, str] = {}
        for index, header in enumerate(headers):
            letter = get_column_letter(index + 1)
            key = header_key(header)
            column = COLUMNS_BY_KEY.get(key)
            if not key:
                self.problems.append(
                    (f"Column {letter}", "This column has no heading: give it one or delete it.")
                )
            elif column is None:
                self.problems.append((str(header).strip(), _unknown_header_message(header)))
            elif column.header in seen:
                self.problems.append(
                    (
                        column.header,
                        f"The column appears twice (columns {seen[column.header]} and {letter}).",
                    )
                )
            else:
                seen[column.header] = letter
            self.columns.append(column)
        for header in REQUIRED_HEADERS:
            if header not in seen:
                self.problems.append((header, f"The file has no “{header}” column."))
        self.present = frozenset(seen)
        self.width = len(self.columns)
        self.record_index = next(
            (
                i
                for i, column in enumerate(self.columns)
                if column and column.header == RECORD_HEADER
            ),
            None,
        )
        #: Record type -> the (index, column) pairs of the file that apply to its rows, and
        #: those that do not (their cells must be blank).
        self.own_columns = {record: [] for record in RECORD_TYPES}
        self.other_columns = {record: [] for record in RECORD_TYPES}
        for index, column in enumerate(self.columns):
            if column is None or column.header == RECORD_HEADER:
                continue
            for record in RECORD_TYPES:
                applies = column.applies_to(record)
                (self.own_columns if applies else self.other_columns)[record].append(
                    (index, column)
                )
        #: Record type -> the headers its rows need that the file does not have.
        self.missing = {
            record: [
                column.header
                for column in COLUMNS
                if record in column.required and column.header not in self.present
            ]
            for record in RECORD_TYPES
        }


def _unknown_header_message(header) -> str:
    message = f"“{str(header).strip()}” is not a column of a plan file."
    close = difflib.get_close_matches(str(header).strip(), HEADERS, n=1, cutoff=0.6)
    if close:
        return f"{message} Did you mean “{close[0]}”?"
    return f"{message} The columns are described in the import format guide."


def parse_row(source, layout: Layout, report) -> ParsedRow | None:
    """Return the row's values, reporting each bad cell; None when its record type is unknown."""
    cells = source.cells
    number = source.number
    record_index = layout.record_index
    raw_record = cells[record_index] if record_index < len(cells) else None
    record = RECORD_ALIASES.get(clean_text(raw_record, check_formula=False).casefold())
    if record is None:
        if _is_blank(raw_record):
            message = f"Say what the row is: one of {', '.join(RECORD_TYPES)}."
        else:
            message = (
                f"“{clean_text(raw_record, check_formula=False)}” is not a record type: use "
                f"one of {', '.join(RECORD_TYPES)}."
            )
        report.error(number, RECORD_HEADER, message)
        return None
    row = ParsedRow(number=number, record=record, values={}, info={})

    def fail(column, message):
        report.error(number, column, message)
        row.ok = False

    width = len(cells)
    for index, column in layout.other_columns[record]:
        if index < width and not _is_blank(cells[index]):
            fail(
                column.header,
                f"The “{column.header}” column is for {records_phrase(column.fields)} rows: "
                f"leave it blank on {record} rows.",
            )
    for index, column in layout.own_columns[record]:
        raw = cells[index] if index < width else None
        try:
            value = parse_cell(column, record, raw)
        except CellError as error:
            fail(column.header, str(error))
            continue
        if record in column.for_information:
            row.info[column.header] = value
        else:
            row.values[column.header] = value
    for index in range(layout.width, len(cells)):
        if not _is_blank(cells[index]):
            fail(
                f"Column {get_column_letter(index + 1)}",
                "This cell is in a column with no heading: move it or delete it.",
            )
    for header in layout.missing[record]:
        fail(header, f"The file has no “{header}” column, which {record} rows need.")
    return row


def _is_blank(raw) -> bool:
    return raw is None or raw == "" or (isinstance(raw, str) and not raw.strip())


def _missing(column: Column, record: str) -> str:
    return f"The {record}’s {column.header[0].lower()}{column.header[1:]} is missing."


def parse_cell(column: Column, record: str, raw):
    """Return ``raw`` read as ``column`` of a ``record`` row; raise CellError if it is not valid.

    A blank cell is "" (text) or None (anything else), or an error if the column is required.
    """
    if _is_blank(raw):
        if record in column.required:
            raise CellError(_missing(column, record))
        return _blank(column)
    reader = _READERS[column.kind]
    return reader(column, record, raw)


def _blank(column: Column):
    if column.kind in (Kind.TEXT, Kind.URL):
        return ""
    if column.kind in (Kind.SLUGS, Kind.ORGANISATIONS):
        return []
    return None


def clean_text(raw, *, check_formula=True) -> str:
    """Return a cell as text: trimmed, with Windows line endings made plain.

    Refuses text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
    carriage return). Text exported by the portal has a single quote in front of such a
    character; the quote is removed.
    """
    if raw is None:
        return ""
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, bool):
        text = "TRUE" if raw else "FALSE"
    elif isinstance(raw, datetime.datetime):
        text = raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(" ")
    elif isinstance(raw, datetime.date):
        text = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    else:
        text = str(raw)
    stripped = text.strip()
    if check_formula and stripped:
        for candidate in (text, stripped):
            if candidate.startswith(FORMULA_TRIGGERS):
                raise CellError(_formula_message(candidate[0]))
        if stripped.startswith("'") and stripped[1:].startswith(FORMULA_TRIGGERS):
            stripped = stripped[1:]
    return stripped.replace("\r\n", "\n").replace("\r", "\n")


def _formula_message(character) -> str:
    name = _TRIGGER_NAMES.get(character, f"“{character}”")
    return (
        f"The cell starts with {name}, so a spreadsheet would run it as a formula: formulas "
        "are not imported. Type the value itself; text may not begin with =, +, -, @, a tab or "
        "a carriage return unless a single quote (') is put in front, as the portal's exports do."
    )


def _validate(field, value):
    """Run the model field's own checks (length, web address, decimal places)."""
    try:
        return field.clean(value, None)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from error


def _read_text(column, record, raw):
    return _validate(model_field(column, record), clean_text(raw))


def _read_url(column, record, raw):
    text = clean_text(raw)
    if "://" not in text and not text.startswith("mailto:"):
        text = f"https://{text}"
    return _validate(model_field(column, record), text)


def _slug(text: str) -> str:
    if len(text) > SLUG_MAX_LENGTH:
        raise CellError(
            f"“{text[:40]}…” is too long for a slug ({SLUG_MAX_LENGTH} characters at most)."
        )
    try:
        validate_slug(text)
    except ValidationError as error:
        raise CellError(
            f"“{text}” is not a slug: use only letters, numbers, hyphens and underscores, "
            "e.g. ready-for-school."
        ) from error
    return text


def _read_slug(column, record, raw):
    return _slug(clean_text(raw))


def _read_slugs(column, record, raw):
    text = clean_text(raw)
    slugs = [_slug(part.strip()) for part in _LIST_SEPARATORS.split(text) if part.strip()]
    return list(dict.fromkeys(slugs))


def _read_record(column, record, raw):  # pragma: no cover - the record column is read first
    return record


@functools.cache
def choice_lookup(field) -> dict:
    """Return every accepted spelling of ``field``'s choices (values and labels) -> the value."""
    lookup = {}
    for value, label in field.choices:
        label = str(label)
        for spelling in (value, label, label.split(":")[0]):
            lookup[_choice_key(spelling)] = value
    return lookup


def _choice_key(text) -> str:
    return " ".join(str(text).replace("_", " ").replace("-", " ").split()).casefold()


def with_article(noun: str) -> str:
    """ "an initiative", "an aim", "a plan", "a priority"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _read_choice(column, record, raw):
    field = model_field(column, record)
    text = clean_text(raw)
    value = choice_lookup(field).get(_choice_key(text))
    if value is None:
        accepted = ", ".join(str(label).split(":")[0] for _, label in field.choices)
        raise CellError(
            f"“{text}” is not a {column.header.lower()} of {with_article(record)}: "
            f"use one of {accepted}."
        )
    return value


def _read_date(column, record, raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = clean_text(raw)
    try:
        if _ISO_DATE.match(text):
            return datetime.date.fromisoformat(text)
        uk = _UK_DATE.match(text)
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(f"“{text}” is not a real date.") from error
    raise CellError(f"“{text}” is not a date: write dates as YYYY-MM-DD, e.g. 2025-04-01.")


def _number(raw, *, check_formula=True) -> Decimal:
    if isinstance(raw, bool):
        raise CellError("Enter a number.")
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace(",", "").removeprefix("£").removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        if check_formula:
            clean_text(raw)  # a formula is named as such
        raise CellError(f"“{str(raw).strip()}” is not a number.") from None
    if not number.is_finite():
        raise CellError(f"“{str(raw).strip()}” is not a number.")
    return number


def _read_decimal(column, record, raw):
    return _validate(model_field(column, record), _number(raw))


def _read_percent(column, record, raw):
    number = _number(raw)
    if number != number.to_integral_value() or not 0 <= number <= 100:
        raise CellError(
            f"{column.header} must be a whole number from 0 to 100 (e.g. 50 for 50%), "
            f"not {str(raw).strip()}."
        )
    return int(number)


def _read_order(column, record, raw):
    number = _number(raw)
    if number != number.to_integral_value() or not 0 <= number <= 32767:
        raise CellError(f"The order must be a whole number, 0 or more, not {str(raw).strip()}.")
    return int(number)


def _read_reference(parts_wanted, example):
    def read(column, record, raw):
        text = clean_text(raw)
        parts = [part.strip() for part in text.split("/")]
        if len(parts) != parts_wanted or not all(parts):
            raise CellError(f"“{text}” should be written as {example}.")
        return tuple(_slug(part) for part in parts)

    return read


_READERS = {
    Kind.RECORD: _read_record,
    Kind.TEXT: _read_text,
    Kind.URL: _read_url,
    Kind.SLUG: _read_slug,
    Kind.SLUGS: _read_slugs,
    Kind.ORGANISATION: _read_slug,
    Kind.ORGANISATIONS: _read_slugs,
    Kind.CHOICE: _read_choice,
    Kind.DATE: _read_date,
    Kind.DECIMAL: _read_decimal,
    Kind.PERCENT: _read_percent,
    Kind.ORDER: _read_order,
    Kind.COMMITTEE: _read_reference(2, "organisation-slug/committee-slug"),
    Kind.MEETING: _read_reference(3, "organisation-slug/committee-slug/meeting-slug"),
}
