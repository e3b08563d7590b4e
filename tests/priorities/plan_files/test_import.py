"""Importing a plan from CSV or Excel, and exporting it in the same format.

The admin here is this module's own site (``urlpatterns`` below): the portal's admin with
``PlanImportAdminMixin`` composed into the Plan admin, as ``priorities/admin.py`` composes it.
"""

import csv
import datetime
import io
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import path, reverse

from config.urls import urlpatterns as portal_urlpatterns
from priorities import models as p
from priorities.admin.plan_files import PlanImportAdminMixin
from priorities.plan_files import plan_export, plan_import
from priorities.plan_files.columns import HEADERS
from priorities.plan_files.files import open_table
from priorities.plan_files.template import TEMPLATE_ROWS, template_rows
from priorities.services import initiative_change_status
from tests import factories

# The admin site of these tests ---------------------------------------------------------------

site = admin.AdminSite(name="import_admin")
for _model, _model_admin in admin.site._registry.items():
    _admin_class = type(_model_admin)
    if _model is p.Plan and not issubclass(_admin_class, PlanImportAdminMixin):
        _admin_class = type("ImportPlanAdmin", (PlanImportAdminMixin, _admin_class), {})
    site.register(_model, _admin_class)

urlpatterns = [path("import-admin/", site.urls), *portal_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

DOCS = Path(settings.BASE_DIR) / "docs"
PLAN_SLUG = "children-and-young-peoples-plan-2025-2028"
# Indexes of the template's rows (the row number in the file is the index + 2).
PLAN, AIM, PRIORITY, SECOND_PRIORITY = 0, 1, 3, 4
HUBS, HUBS_TARGET, HUBS_MILESTONE, ADVOCATES = 5, 6, 7, 9


# Fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture
def council():
    """The template's organisations and themes, so that the template imports as it is."""
    castlebridge = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    factories.OrganisationFactory(
        name="Castlebridge Health", slug="castlebridge-health", kind=p.OrganisationKind.NHS
    )
    for slug in ("early-years", "education-and-send", "domestic-abuse"):
        factories.ThemeFactory(slug=slug, name=slug.replace("-", " ").capitalize())
    return castlebridge


@pytest.fixture
def other_council():
    return factories.OrganisationFactory(name="Riverton Council", slug="riverton")


def officer(organisation, username, role=p.OfficerRole.EDITOR):
    user = factories.UserFactory(username=username)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="priorities"))
    factories.OfficerMembershipFactory(user=user, organisation=organisation, role=role)
    return user


def template_dicts():
    """The template's rows as {header: text}, as a CSV would hold them."""
    rows = []
    for row in TEMPLATE_ROWS:
        rows.append({header: _text(row.get(header)) for header in HEADERS})
    return rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_file(rows, headers=HEADERS, *, encoding="utf-8-sig") -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [row.get(header, "") for header in headers] if isinstance(row, dict) else row
        )
    return io.BytesIO(text.getvalue().encode(encoding))


def xlsx_file(rows, headers=HEADERS) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) or None for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def run_import(file, *, dry_run=False, user=None, filename="plan.csv"):
    file.seek(0)
    return plan_import(file=file, filename=filename, acting_user=user, dry_run=dry_run)


def errors_of(report):
    return [(error.row, error.column) for error in report.errors]


def table_counts():
    """Return the number of rows of every table of the priorities app, history included."""
    counts = {}
    for model in apps.get_app_config("priorities").get_models():
        manager = getattr(model, "private_objects", None) or model._base_manager
        counts[model._meta.db_table] = manager.count()
    return counts


def plan_dump(organisation_slug, plan_slug):
    """Return a plan's content by natural keys (no primary keys, timestamps, statuses or
    publication states): what a round trip must reproduce."""
    plan = p.Plan.private_objects.get(organisation__slug=organisation_slug, slug=plan_slug)

    def values(obj, *names):
        return tuple(getattr(obj, name) for name in names)

    dump = {
        "plan": values(
            plan,
            "title",
            "summary",
            "status",
            "period_start",
            "period_end",
            "source_title",
            "source_url",
            "source_date",
            "adopted_at_meeting_id",
            "overseen_by_id",
        ),
        "aims": sorted(
            values(aim, "slug", "title", "description", "order") for aim in plan.aims.all()
        ),
        "priorities": sorted(
            (
                *values(
                    priority,
                    "slug",
                    "title",
                    "summary",
                    "young_people_summary",
                    "lead_member",
                    "portfolio",
                    "lead_organisation_id",
                    "order",
                ),
                priority.aim.slug if priority.aim else None,
                sorted(theme.slug for theme in priority.themes.all()),
                sorted(org.slug for org in priority.contributing_organisations.all()),
            )
            for priority in p.Priority.private_objects.filter(plan=plan)
        ),
        "initiatives": [],
    }
    initiatives = p.Initiative.private_objects.filter(priorities__plan=plan).distinct()
    for initiative in initiatives.order_by("organisation__slug", "slug"):
        dump["initiatives"].append(
            (
                initiative.organisation.slug,
                *values(
                    initiative,
                    "slug",
                    "title",
                    "summary",
                    "rag",
                    "progress",
                    "start_date",
                    "end_date",
                ),
                sorted(priority.slug for priority in initiative.priorities.filter(plan=plan)),
                sorted(org.slug for org in initiative.partner_organisations.all()),
                sorted(
                    values(
                        target,
                        "description",
                        "unit",
                        "baseline_value",
                        "baseline_date",
                        "target_value",
                        "target_date",
                        "current_value",
                        "current_value_date",
                    )
                    for target in initiative.targets.all()
                ),
                sorted(
                    values(milestone, "title", "due_date", "completed_on", "order")
                    for milestone in initiative.milestones.all()
                ),
            )
        )
    return dump


