"""Write a committee report as a Word document (.docx) that a clerk can put in a meeting pack.

The document has the shape of a council committee report. After a title block come numbered
"Heading 1" sections: 1. Purpose, 2. Recommendations (a numbered list), 3. Background, 4. The
status of each item (the items table), then the report's own sections, with sub-sections as
"Heading 2" and anything deeper as "Heading 3", and last the source of the data with its date.
There are no placeholders for an author to fill in ("[To be completed …]"): a section says what
is recorded, or is left out, so a clerk puts the file in the pack unchanged. Every heading uses
Word's built-in heading styles, so the navigation pane lists them. Without a council's own
template, the council's name stands on a band of the site's brand colour, and the headings are
in that colour.

Tables are real Word tables. Their first row holds the column headings and is marked as a
header row, so it repeats at the top of every page and screen readers announce it. A status or
RAG rating is written in words, and its colour only shades the cell. A link is a hyperlink when
it points to a web address. A table too wide for a portrait page goes on landscape pages. The
tables that only spreadsheets hold (``Report.extra_sheets``) are left out.

When the report includes unpublished records, the title block and every page's header say
"DRAFT – not for publication". Every footer says "Page X of Y". The page size is A4 with 2 cm
margins.

All text goes in as text, never as markup. Characters that XML cannot hold are removed, so no
title can break the file.
"""

import datetime
import itertools
import re
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from priorities.reports.document import ColumnKind, Link, Tag, cell_text, percent_text
from priorities.reports.links import BRAND_COLOUR
from priorities.reports.word_templates import clear_body, open_template

DRAFT_TEXT = "DRAFT – not for publication"

PAGE_SHORT_SIDE = Mm(210)
PAGE_LONG_SIDE = Mm(297)
MARGIN = Mm(20)

#: The clean default's type: Arial 12 for text, 10 for tables (Word substitutes a metric
#: twin such as Liberation Sans where Arial is missing).
FONT_NAME = "Arial"
BODY_SIZE = Pt(12)
#: Table text in points, largest first: a table is written at the largest size at which its
#: longest words fit across the page, each size a style of its own.
TABLE_TEXT_SIZES = (10, 9, 8)
TABLE_TEXT_STYLES = {10: "Table text", 9: "Table text 9pt", 8: "Table text 8pt"}
HEADING_SIZES = {
    "Title": Pt(22),
    "Subtitle": Pt(14),
    "Heading 1": Pt(16),
    "Heading 2": Pt(14),
    "Heading 3": Pt(12),
    "Caption": Pt(10),
}

#: Roughly how wide one character of 10pt table text is (bold headings a little wider), and a
#: cell's left and right padding together: every column is made wide enough for its longest
#: word, up to ``LONGEST_WORD`` characters, so no word breaks in the middle.
CHARACTER_WIDTH = Mm(2)
BOLD_CHARACTER_WIDTH = Mm(2.2)
CELL_MARGIN = Mm(1)
CELL_PADDING = 2 * CELL_MARGIN + Mm(1)
LONGEST_WORD = 18
#: Columns of addresses, which may break anywhere.
WRAPPING_KINDS = (ColumnKind.LINK,)

TEXT_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
DRAFT_COLOUR = RGBColor(0xA5, 0x0E, 0x0E)
LINK_COLOUR = RGBColor(0x1D, 0x4F, 0x91)

#: Light shades of the tag colours, dark text stays readable on each of them.
TAG_SHADES = {
    "blue": "D2E2F1",
    "green": "D4EADB",
    "teal": "CDE8E6",
    "yellow": "FFF4BF",
    "orange": "FBDCCB",
    "red": "F6D5D0",
    "purple": "E1DBEE",
    "grey": "E8E9EA",
}
HEADER_ROW_SHADE = "E8E9EA"

#: The identifiers of the styles the document adds: small text for tables, and Word's own
#: style for hyperlinks.
TABLE_TEXT_STYLE_ID = "TableText"
HYPERLINK_STYLE_ID = "Hyperlink"

