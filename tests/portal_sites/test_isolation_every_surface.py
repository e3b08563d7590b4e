"""Cross-site isolation on the surfaces test_isolation.py leaves out (issue 15): the councils
and plans page, the API's single records, every report format, the open data set and its
page, calendars, search filtered by another site's organisation, emails, and the pages of
reports built in the background. A record of site A is absent from site B on each; the
neutral portal has both. And each of these surfaces runs the same queries with three sites as
with one. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from opendata import builds
from priorities import models as p
from priorities.notifications import occasions, outbox
from priorities.services import initiative_change_status
from tests import factories
from tests.portal_sites.isolation import (
    ASHFORD_HOST,
    CASTLEBRIDGE_HOST,
    NEUTRAL_HOST,
    make_council,
    two_councils,
)
from tests.portal_sites.sites import make_site
from tests.portal_sites.test_page_cache_and_queries import query_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def councils():
    return two_councils()


def pairs(councils):
    castlebridge, ashford = councils
    return ((castlebridge, ashford), (ashford, castlebridge))


def get(client, host, url):
    response = client.get(url, HTTP_HOST=host)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def text(body: bytes) -> str:
    return body.decode(errors="replace")


# Pages and files that list records -----------------------------------------------------------

LISTS = [
    "/organisations/",
    "/committees/",
    "/alignment/",
    "/calendars/meetings.ics",
    "/feeds/status-changes/",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_names_its_own_sites_records_only(client, councils, url):
    for council, other in pairs(councils):
        status, body = get(client, council.host, url)
        assert status == 200, (council.host, url)
        assert other.marker not in text(body), (council.host, url)
        assert council.marker in text(body), (council.host, url)
    _, neutral = get(client, NEUTRAL_HOST, url)
    for council in councils:
        assert council.marker in text(neutral), url


def test_search_for_another_sites_organisation_finds_nothing(client, councils):
    for council, other in pairs(councils):
        for url in (
            f"/search/?q=&organisation={other.council.slug}",
            f"/search/results.csv?q=&organisation={other.council.slug}",
            f"/search/?q={other.marker}",
            f"/search/results.csv?q={other.marker}",
        ):
            status, body = get(client, council.host, url)
            assert status in (200, 400), (council.host, url)
            assert other.initiative.title not in text(body), (council.host, url)


# Single records --------------------------------------------------------------------------------

API_RECORDS = {
    "organisations": lambda council: council.council,
    "plans": lambda council: council.plan,
    "aims": lambda council: council.plan.aims.get(),
    "priorities": lambda council: council.priority,
    "initiatives": lambda council: council.initiative,
    "status-changes": lambda council: council.initiative.status_changes.get(),
    "committees": lambda council: council.committee,
    "meetings": lambda council: council.meeting,
    "agenda-items": lambda council: council.meeting.agenda_items.get(),
    "consultations": lambda council: council.consultation,
    "ambitions": lambda council: council.ambition,
    "indicators": lambda council: council.indicator,
    "inspections": lambda council: council.inspection,
}


@pytest.mark.parametrize("kind", API_RECORDS)
def test_the_api_answers_404_for_another_sites_record(client, councils, kind):
    for council, other in pairs(councils):
        url = f"/api/v1/{kind}/{API_RECORDS[kind](other).pk}/"
        status, body = get(client, council.host, url)
        assert status == 404, (council.host, url)
        assert other.marker not in text(body)
        assert get(client, other.host, url)[0] == 200, (other.host, url)
        assert get(client, NEUTRAL_HOST, url)[0] == 200, url


REPORT_FORMATS = ["csv", "pdf", "docx", "xlsx"]


@pytest.mark.parametrize("report_format", REPORT_FORMATS)
def test_every_report_format_answers_404_for_another_sites_plan_and_meeting(
    client, councils, report_format
):
    for council, other in pairs(councils):
        for url in (
            f"{other.plan.get_absolute_url()}report.{report_format}",
            f"{other.meeting.get_absolute_url()}report.{report_format}",
            f"{other.committee.get_absolute_url()}report/?report_format={report_format}",
        ):
            status, body = get(client, council.host, url)
            assert status == 404, (council.host, url)
            assert other.marker.encode() not in body


def test_a_report_built_in_the_background_opens_on_its_own_site_only(client, councils):
    castlebridge, ashford = councils
    export = p.ReportExport.objects.create(
        scope="meeting", meeting=ashford.meeting, report_format="csv"
    )
    assert get(client, ashford.host, export.get_absolute_url())[0] == 200
    for url in (
        export.get_absolute_url(),
        f"{export.get_absolute_url()}status.json",
        f"{export.get_absolute_url()}download/",
    ):
        status, body = get(client, castlebridge.host, url)
        assert status == 404, url
        assert ashford.marker.encode() not in body


# The open data set -----------------------------------------------------------------------------


def test_the_data_set_holds_its_own_sites_records_only(client, councils):
    builds.data_set_builds()
    for council, other in pairs(councils):
        status, page = get(client, council.host, "/data/")
        assert status == 200 and other.marker not in text(page)
        status, document = get(client, council.host, "/data/childrens-services-data.json")
        assert status == 200
        assert council.marker in text(document)
        assert other.marker not in text(document), council.host
        assert f"/{other.council.slug}/" not in text(document)
        ids = {row["id"] for row in json.loads(document)["data"]["initiatives"]}
        assert ids == {council.initiative.pk}
        _, archive = get(client, council.host, "/data/childrens-services-data.zip")
        with zipfile.ZipFile(io.BytesIO(archive)) as files:
            for name in files.namelist():
                assert other.marker.encode() not in files.read(name), (council.host, name)
    _, neutral = get(client, NEUTRAL_HOST, "/data/childrens-services-data.json")
    for council in councils:
        assert council.marker in text(neutral)


# Emails ---------------------------------------------------------------------------------------


def test_a_sites_subscribers_get_no_email_about_another_sites_records(councils):
    sites = {council.host: Site.objects.get(domain=council.host) for council in councils}
    immediate = {
        council.host: factories.SubscriptionFactory(subscriber__site=sites[council.host]).subscriber
        for council in councils
    }
    weekly = {
        council.host: factories.SubscriptionFactory(
            subscriber__site=sites[council.host], frequency=p.Frequency.WEEKLY
        ).subscriber
        for council in councils
    }
    in_the_week = timezone.make_aware(datetime.datetime(2026, 11, 18, 10))
    mail.outbox.clear()
    for council in councils:
        initiative_change_status(
            initiative=council.initiative,
            to="awaiting_scrutiny",
            reason=f"{council.marker} listed it.",
            changed_at=in_the_week,
        )
    outbox.deliver_notifications(list(p.Notification.objects.values_list("pk", flat=True)))
    occasions.send_weekly_digests(today=datetime.date(2026, 11, 23))
    by_recipient: dict[str, list] = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message)
    for council, other in pairs(councils):
        for subscriber in (immediate[council.host], weekly[council.host]):
            (message,) = by_recipient[subscriber.email]
            parts = [message.subject, message.body, message.alternatives[0][0]]
            assert any(council.marker in part for part in parts), subscriber.email
            for part in parts:
                assert other.marker not in part, (council.host, subscriber.email)


# Query counts ---------------------------------------------------------------------------------


def test_these_surfaces_run_the_same_queries_with_three_sites_as_with_one(client):
    castlebridge = make_council("Castlebridge", "castlebridge", CASTLEBRIDGE_HOST)
    committee_path = (
        f"/organisations/{castlebridge.council.slug}/committees/{castlebridge.committee.slug}"
    )
    urls = [
        ("councils and plans", "/organisations/"),
        ("stages", "/about/stages/"),
        ("data page", "/data/"),
        ("data json", "/data/childrens-services-data.json"),
        ("calendar", "/calendars/meetings.ics"),
        ("committee calendar", f"{committee_path}/meetings.ics"),
        ("meeting calendar", f"{committee_path}/{castlebridge.meeting.slug}/meeting.ics"),
        ("api list", "/api/v1/initiatives/"),
        ("api record", f"/api/v1/initiatives/{castlebridge.initiative.pk}/"),
        ("search by organisation", f"/search/?q=&organisation={castlebridge.council.slug}"),
    ]
    builds.data_set_builds()
    with_one = query_counts(client, CASTLEBRIDGE_HOST, urls)
    make_council("Ashfordvale", "ashford", ASHFORD_HOST)
    make_site(NEUTRAL_HOST, "Priorities Portal", neutral=True)
    builds.data_set_builds()
    with_three = query_counts(client, CASTLEBRIDGE_HOST, urls)
    assert with_three == with_one