def delete_plan(plan):
    """Delete a plan with its aims, priorities and the initiatives delivering them."""
    initiatives = p.Initiative.private_objects.filter(priorities__plan=plan).distinct()
    p.AgendaItem.objects.filter(initiative__in=initiatives).delete()
    for initiative in initiatives:
        initiative.delete()
    p.Priority.private_objects.filter(plan=plan).delete()
    p.AgendaItem.objects.filter(plan=plan).delete()
    plan.delete()


# The template ----------------------------------------------------------------------------------


def test_the_template_files_hold_the_template_rows():
    expected = [[_text(value) for value in row] for row in template_rows()]
    for name in ("plan-import-template.csv", "plan-import-template.xlsx"):
        with (DOCS / name).open("rb") as file:
            table = open_table(file, filename=name)
            assert table.headers == list(HEADERS)
            found = [[_text(value) for value in row.cells] for row in table.rows]
        found = [(row + [""] * len(HEADERS))[: len(HEADERS)] for row in found]
        assert found == expected, name


def test_the_template_imports_as_it_is(council):
    with (DOCS / "plan-import-template.xlsx").open("rb") as file:
        report = plan_import(file=file, filename="plan-import-template.xlsx", dry_run=False)

    assert report.errors == [] and report.applied
    plan = p.Plan.private_objects.get(organisation=council, slug=PLAN_SLUG)
    assert plan.publication_state == p.PublicationState.DRAFT
    assert plan.status == p.PlanStatus.PROPOSED
    assert plan.period_start == datetime.date(2025, 4, 1)
    assert [aim.slug for aim in plan.aims.order_by("order")] == ["start-well", "keep-safe"]
    ready = p.Priority.private_objects.get(plan=plan, slug="ready-for-school")
    assert ready.aim.slug == "start-well"
    assert sorted(ready.themes.values_list("slug", flat=True)) == [
        "early-years",
        "education-and-send",
    ]
    assert list(ready.contributing_organisations.values_list("slug", flat=True)) == [
        "castlebridge-health"
    ]
    hubs = p.Initiative.private_objects.get(organisation=council, slug="family-hubs")
    assert (hubs.rag, hubs.progress, hubs.status) == ("green", 20, "proposed")
    assert list(hubs.priorities.all()) == [ready]
    target = hubs.targets.get()
    assert (target.baseline_value, target.target_value, target.current_value) == (2, 8, 3)
    assert [m.title for m in hubs.milestones.order_by("order")] == [
        "First new hub opens",
        "Every neighbourhood has a hub",
    ]
    # One history row per record, with the file named as the reason and the links recorded.
    version = hubs.history.get()
    assert version.history_type == "+"
    assert version.history_change_reason == "Imported from plan-import-template.xlsx"
    assert [link.priority_id for link in version.priorities.all()] == [ready.pk]
    assert p.StatusChange.objects.count() == 0


# Dry run, all or nothing, re-import --------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_says_what_would_be_created(council):
    before = table_counts()

    report = run_import(csv_file(template_dicts()), dry_run=True)

    assert report.errors == []
    assert not report.applied
    assert table_counts() == before
    assert report.totals() == {"create": 11, "update": 0, "unchanged": 0}
    assert report.counts()["milestone"] == {"create": 2, "update": 0, "unchanged": 0}
    assert str(report.changes[0]) == f"Row 2: create plan {PLAN_SLUG}"


def test_one_bad_row_among_good_ones_writes_nothing(council):
    rows = template_dicts()
    rows[HUBS]["Start date"] = "2025-13-01"
    before = table_counts()

    report = run_import(csv_file(rows))

    assert errors_of(report) == [(HUBS + 2, "Start date")]
    assert "not a real date" in report.errors[0].message
    assert not report.applied
    assert table_counts() == before


def test_importing_the_same_file_again_changes_nothing_not_even_history(council):
    file = csv_file(template_dicts())
    run_import(file)
    plan = p.Plan.private_objects.get(slug=PLAN_SLUG)
    updated_at = plan.updated_at
    before = table_counts()

    report = run_import(file)

    assert report.errors == [] and report.applied
    assert report.totals() == {"create": 0, "update": 0, "unchanged": 11}
    assert table_counts() == before
    plan.refresh_from_db()
    assert plan.updated_at == updated_at


def test_a_changed_value_updates_only_its_record_with_a_history_row(council):
    alice = officer(council, "alice")
    run_import(csv_file(template_dicts()))
    rows = template_dicts()
    rows[HUBS]["Progress (%)"] = "45"
    rows[HUBS]["Priorities"] = "ready-for-school; tackle-domestic-abuse"
    history_before = p.Initiative.history.count()

    report = run_import(csv_file(rows), user=alice, filename="update.csv")

    assert report.errors == []
    changed = [change for change in report.changes if change.action != "unchanged"]
    assert [(c.row, c.action, c.columns) for c in changed] == [
        (HUBS + 2, "update", ("Progress (%)", "Priorities"))
    ]
    hubs = p.Initiative.private_objects.get(slug="family-hubs")
    assert hubs.progress == 45
    assert sorted(hubs.priorities.values_list("slug", flat=True)) == [
        "ready-for-school",
        "tackle-domestic-abuse",
    ]
    assert p.Initiative.history.count() == history_before + 1
    version = hubs.history.first()
    assert (version.history_type, version.history_user) == ("~", alice)
    assert version.history_change_reason == "Imported from update.csv"
    assert version.priorities.count() == 2


