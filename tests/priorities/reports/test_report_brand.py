"""Each site's brand on its reports' covers (issue 15): a report downloaded on a council's site
carries that site's header colour (and logo) on the PDF's cover and in the Word file's title
block and headings; another site's download of a report is never its stored build; and the
caching headers of report downloads keep a response to a request with cookies out of shared
caches."""

import io
import re

import docx
import pytest
from django.core.cache import cache
from django.urls import reverse
from docx.oxml.ns import qn
from pypdf import PdfReader

from priorities.models import AgendaItem, ReportScope, StoredReportBuild
from priorities.reports import pdf, stored
from priorities.reports.builds import ReportRequest
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.links import ReportBrand
from tests import factories
from tests.portal_sites.sites import (
    ASHFORD_HOST,
    CASTLEBRIDGE_HOST,
    two_councils_and_the_neutral_portal,
)

pytestmark = pytest.mark.django_db

CASTLEBRIDGE_COLOUR = "#1d4f2a"
ASHFORD_COLOUR = "#4b0f5c"
NEUTRAL_TEAL = "#005f6b"
#: A logo in a colour of its own, to find it drawn on the cover.
LOGO_COLOUR = "#123456"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    f'<rect width="10" height="10" fill="{LOGO_COLOUR}"/></svg>'
)
FILL = re.compile(rb"(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) (?:rg|RG)\b")


@pytest.fixture
def sites():
    """Two councils' sites and the neutral portal, each council with a meeting of its own."""
    castlebridge, ashford, _neutral = two_councils_and_the_neutral_portal()
    meetings = {}
    for profile in (castlebridge, ashford):
        organisation = profile.organisations.get()
        committee = factories.CommitteeFactory(organisation=organisation, slug="cabinet")
        initiative = factories.InitiativeFactory(organisation=organisation, title="Family hubs")
        meeting = factories.MeetingFactory(committee=committee)
        AgendaItem.objects.create(meeting=meeting, initiative=initiative, title="Family hubs")
        meetings[profile.site.domain] = meeting
    cache.clear()
    yield {"castlebridge": castlebridge, "ashford": ashford, "meetings": meetings}
    cache.clear()


def report_url(meeting, report_format="pdf"):
    return reverse(
        "priorities:meeting_report",
        kwargs={
            "organisation_slug": meeting.committee.organisation.slug,
            "committee_slug": meeting.committee.slug,
            "slug": meeting.slug,
            "report_format": report_format,
        },
    )


def download(client, sites, host, report_format="pdf", **headers):
    response = client.get(
        report_url(sites["meetings"][host], report_format), HTTP_HOST=host, **headers
    )
    assert response.status_code == 200, response.status_code
    return response


def cover_colours(content):
    """Return the colours the PDF's first page fills or strokes with, as "#rrggbb"."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    stream = page.get_contents().get_data()
    return {
        "#" + "".join(f"{round(float(channel) * 255):02x}" for channel in match.groups())
        for match in FILL.finditer(stream)
    }


@pytest.mark.parametrize(
    ("host", "colour", "other"),
    [
        (CASTLEBRIDGE_HOST, CASTLEBRIDGE_COLOUR, ASHFORD_COLOUR),
        (ASHFORD_HOST, ASHFORD_COLOUR, CASTLEBRIDGE_COLOUR),
    ],
)
def test_a_pdf_cover_carries_the_brand_colour_of_the_site_it_was_downloaded_on(
    client, sites, host, colour, other
):
    colours = cover_colours(download(client, sites, host).content)
    assert colour in colours
    assert other not in colours
    assert NEUTRAL_TEAL not in colours


def test_a_report_without_a_site_keeps_the_portals_teal(sites):
    """A report built with no site (a command, say) keeps the stylesheet's neutral teal."""
    meeting = sites["meetings"][CASTLEBRIDGE_HOST]
    request = ReportRequest(
        scope=ReportScope.MEETING, subject=meeting, report_format=REPORT_FORMATS["pdf"]
    )
    colours = cover_colours(request.render(request.build()))
    assert NEUTRAL_TEAL in colours
    assert CASTLEBRIDGE_COLOUR not in colours


def test_a_background_build_takes_the_brand_of_the_site_its_links_go_to(sites):
    """A background export knows only the base of its links: the brand is that site's."""
    meeting = sites["meetings"][ASHFORD_HOST]
    request = ReportRequest(
        scope=ReportScope.MEETING,
        subject=meeting,
        report_format=REPORT_FORMATS["pdf"],
        base_url=f"http://{ASHFORD_HOST}:8000",
    )
    assert request.site_brand.colour == ASHFORD_COLOUR
    assert ASHFORD_COLOUR in cover_colours(request.render(request.build()))


