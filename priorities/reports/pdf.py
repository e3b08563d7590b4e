"""Write a committee report as an A4 PDF, laid out by WeasyPrint from an HTML template.

The PDF opens with a cover (the council, the report's title, its date, when it was generated and
from what data) and a contents list with page numbers, then the numbered sections of a council
report: purpose, recommendations, background, the status of each item, the report's own
sections, and the source of the data. Every page after the cover carries the title at its head;
every page says "Page n of N" at its foot; and when the report holds unpublished records every
page, the cover included, says DRAFT.

The PDF is tagged (PDF/UA-1): headings, lists and tables with their header cells reach a screen
reader. Statuses and ratings are coloured tags that also say their words. Tables with
``in_spreadsheet=False`` are printed (the flag only concerns spreadsheets); a report's
``extra_sheets`` are not (their rows are already shown item by item).

Rendering reads nothing but the portal's own static files: the stylesheet comes through
``StaticFilesFetcher``, which refuses any other address, so a report never makes a network call.
"""

import mimetypes
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from priorities.reports.document import ColumnKind, Link, Tag, cell_text, percent_text
from priorities.reports.links import BRAND_COLOUR

TEMPLATE_NAME = "reports/report.html"
STYLESHEET_PATH = "reports/report.css"
#: The address the cover's logo is read from: the fetcher answers it with the site's logo.
LOGO_URL = "report-brand:logo.svg"

#: The GOV.UK Frontend tag colours the stylesheet has a class for; any other is shown as blue,
#: GOV.UK's default tag.
TAG_COLOURS = frozenset({"green", "teal", "yellow", "purple", "orange", "red", "grey", "blue"})

#: Address schemes a link in the PDF may open; any other is printed as plain words.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

#: Column kinds whose cells and headings align right, as figures do (class "figure").
FIGURE_KINDS = frozenset({ColumnKind.PERCENT, ColumnKind.NUMBER})

#: The sizes a table's text may have, largest first: a table prints at the largest at which its
#: columns' longest words fit across the page.
TABLE_FONT_SIZES = (9, 8.5, 8, 7.5)

#: Roughly how many characters of regular 9pt text fit across a table in Liberation Sans or
#: Arial; proportionately more fit at smaller sizes.
CHARACTERS_ACROSS_AT_9PT = 96

#: How much wider bold text (column headings, tags) is than regular text, roughly.
BOLD_WIDTH = 1.2

#: The room, in characters, a cell's padding takes, and a tag's own padding besides.
CELL_PADDING = 1
TAG_PADDING = 1

#: Words up to this long keep a column wide enough not to break them; longer ones may break.
LONGEST_UNBROKEN_WORD = 14

#: Headings at this depth and above are listed in the contents (2: the numbered sections).
DEEPEST_CONTENTS_LEVEL = 3
DEEPEST_HEADING_LEVEL = 6


class FetchRefused(Exception):
    """Rendering asked for something other than one of the portal's own static files."""