def test_a_blank_cell_clears_a_value_and_a_missing_column_keeps_it(council):
    run_import(csv_file(template_dicts()))
    rows = template_dicts()
    rows[HUBS]["End date"] = ""
    headers = [header for header in HEADERS if header != "Summary"]

    report = run_import(csv_file(rows, headers))

    assert report.errors == []
    hubs = p.Initiative.private_objects.get(slug="family-hubs")
    assert hubs.end_date is None
    assert hubs.summary.startswith("One place in each neighbourhood")


def test_an_initiatives_links_to_other_plans_priorities_are_kept(council):
    run_import(csv_file(template_dicts()))
    elsewhere = factories.PriorityFactory(plan__organisation=council)
    hubs = p.Initiative.private_objects.get(slug="family-hubs")
    hubs.priorities.add(elsewhere)

    report = run_import(csv_file(template_dicts()))

    assert report.totals()["update"] == 0
    assert elsewhere in hubs.priorities.all()


# Status and publication are for information ----------------------------------------------------


def test_the_import_never_changes_an_initiatives_status_and_warns_where_it_differs(council):
    run_import(csv_file(template_dicts()))
    hubs = p.Initiative.private_objects.get(slug="family-hubs")
    initiative_change_status(initiative=hubs, to="adopted", reason="Approved by cabinet.")
    rows = template_dicts()
    rows[ADVOCATES]["Status"] = "In delivery"  # it is still proposed
    changes_before = p.StatusChange.objects.count()

    report = run_import(csv_file(rows))

    assert report.errors == [] and report.totals()["update"] == 0
    assert [(w.row, w.column) for w in report.warnings] == [
        (HUBS + 2, "Status"),
        (ADVOCATES + 2, "Status"),
    ]
    assert "must be recorded with a reason in the admin" in report.warnings[0].message
    hubs.refresh_from_db()
    assert hubs.status == "adopted"
    assert p.Initiative.private_objects.get(slug="domestic-abuse-advocates").status == "proposed"
    assert p.StatusChange.objects.count() == changes_before


def test_new_records_are_drafts_and_published_ones_stay_published(council):
    rows = template_dicts()
    rows[PLAN]["Publication state"] = "Published"

    report = run_import(csv_file(rows))

    assert [(w.row, w.column) for w in report.warnings] == [(2, "Publication state")]
    plan = p.Plan.private_objects.get(slug=PLAN_SLUG)
    assert plan.publication_state == p.PublicationState.DRAFT
    p.Plan.private_objects.filter(pk=plan.pk).update(publication_state="published")

    report = run_import(csv_file(template_dicts()))

    assert report.totals()["update"] == 0
    assert [(w.row, w.column) for w in report.warnings] == [(2, "Publication state")]
    plan.refresh_from_db()
    assert plan.publication_state == p.PublicationState.PUBLISHED


# Errors by row and column --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "values", "column", "message"),
    [
        pytest.param(HUBS, {"Start date": "31/02/2025"}, "Start date", "not a real", id="date"),
        pytest.param(HUBS, {"End date": "next March"}, "End date", "YYYY-MM-DD", id="bad-date"),
        pytest.param(
            PLAN,
            {"Organisation": "castlebridg"},
            "Organisation",
            "No organisation has the slug “castlebridg”",
            id="unknown-organisation",
        ),
        pytest.param(
            PRIORITY,
            {"Contributing organisations": "castlebridge-health; nobody"},
            "Contributing organisations",
            "“nobody”",
            id="unknown-contributor",
        ),
        pytest.param(
            PRIORITY, {"Title": ""}, "Title", "The priority’s title is missing", id="no-title"
        ),
        pytest.param(
            SECOND_PRIORITY,
            {"Slug": "ready-for-school"},
            "Slug",
            f"Another priority has this slug (row {PRIORITY + 2})",
            id="duplicate-slug",
        ),
        pytest.param(
            PRIORITY,
            {"Summary": '=HYPERLINK("http://x","y")'},
            "Summary",
            "formula",
            id="formula",
        ),
        pytest.param(PRIORITY, {"Title": "@SUM(A1)"}, "Title", "formula", id="formula-at"),
        pytest.param(PRIORITY, {"Title": "\tTabbed"}, "Title", "a tab", id="formula-tab"),
        pytest.param(PRIORITY, {"Title": "+44 line"}, "Title", "formula", id="formula-plus"),
        pytest.param(HUBS, {"Progress (%)": "150"}, "Progress (%)", "0 to 100", id="progress"),
        pytest.param(HUBS, {"RAG rating": "purple"}, "RAG rating", "Amber", id="rag"),
        pytest.param(PLAN, {"Status": "approved"}, "Status", "Superseded", id="plan-status"),
        pytest.param(HUBS, {"Status": "finished"}, "Status", "In delivery", id="initiative-status"),
        pytest.param(
            PRIORITY,
            {"Publication state": "live"},
            "Publication state",
            "In review",
            id="publication-state",
        ),
        pytest.param(
            HUBS,
            {"Priorities": "ready-for-school; early-help"},
            "Priorities",
            "no priority with the slug “early-help”",
            id="unknown-priority",
        ),
        pytest.param(PRIORITY, {"Aim": "stay-well"}, "Aim", "no aim", id="unknown-aim"),
        pytest.param(PRIORITY, {"Themes": "sport"}, "Themes", "No theme", id="unknown-theme"),
        pytest.param(
            HUBS_MILESTONE,
            {"Initiative": "family-hub"},
            "Initiative",
            "no initiative row",
            id="milestone-without-initiative",
        ),
        pytest.param(
            HUBS_TARGET, {"Baseline value": "lots"}, "Baseline value", "not a number", id="number"
        ),
        pytest.param(
            HUBS_TARGET, {"Target value": "2.125"}, "Target value", "decimal", id="decimals"
        ),
        pytest.param(
            HUBS_TARGET,
            {"Target date": "2020-01-01"},
            "Target date",
            "before the baseline date",
            id="target-before-baseline",
        ),
        pytest.param(
            HUBS_TARGET, {"Baseline value": ""}, "Baseline value", "missing", id="required-number"
        ),
        pytest.param(AIM, {"Themes": "early-years"}, "Themes", "priority rows", id="wrong-column"),
        pytest.param(AIM, {"Record": "goal"}, "Record", "not a record type", id="record"),
        pytest.param(AIM, {"Slug": "Start well!"}, "Slug", "not a slug", id="slug"),
        pytest.param(
            PLAN,
            {"Source document link": "not a link at all"},
            "Source document link",
            "valid URL",
            id="link",
        ),
        pytest.param(
            AIM,
            {"Organisation": "castlebridge-health"},
            "Organisation",
            "belongs to its plan's organisation",
            id="aim-of-another-organisation",
        ),
        pytest.param(
            PLAN, {"End date": "2020-01-01"}, "End date", "ends before it starts", id="period"
        ),
    ],
)
def test_each_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(
    council, index, values, column, message
):
    rows = template_dicts()
    rows[index].update(values)
    before = table_counts()

    report = run_import(csv_file(rows))

    row = index + 2
    assert (row, column) in errors_of(report), report.errors
    error = next(e for e in report.errors if (e.row, e.column) == (row, column))
    assert message in error.message
    assert table_counts() == before


