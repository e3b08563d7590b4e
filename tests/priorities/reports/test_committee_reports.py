"""The report builders: what each scope holds, for whom, in a fixed number of queries."""

import datetime
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from priorities.lifecycle import InitiativeStatus
from priorities.models import AgendaItem, Aim, Milestone, Target
from priorities.querysets import PublicationState
from priorities.reports.audience import PUBLIC, ReportAudience
from priorities.reports.csv_file import write_csv
from priorities.reports.document import Link, Tag
from priorities.reports.excel import write_xlsx
from priorities.reports.pdf import write_pdf
from priorities.reports.scopes import committee_report, meeting_report, plan_report
from priorities.reports.word import write_docx
from priorities.tag_colours import status_colour
from tests.factories import (
    InitiativeFactory,
    MeetingFactory,
    OfficerMembershipFactory,
    OrganisationFactory,
    PriorityFactory,
)


def titles(table, column="Title"):
    index = table.headings.index(column)
    return [str(row[index]) for row in table.rows]


def test_public_meeting_report_leaves_drafts_out(castlebridge, reports):
    """The public report lists the published items only and is not marked DRAFT."""
    report = reports["meeting"]
    assert titles(report.items) == [castlebridge["published"].title, "Family hubs in every ward"]
    assert not report.is_draft
    assert "Publication" not in report.items.headings
    assert "Published records only." in report.data_source
    assert not report.filename_stem.endswith("draft")


def test_officer_meeting_report_includes_own_drafts_marked(castlebridge, reports):
    """An officer's report includes their organisation's draft, says which rows are drafts,
    and is marked DRAFT as a whole."""
    report = reports["officer_meeting"]
    assert "Secret draft initiative" in titles(report.items)
    publication = titles(report.items, "Publication")
    assert publication == ["Published", "Published", "DRAFT (draft)"]
    assert report.is_draft
    assert report.filename_stem.endswith("-draft")
    assert "not yet published" in report.data_source


def test_officer_of_another_organisation_never_gets_the_councils_draft(castlebridge):
    """Officers see their own drafts only: another organisation's officer gets the public
    view of this council's meeting."""
    outsider = OfficerMembershipFactory(organisation=OrganisationFactory()).user
    report = meeting_report(castlebridge["meeting"], audience=ReportAudience(user=outsider))
    assert "Secret draft initiative" not in titles(report.items)
    assert not report.is_draft


def test_an_archived_initiative_is_left_out_even_for_its_officer(castlebridge):
    """Archived records are no longer reported, whoever asks."""
    draft = castlebridge["draft"]
    draft.publication_state = PublicationState.ARCHIVED
    draft.save()
    officer = ReportAudience(user=castlebridge["officer"])
    report = meeting_report(castlebridge["meeting"], audience=officer)
    assert "Secret draft initiative" not in titles(report.items)


def test_meeting_report_has_the_sections_of_a_committee_report(castlebridge, reports):
    """Purpose, recommendations, background, the items, each item in detail and the
    decisions: with the initiative's status and RAG as words and colours."""
    report = reports["meeting"]
    assert report.purpose and report.recommendations
    assert "2 items" in report.purpose[0]
    headings = [section.heading for section in report.sections]
    # Each decision is printed with its item; no status change at this meeting was about an
    # initiative that was not an item, so there is no "Other decisions" section.
    assert headings == ["Changed since the last meeting", "The items in detail"]
    details = report.sections[1].subsections
    assert details[0].heading.startswith("1 ")
    facts = dict(details[0].facts)
    assert facts["Stage"] == Tag(
        "Stage 5 of 6: in delivery", status_colour(InitiativeStatus.IN_DELIVERY)
    )
    assert facts["RAG rating"] == Tag("Amber: at risk", "yellow")
    assert facts["Progress"] == "45%"
    assert isinstance(facts["Initiative"], Link)
    assert facts["Initiative"].url.endswith(castlebridge["published"].get_absolute_url())
    targets = details[0].tables[0]
    assert targets.title == "Targets" and not targets.in_spreadsheet
    # The spreadsheet's own sheets hold targets and milestones of every item.
    sheets = [table.title for table in report.spreadsheet_tables]
    assert sheets == ["Items", "Decisions", "Targets", "Milestones"]


