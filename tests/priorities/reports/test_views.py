"""Committee report downloads on the public site: each format for a meeting, a plan and a
committee; the committee's period form; the download links on the pages; the rate limit; and the
page that follows a large report while a worker builds it."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from priorities.models import ReportExport, ReportExportState
from priorities.querysets import PublicationState
from tests import factories

DRAFT_TITLE = "Secret draft initiative"

#: The Content-Type each format answers with, and how its file begins.
FORMATS = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    "csv": ("text/csv; charset=utf-8", b"\xef\xbb\xbf"),
}

EXPORT_PAGE = re.compile(
    r"^/reports/(?P<pk>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/$"
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no report downloads counted against it."""
    cache.clear()
    yield
    cache.clear()


def meeting_url(meeting, report_format):
    return reverse(
        "priorities:meeting_report",
        kwargs={
            "organisation_slug": meeting.committee.organisation.slug,
            "committee_slug": meeting.committee.slug,
            "slug": meeting.slug,
            "report_format": report_format,
        },
    )


def plan_url(plan, report_format):
    return reverse(
        "priorities:plan_report",
        kwargs={
            "organisation_slug": plan.organisation.slug,
            "slug": plan.slug,
            "report_format": report_format,
        },
    )


def committee_form_url(committee):
    return reverse(
        "priorities:committee_report",
        kwargs={"organisation_slug": committee.organisation.slug, "slug": committee.slug},
    )


def committee_url(committee, report_format):
    return f"{committee_form_url(committee)}?report_format={report_format}"


def download_url(castlebridge, scope, report_format):
    if scope == "meeting":
        return meeting_url(castlebridge["meeting"], report_format)
    if scope == "plan":
        return plan_url(castlebridge["plan"], report_format)
    return committee_url(castlebridge["committee"], report_format)


#: The file name (without extension) each scope's public report downloads as.
STEMS = {
    "meeting": "childrens-scrutiny-2025-11-20",
    "plan": "castlebridge-children-and-families",
    "committee": "childrens-scrutiny",
}


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_records(data):
    """Return a CSV download's rows after the header as dictionaries keyed by heading."""
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [dict(zip(header, row, strict=True)) for row in rows]


def period_query(start, end, report_format="csv"):
    """Return the committee form's GET data: each date (a date or "D M YYYY") as day, month and
    year boxes."""
    data = {"report_format": report_format}
    for name, day in (("period_start", start), ("period_end", end)):
        parts = day.split() if isinstance(day, str) else (day.day, day.month, day.year)
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = str(part)
    return data


# Downloads in each format.


@pytest.mark.parametrize("scope", ["meeting", "plan", "committee"])
@pytest.mark.parametrize("report_format", list(FORMATS))
def test_each_public_report_downloads_in_each_format(client, castlebridge, scope, report_format):
    """A meeting's, plan's and committee's report downloads as an attachment in each format,
    with that format's Content-Type, a file of that format and a file name from the subject."""
    response = client.get(download_url(castlebridge, scope, report_format))

    assert response.status_code == 200
    content_type, magic = FORMATS[report_format]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{STEMS[scope]}.{report_format}"'
    )
    assert content_of(response).startswith(magic)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("scope", ["meeting", "plan", "committee"])
def test_a_public_csv_holds_the_published_items_and_never_the_draft(client, castlebridge, scope):
    """The public CSV of a meeting, plan or committee lists the published initiatives and leaves
    the draft initiative out."""
    response = client.get(download_url(castlebridge, scope, "csv"))

    data = content_of(response)
    text = data.decode("utf-8-sig")
    assert DRAFT_TITLE not in text
    assert castlebridge["second"].title in text
    assert "Publication" not in next(csv.reader(io.StringIO(text)))
    assert len(csv_records(data)) == 2