def test_labels_and_values_of_choices_are_both_accepted(council):
    rows = template_dicts()
    rows[HUBS]["RAG rating"] = "AMBER"
    rows[ADVOCATES]["RAG rating"] = "red: off track"
    rows[PLAN]["Status"] = "out for consultation"

    report = run_import(csv_file(rows))

    assert report.errors == []
    assert p.Initiative.private_objects.get(slug="family-hubs").rag == "amber"
    assert p.Initiative.private_objects.get(slug="domestic-abuse-advocates").rag == "red"
    assert p.Plan.private_objects.get().status == "consultation"


def test_uk_dates_and_numbers_with_separators_are_read(council):
    rows = template_dicts()
    rows[HUBS]["Start date"] = "01/04/2025"
    rows[HUBS_TARGET]["Target value"] = "1,000"

    report = run_import(csv_file(rows))

    assert report.errors == []
    assert p.Initiative.private_objects.get(slug="family-hubs").start_date == datetime.date(
        2025, 4, 1
    )
    assert p.Target.objects.get(description="Family hubs open").target_value == Decimal(1000)


def test_a_formula_cell_in_a_workbook_is_refused(council):
    file = xlsx_file(template_dicts())
    workbook = openpyxl.load_workbook(file)
    workbook["Plan"]["E5"] = '=HYPERLINK("http://x","y")'  # the first priority's title
    file = io.BytesIO()
    workbook.save(file)

    report = run_import(file, filename="plan.xlsx")

    assert errors_of(report) == [(5, "Title")]
    assert "formula" in report.errors[0].message


def test_text_the_export_quoted_imports_without_the_quote(council):
    rows = template_dicts()
    rows[PRIORITY]["Summary"] = "'- starts with a dash"

    report = run_import(csv_file(rows))

    assert report.errors == []
    assert p.Priority.private_objects.get(slug="ready-for-school").summary == "- starts with a dash"


def test_a_csv_not_saved_as_utf8_is_refused_with_how_to_save_it(council):
    rows = template_dicts()
    rows[HUBS_TARGET]["Unit"] = "£"

    report = run_import(csv_file(rows, encoding="cp1252"))

    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.row == HUBS_TARGET + 2
    assert "CSV UTF-8" in error.message
    assert p.Plan.private_objects.count() == 0


def test_an_empty_file_is_refused(council):
    assert [e.message for e in run_import(io.BytesIO(b"")).errors] == ["The file is empty."]
    assert [e.message for e in run_import(io.BytesIO(b"\n\n")).errors] == ["The file is empty."]


def test_headings_without_rows_are_refused(council):
    report = run_import(csv_file([]))

    assert [e.message for e in report.errors] == ["The file has headings but no rows under them."]


def test_wrong_and_missing_headings_are_reported(council):
    headers = ["Record", "", "Organisation", "Titel", "Start date", "Start date"]

    report = run_import(csv_file([["plan", "", "castlebridge", "A plan", "", ""]], headers))

    assert errors_of(report) == [
        (1, "Column B"),
        (1, "Titel"),
        (1, "Start date"),
        (1, "Slug"),
        (1, "Title"),
    ]
    assert "no heading" in report.errors[0].message
    assert "Did you mean “Title”?" in report.errors[1].message
    assert "appears twice (columns E and F)" in report.errors[2].message
    assert report.errors[3].message == "The file has no “Slug” column."


