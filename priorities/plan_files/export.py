"""Export a plan in the import format, so that the file imports back to the same records.

The rows are the plan, its aims, its priorities, then each initiative delivering one of its
priorities followed by its targets and milestones. An officer's export holds the initiatives
they may see: those of their own organisations and the published ones of others.
"""

import io

from django.db.models import Prefetch, Q

from priorities.models import Aim, Initiative, Priority
from priorities.plan_files.columns import (
    AIM,
    COLUMNS,
    HEADERS,
    INITIATIVE,
    MILESTONE,
    PLAN,
    PRIORITY,
    TARGET,
    records_phrase,
)
from priorities.plan_files.files import CSV, XLSX, write_csv, write_xlsx

#: Column widths in the workbook, in characters, where the header's own length is not enough.
WIDTHS = {
    "Slug": 30,
    "Initiative": 30,
    "Title": 50,
    "Description": 40,
    "Summary": 60,
    "Summary for children and young people": 50,
    "Priorities": 40,
}


def plan_rows(plan, *, user=None):
    """Yield the rows of ``plan``'s file, each a list of values in ``HEADERS`` order.

    With ``user``, initiatives of other organisations appear only once published.
    """
    owner = plan.organisation.slug
    yield _row(
        PLAN,
        {
            "Organisation": owner,
            "Slug": plan.slug,
            "Title": plan.title,
            "Summary": plan.summary,
            "Status": plan.get_status_display(),
            "Start date": plan.period_start,
            "End date": plan.period_end,
            "Source document title": plan.source_title,
            "Source document link": plan.source_url,
            "Source document date": plan.source_date,
            "Overseen by": _committee(plan.overseen_by),
            "Adopted at meeting": _meeting(plan.adopted_at_meeting),
            "Publication state": plan.get_publication_state_display(),
        },
    )
    for aim in Aim.objects.filter(plan=plan).order_by("order", "title", "pk"):
        yield _row(
            AIM,
            {
                "Organisation": owner,
                "Slug": aim.slug,
                "Title": aim.title,
                "Description": aim.description,
                "Order": aim.order,
            },
        )
    priorities = (
        Priority.private_objects.filter(plan=plan)
        .select_related("aim", "lead_organisation")
        .prefetch_related("themes", "contributing_organisations")
        .order_by("order", "title", "pk")
    )
    for priority in priorities:
        yield _row(
            PRIORITY,
            {
                "Organisation": owner,
                "Slug": priority.slug,
                "Title": priority.title,
                "Summary": priority.summary,
                "Summary for children and young people": priority.young_people_summary,
                "Aim": priority.aim.slug if priority.aim else "",
                "Themes": _slugs(priority.themes.all()),
                "Lead member": priority.lead_member,
                "Portfolio": priority.portfolio,
                "Lead organisation": (
                    priority.lead_organisation.slug if priority.lead_organisation else ""
                ),
                "Contributing organisations": _slugs(priority.contributing_organisations.all()),
                "Order": priority.order,
                "Publication state": priority.get_publication_state_display(),
            },
        )
    for initiative in _initiatives(plan, user):
        organisation = initiative.organisation.slug
        yield _row(
            INITIATIVE,
            {
                "Organisation": organisation,
                "Slug": initiative.slug,
                "Title": initiative.title,
                "Summary": initiative.summary,
                "Priorities": "; ".join(priority.slug for priority in initiative.plan_priorities),
                "Partner organisations": _slugs(initiative.partner_organisations.all()),
                "Status": initiative.get_status_display(),
                "RAG rating": initiative.get_rag_display(),
                "Progress (%)": initiative.progress,
                "Start date": initiative.start_date,
                "End date": initiative.end_date,
                "Publication state": initiative.get_publication_state_display(),
            },
        )
        for target in initiative.targets.all():
            yield _row(
                TARGET,
                {
                    "Organisation": organisation,
                    "Initiative": initiative.slug,
                    "Description": target.description,
                    "Unit": target.unit,
                    "Baseline value": target.baseline_value,
                    "Baseline date": target.baseline_date,
                    "Target value": target.target_value,
                    "Target date": target.target_date,
                    "Current value": target.current_value,
                    "Current value date": target.current_value_date,
                },
            )
        for milestone in initiative.milestones.all():
            yield _row(
                MILESTONE,
                {
                    "Organisation": organisation,
                    "Initiative": initiative.slug,
                    "Title": milestone.title,
                    "Due date": milestone.due_date,
                    "Completed on": milestone.completed_on,
                    "Order": milestone.order,
                },
            )


def _initiatives(plan, user):
    through = Initiative.priorities.through
    initiatives = Initiative.private_objects.filter(
        pk__in=through.objects.filter(priority__plan=plan).values("initiative_id")
    )
    if user is not None:
        initiatives = initiatives.filter(
            Q(pk__in=Initiative.private_objects.editable_by(user).values("pk"))
            | Q(pk__in=Initiative.public_objects.values("pk"))
        )
    return (
        initiatives.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.private_objects.filter(plan=plan).order_by("order", "title"),
                to_attr="plan_priorities",
            ),
            "partner_organisations",
            Prefetch("targets", queryset=initiative_parts("targets")),
            Prefetch("milestones", queryset=initiative_parts("milestones")),
        )
        .order_by("organisation__slug", "title", "pk")
    )


def initiative_parts(name):
    model = Initiative._meta.get_field(name).related_model
    order = ("description", "pk") if name == "targets" else ("order", "due_date", "title", "pk")
    return model.objects.order_by(*order)


def _row(record, values):
    return [record if header == "Record" else values.get(header) for header in HEADERS]


def _slugs(records) -> str:
    return "; ".join(sorted(record.slug for record in records))


def _committee(committee) -> str:
    if committee is None:
        return ""
    return f"{committee.organisation.slug}/{committee.slug}"


def _meeting(meeting) -> str:
    if meeting is None:
        return ""
    committee = meeting.committee
    return f"{committee.organisation.slug}/{committee.slug}/{meeting.slug}"


def guide_rows():
    """Return the workbook's guide: each column, the rows that use it and what it holds."""
    rows = [("Column", "Used on", "What it holds")]
    for column in COLUMNS:
        required = (
            f" Required on {records_phrase(column.required)} rows." if column.required else ""
        )
        rows.append((column.header, records_phrase(column.fields), f"{column.help}{required}"))
    rows.append(("", "", ""))
    rows.append(
        (
            "More",
            "",
            "Dates as YYYY-MM-DD. A blank cell clears the value. The import never deletes, "
            "never changes an initiative's status and never publishes. The full guide is "
            "docs/import-format.md.",
        )
    )
    return rows


def write_rows(rows, *, file, file_format: str):
    """Write ``rows`` (value lists in ``HEADERS`` order) to ``file`` (binary) as CSV or XLSX."""
    if file_format == CSV:
        text = io.TextIOWrapper(file, encoding="utf-8", newline="")
        try:
            write_csv(HEADERS, rows, text)
        finally:
            text.flush()
            text.detach()
    elif file_format == XLSX:
        write_xlsx(HEADERS, rows, file, guide=guide_rows(), widths=WIDTHS)
    else:
        raise ValueError(f"Unknown format {file_format!r}: use csv or xlsx.")


def plan_export(plan, *, file, file_format: str, user=None):
    """Write ``plan`` to ``file`` (binary) in the import format, as CSV or XLSX."""
    write_rows(plan_rows(plan, user=user), file=file, file_format=file_format)


def export_filename(plan, file_format: str) -> str:
    return f"{plan.organisation.slug}-{plan.slug}.{file_format}"