class StaticFilesFetcher(URLFetcher):
    """Serve WeasyPrint the portal's static files from disk; refuse every other address.

    An address under the portal's static URL (``STATIC_URL`` on the report's base) is looked
    up with the staticfiles finders, so a file outside the static folders is never read.
    Anything else (another host, ``file:``, ``data:``) raises ``FetchRefused``: WeasyPrint then
    leaves the resource out and logs a warning, and nothing goes over the network.
    """

    def __init__(self, base_url=None, logo_svg=""):
        super().__init__()
        self.static_url = urljoin(base_url or portal_base_url(), settings.STATIC_URL)
        #: The site's logo (SVG text), served at ``LOGO_URL``.
        self.logo_svg = logo_svg

    def static_file(self, url):
        """Return the path of the static file ``url`` names, or None if it names none."""
        if not url.startswith(self.static_url):
            return None
        relative = unquote(urlsplit(url[len(self.static_url) :]).path)
        if not relative or relative.startswith("/") or ".." in relative.split("/"):
            return None
        return finders.find(relative)

    def fetch(self, url, headers=None):
        if url == LOGO_URL and self.logo_svg:
            return URLFetcherResponse(
                url, self.logo_svg.encode(), headers={"Content-Type": "image/svg+xml"}
            )
        path = self.static_file(url)
        if path is None:
            raise FetchRefused(f"Only the portal's own static files are read, not {url}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as static_file:
            body = static_file.read()
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


def portal_base_url(report=None):
    """Return the address relative links in ``report``'s PDF resolve against: the site it was
    asked for on (``Report.base_url``), else ``PORTAL_BASE_URL``."""
    base = (report.base_url if report is not None else "") or settings.PORTAL_BASE_URL
    return base.rstrip("/") + "/"


def write_pdf(report, stream):
    """Write ``report`` to the binary ``stream`` as a tagged A4 PDF."""
    html = render_report_html(report)
    base_url = portal_base_url(report)
    fetcher = StaticFilesFetcher(base_url, logo_svg=report.logo_svg)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    document.write_pdf(stream, pdf_variant="pdf/ua-1")


def render_report_html(report):
    """Return the HTML WeasyPrint lays out for ``report``."""
    sections = _sections(report)
    generated_at = timezone.localtime(report.generated_at)
    context = {
        "report": report,
        # A short report opens with its cover and contents on one page, not two nearly empty.
        "compact": is_short(report),
        "report_date": cell_text(report.report_date),
        "generated": f"{generated_at:%-d %B %Y} at {generated_at:%H:%M}",
        "created": generated_at.isoformat(timespec="seconds"),
        "portal_name": settings.PORTAL_NAME,
        "stylesheet_url": settings.STATIC_URL + STYLESHEET_PATH,
        # The site's brand colour for the cover and headings (the stylesheet's teal without).
        "brand_colour": report.brand_colour if BRAND_COLOUR.fullmatch(report.brand_colour) else "",
        "logo_url": LOGO_URL if report.logo_svg else "",
        "contents": [section for section in sections if section.level <= DEEPEST_CONTENTS_LEVEL],
        "sections": sections,
    }
    return render_to_string(TEMPLATE_NAME, context)


#: A report with at most this many items and sections opens on one page: cover, contents and
#: the start of the report.
SHORT_REPORT_ENTRIES = 12


def is_short(report):
    """Return True for a report short enough that a cover page and a contents page of their
    own would be nearly empty: a meeting with few items, say."""
    entries = len(report.items.rows)
    pending = list(report.sections)
    while pending:
        section = pending.pop()
        entries += 1
        pending.extend(section.subsections)
    return entries <= SHORT_REPORT_ENTRIES


# The view the template reads: every section in reading order with its heading level, every
# cell already turned into escaped HTML, so the template is one flat loop.


@dataclass
class TableColumnView:
    heading: str
    css_class: str
    width_percent: str


@dataclass
class TableView:
    title: str
    #: In points: "9", or smaller for a table with many columns.
    font_size: str
    #: True when even the smallest size cannot keep every word whole: words are hyphenated.
    cramped: bool
    columns: list[TableColumnView]
    #: Each row a list of (css class, cell HTML); the class is "figure" or "".
    rows: list[list[tuple[str, str]]]
    empty_text: str


@dataclass
class SectionView:
    heading: str
    anchor: str
    level: int
    #: "1." for the report's main sections; sub-sections have no number.
    number: str = ""
    #: Text (escaped by the template) or HTML already made safe.
    paragraphs: list = field(default_factory=list)
    numbered_list: list[str] = field(default_factory=list)
    #: (label, value HTML) pairs.
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)


def _sections(report):
    """Return every section of ``report``, in reading order, numbered and anchored."""
    main = [
        SectionView("Purpose", "purpose", 2, paragraphs=report.purpose),
        SectionView("Recommendations", "recommendations", 2, numbered_list=report.recommendations),
        SectionView(
            "Background", "background", 2, paragraphs=report.background or ["None recorded."]
        ),
        SectionView(
            "The status of each item", "status-of-each-item", 2, tables=[_table_view(report.items)]
        ),
    ]
    anchors = AnchorNames({section.anchor for section in main} | {"source-of-the-data"})
    flattened = list(main)
    for index, section in enumerate(report.sections, start=len(main) + 1):
        flattened.extend(_section_views(section, 2, f"section-{index}", anchors))
    source_paragraphs = [
        text
        for text in (report.data_source, report.data_as_at and f"Data as at {report.data_as_at}")
        if text
    ]
    if report.source_url:
        source_paragraphs.append(
            format_html(
                "The web page this report comes from: {}",
                _link_html(report.source_url, report.source_url),
            )
        )
    flattened.append(
        SectionView("Source of the data", "source-of-the-data", 2, paragraphs=source_paragraphs)
    )
    number = 0
    for section in flattened:
        if section.level == 2:
            number += 1
            section.number = f"{number}."
    return flattened


class AnchorNames:
    """Hand out anchors for sections, each different from every other in the document."""

    def __init__(self, taken):
        self.taken = set(taken)

    def claim(self, wanted, fallback):
        anchor = wanted or fallback
        candidate, suffix = anchor, 2
        while candidate in self.taken:
            candidate = f"{anchor}-{suffix}"
            suffix += 1
        self.taken.add(candidate)
        return candidate


def _section_views(section, level, fallback_anchor, anchors):
    """Return ``section`` and its sub-sections, depth first, as views."""
    view = SectionView(
        section.heading,
        anchors.claim(section.anchor, fallback_anchor),
        min(level, DEEPEST_HEADING_LEVEL),
        paragraphs=section.paragraphs,
        facts=[(label, _value_html(value)) for label, value in section.facts],
        tables=[_table_view(table) for table in section.tables],
    )
    views = [view]
    for index, subsection in enumerate(section.subsections, start=1):
        views.extend(_section_views(subsection, level + 1, f"{fallback_anchor}-{index}", anchors))
    return views