def test_a_semicolon_separated_csv_is_explained(council):
    file = io.BytesIO(";".join(HEADERS).encode() + b"\nplan;castlebridge\n")

    report = run_import(file)

    assert "separated by semicolons" in report.errors[0].message


def test_a_file_with_no_plan_row_is_refused(council):
    report = run_import(csv_file(template_dicts()[1:]))

    assert (None, "Record") in errors_of(report)


def test_a_file_that_is_not_a_workbook_is_refused(council):
    report = run_import(io.BytesIO(b"not a workbook"), filename="plan.xlsx")

    assert "not an Excel workbook" in report.errors[0].message


def test_too_many_rows_or_bytes_are_refused(council, settings):
    settings.PORTAL_IMPORT_MAX_ROWS = 5
    report = run_import(csv_file(template_dicts()))
    assert report.errors[0].row == 7  # the sixth row under the headings
    assert "more than 5 rows" in report.errors[0].message

    settings.PORTAL_IMPORT_MAX_BYTES = 1000
    report = run_import(csv_file(template_dicts()))
    assert "files of up to" in report.errors[0].message


def test_a_workbook_that_unpacks_to_far_more_than_its_size_is_refused(council, settings):
    settings.PORTAL_IMPORT_MAX_BYTES = 100_000
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 2_000_000)

    report = run_import(bomb, filename="plan.xlsx")

    assert "unpacks to more than can be imported" in report.errors[0].message


def test_a_value_beyond_the_headed_columns_is_reported(council):
    rows = [[_text(value) for value in row] for row in template_rows()]
    rows[HUBS].append("stray note")

    report = run_import(csv_file(rows))

    assert errors_of(report) == [(HUBS + 2, "Column AL")]


def test_a_target_without_an_organisation_belongs_to_the_initiative_of_its_slug(
    council, other_council
):
    rows = template_dicts()
    rows[ADVOCATES]["Organisation"] = "riverton"
    rows[ADVOCATES + 1]["Organisation"] = ""

    report = run_import(csv_file(rows))

    assert report.errors == []
    target = p.Target.objects.get(description="Double resources to tackle domestic abuse")
    assert target.initiative.organisation == other_council


# Permissions -----------------------------------------------------------------------------------


def test_an_officer_may_not_import_into_another_organisation(council, other_council):
    outsider = officer(other_council, "olive")

    report = run_import(csv_file(template_dicts()), user=outsider)

    assert (2, "Organisation") in errors_of(report)
    assert "You are not an officer of Castlebridge Council" in report.errors[0].message
    assert p.Plan.private_objects.count() == 0


def test_unchanged_rows_of_another_organisation_are_allowed(council, other_council):
    """A partner's published initiative delivering one of your priorities, exactly as it is
    (as the export writes it), is fine."""
    run_import(csv_file(template_dicts()))
    p.Initiative.private_objects.filter(slug="domestic-abuse-advocates").update(
        organisation=other_council, publication_state=p.PublicationState.PUBLISHED
    )
    alice = officer(council, "alice")
    rows = template_dicts()
    for row in rows[ADVOCATES:]:
        row["Organisation"] = "riverton"
    rows[HUBS]["Title"] = "Family hubs in every ward"

    report = run_import(csv_file(rows), user=alice)

    assert report.errors == []
    assert report.totals()["update"] == 1

    rows[ADVOCATES]["Progress (%)"] = "10"
    report = run_import(csv_file(rows), user=alice)
    assert errors_of(report) == [(ADVOCATES + 2, "Organisation")]


# Another organisation's drafts look like records that do not exist ----------------------------


def outcome(report, slug, stand_in="the-slug"):
    """Return all a report tells the officer, with ``slug`` written as ``stand_in``."""

    def texts(items):
        return [str(item).replace(slug, stand_in) for item in items]

    return {
        "errors": texts(report.errors),
        "warnings": texts(report.warnings),
        "changes": texts(report.changes),
        "summary": report.summary(),
    }


def renamed(rows, old, new):
    """Return ``rows`` with every cell that is ``old`` (or lists it) naming ``new`` instead."""
    return [
        {
            header: ", ".join(new if part == old else part for part in value.split(", "))
            for header, value in row.items()
        }
        for row in rows
    ]


def partner_rows():
    """The template, with the domestic abuse initiative and its target named as Riverton's."""
    rows = template_dicts()
    for row in rows[ADVOCATES:]:
        row["Organisation"] = "riverton"
    return rows


@pytest.mark.parametrize("progress", ["", "10"], ids=["as-it-is", "changed"])
def test_another_organisations_draft_initiative_imports_as_a_made_up_one(
    council, other_council, progress
):
    """Named exactly as it is, or with a change, another council's draft initiative gets the
    answer a made-up name gets: "would create", refused."""
    run_import(csv_file(template_dicts()))
    p.Initiative.private_objects.filter(slug="domestic-abuse-advocates").update(
        organisation=other_council
    )
    alice = officer(council, "alice")
    rows = partner_rows()
    if progress:
        rows[ADVOCATES]["Progress (%)"] = progress
    made_up = renamed(rows, "domestic-abuse-advocates", "made-up-initiative")

    theirs = run_import(csv_file(rows), user=alice, dry_run=True)
    nobodys = run_import(csv_file(made_up), user=alice, dry_run=True)

    assert nobodys.errors, "a row creating another organisation's initiative is refused"
    assert outcome(theirs, "domestic-abuse-advocates") == outcome(nobodys, "made-up-initiative")
    assert "would update" not in str(theirs.errors)


