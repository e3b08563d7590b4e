"""The Excel workbook of a committee report: an About sheet, then one sheet per table, with
typed cells, frozen bold headings, filters on, no formula anywhere and drafts kept out of public
reports."""

import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from priorities.reports.document import Column, ColumnKind, Link, Report, Table, Tag
from priorities.reports.excel import (
    ABOUT_SHEET_TITLE,
    DATE_FORMAT,
    DRAFT_MARK,
    PERCENT_FORMAT,
    sheet_titles,
    write_xlsx,
)
from tests.priorities.reports.conftest import INJECTION


def workbook_of(report):
    stream = io.BytesIO()
    write_xlsx(report, stream)
    return load_workbook(io.BytesIO(stream.getvalue()))


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def all_values(workbook):
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def column_cells(sheet, heading):
    """Return the cells below ``heading`` in row 1, keyed by the text in column "Title" or
    "Initiative" (whichever the sheet has)."""
    headings = [cell.value for cell in sheet[1]]
    key_heading = "Title" if "Title" in headings else "Initiative"
    key_index = headings.index(key_heading)
    index = headings.index(heading)
    return {row[key_index].value: row[index] for row in sheet.iter_rows(min_row=2)}


def about_facts(sheet):
    """Return the About sheet's first value under each label in column A."""
    return {row[0].value: row[1] for row in sheet.iter_rows() if row[0].value and len(row) > 1}


def test_the_meeting_workbook_has_an_about_sheet_then_one_sheet_per_table(reports):
    """The sheets are About, the items, then the decisions, targets and milestones."""
    workbook = workbook_of(reports["meeting"])

    assert workbook.sheetnames == [
        ABOUT_SHEET_TITLE,
        "Items",
        "Decisions",
        "Targets",
        "Milestones",
    ]


def test_the_plan_and_committee_workbooks_hold_their_spreadsheet_tables(reports):
    """Each workbook holds the report's spreadsheet tables in order, the items first."""
    assert workbook_of(reports["plan"]).sheetnames == [
        ABOUT_SHEET_TITLE,
        "Initiatives",
        "Priorities",
        "Targets",
        "Milestones",
    ]
    assert workbook_of(reports["committee"]).sheetnames == [
        ABOUT_SHEET_TITLE,
        "Items",
        "Meetings",
        "Decisions",
        "Plans overseen",
    ]


def test_every_table_sheet_has_bold_frozen_headings_filters_and_column_widths(reports):
    """Row 1 holds the headings in bold, panes are frozen below it, the filter covers the used
    range, and each column has the report's width."""
    report = reports["meeting"]
    workbook = workbook_of(report)

    for table in report.spreadsheet_tables:
        sheet = workbook[table.title]
        assert [cell.value for cell in sheet[1]] == table.headings
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        last_column = sheet.cell(row=1, column=len(table.columns)).column_letter
        assert sheet.auto_filter.ref == f"A1:{last_column}{len(table.rows) + 1}"
        assert sheet.column_dimensions["A"].width == table.columns[0].width
    items = workbook["Items"]
    assert items.max_row == 3
    assert items.column_dimensions["B"].width == 40


def test_the_injection_title_is_stored_as_inert_text(reports):
    """A title beginning "=" is written with a quote in front, as a string cell, and no cell in
    the workbook is a formula."""
    workbook = workbook_of(reports["meeting"])

    title = workbook["Items"]["B2"]
    assert title.value == "'" + INJECTION
    assert title.data_type == "s"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    assert INJECTION not in all_values(workbook)


def test_dates_are_date_cells_and_progress_is_a_percentage(reports, castlebridge):
    """Start and end are dates shown "1 Apr 2025"; progress 45 is 0.45 shown as "45%"."""
    sheet = workbook_of(reports["plan"])["Initiatives"]

    start = column_cells(sheet, "Start")["'" + INJECTION]
    assert start.value == datetime.datetime(2025, 4, 1)
    assert start.is_date
    assert start.number_format == DATE_FORMAT
    progress = column_cells(sheet, "Progress")["'" + INJECTION]
    assert progress.value == 0.45
    assert progress.data_type == "n"
    assert progress.number_format == PERCENT_FORMAT
    unset_start = column_cells(sheet, "Start")[castlebridge["second"].title]
    assert unset_start.value is None