#: What the document says of a background nothing records (as the PDF does): never a
#: placeholder for someone to fill in, so the file goes in a meeting pack as it is.
NO_BACKGROUND = "None recorded."
#: A blank line between two paragraphs of a record's text.
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

#: What XML 1.0 cannot hold: control characters other than tab, newline and carriage return,
#: lone surrogates, and U+FFFE and U+FFFF.
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def xml_safe(text):
    """Return ``text`` without the characters that an XML file cannot hold."""
    return NOT_XML_CHARACTERS.sub("", text)


def write_docx(report, stream):
    """Write ``report`` as a Word document to the binary file-like object ``stream``."""
    _WordReport(report).write(stream)


class _WordReport:
    """One report being written: the document, its heading numbers and its hyperlinks."""

    def __init__(self, report):
        self.report = report
        self.from_template = report.word_template is not None
        if self.from_template:
            self.document = clear_body(open_template(report.word_template))
        else:
            self.document = Document()
        self.heading_numbers = itertools.count(1)
        #: The relationship id of each hyperlink address, so each is related once.
        self.link_ids = {}
        self.hyperlink_style_id = HYPERLINK_STYLE_ID

    def write(self, stream):
        report = self.report
        if self.from_template:
            _set_up_template(self.document, report)
        else:
            _set_up_document(self.document, report)
        self.table_style_ids = {
            size: _style_id(self.document, name) for size, name in TABLE_TEXT_STYLES.items()
        }
        self.cell_style_id = self.table_style_ids[TABLE_TEXT_SIZES[0]]
        self.hyperlink_style_id = _style_id(self.document, "Hyperlink")
        self.write_title_block()

        self.add_numbered_heading("Purpose")
        for text in report.purpose:
            self.add_text(text)
        self.add_numbered_heading("Recommendations")
        for text in report.recommendations:
            self.add_paragraph(text, style="List Number")
        self.add_numbered_heading("Background")
        for text in report.background:
            self.add_text(text)
        if not report.background:
            self.add_paragraph(NO_BACKGROUND)

        self.turn_page(landscape=self.is_wide(report.items))
        self.add_numbered_heading("The status of each item")
        self.add_table(report.items)

        for section in report.sections:
            self.write_section(section, level=1)

        self.turn_page(landscape=False)
        self.add_numbered_heading("Source of the data")
        if report.data_source:
            self.add_paragraph(report.data_source)
        if report.data_as_at:
            self.add_paragraph(f"Data as at {report.data_as_at}")
        if report.source_url:
            paragraph = self.add_paragraph("Web page: ")
            self.add_link(paragraph, Link(report.source_url, report.source_url))

        self.document.save(stream)

    def write_title_block(self):
        report = self.report
        paragraph = self.document.add_paragraph()
        organisation = paragraph.add_run(xml_safe(report.organisation_name))
        organisation.bold = True
        colour = _brand_colour(report)
        if colour and not self.from_template:
            # The site's brand: the council's name in white on a band of its colour (checked
            # for contrast with white when the site was saved).
            organisation.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            organisation.font.size = Pt(14)
            _shade_paragraph(paragraph, colour.lstrip("#").upper())
            paragraph.paragraph_format.space_after = Pt(12)
        self.add_paragraph(report.title, style="Title")
        if report.subtitle:
            self.add_paragraph(report.subtitle, style="Subtitle")
        self.add_paragraph(f"{report.report_date_label}: {cell_text(report.report_date)}")
        if report.data_as_at:
            self.add_paragraph(f"Data as at: {report.data_as_at}")
        if report.is_draft:
            _add_draft_run(self.document.add_paragraph(), Pt(16))

    # Headings, paragraphs and pages.

    def add_numbered_heading(self, text):
        self.add_heading(f"{next(self.heading_numbers)}. {text}", level=1)

    def add_heading(self, text, level):
        self.document.add_heading(xml_safe(text), level=level)

    def add_paragraph(self, text, style=None):
        return self.document.add_paragraph(xml_safe(text), style=style)

    def add_text(self, text):
        """Add a record's text: a paragraph for each of its paragraphs (a blank line between
        them in the record), never an empty paragraph."""
        for part in PARAGRAPH_BREAK.split(text.strip()):
            if part.strip():
                self.add_paragraph(part.strip())

    def has_style(self, name):
        return any(style.name == name for style in self.document.styles)

    def write_section(self, section, level):
        """Write ``section``: a numbered "Heading 1" at the top level, below that "Heading 2"
        and "Heading 3", then its paragraphs, facts, tables and sub-sections."""
        self.turn_page(landscape=any(self.is_wide(table) for table in section.tables))
        if level == 1:
            self.add_numbered_heading(section.heading)
        else:
            self.add_heading(section.heading, level=min(level, 3))
        for text in section.paragraphs:
            self.add_text(text)
        if section.facts:
            self.add_facts(section.facts)
        for table in section.tables:
            self.add_table(table, under_heading=section.heading)
        for subsection in section.subsections:
            self.write_section(subsection, level + 1)

    def turn_page(self, landscape):
        """Go on to a new page in landscape or portrait, unless the pages already are."""
        section = self.document.sections[-1]
        if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
            return
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = PAGE_LONG_SIDE, PAGE_SHORT_SIDE
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = PAGE_SHORT_SIDE, PAGE_LONG_SIDE

    def text_width(self):
        section = self.document.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    def portrait_text_width(self):
        section = self.document.sections[0]
        short_side = min(section.page_width, section.page_height)
        return short_side - section.left_margin - section.right_margin

    def is_wide(self, table):
        """Return True when ``table``'s longest words do not fit across a portrait page even
        in its smallest text: only then does it go on landscape pages."""
        table = table.for_documents()
        if not table.rows:
            return False
        return _text_size_to_fit(table, self.portrait_text_width()) is None

    # Tables.

    def add_table(self, table, under_heading=None):
        """Add ``table`` under its title: a header row of its headings, then one row per row.
        A title that repeats the heading above (``under_heading``) is not printed again: it
        stays the table's caption for screen readers."""
        table = table.for_documents()
        if table.title != under_heading:
            title = self.add_paragraph(table.title, style="Caption")
            title.paragraph_format.keep_with_next = True
        if not table.rows:
            self.add_paragraph(table.empty_text)
            return
        # The largest text at which every word fits: a wide table is written smaller rather
        # than on a landscape page of its own.
        size = _text_size_to_fit(table, self.text_width()) or TABLE_TEXT_SIZES[-1]
        widths = _column_widths(table, self.text_width(), size)
        word_table = self.new_table(table.title, len(table.rows) + 1, widths)
        header, *body = word_table._tbl.tr_lst
        header.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        self.cell_style_id = self.table_style_ids[size]
        for cell, heading in zip(header.tc_lst, table.headings, strict=True):
            heading_paragraph = _cell_paragraph(cell, word_table, self.cell_style_id)
            heading_paragraph.add_run(xml_safe(heading)).bold = True
            _shade(cell, HEADER_ROW_SHADE)
        for row, values in zip(body, table.rows, strict=True):
            for cell, column, value in zip(row.tc_lst, table.columns, values, strict=True):
                self.write_cell(cell, word_table, column.kind, value)
        self.cell_style_id = self.table_style_ids[TABLE_TEXT_SIZES[0]]

    def add_facts(self, facts):
        """Add a section's facts as a two-column table: the label in bold, then the value."""
        text_width = self.text_width()
        label_width = text_width * 35 // 100
        word_table = self.new_table("", len(facts), [label_width, text_width - label_width])
        for row, (label, value) in zip(word_table._tbl.tr_lst, facts, strict=True):
            label_cell, value_cell = row.tc_lst
            label_paragraph = _cell_paragraph(label_cell, word_table, self.cell_style_id)
            label_paragraph.add_run(xml_safe(label)).bold = True
            self.write_cell(value_cell, word_table, ColumnKind.TEXT, value)

    def new_table(self, title, row_count, widths):
        """Add an empty grid table of ``row_count`` rows and fixed column ``widths``.

        The rows are made all at once: adding them one by one is several times slower.
        """
        word_table = self.document.add_table(rows=row_count, cols=len(widths))
        if self.has_style("Table Grid"):
            word_table.style = "Table Grid"
        else:
            _add_borders(word_table)
        word_table.autofit = False  # a fixed layout: the widths below hold
        _set_cell_margins(word_table, CELL_MARGIN)
        if title:
            caption = OxmlElement("w:tblCaption", attrs={qn("w:val"): xml_safe(title)})
            word_table._tbl.tblPr.append(caption)
        for grid_column, width in zip(word_table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_column.w = width
        for row in word_table._tbl.tr_lst:
            # A row never splits across pages: a page does not end in half a row, with the
            # rest under the repeated headings on the next.
            row.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, width in zip(row.tc_lst, widths, strict=True):
                cell.width = width
        return word_table

    def write_cell(self, cell, word_table, kind, value):
        """Write one value into a table cell as words, in the way its column ``kind`` asks; a
        list of values one a line."""
        paragraph = _cell_paragraph(cell, word_table, self.cell_style_id)
        if isinstance(value, list | tuple):
            for index, part in enumerate(value):
                if index:
                    paragraph.add_run().add_break()
                if isinstance(part, Link):
                    self.add_link(paragraph, part)
                else:
                    paragraph.add_run(xml_safe(cell_text(part)))
            return
        if isinstance(value, Link):
            self.add_link(paragraph, value)
            return
        if isinstance(value, Tag):
            shade = TAG_SHADES.get(value.colour)
            if shade:
                _shade(cell, shade)
        if kind in (ColumnKind.NUMBER, ColumnKind.PERCENT):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        is_percentage = kind == ColumnKind.PERCENT and isinstance(value, int | float | Decimal)
        text = percent_text(value) if is_percentage else cell_text(value)
        if text:
            paragraph.add_run(xml_safe(text))

    def add_link(self, paragraph, link):
        """Add ``link`` to ``paragraph``: a hyperlink for a web address, otherwise its words
        followed by the address in brackets."""
        text, url = xml_safe(link.text), xml_safe(link.url)
        if not WEB_ADDRESS.match(url):
            paragraph.add_run(f"{text} ({url})" if url and url != text else text)
            return
        hyperlink = OxmlElement("w:hyperlink", attrs={qn("r:id"): self.link_id(url)})
        run = OxmlElement("w:r")
        run.get_or_add_rPr().style = self.hyperlink_style_id
        run.text = text or url
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    def link_id(self, url):
        """Return the id of the document's relationship to ``url``, adding it the first time.

        python-docx's own ``relate_to`` searches every relationship each time, which takes
        seconds for thousands of links; a dictionary does not.
        """
        if url not in self.link_ids:
            link_id = f"rIdLink{len(self.link_ids) + 1}"
            self.document.part.rels.add_relationship(
                RELATIONSHIP_TYPE.HYPERLINK, url, link_id, is_external=True
            )
            self.link_ids[url] = link_id
        return self.link_ids[url]


# The document's set-up: page, styles, properties, header and footer.


def _set_up_document(document, report):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_SHORT_SIDE, PAGE_LONG_SIDE
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Mm(10)
    _set_up_styles(document)
    _set_brand_colours(document, report)
    _set_properties(document, report)
    if report.is_draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_draft_run(header, Pt(12))
    _write_page_numbers(section.footer.paragraphs[0])


def _set_up_styles(document):
    """The clean default: Arial throughout (12pt text), headings in dark blue that passes
    contrast checks, British English, and the styles for table text and hyperlinks."""
    styles = document.styles
    for defaults in styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr"):
        _set_font_name(defaults, FONT_NAME)
    for language in styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        language.set(qn("w:val"), "en-GB")
    styles["Normal"].font.size = BODY_SIZE
    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_font_name(style.element.get_or_add_rPr(), FONT_NAME)
    for name, size in HEADING_SIZES.items():
        styles[name].font.color.rgb = TEXT_COLOUR
        styles[name].font.size = size
    _add_report_styles(document)


def _brand_colour(report):
    """Return the report's brand colour as "#rrggbb", or "" for none."""
    return report.brand_colour if BRAND_COLOUR.fullmatch(report.brand_colour) else ""


def _set_brand_colours(document, report):
    """Colour the headings in the site's brand colour (the clean default only)."""
    colour = _brand_colour(report)
    if not colour:
        return
    rgb = RGBColor.from_string(colour.lstrip("#").upper())
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = rgb


def _shade_paragraph(paragraph, fill):
    """Give ``paragraph`` a background of ``fill`` ("RRGGBB") across the text width."""
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        OxmlElement(
            "w:shd", attrs={qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}
        )
    )


