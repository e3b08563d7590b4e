"""The committee report as a PDF: what a reader finds on its pages, that it is tagged for
screen readers, that drafts say so on every page, and that rendering reads nothing but the
portal's own static files."""

import datetime
import io
import re
import socket
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from priorities.reports import pdf
from priorities.reports.document import Column, ColumnKind, Link, Report, Section, Table, Tag
from tests.priorities.reports.conftest import INJECTION

STATIC_DIR = Path(settings.BASE_DIR, "static").resolve()


def render(report):
    stream = io.BytesIO()
    pdf.write_pdf(report, stream)
    return PdfReader(io.BytesIO(stream.getvalue()))


def page_texts(reader):
    """Return each page's text with every run of white space made one space."""
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def whole_text(reader):
    return " ".join(page_texts(reader))


def link_targets(reader):
    return {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }


def made_report(items, *, sections=(), extra_sheets=(), is_draft=False):
    """A report built directly, without the database."""
    return Report(
        scope="plan",
        organisation_name="Castlebridge Council",
        title="Children and families plan 2025–2028",
        report_date=datetime.date(2022, 7, 21),
        generated_at=timezone.make_aware(datetime.datetime(2022, 7, 22, 9, 30)),
        source_url="https://portal.example/plans/children-and-families/",
        filename_stem="children-and-families",
        purpose=["This report sets out where the plan stands."],
        recommendations=["That the committee notes this report."],
        background=[],
        items=items,
        sections=list(sections),
        extra_sheets=list(extra_sheets),
        data_source="Children's Services Priorities Portal, data as at 22 July 2022, 09:30.",
        is_draft=is_draft,
    )


def test_the_cover_names_the_council_the_report_and_its_date(reports):
    """The PDF's first page has the council's name, the title and subtitle, the report's date
    ("1 January 2025" style), when it was generated and where the data comes from."""
    report = reports["meeting"]
    cover = page_texts(render(report))[0]

    assert "Castlebridge Council" in cover
    assert report.title in cover
    assert report.subtitle in cover
    report_date = f"{report.report_date:%-d %B %Y}"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", report_date)
    assert f"Meeting date {report_date}" in cover
    generated = timezone.localtime(report.generated_at)
    assert f"Generated {generated:%-d %B %Y} at {generated:%H:%M}" in cover
    assert "Published records only." in cover


def test_the_contents_list_each_section_with_the_page_it_starts_on(reports):
    """The PDF's contents name every numbered section, in order, each with the number of the
    page its heading is on."""
    texts = page_texts(render(reports["meeting"]))
    # A short report's contents share the first page with its cover.
    contents = texts[0][texts[0].index("Contents") :]
    headings = [
        "1. Purpose",
        "2. Recommendations",
        "3. Background",
        "4. The status of each item",
        "5. Changed since the last meeting",
        "6. The items in detail",
        "7. Source of the data",
    ]

    for heading in headings:
        entry = re.search(re.escape(heading) + r" \.+ (\d+)", contents)
        assert entry, f"{heading!r} is not in the contents"
        assert heading in texts[int(entry[1]) - 1]
    assert [contents.index(heading) for heading in headings] == sorted(
        contents.index(heading) for heading in headings
    )


def test_every_page_is_numbered_out_of_the_total(reports):
    """The PDF has more than one page and each says "Page n of N" at its foot."""
    texts = page_texts(render(reports["plan"]))

    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_the_report_title_heads_every_page_after_the_cover(reports):
    """The PDF's running header is the report's title."""
    report = reports["committee"]
    texts = page_texts(render(report))

    for text in texts[1:]:
        assert report.title in text


def test_the_items_show_their_titles_statuses_and_ratings_as_words(reports):
    """The PDF has each item's title, including one that tries formula injection, as literal
    text, and each status and rating in words, not in colour alone."""
    reader = render(reports["meeting"])
    text = whole_text(reader)

    assert INJECTION in text
    assert "Family hubs in every ward" in text
    for words in ("In delivery", "Amber: at risk", "Under scrutiny", "Green: on track"):
        assert words in text