def test_another_organisations_draft_plan_imports_as_a_made_up_one(council, other_council):
    run_import(csv_file(template_dicts()))
    olive = officer(other_council, "olive")
    made_up = renamed(template_dicts(), PLAN_SLUG, "made-up-plan")

    theirs = run_import(csv_file(template_dicts()), user=olive, dry_run=True)
    nobodys = run_import(csv_file(made_up), user=olive, dry_run=True)

    assert nobodys.errors
    assert outcome(theirs, PLAN_SLUG) == outcome(nobodys, "made-up-plan")


def test_a_draft_priority_of_another_organisations_published_plan_imports_as_a_made_up_one(
    council, other_council
):
    run_import(csv_file(template_dicts()))
    p.Plan.private_objects.update(publication_state=p.PublicationState.PUBLISHED)
    p.Priority.private_objects.exclude(slug="ready-for-school").update(
        publication_state=p.PublicationState.PUBLISHED
    )
    p.Initiative.private_objects.update(publication_state=p.PublicationState.PUBLISHED)
    olive = officer(other_council, "olive")
    rows = template_dicts()
    for row in rows:
        if row["Publication state"]:
            row["Publication state"] = "Published"
    rows[PRIORITY]["Publication state"] = "Draft"
    made_up = renamed(rows, "ready-for-school", "made-up-priority")

    theirs = run_import(csv_file(rows), user=olive, dry_run=True)
    nobodys = run_import(csv_file(made_up), user=olive, dry_run=True)

    assert nobodys.errors
    assert outcome(theirs, "ready-for-school") == outcome(nobodys, "made-up-priority")
    # The published rest of the plan is public: unchanged, it is no error.
    assert {error.row for error in theirs.errors} == {PRIORITY + 2, HUBS + 2}


# Export and round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_plan_imports_back_to_the_same_data(file_format):
    call_command("load_demo_data", quiet=True)
    plan = p.Plan.private_objects.get(
        organisation__slug="wandsworth", slug="new-policy-priorities-for-children-and-families"
    )
    # Text a spreadsheet would take for a formula survives the round trip too.
    p.Priority.private_objects.filter(plan=plan, order=1).update(lead_member="=Cllr Kate Stock")
    before = plan_dump("wandsworth", plan.slug)
    exported = io.BytesIO()
    plan_export(plan, file=exported, file_format=file_format)

    # Imported over itself, the file changes nothing.
    counts = table_counts()
    report = run_import(exported, filename=f"plan.{file_format}")
    assert report.errors == [] and report.warnings == []
    assert report.totals()["create"] == report.totals()["update"] == 0
    assert table_counts() == counts

    # Imported into a portal without the plan, it recreates the same records, as drafts.
    delete_plan(plan)
    report = run_import(exported, filename=f"plan.{file_format}")
    assert report.errors == [] and report.applied
    assert report.totals()["create"] == len(report.changes) > 30
    assert plan_dump("wandsworth", plan.slug) == before
    recreated = p.Initiative.private_objects.filter(priorities__plan__slug=plan.slug)
    assert {initiative.status for initiative in recreated} == {"proposed"}
    assert {initiative.publication_state for initiative in recreated} == {"draft"}
    assert {w.column for w in report.warnings} == {"Status", "Publication state"}


def test_an_officers_export_leaves_out_other_organisations_drafts(council, other_council):
    run_import(csv_file(template_dicts()))
    theirs = factories.InitiativeFactory(
        organisation=other_council, slug="their-draft", publication_state="draft"
    )
    theirs.priorities.add(p.Priority.private_objects.get(slug="ready-for-school"))
    plan = p.Plan.private_objects.get(slug=PLAN_SLUG)
    alice = officer(council, "alice")

    def slugs(user):
        exported = io.BytesIO()
        plan_export(plan, file=exported, file_format="csv", user=user)
        rows = csv.DictReader(io.StringIO(exported.getvalue().decode("utf-8-sig")))
        return [row["Slug"] for row in rows if row["Record"] == "initiative"]

    assert "their-draft" not in slugs(alice)
    assert "their-draft" in slugs(None)


def test_exported_cells_are_neutralised_and_dates_are_date_cells(council):
    run_import(csv_file(template_dicts()))
    p.Priority.private_objects.filter(slug="ready-for-school").update(
        summary='=HYPERLINK("http://x","y")'
    )
    plan = p.Plan.private_objects.get(slug=PLAN_SLUG)
    exported = io.BytesIO()
    plan_export(plan, file=exported, file_format="xlsx")

    sheet = openpyxl.load_workbook(exported)["Plan"]
    summary = sheet.cell(row=5, column=HEADERS.index("Summary") + 1)
    assert summary.data_type == "s"
    assert summary.value == '\'=HYPERLINK("http://x","y")'
    start = sheet.cell(row=2, column=HEADERS.index("Start date") + 1)
    assert start.is_date and start.value.date() == datetime.date(2025, 4, 1)


# The commands ----------------------------------------------------------------------------------


def test_the_command_imports_and_a_dry_run_lists_the_changes(council, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_file(template_dicts()).getvalue())
    out = io.StringIO()

    call_command("import_plan", str(path), "--dry-run", stdout=out)

    assert f"Row 2: create plan {PLAN_SLUG}" in out.getvalue()
    assert "Dry run, nothing written" in out.getvalue()
    assert p.Plan.private_objects.count() == 0

    call_command("import_plan", str(path), stdout=io.StringIO())
    assert p.Plan.private_objects.count() == 1


