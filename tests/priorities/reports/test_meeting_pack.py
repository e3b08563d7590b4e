"""A meeting's pack frozen when its agenda is published, what changed since the committee last
met, the promise card of each initiative, and links to the site the report was downloaded on.

Every check opens the files a clerk would: the PDF's text, the Word document's paragraphs and
tables, the spreadsheet's cells.
"""

import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    Initiative,
    Meeting,
    Milestone,
    Rag,
    StatusChange,
)
from priorities.reports.excel import write_xlsx
from priorities.reports.pdf import write_pdf
from priorities.reports.scopes import meeting_report
from priorities.reports.word import write_docx
from tests import factories
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days(number):
    return NOW + datetime.timedelta(days=number)


def long(moment):
    return f"{timezone.localdate(moment):%-d %B %Y}"


def backdate(record, moment):
    """Date every history row of ``record`` so far at ``moment`` (it was made then)."""
    type(record).history.model.objects.filter(id=record.pk).update(history_date=moment)


def save_at(record, moment):
    record._history_date = moment
    record.save()


def change_status(initiative, from_status, to_status, moment, reason):
    StatusChange.objects.create(
        initiative=initiative,
        from_status=from_status,
        to_status=to_status,
        changed_at=moment,
        reason=reason,
    )
    initiative.status = to_status
    initiative.status_changed_at = moment
    save_at(initiative, moment)


@pytest.fixture
def pack():
    """A board that met 30 days ago and meets again in 10 days; its agenda was published 5
    days ago. Between the meetings one initiative went from green to amber, was adopted, had
    a milestone's due date moved later and another fall due undone; after the agenda was
    published it went into delivery, was rated red and the overdue milestone was done."""
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    board = factories.CommitteeFactory(
        organisation=council, name="Corporate Parenting Board", slug="corporate-parenting"
    )
    previous = factories.MeetingFactory(committee=board, starts_at=days(-30), slug="previous")
    meeting = factories.MeetingFactory(
        committee=board, starts_at=days(10), slug="next", agenda_published_at=days(-5)
    )
    hubs = factories.InitiativeFactory(
        organisation=council,
        title="Family hubs in every ward",
        slug="family-hubs",
        status=InitiativeStatus.UNDER_SCRUTINY,
        rag=Rag.GREEN,
        progress=20,
    )
    backdate(hubs, days(-60))
    report_due = Milestone.objects.create(
        initiative=hubs, title="Hub sites agreed", due_date=timezone.localdate(days(-10)), order=1
    )
    opening = Milestone.objects.create(
        initiative=hubs, title="First hub opens", due_date=timezone.localdate(days(20)), order=2
    )
    backdate(report_due, days(-60))
    backdate(opening, days(-60))
    AgendaItem.objects.create(
        meeting=meeting, item_number="1", order=1, title="Family hubs", initiative=hubs
    )

    # Between the meetings.
    hubs.rag = Rag.AMBER
    save_at(hubs, days(-20))
    opening.due_date = timezone.localdate(days(50))
    save_at(opening, days(-20))
    change_status(
        hubs,
        InitiativeStatus.UNDER_SCRUTINY,
        InitiativeStatus.ADOPTED,
        days(-15),
        "Adopted by cabinet.",
    )

    # After the agenda was published.
    change_status(
        hubs,
        InitiativeStatus.ADOPTED,
        InitiativeStatus.IN_DELIVERY,
        days(-2),
        "Work started after the papers went out.",
    )
    hubs = Initiative.private_objects.get(pk=hubs.pk)
    hubs.rag = Rag.RED
    hubs.progress = 60
    save_at(hubs, days(-2))
    report_due.completed_on = timezone.localdate(days(-1))
    save_at(report_due, days(-1))
    return {"meeting": meeting, "previous": previous, "initiative": hubs}


