"""A clerk's journey in Chromium: an officer uploads the council's own Word template in the
admin, then downloads a meeting's Word report from the meeting's page and gets it written into
the template (its header and its own style there)."""

import io

import docx
import pytest
from docx.shared import RGBColor

from priorities.models import AgendaItem, OfficerRole, PublicationState, WordReportTemplate
from tests import factories
from tests.browser import officers
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Castlebridge Council – Report to committee"


def council_template(path):
    """The council's template: its header, a custom style and its own Heading 1 colour."""
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = HEADER
    template.styles.add_style("Castlebridge Note", 1)
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x40)
    template.add_paragraph("Delete this example text before use.")
    template.save(path)
    return path


def test_a_clerk_uploads_the_councils_template_and_the_word_report_is_written_into_it(
    as_deployed, page, browser_problems, tmp_path
):
    base = as_deployed.url
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    clerk = officers.make_officer("clerk", council, role=OfficerRole.EDITOR)
    meeting = factories.MeetingFactory(committee__organisation=council)
    initiative = factories.InitiativeFactory(
        organisation=council,
        title="Family hubs in every ward",
        publication_state=PublicationState.PUBLISHED,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        item_number="5",
        title="Family hubs",
        initiative=initiative,
        contact_name="Priya Shah",
        wards_affected="All wards",
    )

    officers.sign_in(page, base, clerk, "/admin/priorities/wordreporttemplate/add/")
    page.get_by_label("Organisation").select_option(label=council.name)
    page.get_by_label("Word template").set_input_files(
        council_template(tmp_path / "castlebridge-report.docx")
    )
    look(page, "word-template-upload")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/priorities/wordreporttemplate/")
    stored = WordReportTemplate.objects.get(organisation=council)
    assert stored.file_name == "castlebridge-report.docx"
    assert stored.uploaded_by == clerk

    page.goto(f"{base}/admin/priorities/meeting/{meeting.pk}/change/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Report: Word").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    report = docx.Document(io.BytesIO(path.read_bytes()))
    header = "\n".join(p.text for p in report.sections[0].header.paragraphs)
    assert HEADER in header
    assert "Castlebridge Note" in [style.name for style in report.styles]
    assert report.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x40)
    body = "\n".join(p.text for p in report.paragraphs)
    assert "Delete this example text" not in body
    facts = {
        row.cells[0].text: row.cells[1].text
        for table in report.tables
        for row in table.rows
        if len(row.cells) == 2
    }
    assert facts["Contact officer"] == "Priya Shah"
    assert facts["Wards affected"] == "All wards"
    assert browser_problems == []