def test_the_command_exits_non_zero_printing_errors_by_row_and_column(council, tmp_path):
    rows = template_dicts()
    rows[HUBS]["Start date"] = "soon"
    rows[PRIORITY]["Title"] = ""
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_file(rows).getvalue())
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_plan", str(path), stdout=io.StringIO(), stderr=err)

    # manage.py exits with the error's return code, after printing it to stderr.
    assert raised.value.returncode == 1
    printed = err.getvalue() + str(raised.value)
    assert "Row 5, Title: The priority’s title is missing." in printed
    assert "Row 7, Start date: “soon” is not a date" in printed
    assert "2 errors found: nothing was imported." in printed
    assert p.Plan.private_objects.count() == 0


def test_the_command_checks_the_users_permissions(council, other_council, tmp_path):
    officer(other_council, "olive")
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_file(template_dicts()).getvalue())

    with pytest.raises(CommandError):
        call_command("import_plan", str(path), "--user", "olive", stderr=io.StringIO())
    with pytest.raises(CommandError, match="No user"):
        call_command("import_plan", str(path), "--user", "nobody")


def test_export_plan_writes_a_file_that_imports_unchanged(council, tmp_path):
    run_import(csv_file(template_dicts()))
    for file_format in ("csv", "xlsx"):
        path = tmp_path / f"plan.{file_format}"
        call_command(
            "export_plan",
            "--organisation",
            "castlebridge",
            "--plan",
            PLAN_SLUG,
            "--output",
            str(path),
            stdout=io.StringIO(),
        )
        with path.open("rb") as file:
            report = plan_import(file=file, filename=path.name)
        assert report.errors == [] and report.warnings == []
        assert report.totals() == {"create": 0, "update": 0, "unchanged": 11}
    with pytest.raises(CommandError, match="No plan"):
        call_command(
            "export_plan", "--organisation", "riverton", "--plan", PLAN_SLUG, "--output", "x.csv"
        )


def test_export_plan_writes_the_template_in_the_docs(tmp_path):
    path = tmp_path / "template.csv"
    call_command("export_plan", "--template", "--output", str(path), stdout=io.StringIO())

    assert path.read_bytes() == (DOCS / "plan-import-template.csv").read_bytes(), (
        "Regenerate the templates: manage.py export_plan --template --output "
        "docs/plan-import-template.csv (and .xlsx)"
    )


# The admin -----------------------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(f"import_admin:priorities_plan_{name}", args=args)


def upload(rows, name="plan.csv"):
    return SimpleUploadedFile(name, csv_file(rows).getvalue(), content_type="text/csv")


def test_the_plan_list_links_to_the_import_page(council):
    client = Client()
    client.force_login(officer(council, "alice"))

    response = client.get(admin_url("changelist"))

    assert response.status_code == 200
    assert f'href="{admin_url("import")}"' in response.content.decode()


def test_an_officer_checks_then_imports_a_file_in_the_admin(council):
    alice = officer(council, "alice")
    client = Client()
    client.force_login(alice)

    assert client.get(admin_url("import")).status_code == 200
    checked = client.post(admin_url("import"), {"file": upload(template_dicts())})

    assert checked.status_code == 200
    page = checked.content.decode()
    assert "11 records would be created" in page
    assert 'id="import-confirm"' in page
    assert p.Plan.private_objects.count() == 0
    digest = checked.context["digest"]

    imported = client.post(
        admin_url("import"),
        {"file": upload(template_dicts()), "confirm": "1", "digest": digest},
    )

    plan = p.Plan.private_objects.get()
    assert imported.status_code == 302
    assert imported["Location"] == admin_url("change", plan.pk)
    assert plan.history.get().history_user == alice


def test_confirming_with_a_different_file_only_checks_it(council):
    client = Client()
    client.force_login(officer(council, "alice"))
    checked = client.post(admin_url("import"), {"file": upload(template_dicts())})
    rows = template_dicts()
    rows[PLAN]["Title"] = "Another title"

    response = client.post(
        admin_url("import"),
        {"file": upload(rows), "confirm": "1", "digest": checked.context["digest"]},
    )

    assert response.status_code == 200
    assert "not the file you checked" in response.content.decode()
    assert p.Plan.private_objects.count() == 0


def test_the_admin_refuses_rows_of_another_organisation(council, other_council):
    client = Client()
    client.force_login(officer(other_council, "olive"))

    response = client.post(admin_url("import"), {"file": upload(template_dicts())})

    page = response.content.decode()
    assert 'id="import-errors"' in page
    assert "You are not an officer of Castlebridge Council" in page
    assert 'id="import-confirm"' not in page
    response = client.post(
        admin_url("import"),
        {"file": upload(template_dicts()), "confirm": "1", "digest": response.context["digest"]},
    )
    assert p.Plan.private_objects.count() == 0


