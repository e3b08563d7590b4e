"""What the plan import's steps share: the record a row describes, batch sizes and how text is
compared and named in messages."""

from dataclasses import dataclass, field

from priorities.plan_files.columns import (
    INITIATIVE,
    ORGANISATION_HEADER,
    PRIORITY,
    RECORD_HEADER,
)
from priorities.plan_files.outcome import UNCHANGED
from priorities.plan_files.parsing import ParsedRow

#: Rows of one query's IN (...) list, and of one bulk insert or update.
BATCH_SIZE = 500
#: Columns that identify a record rather than set one of its values.
KEY_HEADERS = frozenset({RECORD_HEADER, ORGANISATION_HEADER, "Slug", "Initiative"})
#: Record types -> their fields filled from other rows or records, resolved by the import.
M2M_FIELDS = {
    PRIORITY: ("themes", "contributing_organisations"),
    INITIATIVE: ("priorities", "partner_organisations"),
}


@dataclass(eq=False)
class ImportRecord:
    """One row's record: the model instance (unsaved if new), what happens to it and why."""

    row: ParsedRow
    obj: object
    action: str = UNCHANGED
    #: Model fields whose values change.
    fields: set = field(default_factory=set)
    #: Headers of the columns whose values change, for the report.
    columns: list = field(default_factory=list)
    #: Many-to-many field -> (records wanted, possibly unsaved; primary keys kept as they are).
    m2m: dict = field(default_factory=dict)


def same_value(obj, model_field, value) -> bool:
    """Return whether ``obj`` already holds ``value`` in ``model_field``."""
    if model_field.many_to_one:
        current = getattr(obj, model_field.attname)
        return current == (value.pk if value is not None else None) and (
            value is None or value.pk is not None
        )
    current = getattr(obj, model_field.attname)
    if isinstance(value, str) or isinstance(current, str):
        return text_key(current) == text_key(value)
    return current == value


def a_noun(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def text_key(text) -> str:
    """Return text as compared: line endings and surrounding spaces do not count."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def unknown_slugs(what, slugs) -> str:
    quoted = ", ".join(f"“{slug}”" for slug in slugs)
    plural = "s" if len(slugs) > 1 else ""
    if what == "priority of this plan":
        return f"This plan has no priorit{'ies' if plural else 'y'} with the slug{plural} {quoted}."
    return f"No {what} has the slug{plural} {quoted}."


def chunks(values, size=BATCH_SIZE):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
