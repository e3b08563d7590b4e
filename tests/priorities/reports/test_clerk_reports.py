"""A meeting's report as a clerk puts it in the pack: each decision printed once; the contact
officer, wards affected, key decision, exempt status, papers and background papers of each
item; an exempt item's content kept from the public; "data as at" said honestly; a short
report's cover and contents on one page; a clean Word default (Arial 12, fixed widths, no word
broken, portrait) or the council's own Word template, its header and styles kept."""

import csv
import datetime
import io
import zipfile

import docx
import pytest
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from openpyxl import load_workbook

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    AgendaItemPaper,
    ExemptParagraph,
    PaperKind,
    StatusChange,
)
from priorities.reports import pdf
from priorities.reports.audience import ReportAudience
from priorities.reports.csv_file import write_csv
from priorities.reports.excel import write_xlsx
from priorities.reports.scopes import meeting_report
from priorities.reports.word import write_docx
from priorities.reports.word_templates import TemplateUnreadable, open_template
from tests.factories import InitiativeFactory
from tests.priorities.reports.test_pdf import made_report, page_texts, render, whole_text

OUTCOME_NOTES = "The committee agreed the hub rollout plan unanimously."
STATUS_REASON = "Scrutiny finished: the committee asked officers to proceed."
OTHER_REASON = "Considered alongside the budget."
EXEMPT_NOTES = "Contract price of 1.2 million agreed with the provider."
EXEMPT_SUMMARY = "A confidential contract for respite care."
BACKGROUND = "Cabinet report, 3 March 2025\nhttps://castlebridge.example/papers/hubs-2025.pdf"
PAPER_URL = "https://castlebridge.example/papers/item-1-appendix-a.pdf"


@pytest.fixture
def clerk_meeting(castlebridge):
    """The Castlebridge meeting with a clerk's details on item 1, a status change recorded
    against it (and one against an initiative not on the agenda), and an exempt item 4."""
    meeting = castlebridge["meeting"]
    first = AgendaItem.objects.get(meeting=meeting, item_number="1")
    first.outcome_notes = OUTCOME_NOTES
    first.contact_name = "Priya Shah"
    first.contact_role = "Head of Early Help"
    first.contact_email = "priya.shah@castlebridge.example"
    first.contact_phone = "01632 960 001"
    first.wards_affected = "All wards"
    first.key_decision = True
    first.background_papers = BACKGROUND
    first.report_url = "https://castlebridge.example/papers/item-1-report.pdf"
    first.save()
    AgendaItemPaper.objects.create(
        agenda_item=first, title="Appendix A: hub locations", url=PAPER_URL, kind=PaperKind.APPENDIX
    )
    moment = meeting.starts_at + datetime.timedelta(hours=1)
    StatusChange.objects.create(
        initiative=castlebridge["published"],
        from_status=InitiativeStatus.UNDER_SCRUTINY,
        to_status=InitiativeStatus.IN_DELIVERY,
        changed_at=moment,
        meeting=meeting,
        reason=STATUS_REASON,
    )
    # Two initiatives without an item of their own, moved at the meeting for one reason.
    for title in ("Youth centre refurbishment", "Holiday activities"):
        elsewhere = InitiativeFactory(
            organisation=castlebridge["council"],
            title=title,
            status=InitiativeStatus.UNDER_SCRUTINY,
        )
        StatusChange.objects.create(
            initiative=elsewhere,
            from_status=InitiativeStatus.AWAITING_SCRUTINY,
            to_status=InitiativeStatus.UNDER_SCRUTINY,
            changed_at=moment,
            meeting=meeting,
            reason=OTHER_REASON,
        )
    confidential = InitiativeFactory(
        organisation=castlebridge["council"],
        title="Respite care contract",
        slug="respite-contract",
        summary=EXEMPT_SUMMARY,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        item_number="4",
        order=4,
        title="Respite care contract award",
        initiative=confidential,
        outcome_notes=EXEMPT_NOTES,
        contact_name="Sam Exempt-Contact",
        exempt_paragraph=ExemptParagraph.FINANCIAL,
    )
    return castlebridge


def word_text(document):
    pieces = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            pieces.extend(cell.text for cell in row.cells)
    return "\n".join(pieces)


def word_of(report):
    stream = io.BytesIO()
    write_docx(report, stream)
    return docx.Document(io.BytesIO(stream.getvalue()))


def workbook_of(report):
    stream = io.BytesIO()
    write_xlsx(report, stream)
    return load_workbook(io.BytesIO(stream.getvalue()))