def test_the_public_meeting_page_never_shows_the_draft(client, castlebridge):
    """The meeting's page lists the published items and not the draft one."""
    response = client.get(castlebridge["meeting"].get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert castlebridge["second"].title in page
    assert DRAFT_TITLE not in page


@pytest.mark.parametrize("scope", ["meeting", "plan"])
def test_an_unknown_format_is_not_found(client, castlebridge, scope):
    """A report in a format the portal does not make is "not found"."""
    response = client.get(download_url(castlebridge, scope, "txt"))

    assert response.status_code == 404


def test_an_unknown_format_on_the_committee_form_asks_for_a_format(client, castlebridge):
    """The committee form given a format it does not know shows the form again with the error."""
    response = client.get(committee_url(castlebridge["committee"], "txt"))

    assert response.status_code == 200
    assert "Choose the format of the report" in response.content.decode()
    assert "Content-Disposition" not in response


def test_a_draft_plans_report_is_not_found(client, castlebridge):
    """The public cannot download the report of a plan that is not published."""
    draft_plan = factories.PlanFactory(
        organisation=castlebridge["council"],
        slug="draft-plan",
        publication_state=PublicationState.DRAFT,
    )

    for report_format in FORMATS:
        assert client.get(plan_url(draft_plan, report_format)).status_code == 404


def test_an_unknown_meeting_or_plan_is_not_found(client, castlebridge):
    """A report on a meeting, plan or committee that does not exist is "not found"."""
    committee = castlebridge["committee"]
    unknown_meeting = reverse(
        "priorities:meeting_report",
        kwargs={
            "organisation_slug": "castlebridge",
            "committee_slug": committee.slug,
            "slug": "2099-01-01",
            "report_format": "csv",
        },
    )
    unknown_plan = reverse(
        "priorities:plan_report",
        kwargs={
            "organisation_slug": "castlebridge",
            "slug": "no-such-plan",
            "report_format": "csv",
        },
    )
    unknown_committee = reverse(
        "priorities:committee_report",
        kwargs={"organisation_slug": "castlebridge", "slug": "no-such-committee"},
    )
    wrong_council = meeting_url(castlebridge["meeting"], "csv").replace(
        "/castlebridge/", "/elsewhere/"
    )

    assert client.get(unknown_meeting).status_code == 404
    assert client.get(unknown_plan).status_code == 404
    assert client.get(unknown_committee).status_code == 404
    assert client.get(wrong_council).status_code == 404


# The committee's period form.


def test_the_committee_form_asks_for_the_period_with_govuk_date_inputs(client, castlebridge):
    """Without a format the committee report page shows the form: GOV.UK day, month and year
    boxes for each end of the period and a choice of format."""
    response = client.get(committee_form_url(castlebridge["committee"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert page.count("govuk-date-input") >= 2
    for name in ("period_start", "period_end"):
        for part in range(3):
            assert f'name="{name}_{part}"' in page
    for key in FORMATS:
        assert f'value="{key}"' in page
    assert "There is a problem" not in page


def test_a_valid_period_downloads_the_meetings_in_it(client, castlebridge):
    """A committee report for a period holds the items of the meetings in that period, and its
    file name says the period."""
    meeting_day = timezone.localdate(castlebridge["meeting"].starts_at)

    response = client.get(
        committee_form_url(castlebridge["committee"]),
        period_query(meeting_day, meeting_day),
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="childrens-scrutiny-{meeting_day.isoformat()}-to-'
        f'{meeting_day.isoformat()}.csv"'
    )
    records = csv_records(content_of(response))
    assert [record["Meeting date"] for record in records] == [meeting_day.isoformat()] * 2
    assert records[1]["Title"] == castlebridge["second"].title


def test_a_period_with_no_meetings_downloads_a_report_without_items(client, castlebridge):
    """A period before any meeting gives a report with the headings and no items."""
    response = client.get(
        committee_form_url(castlebridge["committee"]), period_query("1 1 2000", "31 12 2000")
    )

    assert response.status_code == 200
    assert csv_records(content_of(response)) == []


def test_a_date_that_is_not_real_is_explained(client, castlebridge):
    """31 February is not a date: the form is shown again with the error summary saying the
    start must be a real date, and nothing downloads."""
    response = client.get(
        committee_form_url(castlebridge["committee"]), period_query("31 2 2025", "31 3 2025")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "The start of the period must be a real date, like 1 4 2025" in page
    assert "<title>Error: " in page


@pytest.mark.parametrize("year", ["99999999999999999999", "0", "10000"])
def test_a_year_out_of_range_is_explained_not_a_server_error(client, castlebridge, year):
    """A year no calendar holds (typed by mistake or by a fuzzer) is a "real date" error on
    the form, never a server error."""
    response = client.get(
        committee_form_url(castlebridge["committee"]), period_query(f"1 4 {year}", "31 3 2026")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "The start of the period must be a real date, like 1 4 2025" in page


def test_an_end_before_the_start_is_an_error(client, castlebridge):
    """A period that ends before it starts is refused with a message about the end."""
    response = client.get(
        committee_form_url(castlebridge["committee"]), period_query("1 4 2025", "31 3 2025")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "govuk-error-summary" in page
    assert "The end of the period must be on or after its start" in page


# The links on the pages.


def report_links(page):
    """Return the (label, href) pairs after "Download this report" on a page."""
    match = re.search(r"Download this report[^:]*:(.*?)</p>", page, re.S)
    assert match, "no report links on the page"
    return re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', match.group(1))


@pytest.mark.parametrize("scope", ["meeting", "plan", "committee"])
def test_the_page_links_to_its_report_in_each_format(client, castlebridge, scope):
    """The meeting's, plan's and committee's pages say "Download this report: PDF, Word, Excel,
    CSV", and each link downloads the report in that format."""
    page = client.get(castlebridge[scope].get_absolute_url()).content.decode()

    links = report_links(page)
    assert [label for _, label in links] == ["PDF", "Word", "Excel", "CSV"]
    for (href, _), report_format in zip(links, FORMATS, strict=True):
        href = href.replace("&amp;", "&")
        assert href == download_url(castlebridge, scope, report_format)
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"] == FORMATS[report_format][0]
        assert response["Content-Disposition"].startswith("attachment; ")


def test_the_committee_page_links_to_the_period_form(client, castlebridge):
    """The committee's page offers to choose the period, and that link shows the form."""
    committee = castlebridge["committee"]
    page = client.get(committee.get_absolute_url()).content.decode()

    assert f'href="{committee_form_url(committee)}"' in page
    assert "Choose the period the report covers" in page
    form_page = client.get(committee_form_url(committee))
    assert form_page.status_code == 200
    assert 'name="period_start_0"' in form_page.content.decode()


# The rate limit.


def test_the_third_download_in_the_window_is_refused(client, castlebridge, settings):
    """With two downloads an hour allowed, the third is answered "too many requests" with a
    page that says so, and no file."""
    settings.PORTAL_REPORT_RATE_PER_IP = (2, 3600)
    url = meeting_url(castlebridge["meeting"], "csv")

    first, second, third = (client.get(url) for _ in range(3))

    assert first.status_code == second.status_code == 200
    assert third.status_code == 429
    assert "Content-Disposition" not in third
    page = third.content.decode()
    assert "Too many report downloads" in page
    # When to try again, in the header and in words: the end of the window, not a guess.
    wait = int(third["Retry-After"])
    assert 0 < wait <= 3600
    assert "Try again in " in page


def test_the_limit_counts_every_scope_and_format(client, castlebridge, settings):
    """The limit is per visitor, not per report: a plan's PDF counts as much as a meeting's CSV."""
    settings.PORTAL_REPORT_RATE_PER_IP = (2, 3600)

    assert client.get(meeting_url(castlebridge["meeting"], "csv")).status_code == 200
    assert client.get(plan_url(castlebridge["plan"], "csv")).status_code == 200
    refused = client.get(committee_url(castlebridge["committee"], "csv"))

    assert refused.status_code == 429


# Large reports, built by a worker.


@pytest.fixture
def large(settings):
    """Every report counts as large: it is built in the background."""
    settings.PORTAL_REPORT_BACKGROUND_ROWS = 1


def export_pk(response):
    assert response.status_code == 302
    match = EXPORT_PAGE.match(response["Location"])
    assert match, response["Location"]
    return match.group("pk")


def test_a_large_report_is_built_by_a_worker_and_then_downloads(
    client, castlebridge, large, django_capture_on_commit_callbacks
):
    """A large report sends the visitor to its page; once the worker has built it the page says
    it is ready and links to the file, which downloads with the report's name."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(meeting_url(castlebridge["meeting"], "csv"))
    pk = export_pk(response)
    assert len(callbacks) == 1

    export = ReportExport.objects.get(pk=pk)
    assert export.state == ReportExportState.READY
    assert export.requested_by is None

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your report is ready" in html
    download = reverse("priorities:report_export_download", kwargs={"pk": pk})
    assert f'href="{download}"' in html
    assert "childrens-scrutiny-2025-11-20.csv" in html
    assert "<progress" not in html

    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Type"] == "text/csv; charset=utf-8"
    assert file["Content-Disposition"] == 'attachment; filename="childrens-scrutiny-2025-11-20.csv"'
    records = csv_records(content_of(file))
    assert [record["Title"] for record in records] == [
        "'" + castlebridge["published"].title,
        castlebridge["second"].title,
    ]
    assert DRAFT_TITLE not in content_of(file).decode("utf-8-sig")

    status = client.get(reverse("priorities:report_export_status", kwargs={"pk": pk})).json()
    assert status["state"] == "ready"
    assert status["progress"] == 100
    assert status["download_url"] == download


def test_a_large_report_shows_its_progress_until_it_is_built(client, castlebridge, large):
    """Before a worker has built it, the report's page says it is being made, with a progress
    bar and a "Check progress" button; its status says queued and offers no download."""
    response = client.get(meeting_url(castlebridge["meeting"], "csv"))
    pk = export_pk(response)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your report is being made" in html
    assert "Your report is ready" not in html
    assert re.search(r'<progress[^>]*value="0"', html)
    assert "Check progress" in html
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]

    status = client.get(reverse("priorities:report_export_status", kwargs={"pk": pk}))
    assert status.json() == {
        "state": "queued",
        "state_label": "Waiting to start",
        "progress": 0,
        "stage": "Waiting for a worker",
        "download_url": None,
    }

    early = client.get(reverse("priorities:report_export_download", kwargs={"pk": pk}))
    assert early.status_code == 302
    assert early["Location"] == response["Location"]


def test_the_same_large_report_asked_for_again_reuses_the_build(
    client, castlebridge, large, django_capture_on_commit_callbacks
):
    """Asking again for the same public report, while it is being built or soon after it is
    ready, leads to the same build; another format is another build."""
    url = meeting_url(castlebridge["meeting"], "csv")

    first = client.get(url)
    again = Client().get(url)
    assert again["Location"] == first["Location"]
    assert ReportExport.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        other_format = client.get(meeting_url(castlebridge["meeting"], "xlsx"))
    assert other_format["Location"] != first["Location"]
    assert ReportExport.objects.count() == 2

    after_ready = client.get(meeting_url(castlebridge["meeting"], "xlsx"))
    assert after_ready["Location"] == other_format["Location"]
    assert ReportExport.objects.count() == 2


def test_an_unknown_export_is_not_found(client, db):
    """An export address that was never made is "not found"."""
    pk = "00000000-0000-0000-0000-000000000000"

    for name in ("report_export", "report_export_status", "report_export_download"):
        assert client.get(reverse(f"priorities:{name}", kwargs={"pk": pk})).status_code == 404


def test_an_officers_export_is_theirs_alone(
    client, castlebridge, large, django_capture_on_commit_callbacks
):
    """A large report an officer asks for in the admin holds their drafts, so its page, status
    and file are "not found" for anyone else: an anonymous visitor or another officer."""
    officer = castlebridge["officer"]
    client.force_login(officer)
    admin_url = reverse("admin:priorities_meeting_report", args=[castlebridge["meeting"].pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(admin_url, {"report_format": "csv"})
    pk = export_pk(response)
    export = ReportExport.objects.get(pk=pk)
    assert export.requested_by == officer
    assert export.state == ReportExportState.READY

    addresses = [
        reverse(f"priorities:{name}", kwargs={"pk": pk})
        for name in ("report_export", "report_export_status", "report_export_download")
    ]
    stranger = Client()
    stranger.force_login(factories.OfficerMembershipFactory().user)
    for address in addresses:
        assert Client().get(address).status_code == 404, address
        assert stranger.get(address).status_code == 404, address
        assert client.get(address).status_code == 200, address

    file = client.get(addresses[2])
    assert DRAFT_TITLE in content_of(file).decode("utf-8-sig")
    assert file["Content-Disposition"] == (
        'attachment; filename="childrens-scrutiny-2025-11-20-draft.csv"'
    )
    assert "no-store" in file["Cache-Control"]


def test_an_officers_export_is_not_reused_for_the_public(
    client, castlebridge, large, django_capture_on_commit_callbacks
):
    """The public asking for the same report as an officer gets a build of its own, without
    the draft."""
    client.force_login(castlebridge["officer"])
    admin_url = reverse("admin:priorities_meeting_report", args=[castlebridge["meeting"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        officers = client.get(admin_url, {"report_format": "csv"})
        public = Client().get(meeting_url(castlebridge["meeting"], "csv"))

    assert export_pk(public) != export_pk(officers)
    public_export = ReportExport.objects.get(pk=export_pk(public))
    assert public_export.requested_by is None
    assert DRAFT_TITLE not in bytes(public_export.content).decode("utf-8-sig")