def test_cells_links_and_facts_show_as_a_reader_expects():
    """The PDF shows dates as "21 July 2022", percentages as "45%", decimals with thousands
    separators, links as live links with their words, and mark-up in text as literal text."""
    items = Table(
        "Initiatives",
        [
            Column("Initiative", ColumnKind.LONG_TEXT, 40),
            Column("Status", ColumnKind.TAG, 18),
            Column("Progress", ColumnKind.PERCENT, 10),
            Column("Families reached", ColumnKind.NUMBER, 10),
            Column("Start", ColumnKind.DATE, 12),
            Column("Web page", ColumnKind.LINK, 30),
        ],
        rows=[
            [
                "<script>alert('hub')</script>",
                Tag("In delivery", "teal"),
                45,
                Decimal("12500.50"),
                datetime.date(2022, 7, 21),
                Link("Family hubs page", "https://portal.example/initiatives/family-hubs/"),
            ],
            ["No page yet", None, None, None, None, "Not published"],
        ],
    )
    facts = Section(
        "The plan at a glance",
        facts=[
            ("Plan status", Tag("Adopted", "green")),
            ("Source document", Link("The plan", "https://council.example/plan.pdf")),
            ("Adopted on", datetime.date(2022, 3, 1)),
            ("Initiatives", 2),
            ("Unsafe link", Link("Do not follow", "javascript:alert(1)")),
        ],
    )
    reader = render(made_report(items, sections=[facts]))
    text = whole_text(reader)

    assert "<script>alert('hub')</script>" in text
    for shown in ("45%", "12,500.5", "21 July 2022", "Family hubs page", "Not published"):
        assert shown in text
    assert "Plan status Adopted" in text
    assert "Adopted on 1 March 2022" in text
    assert "Initiatives 2" in text
    assert "Do not follow" in text
    assert link_targets(reader) >= {
        "https://portal.example/initiatives/family-hubs/",
        "https://council.example/plan.pdf",
        "https://portal.example/plans/children-and-families/",
    }
    assert not any(target.startswith("javascript:") for target in link_targets(reader))


def test_an_empty_background_says_none_recorded_and_the_source_closes_the_report():
    """The PDF says "None recorded." for an empty background, and ends with the source of the
    data and the web page the report comes from."""
    items = Table("Initiatives", [Column("Initiative")], rows=[["Family hubs"]])
    texts = page_texts(render(made_report(items)))
    text = " ".join(texts)

    assert "3. Background None recorded." in text
    last_page = texts[-1]
    assert "5. Source of the data" in last_page
    assert "data as at 22 July 2022, 09:30." in last_page
    assert "https://portal.example/plans/children-and-families/" in last_page


def test_tables_for_reading_are_printed_and_spreadsheet_only_sheets_are_not():
    """The PDF shows a table marked not for spreadsheets, and leaves out the sheets only a
    spreadsheet holds."""
    items = Table("Initiatives", [Column("Initiative")], rows=[["Family hubs"]])
    reading_table = Table(
        "Milestones of family hubs",
        [Column("Milestone"), Column("Due", ColumnKind.DATE)],
        rows=[["First hub opens", datetime.date(2022, 9, 1)]],
        in_spreadsheet=False,
    )
    sheet = Table("Every target", [Column("Target")], rows=[["Spreadsheet-only target"]])
    report = made_report(
        items,
        sections=[Section("Family hubs", tables=[reading_table])],
        extra_sheets=[sheet],
    )
    text = whole_text(render(report))

    assert "Milestones of family hubs" in text
    assert "First hub opens" in text
    assert "Every target" not in text
    assert "Spreadsheet-only target" not in text


def test_the_public_report_leaves_out_drafts_and_says_draft_nowhere(reports):
    """The public PDF has no unpublished initiative and no DRAFT marking."""
    text = whole_text(render(reports["meeting"]))

    assert "Secret draft initiative" not in text
    assert "DRAFT" not in text


def test_an_officers_report_with_drafts_says_draft_on_every_page(reports):
    """The officer's PDF has the unpublished initiative, says "DRAFT – not for publication" on
    its cover and DRAFT on every page."""
    texts = page_texts(render(reports["officer_meeting"]))

    assert "Secret draft initiative" in " ".join(texts)
    assert "DRAFT – not for publication" in texts[0]
    for text in texts:
        assert "DRAFT" in text


def test_an_empty_meeting_says_there_is_nothing_to_show(reports):
    """The PDF of a meeting with no items renders and says so instead of an empty table."""
    report = reports["empty_meeting"]
    text = whole_text(render(report))

    assert " ".join(report.items.empty_text.split()) in text
    assert "There are no items to describe." in text


def test_the_pdf_is_tagged_in_british_english_with_its_metadata(reports):
    """The PDF is tagged (a structure tree, marked), says its language is en-GB, and has the
    report's title and the council as author."""
    report = reports["meeting"]
    reader = render(report)
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == report.title
    assert reader.metadata.author == "Castlebridge Council"


def test_every_page_is_a4_portrait(reports):
    """The PDF's pages are A4 portrait: 595 × 842 points."""
    for page in render(reports["plan"]).pages:
        assert float(page.mediabox.width) == pytest.approx(595.3, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.9, abs=1)


