"""The columns of a plan file: one table, one row per record, a "Record" column saying which.

The same columns serve the CSV and the Excel file, the import and the export, the template and
``docs/import-format.md``. A column applies to some record types only (``fields`` maps each of
them to the model field it fills); a value in a column that does not apply to a row's record
type is an error, so that a row shifted by one cell is caught rather than half imported.
"""

from dataclasses import dataclass

from priorities.models import Aim, Initiative, Milestone, Plan, Priority, Target

PLAN = "plan"
AIM = "aim"
PRIORITY = "priority"
INITIATIVE = "initiative"
TARGET = "target"
MILESTONE = "milestone"

#: Record types in the order the export writes them and the import applies them.
RECORD_TYPES = (PLAN, AIM, PRIORITY, INITIATIVE, TARGET, MILESTONE)

#: Other spellings of the record types accepted in the "Record" column (lower case).
RECORD_ALIASES = {
    **{record: record for record in RECORD_TYPES},
    "plans": PLAN,
    "aims": AIM,
    "priorities": PRIORITY,
    "initiatives": INITIATIVE,
    "targets": TARGET,
    "milestones": MILESTONE,
}

MODELS = {
    PLAN: Plan,
    AIM: Aim,
    PRIORITY: Priority,
    INITIATIVE: Initiative,
    TARGET: Target,
    MILESTONE: Milestone,
}


class Kind:
    """How a column's cells are read."""

    RECORD = "record"
    TEXT = "text"
    URL = "url"
    SLUG = "slug"
    SLUGS = "slugs"  # slugs separated by ";"
    ORGANISATION = "organisation"  # an organisation's slug
    ORGANISATIONS = "organisations"  # organisations' slugs separated by ";"
    CHOICE = "choice"  # a value or label of the model field's choices
    DATE = "date"
    DECIMAL = "decimal"
    PERCENT = "percent"  # a whole number from 0 to 100
    ORDER = "order"  # a whole number; blank means the row's position in the file
    COMMITTEE = "committee"  # "organisation/committee"
    MEETING = "meeting"  # "organisation/committee/meeting"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str
    #: Record type -> the model field the column fills for it.
    fields: dict
    #: Record types that must have a value in this column.
    required: frozenset = frozenset()
    #: Record types for which the column is exported for information and never imported.
    for_information: frozenset = frozenset()
    #: What the column holds, for the documentation and the workbook's guide sheet.
    help: str = ""

    def applies_to(self, record: str) -> bool:
        return record in self.fields or self.header == RECORD_HEADER


RECORD_HEADER = "Record"
ORGANISATION_HEADER = "Organisation"

_EVERY_RECORD = {record: "" for record in RECORD_TYPES}

