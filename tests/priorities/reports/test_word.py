"""The Word committee report: a council report's numbered sections in real heading styles,
real tables with repeating header rows, DRAFT on every page of a draft, and text that is
always only text."""

import dataclasses
import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from priorities.reports.document import Link
from priorities.reports.word import DRAFT_TEXT, write_docx, xml_safe
from tests.priorities.reports.conftest import INJECTION

COUNCIL_HEADINGS = [
    "Purpose",
    "Recommendations",
    "Background",
    "The status of each item",
    "Source of the data",
]


def word_document(report):
    stream = io.BytesIO()
    write_docx(report, stream)
    return docx.Document(io.BytesIO(stream.getvalue()))


def headings(document, style_name):
    return [
        paragraph.text for paragraph in document.paragraphs if paragraph.style.name == style_name
    ]


def unnumbered(heading):
    """Return a "Heading 1" without its number: "4. The status of each item" → "The …"."""
    number, _, text = heading.partition(". ")
    assert number.isdigit(), heading
    return text


def all_text(document):
    """Return every word in the document's body, tables and headers, one piece a line."""
    pieces = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        pieces.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        pieces.extend(paragraph.text for paragraph in section.header.paragraphs)
    return "\n".join(pieces)


def header_text(document):
    return "\n".join(paragraph.text for paragraph in document.sections[0].header.paragraphs)


def body_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


@pytest.mark.parametrize(
    "name", ["meeting", "committee", "plan", "empty_meeting", "officer_meeting", "officer_plan"]
)
def test_every_report_has_a_council_reports_numbered_sections_in_order(reports, name):
    """The document's "Heading 1"s are numbered 1, 2, 3 … and include, in order, Purpose,
    Recommendations, Background, The status of each item and the source of the data, with the
    report's own sections between the items and the source: no "implications" sections that
    nothing fills in."""
    report = reports[name]
    found = headings(word_document(report), "Heading 1")
    assert [heading.partition(". ")[0] for heading in found] == [
        str(number) for number in range(1, len(found) + 1)
    ]
    titles = [unnumbered(heading) for heading in found]
    assert titles == [
        *COUNCIL_HEADINGS[:4],
        *[section.heading for section in report.sections],
        *COUNCIL_HEADINGS[4:],
    ]


def test_the_items_table_has_a_repeating_header_row_then_one_row_per_item(reports):
    """The document's first table is the items table: its first row holds the column
    headings in bold and is marked as a header row, and each next row is an item, its title
    written verbatim however much it looks like a formula."""
    report = reports["meeting"]
    document = word_document(report)
    table = document.tables[0]
    header = table.rows[0]
    # The page addresses are for data files: a document links the item's own section instead.
    assert [cell.text for cell in header.cells] == report.items.for_documents().headings
    assert "Web page" not in [cell.text for cell in header.cells]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    title_column = report.items.for_documents().headings.index("Title")
    assert [row[title_column] for row in body_rows(table)] == [
        INJECTION,
        "Family hubs in every ward",
    ]
    # No row splits across pages (the rest of it would stand alone under repeated headings),
    # and only the first row repeats as the header.
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])


def test_cells_are_written_as_words_with_hyperlinks_to_the_public_pages(reports, castlebridge):
    """The document writes a status and a RAG rating in words, shading their cells only as
    well, progress as a percentage, and a link as a hyperlink to the initiative's public
    page."""
    report = reports["meeting"]
    items = report.items.for_documents()
    document = word_document(report)
    first_item = dict(zip(items.headings, body_rows(document.tables[0])[0], strict=True))
    assert first_item["Status"] == "In delivery"
    assert first_item["RAG rating"] == castlebridge["published"].get_rag_display()
    assert first_item["Progress"] == "45%"
    first_row = document.tables[0].rows[1]
    status_cell = first_row.cells[items.headings.index("Status")]
    assert status_cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    facts = dict(report.sections[1].subsections[0].facts)
    link = facts["Initiative"]
    hyperlinks = [
        hyperlink
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for hyperlink in paragraph.hyperlinks
    ]
    assert link.url in [hyperlink.address for hyperlink in hyperlinks]
    assert link.url.endswith(castlebridge["published"].get_absolute_url())