def test_the_admin_exports_the_officers_plans_only(council, other_council):
    run_import(csv_file(template_dicts()))
    plan = p.Plan.private_objects.get()
    theirs = factories.PlanFactory(organisation=other_council)
    client = Client()
    client.force_login(officer(council, "alice"))

    response = client.get(admin_url("export", plan.pk, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="castlebridge-{PLAN_SLUG}.xlsx"'
    )
    report = run_import(io.BytesIO(response.content), filename="plan.xlsx")
    assert report.totals()["unchanged"] == 11
    assert client.get(admin_url("export", theirs.pk, "csv")).status_code == 404
    assert (
        admin_url("export", plan.pk, "csv") in client.get(admin_url("changelist")).content.decode()
    )


def test_the_export_action_zips_several_plans(council):
    run_import(csv_file(template_dicts()))
    second = factories.PlanFactory(organisation=council)
    client = Client()
    client.force_login(officer(council, "alice"))

    response = client.post(
        admin_url("changelist"),
        {
            "action": "export_selected_csv",
            "_selected_action": [plan.pk for plan in p.Plan.private_objects.all()],
        },
    )

    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(
        [f"castlebridge-{PLAN_SLUG}.csv", f"castlebridge-{second.slug}.csv"]
    )


def test_the_admin_offers_the_template(council):
    client = Client()
    client.force_login(officer(council, "alice"))

    response = client.get(admin_url("import_template", "csv"))

    assert response.content == (DOCS / "plan-import-template.csv").read_bytes()


# Scale ---------------------------------------------------------------------------------------


def large_plan_rows(total=20_000):
    """Return a plan of ``total`` rows: 4 aims, 200 priorities, then initiatives with two
    targets and two milestones each (the last initiative takes what is left)."""
    rows = [
        {"Record": "plan", "Organisation": "castlebridge", "Slug": "big", "Title": "A big plan"}
    ]
    for number in range(1, 5):
        rows.append({"Record": "aim", "Slug": f"aim-{number}", "Title": f"Aim {number}"})
    for number in range(1, 201):
        rows.append(
            {
                "Record": "priority",
                "Slug": f"priority-{number}",
                "Title": f"Priority {number}",
                "Aim": f"aim-{number % 4 + 1}",
                "Themes": "early-years",
            }
        )
    number = 0
    while len(rows) < total:
        number += 1
        slug = f"initiative-{number}"
        rows.append(
            {
                "Record": "initiative",
                "Slug": slug,
                "Title": f"Initiative {number}",
                "Summary": "A programme delivering two priorities. " * 3,
                "Priorities": f"priority-{number % 200 + 1}; priority-{(number + 7) % 200 + 1}",
                "RAG rating": "green",
                "Progress (%)": str(number % 101),
                "Start date": "2025-04-01",
                "End date": "2027-03-31",
            }
        )
        for part in range(1, 3):
            rows.append(
                {
                    "Record": "target",
                    "Initiative": slug,
                    "Description": f"Target {part}",
                    "Baseline value": "1",
                    "Target value": str(part + 1),
                    "Target date": "2027-03-31",
                }
            )
            rows.append(
                {
                    "Record": "milestone",
                    "Initiative": slug,
                    "Title": f"Milestone {part}",
                    "Due date": "2026-03-31",
                }
            )
    return rows[:total]


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def peak_megabytes(function):
    """Return ``function()`` and the peak of Python memory it allocated (tracemalloc)."""
    tracemalloc.start()
    try:
        result = function()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak / 1_048_576


@pytest.mark.slow
def test_a_20000_row_file_is_checked_and_imported(council, capsys):
    rows = large_plan_rows()
    initiatives = sum(row["Record"] == "initiative" for row in rows)
    file = csv_file(rows)
    assert len(file.getvalue()) < 10 * 1_048_576

    checked, check_seconds = timed(lambda: run_import(file, dry_run=True))
    imported, import_seconds = timed(lambda: run_import(file))
    # Checked again against the imported records (every one of them loaded), under tracemalloc
    # (which slows it down several times, so the times above are measured without it).
    rechecked, peak = peak_megabytes(lambda: run_import(file, dry_run=True))

    with capsys.disabled():
        print(
            f"\n20,000 rows: checked in {check_seconds:.1f} s, imported in {import_seconds:.1f} s; "
            f"checking them against the imported records peaked at {peak:.0f} MB"
        )
    assert checked.errors == [] and imported.errors == [] and imported.applied
    assert imported.totals() == {"create": 20_000, "update": 0, "unchanged": 0}
    assert rechecked.totals() == {"create": 0, "update": 0, "unchanged": 20_000}
    assert p.Initiative.private_objects.count() == initiatives
    assert p.Target.objects.count() + p.Milestone.objects.count() == 20_000 - 205 - initiatives
    assert p.Initiative.history.count() == initiatives
    assert p.Initiative.priorities.through.objects.count() == 2 * initiatives
    assert check_seconds + import_seconds < 90
    assert peak < 300


def test_an_editors_import_of_changes_to_a_published_record_waits_for_a_publisher(council):
    """Issue 14: the file's change to a published initiative becomes a pending revision; the
    public goes on seeing the published values until a publisher approves."""
    from priorities.revisions import revision_approve

    alice = officer(council, "alice")
    run_import(csv_file(template_dicts()))
    p.Initiative.private_objects.filter(slug="family-hubs").update(publication_state="published")
    rows = template_dicts()
    rows[HUBS]["Progress (%)"] = "45"

    report = run_import(csv_file(rows), user=alice, filename="update.csv")

    assert report.errors == []
    assert "1 change to published records waits for a publisher" in report.summary()
    hubs = p.Initiative.private_objects.get(slug="family-hubs")
    assert hubs.progress != 45
    revision = p.Revision.objects.of(hubs).pending().get()
    assert revision.data["fields"] == {"progress": 45}

    revision_approve(
        revision=revision, acting_user=officer(council, "pat", p.OfficerRole.PUBLISHER)
    )
    hubs.refresh_from_db()
    assert hubs.progress == 45
