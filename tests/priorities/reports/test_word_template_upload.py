"""An officer uploads their council's Word template in the admin; the file must open as a Word
document; every Word report of the council is then written into it, while other councils'
reports and the other formats are not."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from priorities.models import ReportScope, WordReportTemplate
from priorities.reports.builds import ReportRequest
from priorities.reports.formats import REPORT_FORMATS
from tests.factories import CommitteeFactory, MeetingFactory, OrganisationFactory
from tests.priorities.reports.test_clerk_reports import council_template

HEADER = "Castlebridge Council – Report to committee"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def officer_client(client, castlebridge):
    client.force_login(castlebridge["officer"])
    return client


def upload(officer_client, organisation, name, content, content_type=DOCX_TYPE):
    return officer_client.post(
        reverse("admin:priorities_wordreporttemplate_add"),
        {
            "organisation": organisation.pk,
            "upload": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def header_of(content):
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.sections[0].header.paragraphs)


def test_an_officer_uploads_a_template_and_it_is_kept(officer_client, castlebridge):
    response = upload(officer_client, castlebridge["council"], "report.docx", council_template())
    assert response.status_code == 302
    template = WordReportTemplate.objects.get(organisation=castlebridge["council"])
    assert template.file_name == "report.docx"
    assert template.uploaded_by == castlebridge["officer"]
    assert bytes(template.content) == council_template()


def test_a_dotx_template_is_accepted(officer_client, castlebridge):
    from tests.priorities.reports.test_clerk_reports import _as_dotx

    response = upload(
        officer_client, castlebridge["council"], "report.dotx", _as_dotx(council_template())
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.7", "must be a Word file ending .docx or .dotx"),
        ("report.docx", b"this is not a zip", "could not be opened as a Word document"),
    ],
)
def test_a_file_that_is_not_a_word_template_is_refused(
    officer_client, castlebridge, name, content, message
):
    response = upload(officer_client, castlebridge["council"], name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WordReportTemplate.objects.exists()


def test_an_officer_cannot_upload_for_another_council(officer_client, castlebridge):
    other = OrganisationFactory(name="Elsewhere Council", slug="elsewhere")
    response = upload(officer_client, other, "report.docx", council_template())
    assert response.status_code == 200
    assert not WordReportTemplate.objects.exists()


def test_the_councils_word_reports_are_written_into_its_template(castlebridge):
    """Once uploaded, the meeting's, committee's and plan's Word reports have the template's
    header; the PDF is not affected, and another council's report keeps the default."""
    WordReportTemplate.objects.create(
        organisation=castlebridge["council"], file_name="report.docx", content=council_template()
    )
    for scope, subject in (
        (ReportScope.MEETING, castlebridge["meeting"]),
        (ReportScope.COMMITTEE, castlebridge["committee"]),
        (ReportScope.PLAN, castlebridge["plan"]),
    ):
        request = ReportRequest(scope=scope, subject=subject, report_format=REPORT_FORMATS["docx"])
        assert HEADER in header_of(request.render(request.build()))
    pdf_request = ReportRequest(
        scope=ReportScope.MEETING,
        subject=castlebridge["meeting"],
        report_format=REPORT_FORMATS["pdf"],
    )
    assert pdf_request.build().word_template is None

    elsewhere = MeetingFactory(committee=CommitteeFactory(organisation=OrganisationFactory()))
    request = ReportRequest(
        scope=ReportScope.MEETING, subject=elsewhere, report_format=REPORT_FORMATS["docx"]
    )
    assert HEADER not in header_of(request.render(request.build()))