def test_a_link_that_is_not_a_web_address_is_only_text(reports):
    """The document makes hyperlinks only of web addresses: any other link is written as its
    words with the address after them in brackets."""
    report = reports["meeting"]
    title = report.items.headings.index("Title")
    rows = [list(row) for row in report.items.rows]
    rows[0][title] = Link("Open me", "javascript:alert(1)")
    items = dataclasses.replace(report.items, rows=rows)
    document = word_document(dataclasses.replace(report, items=items))
    cell = document.tables[0].rows[1].cells[items.for_documents().headings.index("Title")]
    assert cell.text == "Open me (javascript:alert(1))"
    assert cell.paragraphs[0].hyperlinks == []
    assert "javascript:alert(1)" not in [rel.target_ref for rel in document.part.rels.values()]


def test_the_public_report_leaves_out_the_draft_and_says_no_draft(reports):
    """The document for the public has neither the unpublished initiative nor DRAFT in it."""
    document = word_document(reports["meeting"])
    text = all_text(document)
    assert "Secret draft initiative" not in text
    assert "DRAFT" not in text
    assert "DRAFT" not in header_text(document)


def test_the_officers_report_includes_the_draft_and_says_draft_on_every_page(reports):
    """The document for an officer includes the unpublished initiative, says DRAFT under its
    title, and has DRAFT in the page header, which Word repeats on every page."""
    document = word_document(reports["officer_meeting"])
    assert "Secret draft initiative" in all_text(document)
    assert DRAFT_TEXT in header_text(document)
    assert DRAFT_TEXT in [paragraph.text for paragraph in document.paragraphs[:6]]
    for section in document.sections[1:]:
        assert section.header.is_linked_to_previous


def test_the_empty_meeting_report_says_there_is_nothing_to_show(reports):
    """The document for a meeting without items still has every heading, and says in words
    that there are no items instead of showing an empty table, on portrait pages only."""
    report = reports["empty_meeting"]
    document = word_document(report)
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert report.items.empty_text in paragraphs
    assert document.tables == []
    assert [section.orientation for section in document.sections] == [WD_ORIENT.PORTRAIT]
    titles = [unnumbered(heading) for heading in headings(document, "Heading 1")]
    assert all(heading in titles for heading in COUNCIL_HEADINGS)


