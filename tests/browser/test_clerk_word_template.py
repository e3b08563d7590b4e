"""A clerk's journeys in Chromium: an officer uploads the council's own Word template in the
admin, then downloads a meeting's Word report from the meeting's page and gets it written into
the template (its header and its own style there); and records a committee's members and an
agenda item's report details and papers, which the public meeting page then shows."""

import datetime
import io

import docx
import pytest
from docx.shared import RGBColor
from playwright.sync_api import expect

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


def test_a_clerk_records_members_papers_and_report_details_and_the_meeting_page_shows_them(
    as_deployed, page, browser_problems
):
    """In the admin a clerk adds the committee's chair, then opens an agenda item from the
    meeting and records its contact officer, wards, key decision, background papers and an
    appendix; the public meeting page then shows them, and the chair among the members."""
    base = as_deployed.url
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    clerk = officers.make_officer("clerk", council, role=OfficerRole.EDITOR)
    meeting = factories.MeetingFactory(committee__organisation=council)
    committee = meeting.committee
    initiative = factories.InitiativeFactory(
        organisation=council,
        title="Family hubs in every ward",
        publication_state=PublicationState.PUBLISHED,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, item_number="5", title="Family hubs", initiative=initiative
    )

    officers.sign_in(page, base, clerk, f"/admin/priorities/committee/{committee.pk}/change/")
    page.get_by_role("button", name="Add another Committee member").click()
    page.locator("#id_members-0-name").fill("Councillor Ada Lovelace")
    page.locator("#id_members-0-role").select_option(label="Chair")
    page.locator("#id_members-0-served_from").fill("2024-05-20")
    look(page, "committee-members")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/priorities/committee/")
    member = committee.members.get()
    assert (member.name, member.role) == ("Councillor Ada Lovelace", "chair")
    assert member.served_from == datetime.date(2024, 5, 20)

    page.goto(f"{base}/admin/priorities/meeting/{meeting.pk}/change/")
    page.locator(".inline-related").get_by_role("link", name="Change").first.click()
    page.wait_for_url(f"{base}/admin/priorities/agendaitem/{item.pk}/change/")
    page.get_by_label("Contact officer:", exact=True).fill("Priya Shah")
    page.get_by_label("Contact officer's email").fill("priya.shah@castlebridge.example")
    page.get_by_label("Wards affected").fill("All wards")
    page.get_by_label("Key decision").select_option(label="Yes")
    page.get_by_label("Background papers").fill("Cabinet report, 3 March 2025")
    page.get_by_role("button", name="Add another Agenda item paper").click()
    page.locator("#id_papers-0-title").fill("Where the hubs will be")
    page.locator("#id_papers-0-url").fill("https://castlebridge.example/appendix-a.pdf")
    page.locator("#id_papers-0-kind").select_option(label="Appendix")
    look(page, "agenda-item-report-details")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/priorities/agendaitem/")
    item.refresh_from_db()
    assert (item.contact_name, item.wards_affected, item.key_decision) == (
        "Priya Shah",
        "All wards",
        True,
    )
    assert item.papers.get().url == "https://castlebridge.example/appendix-a.pdf"

    page.goto(base + meeting.get_absolute_url())
    agenda = page.locator("#agenda").locator("xpath=..")
    expect(agenda.get_by_role("link", name="Appendix: Where the hubs will be")).to_have_attribute(
        "href", "https://castlebridge.example/appendix-a.pdf"
    )
    expect(agenda).to_contain_text("Priya Shah")
    expect(agenda).to_contain_text("All wards")
    expect(page.locator("#members").locator("xpath=..")).to_contain_text("Councillor Ada Lovelace")
    assert browser_problems == []