def test_tags_are_their_words_and_numbers_are_numbers(reports):
    """Status and RAG cells hold their labels; target values are numeric cells."""
    workbook = workbook_of(reports["plan"])

    status = column_cells(workbook["Initiatives"], "Status")["'" + INJECTION]
    assert status.value == "In delivery"
    rag = column_cells(workbook["Initiatives"], "RAG rating")["'" + INJECTION]
    assert rag.value == "Amber: at risk"
    targets = rows_of(workbook["Targets"])
    assert targets[1][:3] == ["'" + INJECTION, "Families reached", "families"]
    assert targets[1][3] == 120
    assert targets[1][4] == datetime.datetime(2025, 4, 1)


def test_a_published_initiatives_web_page_cell_links_to_its_page(reports, castlebridge):
    """The Web page cell says "Portal page" and links to the initiative's public page."""
    sheet = workbook_of(reports["plan"])["Initiatives"]

    web_page = column_cells(sheet, "Web page")["'" + INJECTION]
    assert web_page.value == "Portal page"
    assert web_page.data_type == "s"
    expected = settings.PORTAL_BASE_URL.rstrip("/") + castlebridge["published"].get_absolute_url()
    assert web_page.hyperlink.target == expected


def test_the_about_sheet_describes_the_report(reports):
    """The About sheet gives the organisation, title, a real report date, when it was generated,
    the purpose, recommendations, data source, source address and what each sheet holds."""
    report = reports["meeting"]
    sheet = workbook_of(report)[ABOUT_SHEET_TITLE]
    facts = about_facts(sheet)

    assert sheet["A1"].value == "Organisation"
    assert facts["Organisation"].value == "Castlebridge Council"
    assert facts["Title"].value == report.title
    assert facts["Subtitle"].value == report.subtitle
    report_date = facts["Meeting date"]
    assert report_date.value == datetime.datetime.combine(report.report_date, datetime.time())
    assert report_date.is_date
    assert report_date.number_format == DATE_FORMAT
    generated_at = timezone.make_naive(report.generated_at).replace(microsecond=0)
    assert abs(facts["Generated at"].value - generated_at) < datetime.timedelta(seconds=1)
    assert facts["Purpose"].value == report.purpose[0]
    assert facts["Recommendations"].value == "1. " + report.recommendations[0]
    assert facts["Data source"].value == report.data_source
    assert facts["Data as at"].value == report.data_as_at
    assert facts["Web page"].value == report.source_url
    assert facts["Web page"].hyperlink.target == report.source_url
    assert facts["Sheets"].value == "Items: 2 rows"
    assert "Decisions: No status changes are recorded against these meetings." in [
        row[1] for row in rows_of(sheet)
    ]


def test_public_workbooks_leave_out_the_draft_and_say_nothing_of_drafts(reports):
    """The draft initiative appears on no sheet of a public report, which has no DRAFT mark."""
    for name in ("meeting", "plan", "committee"):
        workbook = workbook_of(reports[name])

        assert "Secret draft initiative" not in all_values(workbook)
        assert DRAFT_MARK not in all_values(workbook)
        assert all(sheet.oddHeader.center.text is None for sheet in workbook.worksheets)


def test_an_officers_workbook_holds_the_draft_marked_draft_on_every_sheet(reports):
    """The officer's report has the draft item, a Publication column saying so, "DRAFT – not
    for publication" atop the About sheet and in every sheet's printed header."""
    workbook = workbook_of(reports["officer_meeting"])

    assert workbook[ABOUT_SHEET_TITLE]["A1"].value == DRAFT_MARK
    assert all(sheet.oddHeader.center.text == DRAFT_MARK for sheet in workbook.worksheets)
    publication = column_cells(workbook["Items"], "Publication")
    assert publication["Secret draft initiative"].value == "DRAFT (draft)"
    assert publication["Family hubs in every ward"].value == "Published"
    web_page = column_cells(workbook["Items"], "Web page")["Secret draft initiative"]
    assert web_page.hyperlink is None


