"""The CSV file of a committee report: UTF-8 with a byte order mark, a header row and one row
per item, ISO dates, every cell safe from formula injection, drafts kept out of public reports."""

import csv
import io

from django.conf import settings
from django.utils import timezone

from priorities.reports.csv_file import write_csv
from tests.priorities.reports.conftest import INJECTION


def csv_bytes(report):
    stream = io.BytesIO()
    write_csv(report, stream)
    return stream.getvalue()


def csv_rows(report):
    return list(csv.reader(io.StringIO(csv_bytes(report).decode("utf-8-sig"))))


def csv_records(report):
    """Return the rows after the header as dictionaries keyed by heading."""
    header, *rows = csv_rows(report)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_file_is_utf8_with_a_byte_order_mark_and_the_items_headings(reports):
    """The file starts with the UTF-8 byte order mark, then the items table's headings."""
    report = reports["meeting"]
    data = csv_bytes(report)

    assert data.startswith(b"\xef\xbb\xbf")
    assert csv_rows(report)[0] == report.items.headings


def test_there_is_one_row_per_published_item(reports, castlebridge):
    """A public meeting's CSV has one row per published item, and the draft is left out."""
    report = reports["meeting"]
    rows = csv_rows(report)

    assert len(rows) == 1 + len(report.items.rows) == 3
    assert [record["Title"] for record in csv_records(report)] == [
        "'" + INJECTION,
        castlebridge["second"].title,
    ]
    assert "Secret draft initiative" not in csv_bytes(report).decode("utf-8-sig")
    assert "Secret draft initiative" not in csv_bytes(reports["plan"]).decode("utf-8-sig")


def test_the_injection_title_is_neutralised(reports):
    """A title beginning "=" gets a quote in front, and no cell begins with a formula character."""
    for name in ("meeting", "plan", "committee"):
        records = csv_records(reports[name])

        assert "'" + INJECTION in records[0].values()
        for record in records:
            assert not any(value.startswith(("=", "+", "-", "@")) for value in record.values())


def test_values_are_written_for_a_program_to_read(reports, castlebridge):
    """Dates are ISO 8601, progress the whole number, tags their words, and the Web page
    column the page's address."""
    records = csv_records(reports["plan"])
    first = records[0]

    assert first["Initiative"] == "'" + INJECTION
    assert first["Start"] == "2025-04-01"
    assert first["End"] == "2026-03-31"
    assert first["Progress"] == "45"
    assert first["Status"] == "In delivery"
    assert first["RAG rating"] == "Amber: at risk"
    assert first["Web page"] == (
        settings.PORTAL_BASE_URL.rstrip("/") + castlebridge["published"].get_absolute_url()
    )
    assert records[1]["Start"] == ""


def test_the_committee_csv_gives_each_items_meeting_date_in_iso_form(reports, castlebridge):
    """The committee report's items carry their meeting's date as YYYY-MM-DD."""
    meeting_date = timezone.localdate(castlebridge["meeting"].starts_at).isoformat()

    records = csv_records(reports["committee"])

    assert [record["Meeting date"] for record in records] == [meeting_date, meeting_date]


def test_an_officers_csv_holds_the_draft_marked_draft(reports):
    """The officer's meeting CSV has the draft item, its Publication column saying DRAFT, and
    no address for a page the public cannot see."""
    records = csv_records(reports["officer_meeting"])

    draft = next(record for record in records if record["Title"] == "Secret draft initiative")
    assert draft["Publication"] == "DRAFT (draft)"
    assert draft["Web page"] == ""
    assert [record["Publication"] for record in records].count("Published") == 2


def test_an_empty_meeting_gives_the_header_row_alone(reports):
    """With no items the file is the header row and nothing else."""
    report = reports["empty_meeting"]

    assert csv_rows(report) == [report.items.headings]