def test_items_table_has_typed_cells(castlebridge, reports):
    """Progress is a number, dates are dates, status and RAG are tags, pages are links."""
    row = reports["meeting"].items.rows[0]
    headings = reports["meeting"].items.headings
    cell = dict(zip(headings, row, strict=True))
    assert cell["Progress"] == 45
    assert isinstance(cell["Status"], Tag)
    assert isinstance(cell["Web page"], Link)
    targets = next(t for t in reports["meeting"].extra_sheets if t.title == "Targets")
    target = dict(zip(targets.headings, targets.rows[0], strict=True))
    assert target["Baseline date"] == datetime.date(2025, 4, 1)
    assert target["Target value"] == 480


def test_empty_meeting_gives_a_sensible_report(reports):
    """A meeting with no items says so, rather than failing or giving an empty page."""
    report = reports["empty_meeting"]
    assert report.items.rows == []
    assert "No published items" in report.purpose[0]
    assert report.recommendations == ["That the committee notes this report."]
    assert report.sections[0].paragraphs[-1] == "There are no initiatives before this meeting."
    assert report.sections[1].paragraphs == ["There are no items to describe."]


def section_named(report, heading):
    return next(section for section in report.sections if section.heading == heading)


def test_the_committee_and_plan_reports_show_each_initiatives_promise_card(castlebridge):
    """Stage in the public card's words, RAG in words, last updated, next milestone and next
    meeting, for each initiative before the committee and each of a plan's initiatives."""
    committee = committee_report(castlebridge["committee"])
    cards = section_named(committee, "Where each initiative stands").tables[0]
    assert cards.headings == [
        "Initiative",
        "Stage",
        "RAG rating",
        "Last updated",
        "Next milestone",
        "Next meeting",
    ]
    rows = {str(row[0]): row for row in cards.rows}
    in_delivery = rows[castlebridge["published"].title]
    assert in_delivery[1].label == "Stage 5 of 6: in delivery"
    assert in_delivery[2].label == "Amber: at risk"
    assert in_delivery[3] == f"Last changed {timezone.localdate():%-d %B %Y}"
    plan = plan_report(castlebridge["plan"])
    priority = section_named(plan, "Priorities and their initiatives").subsections[0].subsections[0]
    table = priority.tables[0]
    assert table.title == "Its initiatives" and not table.in_spreadsheet
    stages = {str(row[0]): row[1].label for row in table.rows}
    assert stages[castlebridge["published"].title] == "Stage 5 of 6: in delivery"
    assert stages["Family hubs in every ward"] == "Stage 3 of 6: under scrutiny"


def test_committee_report_covers_the_period_chosen(castlebridge):
    """Only the meetings within the period (inclusive) and their items are reported."""
    committee = castlebridge["committee"]
    meeting_day = timezone.localdate(castlebridge["meeting"].starts_at)
    inside = committee_report(committee, period_start=meeting_day, period_end=meeting_day)
    assert len(inside.items.rows) == 2
    assert inside.subtitle.startswith(f"{meeting_day:%-d %B %Y}")
    after = committee_report(committee, period_start=meeting_day + datetime.timedelta(days=1))
    assert after.items.rows == []
    everything = committee_report(committee)
    assert everything.subtitle == "All meetings"
    meetings = everything.sections[0].tables[0]
    assert len(meetings.rows) == 2
    plans = section_named(everything, "Plans the committee oversees").tables[0]
    assert titles(plans, "Plan") == [castlebridge["plan"].title]
    assert plans.rows[0][plans.headings.index("Initiatives")] == 2  # the draft is not counted