def test_an_empty_meeting_gives_a_workbook_of_headings_only(reports):
    """With no items, each table sheet has its heading row and nothing else, and the About
    sheet says why."""
    report = reports["empty_meeting"]
    workbook = workbook_of(report)

    items = workbook["Items"]
    assert rows_of(items) == [report.items.headings]
    assert (
        items.auto_filter.ref == f"A1:{items.cell(row=1, column=items.max_column).column_letter}1"
    )
    assert f"Items: {report.items.empty_text}" in [
        row[1] for row in rows_of(workbook[ABOUT_SHEET_TITLE])
    ]


def test_text_cells_are_always_strings_and_hold_only_what_a_workbook_can(reports):
    """Words a spreadsheet would read as an error or formula stay text; control characters are
    dropped and a leading tab is neutralised; a percentage with no value is an empty cell."""
    report = reports["empty_meeting"]
    report.items = Table(
        "Items",
        [
            Column("Title", ColumnKind.LONG_TEXT),
            Column("Progress", ColumnKind.PERCENT),
            Column("Amount", ColumnKind.NUMBER),
            Column("Status", ColumnKind.TAG),
            Column("Web page", ColumnKind.LINK),
        ],
        rows=[
            ["#N/A", None, Decimal("12.5"), Tag("Done", "green"), "Not published yet"],
            [
                "\tTabbed\x0b title",
                100,
                3,
                Tag("@Odd", "grey"),
                Link("+44 page", "https://x.test/"),
            ],
        ],
    )
    sheet = workbook_of(report)["Items"]

    first, second = rows_of(sheet)[1:]
    assert first == ["#N/A", None, 12.5, "Done", "Not published yet"]
    assert second == ["'\tTabbed title", 1, 3, "'@Odd", "'+44 page"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].alignment.wrap_text
    assert sheet["E3"].hyperlink.target == "https://x.test/"


def test_rows_of_long_wrapped_text_are_tall_enough_to_show_it(reports):
    """A long text cell wraps, and its row is given a line's height for each wrapped line;
    rows of short text keep the default height."""
    report = reports["empty_meeting"]
    report.items = Table(
        "Items",
        [Column("Title", ColumnKind.LONG_TEXT, 20), Column("Note", ColumnKind.TEXT, 10)],
        rows=[["Short", "A note that is longer than its column"], ["word " * 40, "x"]],
    )
    sheet = workbook_of(report)["Items"]

    assert sheet.row_dimensions[2].height is None
    assert sheet["A3"].alignment.wrap_text
    assert sheet.row_dimensions[3].height == 10 * 15


def test_sheet_titles_are_valid_and_unique():
    """Titles lose characters Excel forbids, fit 31 characters, and repeats (ignoring case, and
    Excel's own "History") get a number."""
    long_title = "Priorities and their initiatives in every ward"

    assert sheet_titles(
        ["Targets", "targets", "What? [1/2]", long_title, long_title, "History", "''", "Targets"]
    ) == [
        "Targets",
        "targets (2)",
        "What 1 2",
        "Priorities and their initiative",
        "Priorities and their initia (2)",
        "History (2)",
        "Sheet",
        "Targets (3)",
    ]


def test_a_report_built_by_hand_writes_without_a_database():
    """A Report made directly, with an empty extra sheet, writes a workbook too."""
    report = Report(
        scope="plan",
        organisation_name="=Odd Council",
        title="A plan",
        report_date=datetime.date(2025, 11, 20),
        generated_at=timezone.make_aware(datetime.datetime(2025, 11, 20, 9, 30)),
        source_url="https://portal.test/plans/a-plan/",
        filename_stem="a-plan",
        purpose=["Why."],
        recommendations=[],
        background=[],
        items=Table("Initiatives", [Column("Initiative")]),
        extra_sheets=[Table("Initiatives", [Column("Target")])],
    )
    workbook = workbook_of(report)

    assert workbook.sheetnames == [ABOUT_SHEET_TITLE, "Initiatives", "Initiatives (2)"]
    facts = about_facts(workbook[ABOUT_SHEET_TITLE])
    assert facts["Organisation"].value == "'=Odd Council"
    assert facts["Generated at"].value == datetime.datetime(2025, 11, 20, 9, 30)
    assert "Recommendations" not in facts