def test_a_long_table_repeats_its_headings_and_keeps_each_row_whole():
    """The PDF of a 120-row table runs over several pages, the column headings at the top of
    each, and never splits a row between two pages."""
    columns = [
        Column("Reference number", ColumnKind.TEXT, 10),
        Column("Initiative", ColumnKind.LONG_TEXT, 40),
        Column("Delivery status", ColumnKind.TAG, 16),
    ]
    rows = [
        [
            f"REF-{number:03}",
            f"Start of row {number:03}. Family hubs outreach in every ward of the borough, "
            f"with a health visitor at each. End of row {number:03}.",
            Tag("In delivery", "teal"),
        ]
        for number in range(1, 121)
    ]
    texts = page_texts(render(made_report(Table("Initiatives", columns, rows))))

    table_pages = [index for index, text in enumerate(texts) if "REF-" in text]
    assert len(table_pages) >= 3
    for index in table_pages:
        assert "Reference number Initiative Delivery status" in texts[index]
    for number in range(1, 121):
        pages = [index for index, text in enumerate(texts) if f"REF-{number:03}" in text]
        assert len(pages) == 1
        assert f"Start of row {number:03}." in texts[pages[0]]
        assert f"End of row {number:03}." in texts[pages[0]]


def test_every_tag_colour_is_readable():
    """The stylesheet colours each tag GOV.UK's way, dark words on a light tint, at a contrast
    of at least 4.5:1."""
    stylesheet = (STATIC_DIR / pdf.STYLESHEET_PATH).read_text()

    for colour in pdf.TAG_COLOURS:
        rule = re.search(r"\.tag--" + colour + r" \{(.*?)\}", stylesheet, re.DOTALL)
        assert rule, f"no rule for {colour} tags"
        words = re.search(r"\bcolor: (#[0-9a-f]{6})", rule[1])[1]
        background = re.search(r"background-color: (#[0-9a-f]{6})", rule[1])[1]
        assert contrast(words, background) >= 4.5, colour


def contrast(first, second):
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Rendering fetches nothing from outside the portal's static files.


def test_rendering_reads_only_the_portals_static_files(reports, monkeypatch):
    """The PDF's stylesheet is the only thing rendering fetches, and it is read from the
    portal's static folder."""
    fetched = []
    fetch = pdf.StaticFilesFetcher.fetch

    def recording_fetch(fetcher, url, headers=None):
        fetched.append((url, fetcher.static_file(url)))
        return fetch(fetcher, url, headers)

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", recording_fetch)
    render(reports["officer_plan"])

    assert fetched
    for url, path in fetched:
        assert path is not None, url
        assert Path(path).resolve().is_relative_to(STATIC_DIR)
    assert any(url.endswith("/static/reports/report.css") for url, _ in fetched)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x.png",
        "https://evil.example/static/reports/report.css",
        "file:///etc/passwd",
        f"file://{STATIC_DIR}/reports/report.css",
        "data:text/css,body{}",
        "http://127.0.0.1:8000/static/../config/settings/base.py",
        "http://127.0.0.1:8000/static/%2e%2e/config/settings/base.py",
        "http://127.0.0.1:8000/static/no-such-file.css",
        "http://127.0.0.1:8000/admin/",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url, settings):
    """The fetcher refuses other hosts, file: and data: addresses, paths that climb out of the
    static folders, files that are not there, and the portal's pages."""
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"

    with pytest.raises(pdf.FetchRefused):
        pdf.StaticFilesFetcher().fetch(url)


def test_the_fetcher_serves_a_static_file_as_css(settings):
    """The fetcher serves the stylesheet from disk, typed as CSS."""
    settings.PORTAL_BASE_URL = "https://portal.example"

    response = pdf.StaticFilesFetcher().fetch("https://portal.example/static/reports/report.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_an_external_image_is_refused_without_a_network_call(monkeypatch):
    """Rendering HTML that points at an image on another site neither connects to it nor
    fails: the fetcher refuses it and the image is left out."""
    connections = []
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kw: connections.append(args))
    monkeypatch.setattr(socket.socket, "connect", lambda *args: connections.append(args))
    refused = []
    fetch = pdf.StaticFilesFetcher.fetch

    def recording_fetch(fetcher, url, headers=None):
        try:
            return fetch(fetcher, url, headers)
        except pdf.FetchRefused:
            refused.append(url)
            raise

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", recording_fetch)
    html = pdf.HTML(
        string='<html lang="en-GB"><img src="https://example.com/x.png" alt="A chart"></html>',
        base_url=pdf.portal_base_url(),
        url_fetcher=pdf.StaticFilesFetcher(),
    )

    assert html.write_pdf().startswith(b"%PDF")
    assert refused == ["https://example.com/x.png"]
    assert connections == []
