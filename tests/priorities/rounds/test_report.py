"""The round's report for the committee: each initiative's update in the round, the status
changes while it was open, what was not updated; published records only; in every format."""

import csv
import datetime
import io

import docx
import openpyxl
import pytest
from django.utils import timezone
from pypdf import PdfReader

from priorities import models as p
from priorities.reports.audience import ReportAudience
from priorities.reports.builds import ReportRequest
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.scopes import round_report
from priorities.rounds.services import round_close, round_open
from priorities.services import initiative_change_status
from tests.priorities.rounds.conftest import post_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(world):
    """Early help updated (amber, with its reason), Family hubs' update still in review, Youth
    centres' a draft, a status change during the round and one before it."""
    initiative_change_status(
        initiative=world.school_places, to="awaiting_scrutiny", reason="Before the round."
    )
    round_open(update_round=world.round, acting_user=world.publisher)
    post_update(
        world.early_help,
        world.round,
        as_of=datetime.date(2026, 12, 1),
        narrative="Twelve schools now host early help workers.\nRecruitment continues.",
        progress=55,
        rag=p.Rag.AMBER,
        rag_reason="Two posts unfilled since October.",
    )
    post_update(
        world.family_hubs,
        world.round,
        state=p.PublicationState.IN_REVIEW,
        narrative="A pending account nobody has approved.",
    )
    post_update(
        world.youth_centres,
        world.round,
        state=p.PublicationState.DRAFT,
        narrative="A draft account still being written.",
    )
    initiative_change_status(
        initiative=world.early_help, to="awaiting_scrutiny", reason="Ready for the committee."
    )
    round_close(update_round=world.round, acting_user=world.publisher)
    world.round.refresh_from_db()
    return world.round


def file_of(update_round, key):
    request = ReportRequest(
        scope=p.ReportScope.ROUND, subject=update_round, report_format=REPORT_FORMATS[key]
    )
    return request.render(request.build())


def test_the_report_holds_each_update_and_the_changes_in_the_round(closed_round, world):
    report = round_report(closed_round)
    rows = {row[0]: row for row in report.items.rows}
    assert set(rows) == {
        "Early help in every school",
        "Family hubs",
        "Youth centres",
        "School places",
    }
    early_help = rows["Early help in every school"]
    assert early_help[2:6] == [
        datetime.date(2026, 12, 1),
        55,
        early_help[4],
        "Two posts unfilled since October.",
    ]
    assert early_help[4].label == "Amber: at risk"
    assert str(early_help[1]) == "Awaiting scrutiny"
    # Updates in review or draft are not the committee's: the public report leaves them out.
    assert rows["Family hubs"][6] == "No update in this round"
    assert rows["Youth centres"][6] == "No update in this round"
    changes = next(s for s in report.sections if s.anchor == "status-changes").tables[0]
    assert [row[4] for row in changes.rows] == ["Ready for the committee."]
    not_updated = next(s for s in report.sections if s.anchor == "not-updated").tables[0]
    assert [str(row[0]) for row in not_updated.rows] == [
        "Family hubs",
        "School places",
        "Youth centres",
    ]
    assert not report.is_draft


def test_an_initiative_completed_during_the_round_is_still_reported(world):
    initiative_change_status(initiative=world.youth_centres, to="adopted", reason="Agreed.")
    initiative_change_status(initiative=world.youth_centres, to="in_delivery", reason="Started.")
    round_open(update_round=world.round, acting_user=world.publisher)
    initiative_change_status(initiative=world.youth_centres, to="completed", reason="All open.")
    titles = [row[0] for row in round_report(world.round).items.rows]
    assert "Youth centres" in titles and "Finished work" not in titles


def test_the_pdf_says_what_changed(closed_round):
    reader = PdfReader(io.BytesIO(file_of(closed_round, "pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Quarter 3 2026–27" in text
    assert "Twelve schools now host early help workers." in text
    assert "Two posts unfilled since October." in text
    assert "Ready for the committee." in text
    assert "Before the round." not in text
    assert "A pending account" not in text and "A draft account" not in text
    assert "DRAFT" not in text


def test_the_word_document_says_what_changed(closed_round):
    document = docx.Document(io.BytesIO(file_of(closed_round, "docx")))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    text += "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Twelve schools now host early help workers." in text
    assert "Ready for the committee." in text
    assert "A pending account" not in text


def test_the_spreadsheet_and_csv_hold_one_row_per_initiative(closed_round):
    workbook = openpyxl.load_workbook(io.BytesIO(file_of(closed_round, "xlsx")))
    sheet = workbook["Updates in the round"]
    flat = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "Twelve schools now host early help workers.\nRecruitment continues." in flat
    assert "Two posts unfilled since October." in flat
    rows = list(csv.reader(io.StringIO(file_of(closed_round, "csv").decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Initiative",
        "Status",
        "As of",
        "Progress",
        "RAG rating",
        "Reason for the rating",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {
        "Early help in every school",
        "Family hubs",
        "Youth centres",
        "School places",
    }
    assert by_title["Early help in every school"][4] == "Amber: at risk"


def test_an_officers_draft_report_shows_updates_in_review_marked_draft(closed_round, world):
    report = round_report(closed_round, audience=ReportAudience(user=world.publisher))
    rows = {row[0]: row for row in report.items.rows}
    assert rows["Family hubs"][6] == "A pending account nobody has approved."
    assert rows["Youth centres"][6] == "No update in this round"
    assert report.is_draft
    assert timezone.localdate(closed_round.closed_at) == report.report_date
