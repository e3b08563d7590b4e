"""Committee reports in the admin: an officer's meeting, plan and committee pages link to the
report in each format; the report holds their organisation's drafts, marked as such; officers of
other organisations and visitors who are not signed in cannot have it."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from priorities.querysets import PublicationState
from tests import factories
from tests.priorities.reports import conftest as export_fixtures

#: The fictional council with a committee, a plan, a meeting and a draft initiative (the export
#: tests' fixture).
castlebridge = export_fixtures.castlebridge

DRAFT_TITLE = "Secret draft initiative"
LABELS = ["Report: PDF", "Report: Word", "Report: Excel", "Report: CSV"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer_client(client, castlebridge):
    client.force_login(castlebridge["officer"])
    return client


def report_url(model_name, record):
    return reverse(f"admin:priorities_{model_name}_report", args=[record.pk])


def change_url(model_name, record):
    return reverse(f"admin:priorities_{model_name}_change", args=[record.pk])


def links_on(page):
    """Return {words: href} of the links on an admin page."""
    return {
        text: href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', page)
    }


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_records(response):
    header, *rows = list(csv.reader(io.StringIO(content_of(response).decode("utf-8-sig"))))
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("model_name", ["meeting", "plan", "committee"])
def test_the_change_page_links_to_the_report_in_each_format(
    officer_client,
    castlebridge,
    model_name,
):
    """An officer's meeting, plan and committee change pages link to "Report: PDF", "Report:
    Word", "Report: Excel" and "Report: CSV"."""
    record = castlebridge[model_name]

    response = officer_client.get(change_url(model_name, record))

    assert response.status_code == 200
    links = links_on(response.content.decode())
    base = report_url(model_name, record)
    for label, key in zip(LABELS, ["pdf", "docx", "xlsx", "csv"], strict=True):
        assert links[label] == f"{base}?report_format={key}"


def test_the_committee_change_page_links_to_the_period_form(officer_client, castlebridge):
    """A committee's change page also offers a report for a period of the officer's choosing."""
    committee = castlebridge["committee"]

    page = officer_client.get(change_url("committee", committee)).content.decode()

    assert links_on(page)["Report for a period"] == report_url("committee", committee)


def test_the_meeting_csv_link_downloads_the_draft_marked_as_draft(officer_client, castlebridge):
    """Following the meeting's "Report: CSV" link downloads a CSV with the officer's draft
    initiative in it, its "Publication" column saying DRAFT, and the published ones saying
    Published; the file is named as a draft and not kept by caches."""
    meeting = castlebridge["meeting"]
    page = officer_client.get(change_url("meeting", meeting)).content.decode()

    response = officer_client.get(links_on(page)["Report: CSV"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="childrens-scrutiny-2025-11-20-draft.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    publication = {record["Title"]: record["Publication"] for record in csv_records(response)}
    assert publication[DRAFT_TITLE].startswith("DRAFT")
    assert publication[castlebridge["second"].title] == "Published"
    assert len(publication) == 3


@pytest.mark.parametrize("report_format", ["pdf", "docx", "xlsx", "csv"])
def test_an_officers_download_is_never_cached(officer_client, castlebridge, report_format):
    """Every format of an officer's report is sent with Cache-Control: no-store."""
    response = officer_client.get(
        report_url("plan", castlebridge["plan"]), {"report_format": report_format}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="castlebridge-children-and-families-draft.{report_format}"'
    )


def test_an_officer_may_download_their_unpublished_plan(officer_client, castlebridge):
    """An officer's draft plan, which the public cannot download, downloads from the admin."""
    draft_plan = factories.PlanFactory(
        organisation=castlebridge["council"],
        title="Next year's plan",
        slug="next-years-plan",
        publication_state=PublicationState.DRAFT,
    )

    response = officer_client.get(report_url("plan", draft_plan), {"report_format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="castlebridge-next-years-plan-draft.csv"'
    )


def test_an_officers_report_leaves_out_another_organisations_drafts(
    officer_client,
    castlebridge,
):
    """A draft of another organisation on the meeting's agenda stays out of the officer's
    report: they see their own drafts only."""
    from priorities.models import AgendaItem

    elsewhere = factories.InitiativeFactory(
        title="Another council's draft", publication_state=PublicationState.DRAFT
    )
    AgendaItem.objects.create(
        meeting=castlebridge["meeting"],
        item_number="4",
        order=4,
        title=elsewhere.title,
        initiative=elsewhere,
    )

    response = officer_client.get(
        report_url("meeting", castlebridge["meeting"]), {"report_format": "csv"}
    )

    titles = [record["Title"] for record in csv_records(response)]
    assert DRAFT_TITLE in titles
    assert "Another council's draft" not in titles


def test_the_committee_report_page_asks_for_the_period(officer_client, castlebridge):
    """Without a format the committee's report page shows the form: from and to dates and the
    format, and nothing downloads."""
    response = officer_client.get(report_url("committee", castlebridge["committee"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert re.search(r'<input type="date" name="period_start"', page)
    assert re.search(r'<input type="date" name="period_end"', page)
    for key in ("pdf", "docx", "xlsx", "csv"):
        assert f'value="{key}"' in page
    assert "Download the report" in page


def test_the_committee_report_for_a_period_downloads(officer_client, castlebridge):
    """With a period and a format the committee's report downloads, holding the meetings in
    the period with the officer's draft, and named for the period."""
    day = timezone.localdate(castlebridge["meeting"].starts_at).isoformat()

    response = officer_client.get(
        report_url("committee", castlebridge["committee"]),
        {"period_start": day, "period_end": day, "report_format": "csv"},
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="childrens-scrutiny-{day}-to-{day}-draft.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    records = csv_records(response)
    assert {record["Meeting date"] for record in records} == {day}
    assert DRAFT_TITLE in [record["Title"] for record in records]


def test_the_committee_report_refuses_a_period_that_ends_before_it_starts(
    officer_client,
    castlebridge,
):
    """A period ending before it starts shows the form again with the error."""
    response = officer_client.get(
        report_url("committee", castlebridge["committee"]),
        {"period_start": "2025-04-01", "period_end": "2025-03-31", "report_format": "csv"},
    )

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "The end of the period must be on or after its start" in response.content.decode()


def test_officers_are_not_rate_limited(officer_client, castlebridge, settings):
    """The public's download limit does not apply to officers in the admin."""
    settings.PORTAL_REPORT_RATE_PER_IP = (1, 3600)
    url = report_url("meeting", castlebridge["meeting"])

    for _ in range(3):
        assert officer_client.get(url, {"report_format": "csv"}).status_code == 200


@pytest.mark.parametrize("model_name", ["meeting", "plan", "committee"])
@pytest.mark.parametrize("query", [{}, {"report_format": "csv"}])
def test_an_officer_of_another_organisation_cannot_have_the_report(
    client,
    castlebridge,
    model_name,
    query,
):
    """An officer of another organisation gets "not found" for this council's reports."""
    stranger = factories.OfficerMembershipFactory(
        organisation=factories.OrganisationFactory(name="Wandsworth test", slug="wandsworth-test"),
        role="publisher",
    ).user
    client.force_login(stranger)

    response = client.get(report_url(model_name, castlebridge[model_name]), query)

    assert response.status_code == 404
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("model_name", ["meeting", "plan", "committee"])
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, castlebridge, model_name):
    """Someone not signed in asking for an admin report is sent to the sign-in page."""
    url = report_url(model_name, castlebridge[model_name])

    response = client.get(url, {"report_format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "Content-Disposition" not in response