def sheet_records(sheet):
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=False)) for row in rows]


def csv_records(report):
    stream = io.BytesIO()
    write_csv(report, stream)
    header, *rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"))))
    return [dict(zip(header, row, strict=True)) for row in rows]


def squeeze(text):
    return " ".join(text.split())


# Each decision once.


def test_the_pdf_prints_each_decision_once(clerk_meeting):
    """The outcome notes and each status change's reason appear exactly once in the PDF: with
    the item, or among the other decisions for an initiative not on the agenda."""
    text = whole_text(render(meeting_report(clerk_meeting["meeting"])))
    assert text.count(OUTCOME_NOTES) == 1
    assert text.count(STATUS_REASON) == 1
    assert text.count(OTHER_REASON) == 1
    assert "Other decisions at this meeting" in text
    assert "Youth centre refurbishment" in text and "Holiday activities" in text
    assert "Under scrutiny → In delivery" in text


def test_the_word_file_prints_each_decision_once(clerk_meeting):
    text = squeeze(word_text(word_of(meeting_report(clerk_meeting["meeting"]))))
    assert text.count(OUTCOME_NOTES) == 1
    assert text.count(STATUS_REASON) == 1
    assert text.count(OTHER_REASON) == 1


def test_the_spreadsheet_keeps_every_decision_on_its_sheet(clerk_meeting):
    """A spreadsheet has each public status change of the meeting once on its Decisions
    sheet (one row per change, as data), and each item's outcome notes once on its Items
    sheet."""
    workbook = workbook_of(meeting_report(clerk_meeting["meeting"]))
    reasons = [record["Reason"] for record in sheet_records(workbook["Decisions"])]
    assert sorted(reasons) == sorted([STATUS_REASON, OTHER_REASON, OTHER_REASON])
    notes = [record["Outcome notes"] for record in sheet_records(workbook["Items"])]
    assert notes.count(OUTCOME_NOTES) == 1


# The clerk's fields.


def test_the_pdf_gives_each_items_contact_wards_key_decision_exemption_and_papers(clerk_meeting):
    reader = render(meeting_report(clerk_meeting["meeting"]))
    text = whole_text(reader)
    assert "Contact officer Priya Shah, Head of Early Help, priya.shah@castlebridge.example" in text
    assert "Wards affected All wards" in text
    assert "Key decision Yes" in text
    assert "Exempt information No" in text
    assert "Background papers Cabinet report, 3 March 2025" in text
    assert "Appendix: Appendix A: hub locations" in text
    links = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert PAPER_URL in links
    assert "https://castlebridge.example/papers/hubs-2025.pdf" in links


def test_the_word_file_gives_the_clerks_fields_as_facts(clerk_meeting):
    document = word_of(meeting_report(clerk_meeting["meeting"]))
    facts = {}
    for table in document.tables:
        for row in table.rows:
            if len(row.cells) == 2:
                facts.setdefault(row.cells[0].text, row.cells[1].text)
    assert facts["Contact officer"].startswith("Priya Shah, Head of Early Help")
    assert facts["Wards affected"] == "All wards"
    assert facts["Key decision"] == "Yes"
    assert "Appendix A: hub locations" in facts["Papers"]
    assert "Cabinet report, 3 March 2025" in facts["Background papers"]


def test_the_spreadsheet_and_csv_have_a_column_for_each_clerks_field(clerk_meeting):
    report = meeting_report(clerk_meeting["meeting"])
    for records in (sheet_records(workbook_of(report)["Items"]), csv_records(report)):
        first = next(record for record in records if record["Item"] == "1")
        assert first["Contact officer"].startswith("Priya Shah")
        assert first["Wards affected"] == "All wards"
        assert first["Key decision"] == "Yes"
        assert first["Exempt status"] == "Open"
        assert "hubs-2025.pdf" in first["Background papers"]


# An exempt item.


def test_an_exempt_item_shows_the_public_its_title_and_exemption_only(clerk_meeting):
    """In every format of the public report, the exempt item has its title and the paragraph
    of Schedule 12A it is exempt under, and none of its notes, contact or summary."""
    report = meeting_report(clerk_meeting["meeting"])
    pdf_text = whole_text(render(report))
    word = squeeze(word_text(word_of(report)))
    csv_rows = csv_records(report)
    workbook = workbook_of(report)
    spreadsheet = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )
    for text in (pdf_text, word, spreadsheet):
        assert "Respite care contract award" in text
        assert "paragraph 3 of Part 1 of Schedule 12A" in text
        for secret in (EXEMPT_NOTES, EXEMPT_SUMMARY, "Sam Exempt-Contact"):
            assert secret not in text
    exempt_row = next(row for row in csv_rows if row["Item"] == "4")
    assert "paragraph 3" in exempt_row["Exempt status"]
    assert exempt_row["Outcome notes"] == "" and exempt_row["Contact officer"] == ""
    assert EXEMPT_NOTES not in "".join(value for row in csv_rows for value in row.values())