COLUMNS = (
    Column(
        RECORD_HEADER,
        Kind.RECORD,
        _EVERY_RECORD,
        required=frozenset(RECORD_TYPES),
        help="plan, aim, priority, initiative, target or milestone.",
    ),
    Column(
        ORGANISATION_HEADER,
        Kind.ORGANISATION,
        _EVERY_RECORD,
        required=frozenset({PLAN}),
        help="The slug of the organisation that owns the record. Plan row: the plan's owner. "
        "Aim and priority rows: blank or the plan's owner. Initiative rows: the initiative's "
        "owner (blank means the plan's owner). Target and milestone rows: their initiative's "
        "owner (blank means the owner of the file's initiative with that slug).",
    ),
    Column(
        "Slug",
        Kind.SLUG,
        {PLAN: "slug", AIM: "slug", PRIORITY: "slug", INITIATIVE: "slug"},
        required=frozenset({PLAN, AIM, PRIORITY, INITIATIVE}),
        help="The record's short name in its web address, e.g. ready-for-school: lower case "
        "letters, numbers and hyphens. A plan's within its organisation, an aim's and a "
        "priority's within the plan, an initiative's within its organisation.",
    ),
    Column(
        "Initiative",
        Kind.SLUG,
        {TARGET: "initiative", MILESTONE: "initiative"},
        required=frozenset({TARGET, MILESTONE}),
        help="Target and milestone rows: the slug of their initiative, which has a row in the "
        "same file.",
    ),
    Column(
        "Title",
        Kind.TEXT,
        {PLAN: "title", AIM: "title", PRIORITY: "title", INITIATIVE: "title", MILESTONE: "title"},
        required=frozenset({PLAN, AIM, PRIORITY, INITIATIVE, MILESTONE}),
        help="The title. A milestone is known by its title within its initiative.",
    ),
    Column(
        "Description",
        Kind.TEXT,
        {AIM: "description", TARGET: "description"},
        required=frozenset({TARGET}),
        help="An aim's description; a target's description, by which it is known within its "
        "initiative (e.g. “Double resources to tackle domestic violence”).",
    ),
    Column(
        "Summary",
        Kind.TEXT,
        {PLAN: "summary", PRIORITY: "summary", INITIATIVE: "summary"},
        help="A summary of the plan, priority or initiative.",
    ),
    Column(
        "Summary for children and young people",
        Kind.TEXT,
        {PRIORITY: "young_people_summary"},
        help="The priority in plain words a child or young person can follow.",
    ),
    Column(
        "Aim",
        Kind.SLUG,
        {PRIORITY: "aim"},
        help="The slug of the plan's aim the priority sits under.",
    ),
    Column(
        "Themes",
        Kind.SLUGS,
        {PRIORITY: "themes"},
        help="Slugs of the portal's themes, separated by “;”, e.g. mental-health; early-help.",
    ),
    Column("Lead member", Kind.TEXT, {PRIORITY: "lead_member"}, help="The councillor or leader."),
    Column("Portfolio", Kind.TEXT, {PRIORITY: "portfolio"}, help="The lead member's portfolio."),
    Column(
        "Lead organisation",
        Kind.ORGANISATION,
        {PRIORITY: "lead_organisation"},
        help="The slug of the organisation leading the priority.",
    ),
    Column(
        "Contributing organisations",
        Kind.ORGANISATIONS,
        {PRIORITY: "contributing_organisations"},
        help="Slugs of the organisations contributing to the priority, separated by “;”.",
    ),
    Column(
        "Priorities",
        Kind.SLUGS,
        {INITIATIVE: "priorities"},
        help="Slugs of this plan's priorities the initiative delivers, separated by “;”. Links "
        "to other plans' priorities are kept as they are.",
    ),
    Column(
        "Partner organisations",
        Kind.ORGANISATIONS,
        {INITIATIVE: "partner_organisations"},
        help="Slugs of the initiative's partner organisations, separated by “;”.",
    ),
    Column(
        "Status",
        Kind.CHOICE,
        {PLAN: "status", INITIATIVE: "status"},
        for_information=frozenset({INITIATIVE}),
        help="Plan rows: draft, consultation, proposed, adopted or superseded. Initiative "
        "rows: for information only (a status change needs a reason: record it in the "
        "admin); the import leaves an initiative's status as it is.",
    ),
    Column(
        "RAG rating",
        Kind.CHOICE,
        {INITIATIVE: "rag"},
        help="not rated, green, amber or red. Blank means not rated.",
    ),
    Column(
        "Progress (%)",
        Kind.PERCENT,
        {INITIATIVE: "progress"},
        help="A whole number from 0 to 100. Blank means 0.",
    ),
    Column(
        "Start date",
        Kind.DATE,
        {PLAN: "period_start", INITIATIVE: "start_date"},
        help="A plan's period starts, or an initiative starts (YYYY-MM-DD).",
    ),
    Column(
        "End date",
        Kind.DATE,
        {PLAN: "period_end", INITIATIVE: "end_date"},
        help="A plan's period ends, or an initiative ends (YYYY-MM-DD).",
    ),
    Column("Source document title", Kind.TEXT, {PLAN: "source_title"}),
    Column("Source document link", Kind.URL, {PLAN: "source_url"}, help="A web address."),
    Column("Source document date", Kind.DATE, {PLAN: "source_date"}),
    Column(
        "Overseen by",
        Kind.COMMITTEE,
        {PLAN: "overseen_by"},
        help="The board or committee overseeing the plan: organisation-slug/committee-slug.",
    ),
    Column(
        "Adopted at meeting",
        Kind.MEETING,
        {PLAN: "adopted_at_meeting"},
        help="The meeting that adopted the plan: organisation-slug/committee-slug/meeting-slug.",
    ),
    Column("Unit", Kind.TEXT, {TARGET: "unit"}, help="e.g. %, £, schools."),
    Column(
        "Baseline value",
        Kind.DECIMAL,
        {TARGET: "baseline_value"},
        required=frozenset({TARGET}),
        help="A number (up to 2 decimal places).",
    ),
    Column("Baseline date", Kind.DATE, {TARGET: "baseline_date"}),
    Column(
        "Target value",
        Kind.DECIMAL,
        {TARGET: "target_value"},
        required=frozenset({TARGET}),
        help="A number (up to 2 decimal places).",
    ),
    Column("Target date", Kind.DATE, {TARGET: "target_date"}),
    Column("Current value", Kind.DECIMAL, {TARGET: "current_value"}, help="A number or blank."),
    Column("Current value date", Kind.DATE, {TARGET: "current_value_date"}),
    Column("Due date", Kind.DATE, {MILESTONE: "due_date"}),
    Column("Completed on", Kind.DATE, {MILESTONE: "completed_on"}),
    Column(
        "Order",
        Kind.ORDER,
        {AIM: "order", PRIORITY: "order", MILESTONE: "order"},
        help="Where an aim, priority or milestone comes among its siblings (a whole number). "
        "Blank means its position in the file.",
    ),
    Column(
        "Publication state",
        Kind.CHOICE,
        {PLAN: "publication_state", PRIORITY: "publication_state", INITIATIVE: "publication_state"},
        for_information=frozenset({PLAN, PRIORITY, INITIATIVE}),
        help="For information only: draft, in review, published or archived. New records are "
        "created as drafts and published through review in the admin.",
    ),
)

HEADERS = tuple(column.header for column in COLUMNS)
#: Headers a file must have whatever its rows.
REQUIRED_HEADERS = (RECORD_HEADER, ORGANISATION_HEADER, "Slug", "Title")


def header_key(header) -> str:
    """Return ``header`` as compared: case, spacing and a trailing colon do not matter."""
    return " ".join(str(header or "").split()).rstrip(":").strip().casefold()


COLUMNS_BY_KEY = {header_key(column.header): column for column in COLUMNS}
COLUMNS_BY_HEADER = {column.header: column for column in COLUMNS}


def model_field(column: Column, record: str):
    """Return the model field ``column`` fills on ``record`` rows."""
    return MODELS[record]._meta.get_field(column.fields[record])


def records_phrase(records) -> str:
    """Return "plan, aim and priority" for the record types given (in the file's order)."""
    names = [record for record in RECORD_TYPES if record in records]
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