def test_plan_report_lists_every_priority_and_initiative(castlebridge, reports):
    """The plan's report holds its priorities, their initiatives, targets and milestones."""
    report = reports["plan"]
    assert titles(report.items, "Initiative") == sorted(
        [castlebridge["published"].title, "Family hubs in every ward"]
    )
    sheets = [table.title for table in report.spreadsheet_tables]
    assert sheets == ["Initiatives", "Priorities", "Targets", "Milestones"]
    milestones = report.spreadsheet_tables[3]
    assert milestones.rows[0][milestones.headings.index("State")] == Tag("Done", "green")
    summary = dict(report.sections[0].facts)
    assert summary["Initiatives"] == 2
    assert summary["Average progress"] == "28%"
    assert "Secret draft initiative" not in str(report.items.rows)
    officer = reports["officer_plan"]
    assert "Secret draft initiative" in titles(officer.items, "Initiative")
    assert officer.is_draft


def test_draft_plan_reported_to_its_officer_is_a_draft(castlebridge):
    """A plan not yet published can be reported to its officers, marked DRAFT."""
    plan = castlebridge["plan"]
    plan.publication_state = PublicationState.IN_REVIEW
    plan.save()
    draft_priority_in_draft_plan = PriorityFactory(plan=plan, title="Own draft priority")
    officer = ReportAudience(user=castlebridge["officer"])
    report = plan_report(plan, audience=officer)
    assert report.is_draft
    priorities = report.spreadsheet_tables[1]
    assert draft_priority_in_draft_plan.title in titles(priorities, "Priority")
    assert set(titles(priorities, "Publication")) == {"DRAFT (plan not published)"}


def grow_meeting(castlebridge, count):
    organisation = castlebridge["council"]
    for number in range(count):
        initiative = InitiativeFactory(organisation=organisation)
        initiative.priorities.add(castlebridge["priority"])
        Target.objects.create(
            initiative=initiative, description="t", baseline_value=1, target_value=2
        )
        Milestone.objects.create(initiative=initiative, title="m")
        AgendaItem.objects.create(
            meeting=castlebridge["meeting"],
            item_number=str(10 + number),
            order=10 + number,
            title=initiative.title,
            initiative=initiative,
        )


@pytest.mark.parametrize("audience", ["public", "officer"])
def test_query_counts_do_not_grow_with_the_data(castlebridge, audience):
    """Each builder takes the same number of queries for 3 items as for 40."""
    who = PUBLIC if audience == "public" else ReportAudience(user=castlebridge["officer"])

    def counts():
        found = {}
        for name, build in (
            ("meeting", lambda: meeting_report(castlebridge["meeting"], audience=who)),
            ("committee", lambda: committee_report(castlebridge["committee"], audience=who)),
            ("plan", lambda: plan_report(castlebridge["plan"], audience=who)),
        ):
            with CaptureQueriesContext(connection) as queries:
                build()
            found[name] = len(queries)
        return found

    small = counts()
    grow_meeting(castlebridge, 37)
    assert counts() == small


def test_progress_is_reported_while_gathering(castlebridge):
    """A builder tells its caller how far it has got, ending at the total."""
    calls = []
    plan_report(castlebridge["plan"], progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]


def test_unpublished_meeting_subject_plan_is_left_out(castlebridge):
    """An agenda item about an unpublished plan is left out of the public report."""
    plan = castlebridge["plan"]
    AgendaItem.objects.create(
        meeting=castlebridge["empty_meeting"], item_number="1", title="The plan", plan=plan
    )
    assert len(meeting_report(castlebridge["empty_meeting"]).items.rows) == 1
    plan.publication_state = PublicationState.DRAFT
    plan.save()
    assert meeting_report(castlebridge["empty_meeting"]).items.rows == []
    other_meeting = MeetingFactory(committee=castlebridge["committee"])
    assert meeting_report(other_meeting).items.rows == []