def test_an_officers_report_holds_the_exempt_items_content(clerk_meeting):
    officer = ReportAudience(user=clerk_meeting["officer"])
    text = whole_text(render(meeting_report(clerk_meeting["meeting"], audience=officer)))
    assert EXEMPT_NOTES in text
    assert "paragraph 3 of Part 1 of Schedule 12A" in text


# Data as at, said honestly.


def test_data_as_at_of_a_past_meeting_without_an_agenda_date_says_why_it_is_as_at_now(
    clerk_meeting,
):
    """A meeting already held with no agenda publication date recorded: the report is as at
    the moment it was made, and says that no date was recorded (not that the agenda "has not
    been published yet", untrue of a meeting that has happened)."""
    report = meeting_report(clerk_meeting["meeting"])
    generated = timezone.localtime(report.generated_at)
    assert report.data_as_at.startswith(
        f"{generated:%-d %B %Y} at {generated:%H:%M}, when this report was made. No date was "
        "recorded for the publication of this meeting’s agenda, so the report shows where each "
        "item stands now, not as it stood at the meeting on 20 November 2025"
    )
    assert "not been published yet" not in report.data_as_at
    cover = page_texts(render(report))[0]
    assert "Data as at " + f"{generated:%-d %B %Y} at {generated:%H:%M}, when this" in cover
    assert "not been published yet" not in " ".join(page_texts(render(report)))
    assert "No date was recorded for the publication" in " ".join(cover.split())


def test_data_as_at_says_nothing_of_later_changes_for_a_meeting_still_to_come(clerk_meeting):
    meeting = clerk_meeting["empty_meeting"]
    meeting.starts_at = timezone.now() + datetime.timedelta(days=30)
    meeting.save()
    report = meeting_report(meeting)
    assert "not been published yet" in report.data_as_at
    assert "since the meeting" not in report.data_as_at


# A compact cover.


def test_a_short_reports_cover_and_contents_share_the_first_page(clerk_meeting):
    """A meeting with a few items opens with cover, contents and the report's first section
    on one page, not two nearly empty ones (it was seven pages, now four)."""
    texts = page_texts(render(meeting_report(clerk_meeting["meeting"])))
    first = texts[0]
    assert first.startswith("Castlebridge Council Children's Scrutiny Committee, 20 November")
    assert "Contents 1. Purpose" in first
    assert "1. Purpose This report sets out" in first  # the report starts on the same page
    assert len(texts) <= 4


def test_a_long_report_keeps_its_contents_on_a_page_of_its_own(clerk_meeting):
    from priorities.reports.document import Column, Section, Table

    sections = [
        Section(f"Section {number}", paragraphs=["Words."], anchor=f"s-{number}")
        for number in range(1, 16)
    ]
    report = made_report(Table("Items", [Column("Title")], rows=[["One"]]), sections=sections)
    assert not pdf.is_short(report)
    texts = page_texts(render(report))
    assert "Contents" not in texts[0]
    assert texts[1].startswith("Contents")


# The Word file's clean default.


def test_the_word_default_is_arial_12_portrait_with_fixed_column_widths(clerk_meeting):
    document = word_of(meeting_report(clerk_meeting["meeting"]))
    normal = document.styles["Normal"]
    assert normal.font.name == "Arial"
    assert normal.font.size == Pt(12)
    heading_fonts = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:ascii")) == "Arial"
    assert heading_fonts.get(qn("w:asciiTheme")) is None
    assert all(section.orientation == WD_ORIENT.PORTRAIT for section in document.sections)
    for table in document.tables:
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"