def _add_report_styles(document):
    """Add the styles the report needs that ``document`` lacks: table text, hyperlinks, and
    any of Word's built-in ones a council's template leaves out."""
    styles = document.styles
    names = {style.name for style in styles}
    for size, name in TABLE_TEXT_STYLES.items():
        if name in names:
            continue
        style_id = TABLE_TEXT_STYLE_ID if size == TABLE_TEXT_SIZES[0] else f"TableText{size}"
        table_text = _add_style(styles, name, style_id, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.font.size = Pt(size)
        table_text.paragraph_format.space_before = Pt(0)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1
    if "Hyperlink" not in names:
        hyperlink = _add_style(styles, "Hyperlink", HYPERLINK_STYLE_ID, WD_STYLE_TYPE.CHARACTER)
        hyperlink.font.color.rgb = LINK_COLOUR
        hyperlink.font.underline = True
    for name, size in HEADING_SIZES.items():
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = size
            style.font.bold = name != "Caption"
            style.paragraph_format.keep_with_next = True
    if "List Number" not in names:
        styles.add_style("List Number", WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]


def _style_id(document, name):
    """Return the id of ``document``'s style called ``name``."""
    return next(style.style_id for style in document.styles if style.name == name)


def _set_font_name(run_properties, name):
    """Set every script's font to ``name`` in a ``w:rPr``, dropping theme fonts (which would
    win over it: Word's default headings use the theme's Calibri Light or Cambria)."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _add_style(styles, name, style_id, style_type):
    style = styles.add_style(name, style_type)
    style.style_id = style_id
    return style


def _set_up_template(document, report):
    """Set a council's template up for the report: its page, styles, header and footer stay;
    the styles the report needs and lacks are added, a draft says so at the head of every
    page, and a footer with nothing in it gets page numbers."""
    _add_report_styles(document)
    _set_properties(document, report)
    section = document.sections[0]
    if report.is_draft:
        header = section.header
        first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        draft = first.insert_paragraph_before()
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_draft_run(draft, Pt(12))
    footer = section.footer
    has_words = any(paragraph.text.strip() for paragraph in footer.paragraphs)
    has_fields_or_pictures = footer._element.xpath(
        ".//w:fldSimple | .//w:instrText | .//w:drawing | .//w:pict"
    )
    if not has_words and not has_fields_or_pictures:
        _write_page_numbers(footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph())


def _set_properties(document, report):
    properties = document.core_properties
    properties.title = xml_safe(report.title)
    properties.subject = xml_safe(report.subtitle)
    properties.author = properties.last_modified_by = xml_safe(report.organisation_name)
    properties.comments = ""
    properties.language = "en-GB"
    generated_at = report.generated_at.astimezone(datetime.UTC)
    properties.created = properties.modified = generated_at


def _write_page_numbers(paragraph):
    """Write "Page X of Y" with fields that Word and LibreOffice fill in on every page."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _add_field(paragraph, "NUMPAGES")


def _add_field(paragraph, instruction):
    field = OxmlElement("w:fldSimple", attrs={qn("w:instr"): f" {instruction} "})
    placeholder = OxmlElement("w:r")
    placeholder.text = "1"
    field.append(placeholder)
    paragraph._p.append(field)


def _add_draft_run(paragraph, size):
    run = paragraph.add_run(DRAFT_TEXT)
    run.bold = True
    run.font.size = size
    run.font.color.rgb = DRAFT_COLOUR
    return run


# Table helpers.


def _text_size_to_fit(table, text_width):
    """Return the largest table text size at which ``table``'s longest words fit across
    ``text_width``, or None if none does."""
    for size in TABLE_TEXT_SIZES:
        if sum(_least_widths(table, size)) <= text_width:
            return size
    return None


def _column_widths(table, text_width, size=TABLE_TEXT_SIZES[0]):
    """Share ``text_width`` between ``table``'s columns: first each column gets room for its
    longest word, then what is left is shared in proportion to the columns' width hints.

    When even the longest words do not fit (a table too wide for a landscape page too), all of
    the width is shared by the hints, so that the columns of sentences stay readable.
    """
    columns = table.columns
    hints = sum(column.width for column in columns)
    least = _least_widths(table, size)
    spare = text_width - sum(least)
    if spare < 0:
        least, spare = [0] * len(columns), text_width
    return [
        width + spare * column.width // hints for width, column in zip(least, columns, strict=True)
    ]


def _least_widths(table, size=TABLE_TEXT_SIZES[0]):
    """Return how wide each column must be to hold its longest word (its heading's in bold)
    in ``size``-point text."""
    scale = size / TABLE_TEXT_SIZES[0]
    widths = []
    for index, column in enumerate(table.columns):
        values = [row[index] for row in table.rows]
        heading_word = max((len(word) for word in column.heading.split()), default=1)
        widths.append(
            CELL_PADDING
            + int(
                scale
                * max(
                    BOLD_CHARACTER_WIDTH * min(heading_word, LONGEST_WORD),
                    CHARACTER_WIDTH * _longest_word(column, values),
                )
            )
        )
    return widths


def _longest_word(column, values):
    """Return how many characters the longest word of a column's values has, up to
    ``LONGEST_WORD`` (none for addresses, which may break anywhere)."""
    if column.kind in WRAPPING_KINDS:
        return 1
    texts = []
    for value in values:
        texts.extend(value if isinstance(value, list | tuple) else [value])
    longest = max((len(word) for value in texts for word in cell_text(value).split()), default=1)
    return min(longest, LONGEST_WORD)


def _add_borders(word_table):
    """Give a table single borders where the template has no "Table Grid" style."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(
            OxmlElement(
                f"w:{edge}",
                attrs={qn("w:val"): "single", qn("w:sz"): "4", qn("w:color"): "808080"},
            )
        )
    word_table._tbl.tblPr.append(borders)


def _set_cell_margins(word_table, margin):
    """Set every cell's left and right padding to ``margin``."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(
            OxmlElement(f"w:{edge}", attrs={qn("w:w"): str(margin.twips), qn("w:type"): "dxa"})
        )
    word_table._tbl.tblPr.append(margins)


def _cell_paragraph(cell, word_table, style_id):
    """Return the empty paragraph of a new table cell, given the table text style.

    The style goes in directly: python-docx's ``style`` setter takes five times as long, which
    adds up over thousands of cells.
    """
    paragraph = cell.p_lst[0]
    properties = OxmlElement("w:pPr")
    properties.append(OxmlElement("w:pStyle", attrs={qn("w:val"): style_id}))
    paragraph.insert(0, properties)
    return Paragraph(paragraph, word_table)


def _shade(cell, colour):
    shading = OxmlElement(
        "w:shd", attrs={qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): colour}
    )
    cell.get_or_add_tcPr().append(shading)