def test_plan_report_shows_every_aim_even_without_priorities(castlebridge):
    """A plan with five aims, two with no priorities and one whose only priority has no
    initiative, reports all five aims, in order, in every format: the documents give each aim its
    section saying plainly that it has no priorities yet, and the Priorities table and the items
    (the CSV and the spreadsheet's first sheet) have a row for each aim that says so."""
    plan = castlebridge["plan"]
    for order, title in ((2, "Start well"), (3, "Stay well"), (4, "Keep healthy")):
        Aim.objects.create(
            plan=plan, title=title, slug=title.lower().replace(" ", "-"), order=order
        )
    PriorityFactory(
        plan=plan, aim=Aim.objects.get(plan=plan, title="Keep healthy"), title="Healthy weight"
    )
    Aim.objects.create(plan=plan, title="Be heard", slug="be-heard", order=5)
    aims = ["Safe at home", "Start well", "Stay well", "Keep healthy", "Be heard"]
    empty = ["Start well", "Stay well", "Be heard"]
    none_yet = "No priorities have been published for this aim yet."

    report = plan_report(plan)
    sections = report.sections[1].subsections
    assert [section.heading for section in sections] == aims
    for section in sections:
        if section.heading in empty:
            assert section.paragraphs == [none_yet] and section.subsections == []
        else:
            assert none_yet not in section.paragraphs and section.subsections
    priorities = report.spreadsheet_tables[1]
    assert titles(priorities, "Aim") == ["Safe at home", *aims[1:]]
    by_aim = dict(zip(titles(priorities, "Aim"), titles(priorities, "Priority"), strict=True))
    assert [by_aim[aim] for aim in empty] == ["No priorities published yet"] * 3
    assert by_aim["Keep healthy"] == "Healthy weight"
    assert dict(report.sections[0].facts)["Priorities"] == 2  # the placeholders are not counted

    # The items: every aim, with a row saying what is missing.
    items = list(zip(titles(report.items, "Aim"), titles(report.items, "Priority"), strict=True))
    assert [aim for aim, _ in items] == [aims[0], aims[0], *aims[1:]]
    assert dict(items[2:]) == {
        "Start well": "No priorities published yet",
        "Stay well": "No priorities published yet",
        "Keep healthy": "Healthy weight",
        "Be heard": "No priorities published yet",
    }
    assert titles(report.items, "Initiative")[4] == "No initiatives published yet"
    # Documents group by aim in their own section: their items table lists initiatives only.
    assert len(report.items.for_documents().rows) == 2

    csv_text = _csv_text(report)
    for aim in aims:
        assert aim in csv_text
    assert csv_text.count("No priorities published yet") == 3
    pdf_text = _pdf_text(report)
    word_text = _word_text(report)
    for text in (pdf_text, word_text):
        for aim in aims:
            assert aim in text
        assert text.count(none_yet) == 3
    workbook_text = _workbook_text(report)
    assert workbook_text.count("No priorities published yet") == 6  # Initiatives and Priorities

    # An officer's report says the same, in an officer's words.
    officer = plan_report(plan, audience=ReportAudience(user=castlebridge["officer"]))
    assert officer.sections[1].subsections[1].paragraphs == ["This aim has no priorities yet."]
    assert "No priorities yet" in titles(officer.spreadsheet_tables[1], "Priority")


def _csv_text(report):
    stream = io.BytesIO()
    write_csv(report, stream)
    return stream.getvalue().decode("utf-8-sig")


def _pdf_text(report):
    stream = io.BytesIO()
    write_pdf(report, stream)
    pages = PdfReader(io.BytesIO(stream.getvalue())).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _word_text(report):
    stream = io.BytesIO()
    write_docx(report, stream)
    document = docx.Document(io.BytesIO(stream.getvalue()))
    pieces = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        pieces.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(pieces)


def _workbook_text(report):
    stream = io.BytesIO()
    write_xlsx(report, stream)
    workbook = load_workbook(io.BytesIO(stream.getvalue()))
    return "\n".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )
