"""The public data set's tables, each described once for Frictionless Data.

``TABLES`` names each table: where its rows come from (public records only, from
``public_objects`` or ``.published()``, of the site being built: ``public_objects`` and
``on_current_site()`` read it from ``portal_sites.current``), its columns with their types and
descriptions, its primary key, its foreign keys (``references``, and which of them a row cannot
do without), and the models whose changes make a new build due (``watched``).
``opendata.dataset`` reads and writes them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import models
from django.utils import timezone

from priorities import models as p
from safeguarding import models as s

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    #: Reads the value from a record; by default the attribute of the column's name.
    get: Callable | None = None
    format: str | None = None
    enum: tuple[str, ...] | None = None
    #: The record's page: its path after ``base_url`` (the address of the site built for).
    is_page: bool = False

    def read(self, record, base_url: str = ""):
        if self.is_page:
            return base_url + record.get_absolute_url()
        return (self.get or attrgetter(self.name))(record)

    def schema(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        described["format"] = self.format or "default"
        if self.enum:
            described["constraints"] = {"enum": list(self.enum)}
        return described


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    #: Returns the public records (or through rows) to publish.
    records: Callable[[], models.QuerySet]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("id",)
    #: Column name → the table whose ``id`` it refers to.
    references: dict[str, str] = field(default_factory=dict)
    #: References that must be there: a row without one is left out.
    required: frozenset[str] = frozenset()
    #: The models whose changes change this table (for the change marker).
    watched: tuple[type[models.Model], ...] = ()


def ident(description="The record's id: stable, never reused.") -> Column:
    return Column("id", "integer", description)


def ref(name: str, table: str, description: str) -> Column:
    return Column(name, "integer", f"{description} (the id in {table}).")


def text(name: str, description: str, **kwargs) -> Column:
    return Column(name, "string", description, **kwargs)


def link(name: str, description: str, **kwargs) -> Column:
    return Column(name, "string", description, format="uri", **kwargs)


def choice(name: str, choices, description: str) -> Column:
    labels = "; ".join(f"{value}: {label}" for value, label in choices.choices)
    return Column(name, "string", f"{description} ({labels}).", enum=tuple(choices.values))


def day(name: str, description: str) -> Column:
    return Column(name, "date", f"{description} (YYYY-MM-DD).")


def moment(name: str, description: str) -> Column:
    return Column(name, "datetime", f"{description} (ISO 8601, UTC).")


def number(name: str, description: str) -> Column:
    return Column(name, "number", description)


def whole(name: str, description: str) -> Column:
    return Column(name, "integer", description)


def flag(name: str, description: str) -> Column:
    return Column(name, "boolean", description)


def page(description="The record's page on the portal.") -> Column:
    return Column("url", "string", description, format="uri", is_page=True)


def pair(name, through, left, right, left_table, right_table, description, records=None):
    """A table of links between two tables (a many-to-many relation)."""
    return Table(
        name=name,
        title=name.replace("_", " ").capitalize(),
        description=description,
        records=records or (lambda: through.objects.all()),
        columns=(
            ref(left, left_table, "One side of the link"),
            ref(right, right_table, "The other side of the link"),
        ),
        primary_key=(left, right),
        references={left: left_table, right: right_table},
        required=frozenset({left, right}),
        watched=(through,),
    )


ORGANISATION_ID = "The organisation"

TABLES: tuple[Table, ...] = (
    Table(
        "organisations",
        "Organisations",
        "Councils, safeguarding partnerships, police forces, NHS bodies, boards and charities.",
        lambda: p.Organisation.objects.on_current_site(),
        (
            ident(),
            text("name", "The organisation's name."),
            text("short_name", "A shorter name used where space is short."),
            text("slug", "The name in the organisation's web address."),
            choice("kind", p.OrganisationKind, "What kind of organisation it is"),
            text("description", "About the organisation."),
            link("website", "The organisation's own website."),
            page(),
        ),
        watched=(p.Organisation,),
    ),
    Table(
        "partnership_memberships",
        "Partnership memberships",
        "The organisations that make up each partnership, and which of them lead it.",
        lambda: p.PartnershipMembership.objects.all(),
        (
            ident(),
            ref("partnership_id", "organisations", "The partnership"),
            ref("member_id", "organisations", "The member organisation"),
            flag("is_lead_partner", "Whether the member shares the partnership's leadership."),
            text("role", "The member's role in the partnership."),
            whole("order", "Where the member comes in the partnership's list."),
        ),
        references={"partnership_id": "organisations", "member_id": "organisations"},
        required=frozenset({"partnership_id", "member_id"}),
        watched=(p.PartnershipMembership,),
    ),
    Table(
        "themes",
        "Themes",
        "Cross-cutting themes priorities are tagged with.",
        lambda: p.Theme.objects.all(),
        (
            ident(),
            text("name", "The theme's name."),
            text("slug", "The theme's name in web addresses."),
            text("description", "About the theme."),
        ),
        watched=(p.Theme,),
    ),
    Table(
        "committees",
        "Committees",
        "Committees, cabinets and boards that meet and decide.",
        lambda: p.Committee.objects.on_current_site().select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", ORGANISATION_ID),
            text("name", "The committee's name."),
            text("slug", "The committee's name in web addresses."),
            choice("kind", p.CommitteeKind, "What kind of body it is"),
            text("description", "About the committee."),
            link("website", "The committee's page on the organisation's own website."),
            page(),
        ),
        references={"organisation_id": "organisations"},
        required=frozenset({"organisation_id"}),
        watched=(p.Committee,),
    ),
    Table(
        "meetings",
        "Meetings",
        "Committee meetings, past and to come.",
        lambda: p.Meeting.objects.on_current_site().select_related("committee__organisation"),
        (
            ident(),
            ref("committee_id", "committees", "The committee that meets"),
            moment("starts_at", "When the meeting starts (the start of its day if not known)"),
            flag("time_known", "Whether the start time is known (false: only the date is)."),
            Column(
                "date",
                "date",
                "The meeting's date in the UK (YYYY-MM-DD).",
                get=lambda meeting: timezone.localdate(meeting.starts_at),
            ),
            choice("status", p.MeetingStatus, "Whether it is to come, held, postponed"),
            text("location", "Where the meeting takes place."),
            text("description", "About the meeting."),
            link("agenda_url", "The agenda on the organisation's own website."),
            link("minutes_url", "The minutes on the organisation's own website."),
            page(),
        ),
        references={"committee_id": "committees"},
        required=frozenset({"committee_id"}),
        watched=(p.Meeting,),
    ),
    Table(
        "plans",
        "Plans",
        "Published strategies and policy statements.",
        lambda: p.Plan.public_objects.select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", "The organisation that owns the plan"),
            text("title", "The plan's title."),
            text("slug", "The plan's title in web addresses."),
            text("summary", "What the plan is for."),
            choice("status", p.PlanStatus, "Where the plan stands"),
            day("period_start", "The first day the plan covers"),
            day("period_end", "The last day the plan covers"),
            text("source_title", "The title of the document the plan comes from."),
            link("source_url", "The document the plan comes from."),
            day("source_date", "The date of that document"),
            ref("adopted_at_meeting_id", "meetings", "The meeting that adopted the plan"),
            ref("overseen_by_id", "committees", "The committee that oversees the plan"),
            moment("published_at", "When the plan was published"),
            moment("updated_at", "When the plan was last changed"),
            page(),
        ),
        references={
            "organisation_id": "organisations",
            "adopted_at_meeting_id": "meetings",
            "overseen_by_id": "committees",
        },
        required=frozenset({"organisation_id"}),
        watched=(p.Plan,),
    ),
    Table(
        "aims",
        "Aims",
        "The aims of published plans; each plan's priorities sit under them.",
        lambda: p.Aim.objects.published().on_current_site(),
        (
            ident(),
            ref("plan_id", "plans", "The plan"),
            text("title", "The aim."),
            text("slug", "The aim in web addresses."),
            text("description", "About the aim."),
            whole("order", "Where the aim comes in its plan."),
        ),
        references={"plan_id": "plans"},
        required=frozenset({"plan_id"}),
        watched=(p.Aim,),
    ),
    Table(
        "priorities",
        "Priorities",
        "Published commitments in published plans.",
        lambda: p.Priority.public_objects.select_related("plan__organisation"),
        (
            ident(),
            ref("plan_id", "plans", "The plan"),
            ref("aim_id", "aims", "The aim it sits under"),
            text("title", "The commitment."),
            text("slug", "The commitment in web addresses."),
            text("summary", "What it means."),
            text("young_people_summary", "The same in plain words for children and young people."),
            text("lead_member", "The councillor or leader who answers for it."),
            text("portfolio", "The portfolio it belongs to."),
            ref("lead_organisation_id", "organisations", "The organisation that leads it"),
            whole("order", "Where it comes in its plan."),
            moment("published_at", "When it was published"),
            moment("updated_at", "When it was last changed"),
            page(),
        ),
        references={
            "plan_id": "plans",
            "aim_id": "aims",
            "lead_organisation_id": "organisations",
        },
        required=frozenset({"plan_id"}),
        watched=(p.Priority,),
    ),
    pair(
        "priority_themes",
        p.Priority.themes.through,
        "priority_id",
        "theme_id",
        "priorities",
        "themes",
        "The themes of each priority.",
    ),
    pair(
        "priority_contributing_organisations",
        p.Priority.contributing_organisations.through,
        "priority_id",
        "organisation_id",
        "priorities",
        "organisations",
        "The organisations that contribute to each priority.",
    ),
    Table(
        "initiatives",
        "Initiatives",
        "Published programmes, schemes and service changes, and where each stands.",
        lambda: p.Initiative.public_objects.select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", "The organisation that leads it"),
            text("title", "The initiative."),
            text("slug", "The initiative in web addresses."),
            text("summary", "What it is."),
            choice("status", p.InitiativeStatus, "Where it stands on its scrutiny journey"),
            moment("status_changed_at", "When its status last changed"),
            choice("rag", p.Rag, "Its red, amber or green delivery rating"),
            whole("progress", "Progress, as a percentage."),
            day("start_date", "When it starts"),
            day("end_date", "When it is due to end"),
            moment("published_at", "When it was published"),
            moment("updated_at", "When it was last changed"),
            page(),
        ),
        references={"organisation_id": "organisations"},
        required=frozenset({"organisation_id"}),
        watched=(p.Initiative,),
    ),
    pair(
        "initiative_priorities",
        p.Initiative.priorities.through,
        "initiative_id",
        "priority_id",
        "initiatives",
        "priorities",
        "The priorities each initiative delivers.",
    ),
    pair(
        "initiative_partner_organisations",
        p.Initiative.partner_organisations.through,
        "initiative_id",
        "organisation_id",
        "initiatives",
        "organisations",
        "The partner organisations of each initiative.",
    ),
    Table(
        "status_changes",
        "Status changes",
        "Each step of each published initiative's scrutiny journey.",
        lambda: p.StatusChange.objects.published().on_current_site(),
        (
            ident(),
            ref("initiative_id", "initiatives", "The initiative"),
            choice("from_status", p.InitiativeStatus, "The status before"),
            choice("to_status", p.InitiativeStatus, "The status after"),
            moment("changed_at", "When the change took effect"),
            flag("time_known", "Whether the time of the change is known (false: the day is)."),
            text("reason", "Why the status changed."),
            link("evidence_url", "Evidence for the change."),
            ref("meeting_id", "meetings", "The meeting that decided it"),
        ),
        references={"initiative_id": "initiatives", "meeting_id": "meetings"},
        required=frozenset({"initiative_id"}),
        watched=(p.StatusChange,),
    ),
    Table(
        "milestones",
        "Milestones",
        "The milestones of published initiatives.",
        lambda: p.Milestone.objects.published().on_current_site(),
        (
            ident(),
            ref("initiative_id", "initiatives", "The initiative"),
            text("title", "The milestone."),
            day("due_date", "When it is due"),
            day("completed_on", "When it was done"),
            whole("order", "Where it comes in the initiative's list."),
        ),
        references={"initiative_id": "initiatives"},
        required=frozenset({"initiative_id"}),
        watched=(p.Milestone,),
    ),
    Table(
        "targets",
        "Targets",
        "Measurable targets of published initiatives: baseline, current value and target.",
        lambda: p.Target.objects.published().on_current_site(),
        (
            ident(),
            ref("initiative_id", "initiatives", "The initiative"),
            text("description", "What is measured."),
            text("unit", "The unit, e.g. %, £, schools."),
            number("baseline_value", "The value at the start."),
            day("baseline_date", "When the baseline was measured"),
            number("target_value", "The value aimed for."),
            day("target_date", "When the target should be met"),
            number("current_value", "The latest value."),
            day("current_value_date", "When the latest value was measured"),
        ),
        references={"initiative_id": "initiatives"},
        required=frozenset({"initiative_id"}),
        watched=(p.Target,),
    ),
    Table(
        "evidence_links",
        "Evidence",
        "Reports and documents published about initiatives.",
        lambda: p.EvidenceLink.objects.published().on_current_site(),
        (
            ident(),
            ref("initiative_id", "initiatives", "The initiative"),
            text("title", "The document's title."),
            link("url", "The document."),
            day("published_on", "When it was published"),
        ),
        references={"initiative_id": "initiatives"},
        required=frozenset({"initiative_id"}),
        watched=(p.EvidenceLink,),
    ),
    Table(
        "agenda_items",
        "Agenda items",
        "Items that put a published plan or initiative before a committee, with the outcome.",
        lambda: p.AgendaItem.objects.published().on_current_site(),
        (
            ident(),
            ref("meeting_id", "meetings", "The meeting"),
            text("item_number", "The item's number on the agenda."),
            whole("order", "Where it comes on the agenda."),
            text("title", "The item's title."),
            ref("initiative_id", "initiatives", "The initiative it is about"),
            ref("plan_id", "plans", "The plan it is about"),
            choice("outcome", p.AgendaOutcome, "What the committee decided"),
            # An exempt item's notes and report are withheld (AgendaItem.public_value).
            text(
                "outcome_notes",
                "More about the outcome.",
                get=lambda item: item.public_value("outcome_notes"),
            ),
            link(
                "report_url",
                "The report for the item.",
                get=lambda item: item.public_value("report_url"),
            ),
        ),
        references={"meeting_id": "meetings", "initiative_id": "initiatives", "plan_id": "plans"},
        required=frozenset({"meeting_id"}),
        watched=(p.AgendaItem,),
    ),
    Table(
        "consultations",
        "Consultations",
        "Published consultations: what people said and what was done as a result.",
        lambda: p.Consultation.public_objects.select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", "The organisation that consulted"),
            text("title", "The consultation."),
            text("slug", "The consultation in web addresses."),
            text("audience", "Who was asked."),
            day("opened_on", "When it opened"),
            day("closed_on", "When it closed"),
            text("method", "How people were asked."),
            text("you_said", "What people said."),
            text("we_did", "What was done as a result."),
            link("source_url", "The consultation's own page."),
            moment("published_at", "When it was published"),
            page(),
        ),
        references={"organisation_id": "organisations"},
        required=frozenset({"organisation_id"}),
        watched=(p.Consultation,),
    ),
    pair(
        "consultation_shaped_plans",
        p.Consultation.shaped_plans.through,
        "consultation_id",
        "plan_id",
        "consultations",
        "plans",
        "The plans each consultation shaped.",
    ),
    pair(
        "consultation_shaped_priorities",
        p.Consultation.shaped_priorities.through,
        "consultation_id",
        "priority_id",
        "consultations",
        "priorities",
        "The priorities each consultation shaped.",
    ),
    pair(
        "consultation_shaped_initiatives",
        p.Consultation.shaped_initiatives.through,
        "consultation_id",
        "initiative_id",
        "consultations",
        "initiatives",
        "The initiatives each consultation shaped.",
    ),
    Table(
        "partnership_profiles",
        "Safeguarding partnerships",
        "How each safeguarding children partnership is led and what it is responsible for.",
        lambda: s.PartnershipProfile.objects.on_current_site().select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", "The partnership organisation"),
            text("responsibilities", "What the partnership is responsible for."),
            text("leadership_arrangements", "How the statutory partners share the leadership."),
            text("ambitions_introduction", "An introduction to the partnership's ambitions."),
            page(),
        ),
        references={"organisation_id": "organisations"},
        required=frozenset({"organisation_id"}),
        watched=(s.PartnershipProfile,),
    ),
    Table(
        "ambitions",
        "Ambitions",
        "Published outcomes each partnership wants for children.",
        lambda: s.Ambition.public_objects.select_related("partnership__organisation"),
        (
            ident(),
            ref("partnership_id", "partnership_profiles", "The partnership"),
            text("title", "The ambition."),
            text("slug", "The ambition in web addresses."),
            text("description", "About the ambition."),
            whole("order", "Where it comes in the partnership's list."),
            page(),
        ),
        references={"partnership_id": "partnership_profiles"},
        required=frozenset({"partnership_id"}),
        watched=(s.Ambition,),
    ),
    pair(
        "ambition_priorities",
        s.Ambition.priorities.through,
        "ambition_id",
        "priority_id",
        "ambitions",
        "priorities",
        "The priorities, of any organisation, that serve each ambition.",
    ),
    Table(
        "indicators",
        "Indicators",
        "Published multi-agency measures and their targets.",
        lambda: s.Indicator.public_objects.select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", "The organisation that publishes it"),
            ref("measured_by_id", "organisations", "The agency whose data it is"),
            ref("ambition_id", "ambitions", "The ambition it measures"),
            text("title", "The indicator."),
            text("slug", "The indicator in web addresses."),
            text("description", "About the indicator."),
            text("unit", "The unit."),
            flag("higher_is_better", "Whether a higher value is better."),
            number("target_value", "The value aimed for."),
            text("source_note", "Where the data comes from."),
            page(),
        ),
        references={
            "organisation_id": "organisations",
            "measured_by_id": "organisations",
            "ambition_id": "ambitions",
        },
        required=frozenset({"organisation_id"}),
        watched=(s.Indicator,),
    ),
    Table(
        "measurements",
        "Measurements",
        "The values of published indicators, period by period.",
        lambda: s.Measurement.objects.published().on_current_site(),
        (
            ident(),
            ref("indicator_id", "indicators", "The indicator"),
            day("period_end", "The last day of the period measured"),
            text("period_label", "The period's name, e.g. 2022–23 Q1."),
            number("value", "The value measured."),
            number("target_value", "The target for the period."),
            text("note", "A note on the value."),
        ),
        primary_key=("id",),
        references={"indicator_id": "indicators"},
        required=frozenset({"indicator_id"}),
        watched=(s.Measurement,),
    ),
    Table(
        "inspections",
        "Inspections",
        "Inspections of organisations' children's services and their judgements.",
        lambda: s.Inspection.objects.on_current_site().select_related("organisation"),
        (
            ident(),
            ref("organisation_id", "organisations", "The organisation inspected"),
            choice("inspectorate", s.Inspectorate, "Who inspected"),
            choice("kind", s.InspectionKind, "What kind of inspection"),
            text("title", "The inspection."),
            text("slug", "The inspection in web addresses."),
            day("published_on", "When the report or letter was published"),
            flag("date_is_approximate", "Whether only the year or month is known."),
            choice("judgement", s.Judgement, "The overall judgement"),
            text("summary", "A summary."),
            text("findings", "Key findings, one per paragraph."),
            link("report_url", "The inspection report."),
            page(),
        ),
        references={"organisation_id": "organisations"},
        required=frozenset({"organisation_id"}),
        watched=(s.Inspection,),
    ),
)