def _table_view(table):
    table = table.for_documents()
    css_classes = ["figure" if column.kind in FIGURE_KINDS else "" for column in table.columns]
    limits = [
        _width_in_characters(column, [row[index] for row in table.rows])
        for index, column in enumerate(table.columns)
    ]
    narrowest_total = sum(narrowest for narrowest, _ in limits)
    fitting_sizes = [
        size for size in TABLE_FONT_SIZES if narrowest_total <= _characters_across(size)
    ]
    font_size = fitting_sizes[0] if fitting_sizes else TABLE_FONT_SIZES[-1]
    widths = _column_width_percents(table.columns, limits, _characters_across(font_size))
    return TableView(
        title=table.title,
        font_size=f"{font_size:g}",
        cramped=not fitting_sizes,
        columns=[
            TableColumnView(column.heading, css_class, f"{width:.2f}")
            for column, css_class, width in zip(table.columns, css_classes, widths, strict=True)
        ],
        rows=[
            [
                (css_class, _value_html(value, column.kind))
                for column, css_class, value in zip(table.columns, css_classes, row, strict=True)
            ]
            for row in table.rows
        ],
        empty_text=table.empty_text,
    )


def _characters_across(font_size):
    return CHARACTERS_ACROSS_AT_9PT * 9 / font_size


def _column_width_percents(columns, limits, characters_across):
    """Return each column's share of the table's width, in percent.

    ``limits`` holds each column's (narrowest, widest) width in characters. Columns share the
    width in proportion to their width hints within those limits: no column is wider than its
    longest line of text needs (so "Aim 6" leaves room for the columns that wrap), and none is
    narrower than its longest word, so dates, tags and names do not break mid-word. A column
    that would pass a limit is held at it and the others share what is left. When the narrowest
    widths alone do not fit, every column gets a share in proportion to its narrowest.
    """
    narrowest = [100 * shortest / characters_across for shortest, _ in limits]
    widest = [100 * longest / characters_across for _, longest in limits]
    held = {}
    for bounds, passes_bound in ((widest, operator.gt), (narrowest, operator.lt)):
        while True:
            shares = _shares_by_hint(columns, held)
            passing = [
                index for index, share in shares.items() if passes_bound(share, bounds[index])
            ]
            if not passing:
                break
            held.update({index: bounds[index] for index in passing})
    shares = {**_shares_by_hint(columns, held), **held}
    total = sum(shares.values())
    return [100 * shares[index] / total for index in range(len(columns))]


def _shares_by_hint(columns, held):
    """Share what the ``held`` columns leave among the others, in proportion to their hints."""
    flexible = [index for index in range(len(columns)) if index not in held]
    room = max(100 - sum(held.values()), 0)
    hint_total = sum(max(columns[index].width, 1) for index in flexible)
    return {index: room * max(columns[index].width, 1) / hint_total for index in flexible}


def _width_in_characters(column, values):
    """Return how many characters wide ``column`` must be to hold its longest word unbroken,
    and how wide it need ever be: its longest text on one line."""
    texts = [
        _value_text(part, column.kind)
        for value in values
        for part in (value if isinstance(value, list | tuple) else [value])
    ]
    longest_word = max((len(word) for text in texts for word in text.split()), default=0)
    longest_text = max((len(text) for text in texts), default=0)
    padding = CELL_PADDING
    if column.kind == ColumnKind.TAG:
        longest_word, longest_text = longest_word * BOLD_WIDTH, longest_text * BOLD_WIDTH
        padding += TAG_PADDING
    heading_word = BOLD_WIDTH * max((len(word) for word in column.heading.split()), default=0)
    narrowest = min(max(heading_word, longest_word), LONGEST_UNBROKEN_WORD * BOLD_WIDTH)
    return narrowest + padding, max(heading_word, longest_text) + padding


def _value_text(value, kind=None):
    """Return a cell or fact value as the words it shows: "45%", "21 July 2022"."""
    if kind == ColumnKind.PERCENT and isinstance(value, int | float | Decimal):
        return percent_text(value)
    return cell_text(value)


def _value_html(value, kind=None):
    """Return a cell or fact value as HTML: tags coloured, links live, the rest as text; a
    list of values one a line."""
    if isinstance(value, list | tuple):
        return format_html_join(
            mark_safe("<br>"), "{}", ((_value_html(part, kind),) for part in value)
        )
    if isinstance(value, Tag):
        colour = value.colour if value.colour in TAG_COLOURS else "blue"
        return format_html('<span class="tag tag--{}">{}</span>', colour, value.label)
    if isinstance(value, Link):
        return _link_html(value.url, value.text)
    return conditional_escape(_value_text(value, kind))


def _link_html(url, text):
    """Return ``text`` linking to ``url``, or only the text if ``url`` is not a web address."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in LINK_SCHEMES:
        return conditional_escape(text)
    return format_html('<a href="{}">{}</a>', url, text)
