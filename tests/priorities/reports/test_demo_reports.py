"""The issue's acceptance check: the Finance Committee meeting of July 2022 and the Telford
cabinet meeting of 13 February 2025 export from the demo data in all four formats, each file
has what the meeting had, and LibreOffice opens every one of them without complaint."""

import csv
import os
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from priorities.models import AgendaItem, Meeting
from tests.browser.tools import require
from tests.demo_facts import load

pytestmark = pytest.mark.django_db

MEETINGS = {
    "wandsworth/finance-committee/2022-07-21": ("Finance Committee", "21 July 2022"),
    "telford-and-wrekin/cabinet/2025-02-13": ("Cabinet", "13 February 2025"),
}
FORMATS = ["pdf", "docx", "xlsx", "csv"]


@pytest.fixture(scope="module", autouse=True)
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load()
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def export(reference, report_format, directory):
    output = directory / f"{reference.replace('/', '_')}-{report_format}.{report_format}"
    call_command("export_report", "--meeting", reference, "--output", str(output), verbosity=0)
    return output


def item_titles(reference):
    organisation, committee, slug = reference.split("/")
    meeting = Meeting.objects.get(
        committee__organisation__slug=organisation, committee__slug=committee, slug=slug
    )
    return [item.title for item in AgendaItem.objects.filter(meeting=meeting)]


def text_of_pdf(path):
    reader = PdfReader(path, strict=True)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("reference", MEETINGS)
def test_meeting_exports_in_every_format(reference, tmp_path):
    """Each format holds the meeting's name, date and every item before it."""
    committee, date = MEETINGS[reference]
    titles = item_titles(reference)
    assert titles, "the demo meeting has items"

    reader, text = text_of_pdf(export(reference, "pdf", tmp_path))
    flat = " ".join(text.split())
    assert f"{committee}, {date}" in flat
    assert len(reader.pages) >= 3
    for title in titles:
        assert " ".join(title.split())[:40] in flat

    document = docx.Document(export(reference, "docx", tmp_path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert any("Purpose" in heading for heading in headings)
    assert any("The status of each item" in heading for heading in headings)
    table_text = [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ]
    for title in titles:
        assert title in table_text

    workbook = openpyxl.load_workbook(export(reference, "xlsx", tmp_path))
    items = workbook["Items"]
    header = [cell.value for cell in items[1]]
    rows = list(items.iter_rows(min_row=2, values_only=True))
    assert [row[header.index("Title")] for row in rows] == titles

    with open(export(reference, "csv", tmp_path), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [row[rows[0].index("Title")] for row in rows[1:]] == titles


def test_libreoffice_opens_every_export(tmp_path):
    """LibreOffice (Debian's package, headless) converts each Word, Excel and CSV export to PDF
    without an error, and every PDF export parses strictly."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    require(
        soffice is not None,
        "LibreOffice not found: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui",
    )
    files = [export(reference, fmt, tmp_path) for reference in MEETINGS for fmt in FORMATS]
    for pdf in (path for path in files if path.suffix == ".pdf"):
        reader, text = text_of_pdf(pdf)
        assert reader.pages and text.strip()
    documents = [path for path in files if path.suffix != ".pdf"]
    converted = tmp_path / "converted"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    for document in documents:
        pdf = converted / f"{document.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {document.name}: {result.stdout}"
        assert PdfReader(pdf).pages