def test_no_word_is_wider_than_its_table_column(clerk_meeting, reports):
    """Every column is at least as wide as its longest word needs in the table's text size
    (about 2 mm a character at 10pt, plus the cell's padding), so Word breaks no word in the
    middle ("experie/nced"); a wide table is written in smaller text, portrait."""
    from priorities.reports.word import BOLD_CHARACTER_WIDTH, CELL_PADDING, CHARACTER_WIDTH

    for report in (meeting_report(clerk_meeting["meeting"]), reports["plan"]):
        document = word_of(report)
        for table in document.tables:
            for row_number, row in enumerate(table.rows):
                for cell in row.cells:
                    words = cell.text.split()
                    if not words or any("://" in word or "@" in word for word in words):
                        continue
                    size = (cell.paragraphs[0].style.font.size or Pt(10)).pt
                    width = BOLD_CHARACTER_WIDTH if row_number == 0 else CHARACTER_WIDTH
                    longest = min(max(len(word) for word in words), 18)
                    needed = CELL_PADDING + int(size / 10 * width * longest)
                    assert cell.width >= needed - 10, cell.text


def test_a_wide_table_is_written_smaller_not_on_a_landscape_page(reports):
    """The plan's tables fit a portrait page in 9 or 8pt text: no landscape page."""
    document = word_of(reports["plan"])
    assert all(section.orientation == WD_ORIENT.PORTRAIT for section in document.sections)
    sizes = {table.rows[0].cells[0].paragraphs[0].style.font.size.pt for table in document.tables}
    assert sizes <= {10, 9, 8}


# The council's own Word template.


def council_template(*, dotx=False):
    """A council's report template: a header with its name, a footer, a custom style, its own
    Heading 1 colour and some example text the report must replace."""
    template = docx.Document()
    header = template.sections[0].header.paragraphs[0]
    header.text = "Castlebridge Council – Report to committee"
    template.sections[0].footer.paragraphs[0].text = "OFFICIAL"
    custom = template.styles.add_style("Castlebridge Note", 1)
    custom.font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x40)
    template.add_paragraph("Delete this example text before use.", style="Castlebridge Note")
    stream = io.BytesIO()
    template.save(stream)
    content = stream.getvalue()
    if dotx:
        content = _as_dotx(content)
    return content


def _as_dotx(content):
    """Return the .docx ``content`` as a Word template (.dotx): its main part's type."""
    source = zipfile.ZipFile(io.BytesIO(content))
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(entry, data)
    return copy.getvalue()


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_the_word_report_is_written_into_the_councils_template(clerk_meeting, dotx):
    """The report keeps the template's header, footer and styles (its own Heading 1 colour,
    its custom style), uses its style names, and replaces its example text."""
    report = meeting_report(clerk_meeting["meeting"])
    report.word_template = council_template(dotx=dotx)
    document = word_of(report)
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Castlebridge Council – Report to committee" in header
    assert "OFFICIAL" in "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Castlebridge Note" in [style.name for style in document.styles]
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x40)
    text = word_text(document)
    assert "Delete this example text" not in text
    assert report.title in text
    assert [p.style.name for p in document.paragraphs if p.text.startswith("1. ")] == ["Heading 1"]
    assert all(table.style.name == "Table Grid" for table in document.tables)


def test_a_draft_in_the_template_says_so_in_its_header(clerk_meeting):
    officer = ReportAudience(user=clerk_meeting["officer"])
    report = meeting_report(clerk_meeting["meeting"], audience=officer)
    assert report.is_draft
    report.word_template = council_template()
    header = [p.text for p in word_of(report).sections[0].header.paragraphs]
    assert header[0] == "DRAFT – not for publication"
    assert "Castlebridge Council – Report to committee" in header


def test_a_file_that_is_not_word_is_refused():
    with pytest.raises(TemplateUnreadable):
        open_template(b"%PDF-1.7 not a Word file")
    assert open_template(council_template(dotx=True)).paragraphs


def test_a_template_without_words_built_in_styles_still_takes_the_report(clerk_meeting):
    """A template that lacks styles the report uses (Title, Caption, Heading 2, List Number,
    Table Grid, Hyperlink) gets them added; its tables get borders of their own."""
    template = docx.Document()
    styles = template.styles.element
    for name in ("Title", "Caption", "Heading 2", "List Number", "Table Grid"):
        for style in styles.findall(qn("w:style")):
            if style.find(qn("w:name")).get(qn("w:val")) in (name, name.lower()):
                styles.remove(style)
    assert "Table Grid" not in [style.name for style in template.styles]
    stream = io.BytesIO()
    template.save(stream)
    report = meeting_report(clerk_meeting["meeting"])
    report.word_template = stream.getvalue()
    document = word_of(report)
    assert document.paragraphs[1].style.name == "Title"
    assert document.tables
    assert document.tables[0]._tbl.tblPr.find(qn("w:tblBorders")) is not None