def test_the_sites_logo_is_on_the_pdf_cover(client, sites):
    sites["castlebridge"].logo_svg = LOGO
    sites["castlebridge"].save()
    meeting = sites["meetings"][CASTLEBRIDGE_HOST]
    request = ReportRequest(
        scope=ReportScope.MEETING,
        subject=meeting,
        report_format=REPORT_FORMATS["pdf"],
        base_url=f"http://{CASTLEBRIDGE_HOST}",
    )
    report = request.build()
    assert report.logo_svg == LOGO
    html = pdf.render_report_html(report)
    assert f'<img class="cover-logo" src="{pdf.LOGO_URL}" alt="Castlebridge Council logo">' in html
    # The logo is drawn on the cover (in its own colour), and not on another site's.
    assert LOGO_COLOUR in cover_colours(request.render(report))
    assert LOGO_COLOUR not in cover_colours(download(client, sites, ASHFORD_HOST).content)


def test_the_word_file_carries_the_brand_colour_on_its_title_block_and_headings(client, sites):
    document = docx.Document(io.BytesIO(download(client, sites, ASHFORD_HOST, "docx").content))
    band = document.paragraphs[0]
    assert band.text == "Ashford Vale Council"
    shading = band._p.pPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == ASHFORD_COLOUR.lstrip("#").upper()
    assert str(band.runs[0].font.color.rgb) == "FFFFFF"
    for name in ("Title", "Heading 1", "Heading 2"):
        assert str(document.styles[name].font.color.rgb) == ASHFORD_COLOUR.lstrip("#").upper()


def test_the_stored_build_key_names_the_brand(sites, settings):
    """One site's stored build is never served under another brand: the key holds the
    colour and the logo's version."""
    settings.PORTAL_REPORT_STORED_BUILDS = True
    meeting = sites["meetings"][CASTLEBRIDGE_HOST]

    def key(brand):
        request = ReportRequest(
            scope=ReportScope.MEETING,
            subject=meeting,
            report_format=REPORT_FORMATS["pdf"],
            base_url="https://castlebridge.example",
            brand=brand,
        )
        return stored.build_key(request, version="7.abc").digest

    base = key(ReportBrand(CASTLEBRIDGE_COLOUR))
    assert key(ReportBrand(CASTLEBRIDGE_COLOUR)) == base
    assert key(ReportBrand(ASHFORD_COLOUR)) != base
    assert key(ReportBrand(CASTLEBRIDGE_COLOUR, logo_version="abc123")) != base
    assert key(None) != base


def test_a_new_brand_colour_is_a_new_stored_build(client, sites, settings):
    settings.PORTAL_REPORT_STORED_BUILDS = True
    first = download(client, sites, CASTLEBRIDGE_HOST)
    sites["castlebridge"].header_colour = "#0b3d91"
    sites["castlebridge"].save()
    second = download(client, sites, CASTLEBRIDGE_HOST)
    assert second["ETag"] != first["ETag"]
    assert "#0b3d91" in cover_colours(second.content)
    assert StoredReportBuild.objects.count() >= 1


# Caching headers of report downloads.


@pytest.mark.parametrize("stored_builds", [True, False])
def test_a_public_report_is_public_without_cookies_and_private_with_any(
    client, sites, settings, stored_builds
):
    """Without cookies a report may be kept by a shared cache; with any cookie (an officer's
    session on the public link) the same file is private; both vary by Cookie, from the
    stored build, from its copy in the shared cache, and built fresh."""
    settings.PORTAL_REPORT_STORED_BUILDS = stored_builds
    answers = [download(client, sites, CASTLEBRIDGE_HOST) for _ in range(3)]
    client.cookies["sessionid"] = "an-officers-session"
    with_cookie = [download(client, sites, CASTLEBRIDGE_HOST) for _ in range(2)]
    for response in answers:
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=300"
        assert "Cookie" in response["Vary"]
    for response in with_cookie:
        assert response.content.startswith(b"%PDF-")
        if stored_builds:
            assert response.content == answers[0].content  # the same stored file
        assert response["Cache-Control"] == "private, max-age=60"
        assert "public" not in response["Cache-Control"]
        assert "s-maxage" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    if stored_builds:
        # The middleware answered the copies, with the same headers.
        assert answers[-1].wsgi_request.resolver_match is None
        assert with_cookie[-1].wsgi_request.resolver_match is None
        etag = answers[0]["ETag"]
        not_modified = download_304(client, sites, etag)
        assert not_modified["Cache-Control"] == "private, max-age=60"
        assert "Cookie" in not_modified["Vary"]


def download_304(client, sites, etag):
    response = client.get(
        report_url(sites["meetings"][CASTLEBRIDGE_HOST]),
        HTTP_HOST=CASTLEBRIDGE_HOST,
        HTTP_IF_NONE_MATCH=etag,
    )
    assert response.status_code == 304
    return response