def test_the_pages_are_a4_with_page_numbers_in_the_footer(reports):
    """The document's pages are A4 and, for a meeting whose tables fit across a portrait page,
    all portrait (no landscape page for one table); landscape pages are only for a table too
    wide for portrait, and its footer says "Page X of Y" with Word's PAGE and NUMPAGES
    fields."""
    document = word_document(reports["meeting"])
    for section in document.sections:
        size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert size == [210, 297]
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert section.page_width < section.page_height
    footer = document.sections[0].footer.paragraphs[0]
    fields = [field.get(qn("w:instr")).strip() for field in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Page ")


def test_each_item_has_its_own_heading_2_with_its_facts(reports):
    """The document gives each item in detail a "Heading 2", followed by a table of its facts
    with the labels in bold."""
    document = word_document(reports["meeting"])
    assert headings(document, "Heading 2") == [
        f"1 {INJECTION}",
        "2 Family hubs in every ward",
    ]
    facts = document.tables[1]
    assert facts.rows[0].cells[0].text == "Initiative"
    assert facts.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert "Lead organisation" in [row.cells[0].text for row in facts.rows]


def test_the_plan_reports_priorities_are_heading_3_under_their_aim(reports):
    """The document for a plan gives each aim a "Heading 2" and each priority a "Heading 3"."""
    document = word_document(reports["plan"])
    assert headings(document, "Heading 2") == ["Safe at home"]
    assert headings(document, "Heading 3") == ["Every child safe at home"]


def test_every_table_is_shown_under_its_title_except_the_spreadsheet_only_ones(reports):
    """The document has every table of the report under a title, including those left out of
    spreadsheets, and none of the sheets only spreadsheets hold."""
    report = reports["meeting"]
    assert report.extra_sheets
    document = word_document(report)
    assert headings(document, "Caption") == [table.title for table in report.all_tables]
    captions = [
        table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        for table in document.tables
        if table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    ]
    assert captions == [table.title for table in report.all_tables if table.rows]


def test_recommendations_are_a_numbered_list(reports):
    """The document writes the recommendations in Word's "List Number" style."""
    report = reports["meeting"]
    assert headings(word_document(report), "List Number") == report.recommendations


@pytest.mark.parametrize("name", ["meeting", "committee", "plan", "empty_meeting"])
def test_no_placeholder_is_left_for_an_author_to_complete(reports, name):
    """A clerk puts the file in the pack unchanged: no "[To be completed …]" prompt anywhere,
    no "implications" heading with nothing under it, and an empty background says "None
    recorded." as the PDF does."""
    report = reports[name]
    document = word_document(report)
    text = all_text(document)
    assert "[To be completed" not in text
    assert "To be completed" not in text
    assert not [heading for heading in headings(document, "Heading 1") if "implications" in heading]
    if not report.background:
        background = next(
            index
            for index, paragraph in enumerate(document.paragraphs)
            if paragraph.text.endswith(". Background")
        )
        assert document.paragraphs[background + 1].text == "None recorded."


def test_every_table_row_is_kept_whole_on_a_page(reports):
    """Every row of every table (the items, each item's facts, targets, milestones) is marked
    not to break across pages."""
    document = word_document(reports["meeting"])
    assert document.tables
    for table in document.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_records_paragraphs_are_paragraphs_with_no_blank_line_between(reports):
    """A description in paragraphs (a blank line between them) is written as separate
    paragraphs: no line breaks, and no empty paragraph, leaving a gap on the page."""
    report = reports["meeting"]
    item = report.sections[1].subsections[0]
    item.paragraphs = [
        "Family hubs open in every ward.\n\n(Illustrative demo data: not from the source.)"
    ]
    document = word_document(report)
    texts = [paragraph.text for paragraph in document.paragraphs]
    start = texts.index(item.heading)
    assert texts[start + 1 : start + 3] == [
        "Family hubs open in every ward.",
        "(Illustrative demo data: not from the source.)",
    ]
    body = [paragraph for paragraph in document.paragraphs if paragraph.style.name == "Normal"]
    assert all(paragraph.text.strip() for paragraph in body)
    assert not document.element.body.xpath(".//w:p/w:r/w:br[not(@w:type)]")


def test_the_source_of_the_data_gives_its_date_and_web_page(reports):
    """The document ends with where the data comes from, when it was taken, and a hyperlink
    to the public page the report comes from."""
    report = reports["meeting"]
    document = word_document(report)
    last_heading = max(
        index
        for index, paragraph in enumerate(document.paragraphs)
        if paragraph.style.name == "Heading 1"
    )
    source = document.paragraphs[last_heading + 1 :]
    assert source[0].text == report.data_source
    assert source[1].text == f"Data as at {report.data_as_at}"
    (link,) = source[2].hyperlinks
    assert link.address == report.source_url
    assert source[2].text == f"Web page: {report.source_url}"


def test_the_title_block_and_properties_name_the_report_and_council(reports):
    """The document opens with the council, the report's title in the "Title" style, its
    subtitle and its date, and its properties give the title, the council as author and
    British English."""
    report = reports["meeting"]
    document = word_document(report)
    opening = [paragraph.text for paragraph in document.paragraphs[:5]]
    assert opening == [
        "Castlebridge Council",
        report.title,
        report.subtitle,
        f"Meeting date: {report.report_date:%-d %B %Y}",
        f"Data as at: {report.data_as_at}",
    ]
    assert document.paragraphs[1].style.name == "Title"
    properties = document.core_properties
    assert properties.title == report.title
    assert properties.author == "Castlebridge Council"
    assert properties.language == "en-GB"


def test_markup_in_a_title_is_only_text(reports):
    """The document shows a title full of markup exactly as typed."""
    title = "<script>alert('x')</script> & <w:p/>"
    report = dataclasses.replace(reports["meeting"], title=title)
    document = word_document(report)
    assert document.paragraphs[1].text == title
    assert document.core_properties.title == title


def test_characters_xml_cannot_hold_are_removed(reports):
    """The document is written even when a title holds NUL or vertical tab characters, which
    are left out; tabs and new lines stay."""
    report = dataclasses.replace(reports["meeting"], title="Children\x00's\x0b committee")
    document = word_document(report)
    assert document.paragraphs[1].text == "Children's committee"
    assert xml_safe("a\tb\nc\x01\x1f\ufffe") == "a\tb\nc"