def pdf_text(report):
    stream = io.BytesIO()
    write_pdf(report, stream)
    reader = PdfReader(io.BytesIO(stream.getvalue()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_of(report):
    stream = io.BytesIO()
    write_docx(report, stream)
    return Document(io.BytesIO(stream.getvalue()))


def docx_text(document):
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def docx_table(document, first_heading, *more_headings):
    for table in document.tables:
        headings = [cell.text for cell in table.rows[0].cells]
        if headings[: 1 + len(more_headings)] == [first_heading, *more_headings]:
            return [[cell.text for cell in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"No table starts with {first_heading!r}")


def docx_facts(document):
    """The facts of the first item's section (a two-column table with no heading row)."""
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if any(row[0] == "Stage" for row in rows):
            return {row[0]: row[1] for row in rows}
    raise AssertionError("No item's facts")


def workbook_of(report):
    stream = io.BytesIO()
    write_xlsx(report, stream)
    return load_workbook(io.BytesIO(stream.getvalue()))


def sheet_rows(sheet):
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    return [row for row in rows if any(value not in (None, "") for value in row)]


# Frozen at the agenda's publication.


def test_the_pdf_pack_shows_the_data_as_it_stood_when_the_agenda_was_published(pack):
    text = pdf_text(meeting_report(pack["meeting"]))
    assert f"Data as at {long(days(-5))}, when the agenda was published." in text
    assert "Stage 4 of 6: adopted" in text
    assert "Amber: at risk" in text
    # The change made after publication is not in the pack.
    assert "Work started after the papers went out" not in text
    assert "Stage 5 of 6: in delivery" not in text
    assert "Red: off track" not in text


def test_the_word_pack_is_frozen_too(pack):
    document = docx_of(meeting_report(pack["meeting"]))
    text = docx_text(document)
    assert f"Data as at: {long(days(-5))}, when the agenda was published." in text
    facts = docx_facts(document)
    assert facts["Stage"] == "Stage 4 of 6: adopted"
    assert facts["RAG rating"] == "Amber: at risk"
    assert "Work started after the papers went out" not in text


def test_the_spreadsheet_pack_is_frozen_too(pack):
    workbook = workbook_of(meeting_report(pack["meeting"]))
    cover = {row[0]: row[1] for row in sheet_rows(workbook.worksheets[0]) if row[0]}
    assert cover["Data as at"].startswith(f"{long(days(-5))}, when the agenda was published.")
    items = sheet_rows(workbook["Items"])
    item = dict(zip(items[0], items[1], strict=False))
    assert item["Status"] == "Adopted"
    assert item["RAG rating"] == "Amber: at risk"
    assert item["Progress"] == 0.2  # 20%
    milestones = sheet_rows(workbook["Milestones"])
    states = {row[1]: row[-1] for row in milestones[1:]}
    assert states == {"Hub sites agreed": "Overdue", "First hub opens": "Not done yet"}


def test_a_report_of_an_unpublished_agenda_is_as_at_now_and_says_so(pack):
    meeting = pack["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=None)
    meeting.refresh_from_db()
    report = meeting_report(meeting)
    text = pdf_text(report)
    assert "when this report was made: the agenda has not been published yet" in text
    assert "Stage 5 of 6: in delivery" in text
    assert "Red: off track" in text
    assert "Work started after the papers went out" in text


def test_an_agenda_dated_in_the_future_is_not_published_yet(pack):
    meeting = pack["meeting"]
    meeting.agenda_published_at = days(1)
    report = meeting_report(meeting)
    assert "the agenda has not been published yet" in report.data_as_at
    assert dict(report.sections[1].subsections[0].facts)["RAG rating"].label == "Red: off track"


# What changed since the last meeting.


def test_the_pdf_says_what_changed_since_the_last_meeting(pack):
    text = pdf_text(meeting_report(pack["meeting"]))
    section = text[text.index("Changed since the last meeting Between") :]
    assert section.startswith(
        f"Changed since the last meeting Between the committee’s last meeting on "
        f"{long(days(-30))} and {long(days(-5))}, when the agenda was published"
    )
    assert "Family hubs in every ward Green: on track Amber: at risk" in section
    assert "First hub opens" in section and "Due date moved later" in section
    assert "Hub sites agreed" in section and "Fell due and is not done" in section
    assert "Adopted by cabinet." in section


def test_the_word_file_lists_rag_moves_slipped_milestones_and_new_status_changes(pack):
    document = docx_of(meeting_report(pack["meeting"]))
    assert docx_table(document, "Initiative", "From", "To") == [
        ["Family hubs in every ward", "Green: on track", "Amber: at risk"]
    ]
    slipped = docx_table(document, "Initiative", "Milestone", "Was due")
    assert [row[1] for row in slipped] == ["Hub sites agreed", "First hub opens"]
    assert slipped[1][2:] == [
        long(days(20)),
        long(days(50)),
        "Due date moved later",
    ]
    changes = docx_table(document, "Date", "Initiative", "From", "To")
    # Only the step taken between the meetings: the later one is after the pack's date.
    assert [row[2:] for row in changes] == [["Under scrutiny", "Adopted", "Adopted by cabinet."]]


def test_the_spreadsheet_has_a_sheet_for_each_kind_of_change(pack):
    workbook = workbook_of(meeting_report(pack["meeting"]))
    moves = sheet_rows(workbook["RAG rating moves"])
    assert moves[-1] == ("Family hubs in every ward", "Green: on track", "Amber: at risk") or list(
        moves[-1][:3]
    ) == ["Family hubs in every ward", "Green: on track", "Amber: at risk"]
    slipped = sheet_rows(workbook["Milestones that slipped"])
    assert [row[-1] for row in slipped[1:]] == [
        "Fell due and is not done",
        "Due date moved later",
    ]
    changes = sheet_rows(workbook["New status changes"])
    assert [row[-1] for row in changes[1:]] == ["Adopted by cabinet."]


def test_the_last_meetings_own_decisions_are_not_changes_since_it(pack):
    previous = pack["previous"]
    StatusChange.objects.create(
        initiative=pack["initiative"],
        from_status=InitiativeStatus.AWAITING_SCRUTINY,
        to_status=InitiativeStatus.UNDER_SCRUTINY,
        changed_at=previous.starts_at + datetime.timedelta(hours=1),
        meeting=previous,
        reason="Decided at the last meeting.",
    )
    report = meeting_report(pack["meeting"])
    changes = report.sections[0].tables[2]
    assert [row[-1] for row in changes.rows] == ["Adopted by cabinet."]


def test_the_first_meeting_has_nothing_to_compare_with(pack):
    Meeting.objects.filter(pk=pack["previous"].pk).delete()
    report = meeting_report(pack["meeting"])
    assert report.sections[0].heading == "Changed since the last meeting"
    assert "records no earlier meeting" in report.sections[0].paragraphs[0]


# The promise card.


def test_each_item_shows_its_promise_card(pack):
    """Stage, RAG in words, last updated, next milestone and next meeting, as the public card
    shows them (as they stood when the agenda was published)."""
    meeting = pack["meeting"]
    document = docx_of(meeting_report(meeting))
    facts = docx_facts(document)
    assert facts["Stage"] == "Stage 4 of 6: adopted"
    assert facts["RAG rating"] == "Amber: at risk"
    assert facts["Last updated"] == f"Last status change {long(days(-15))}"
    assert facts["Next milestone"] == f"Hub sites agreed, was due {long(days(-10))}"
    assert facts["Next meeting"] == str(meeting)
    text = pdf_text(meeting_report(meeting))
    assert f"Next milestone Hub sites agreed, was due {long(days(-10))}" in text
    assert f"Next meeting {meeting}" in text


def test_the_card_of_an_unpublished_pack_is_as_at_now(pack):
    meeting = pack["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=None)
    meeting.refresh_from_db()
    facts = dict(meeting_report(meeting).sections[1].subsections[0].facts)
    assert facts["Stage"].label == "Stage 5 of 6: in delivery"
    assert facts["Last updated"] == f"Last status change {long(days(-2))}"
    assert facts["Next milestone"] == f"First hub opens, due {long(days(50))}"


# Links to the site the report was downloaded on.


@pytest.fixture
def sites(pack):
    cache.clear()
    council = pack["meeting"].committee.organisation
    telford = make_site("telford.localhost", "Telford & Wrekin Council", organisations=[council])
    make_site("localhost", "All councils and partnerships", neutral=True)
    yield telford
    cache.clear()


def download(client, meeting, report_format, host):
    url = reverse(
        "priorities:meeting_report",
        kwargs={
            "organisation_slug": meeting.committee.organisation.slug,
            "committee_slug": meeting.committee.slug,
            "slug": meeting.slug,
            "report_format": report_format,
        },
    )
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return b"".join(response) if response.streaming else response.content


def pdf_links(content):
    reader = PdfReader(io.BytesIO(content))
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_a_report_downloaded_on_a_councils_site_links_to_that_site(client, pack, sites):
    meeting, initiative = pack["meeting"], pack["initiative"]
    content = download(client, meeting, "pdf", "telford.localhost:8000")
    links = pdf_links(content)
    assert "http://telford.localhost:8000" + initiative.get_absolute_url() in links
    assert "http://telford.localhost:8000" + meeting.get_absolute_url() in links
    assert not [link for link in links if "127.0.0.1" in link]
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)
    assert "(http://telford.localhost:8000/)" in " ".join(text.split())

    document = Document(io.BytesIO(download(client, meeting, "docx", "telford.localhost:8000")))
    addresses = [
        link.address
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for link in paragraph.hyperlinks
    ]
    assert "http://telford.localhost:8000" + initiative.get_absolute_url() in addresses

    workbook = load_workbook(io.BytesIO(download(client, meeting, "xlsx", "telford.localhost")))
    cells = [cell for row in workbook["Items"].iter_rows() for cell in row if cell.hyperlink]
    assert [cell.hyperlink.target for cell in cells] == [
        "http://telford.localhost" + initiative.get_absolute_url()
    ]


def test_a_report_downloaded_on_the_neutral_portal_links_to_the_portal(client, pack, sites):
    content = download(client, pack["meeting"], "pdf", "localhost:8000")
    links = pdf_links(content)
    assert "http://localhost:8000" + pack["initiative"].get_absolute_url() in links
    assert not [link for link in links if "telford" in link]


# Queries, and background builds.


def test_a_frozen_packs_queries_do_not_grow_with_its_items(pack):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = pack["meeting"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            meeting_report(meeting)
        return len(queries)

    small = count()
    council = meeting.committee.organisation
    for number in range(8):
        initiative = factories.InitiativeFactory(
            organisation=council, title=f"Initiative {number}", slug=f"initiative-{number}"
        )
        Milestone.objects.create(initiative=initiative, title="A step", due_date=days(5).date())
        AgendaItem.objects.create(
            meeting=meeting, item_number=str(number + 2), order=number + 2, initiative=initiative
        )
        change_status(
            initiative,
            InitiativeStatus.PROPOSED,
            InitiativeStatus.AWAITING_SCRUTINY,
            days(-10),
            "Sent to the board.",
        )
    assert count() == small


def test_a_background_build_keeps_the_site_its_report_was_asked_on(pack):
    from priorities.models import ReportScope
    from priorities.reports.builds import ReportRequest, report_export_request
    from priorities.reports.formats import REPORT_FORMATS

    request = ReportRequest(
        scope=ReportScope.MEETING,
        subject=pack["meeting"],
        report_format=REPORT_FORMATS["pdf"],
        base_url="http://telford.localhost:8000",
    )
    export = report_export_request(report_request=request)
    assert export.base_url == "http://telford.localhost:8000"
    rebuilt = ReportRequest.for_export(export)
    assert rebuilt.base_url == "http://telford.localhost:8000"
    report = rebuilt.build()
    assert report.source_url == "http://telford.localhost:8000" + pack["meeting"].get_absolute_url()
