"""Stored report builds (issue 17): a public report is built once per change of the data and
served from its stored build after that, with validators; officers' reports are never stored;
only builds count towards the rate limit; a hundred visitors at once cause one build."""

import concurrent.futures
import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import page_cache
from priorities.models import ReportExport, ReportScope, StoredReportBuild, StoredReportBuildState
from priorities.reports import stored
from priorities.reports.audience import ReportAudience
from priorities.reports.builds import ReportRequest
from priorities.reports.formats import REPORT_FORMATS

pytestmark = pytest.mark.usefixtures("stored_builds_on")


def meeting_url(meeting, report_format="pdf"):
    return reverse(
        "priorities:meeting_report",
        kwargs={
            "organisation_slug": meeting.committee.organisation.slug,
            "committee_slug": meeting.committee.slug,
            "slug": meeting.slug,
            "report_format": report_format,
        },
    )


def plan_url(plan, report_format="pdf"):
    return reverse(
        "priorities:plan_report",
        kwargs={
            "organisation_slug": plan.organisation.slug,
            "slug": plan.slug,
            "report_format": report_format,
        },
    )


def test_the_second_download_is_the_stored_build(client, castlebridge, builds):
    """The first download builds and stores the file; the second is the same file, not rebuilt,
    with the same ETag, a Last-Modified and a public Cache-Control."""
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert builds["builds"] == 1
    assert second.content == first.content
    assert second.content.startswith(b"%PDF-")
    assert second["ETag"] == first["ETag"]
    assert second["ETag"].startswith('"report-')
    assert second["Last-Modified"]
    assert second["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert second["Content-Disposition"].startswith("attachment; filename=")
    build = StoredReportBuild.objects.get()
    assert build.state == StoredReportBuildState.READY
    assert bytes(build.content) == first.content
    assert (build.scope, build.report_format) == (ReportScope.MEETING, "pdf")


def test_a_download_again_is_answered_from_its_copy_without_a_query(
    client, castlebridge, builds, django_assert_num_queries
):
    """The hot path: the file's copy in the shared cache answers the same address again before
    any database query; with the copy gone, the stored build in the database serves it."""
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert not_modified.status_code == 304
    assert again.wsgi_request.resolver_match is None  # answered by the middleware, early
    assert again["Content-Length"] == str(len(first.content))
    # Another address of the same report has no copy yet: the stored build in the database
    # serves it (queries, no build).
    with CaptureQueriesContext(connection) as queries:
        from_database = client.get(f"{url}?from=database")
    assert len(queries) > 0
    assert from_database.content == first.content
    assert builds["builds"] == 1


def test_another_host_gets_no_copy_of_a_report(client, castlebridge, builds):
    """A copy is kept by address: the same path on another host (maybe another site, other
    links) is answered by its own lookup (the site's rules, the key), never by this host's
    copy. Both hosts here are the neutral portal: the same stored build serves them."""
    url = meeting_url(castlebridge["meeting"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        elsewhere = client.get(url, HTTP_HOST="localhost")
    assert elsewhere.status_code == 200
    assert len(queries) >= 2  # the meeting and its stored build, not the other host's copy
    assert builds["builds"] == 1


@pytest.mark.parametrize(
    ("path", "query", "is_report"),
    [
        ("/organisations/x/committees/c/2025-11-20/report.pdf", "", True),
        ("/organisations/x/plans/p/report.csv", "", True),
        ("/organisations/x/committees/c/report/", "report_format=pdf", True),
        ("/organisations/x/committees/c/report/", "", False),
        ("/organisations/x/committees/c/2025-11-20/", "", False),
        ("/reports/5b6c9a0e-0000-4000-8000-000000000000/", "", False),
    ],
)
def test_the_middleware_looks_for_copies_at_report_addresses_only(rf, path, query, is_report):
    assert stored.asks_for_a_report(rf.get(path, QUERY_STRING=query)) is is_report


def test_a_committee_report_over_a_period_is_stored_per_period(client, castlebridge, builds):
    """The committee's form page is never a stored file; each period asked for is its own
    build, downloaded again from its copy."""
    form = reverse(
        "priorities:committee_report",
        kwargs={"organisation_slug": "castlebridge", "slug": castlebridge["committee"].slug},
    )
    whole = f"{form}?report_format=csv"
    period = (
        f"{whole}&period_start_0=1&period_start_1=1&period_start_2=2025"
        "&period_end_0=30&period_end_1=6&period_end_2=2025"
    )
    for url in (whole, whole, period, period):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
    assert builds["builds"] == 2
    assert StoredReportBuild.objects.count() == 2
    page = client.get(form)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")


def test_each_format_and_subject_is_its_own_build(client, castlebridge, builds):
    for url in (
        meeting_url(castlebridge["meeting"], "pdf"),
        meeting_url(castlebridge["meeting"], "csv"),
        plan_url(castlebridge["plan"], "csv"),
    ):
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
    assert builds["builds"] == 3
    assert StoredReportBuild.objects.count() == 3


def test_a_change_to_the_data_rebuilds_and_supersedes_the_old_build(client, castlebridge, builds):
    """Once the generation moves (a record saved), the report is built afresh, shows the
    change, and the build of the older generation is deleted."""
    url = meeting_url(castlebridge["meeting"], "csv")
    before = client.get(url)
    item = castlebridge["meeting"].agenda_items.get(initiative=castlebridge["second"])
    item.title = "Family hubs, renamed"
    item.save()
    page_cache.move_generation_on()  # the save's on_commit does this outside a test's transaction
    after = client.get(url)
    again = client.get(url)
    assert builds["builds"] == 2
    assert "Family hubs, renamed" in after.content.decode("utf-8-sig")
    assert after["ETag"] != before["ETag"]
    assert again.content == after.content
    assert StoredReportBuild.objects.count() == 1


def test_if_none_match_is_answered_304_without_a_build(client, castlebridge, builds):
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    answer = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["ETag"] == first["ETag"]
    assert answer["Cache-Control"] == "public, max-age=60, s-maxage=300"
    stale = client.get(url, HTTP_IF_NONE_MATCH='"report-not-this-one"')
    assert stale.status_code == 200
    assert builds["builds"] == 1


def test_if_modified_since_is_answered_from_the_build(client, castlebridge, builds):
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    answer = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert answer.status_code == 304
    assert builds["builds"] == 1


def test_only_builds_count_towards_the_rate_limit(client, castlebridge, builds, settings):
    """With one build allowed an hour, the same report still downloads again and again (each
    from its stored build), and another report is refused."""
    settings.PORTAL_REPORT_RATE_PER_IP = (1, 3600)
    url = meeting_url(castlebridge["meeting"])
    for _ in range(5):
        assert client.get(url).status_code == 200
    refused = client.get(plan_url(castlebridge["plan"]))
    assert refused.status_code == 429
    assert builds["builds"] == 1


def test_without_the_shared_cache_reports_are_built_every_time_and_not_stored(
    client, castlebridge, builds, monkeypatch
):
    monkeypatch.setattr(page_cache, "generation", lambda: None)
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert builds["builds"] == 2
    assert "ETag" not in second
    assert not StoredReportBuild.objects.exists()


def test_a_generation_counted_again_after_the_cache_lost_it_names_new_builds(
    client, castlebridge, builds
):
    """The cache losing its data restarts the generation at 1: the version's token differs,
    so no old build is served."""
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    cache.clear()
    second = client.get(url)
    assert builds["builds"] == 2
    assert second["ETag"] != first["ETag"]


def test_officers_reports_are_private_and_never_stored(castlebridge, builds):
    """An officer's report (it may hold drafts) is built for every download, never stored, and
    never cached by anyone."""
    report_request = ReportRequest(
        scope=ReportScope.MEETING,
        subject=castlebridge["meeting"],
        report_format=REPORT_FORMATS["pdf"],
        audience=ReportAudience(user=castlebridge["officer"]),
    )
    assert stored.build_key(report_request) is None
    from priorities.reports.views import report_response

    request = Client().get("/").wsgi_request
    request.user = castlebridge["officer"]
    for _ in range(2):
        response = report_response(request, report_request)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "ETag" not in response
    assert builds["builds"] == 2
    assert not StoredReportBuild.objects.exists()


def test_the_key_names_scope_subject_period_format_and_links_base(castlebridge):
    def key(**changes):
        fields = {
            "scope": ReportScope.COMMITTEE,
            "subject": castlebridge["committee"],
            "report_format": REPORT_FORMATS["pdf"],
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "base_url": "https://castlebridge.example",
        } | changes
        return stored.build_key(ReportRequest(**fields), version="7.abc").digest

    base = key()
    assert key() == base
    assert key(report_format=REPORT_FORMATS["docx"]) != base
    assert key(period_end=datetime.date(2025, 6, 30)) != base
    assert key(base_url="https://portal.example") != base
    assert key(subject=castlebridge["plan"], scope=ReportScope.PLAN) != base
    report_request = ReportRequest(
        scope=ReportScope.PLAN, subject=castlebridge["plan"], report_format=REPORT_FORMATS["pdf"]
    )
    assert (
        stored.build_key(report_request, version="7.abc").digest
        != stored.build_key(report_request, version="8.abc").digest
    )


def test_a_failed_build_releases_its_lock(client, castlebridge, monkeypatch):
    url = meeting_url(castlebridge["meeting"])

    def broken(self, progress=None):
        raise RuntimeError("the build broke")

    monkeypatch.setattr(ReportRequest, "build", broken)
    with pytest.raises(RuntimeError):
        client.get(url)
    assert not StoredReportBuild.objects.exists()
    monkeypatch.undo()
    cache.clear()
    assert client.get(url).status_code == 200


def test_a_build_whose_builder_died_is_taken_over(client, castlebridge, builds, monkeypatch):
    url = meeting_url(castlebridge["meeting"])
    client.get(url)
    monkeypatch.setattr(stored, "copy_for", lambda request: None)  # from the database, then
    build = StoredReportBuild.objects.get()
    StoredReportBuild.objects.filter(pk=build.pk).update(
        state=StoredReportBuildState.BUILDING,
        content=None,
        started_at=timezone.now() - datetime.timedelta(seconds=stored.LEASE_SECONDS + 1),
    )
    assert client.get(url).status_code == 200
    assert builds["builds"] == 2
    assert StoredReportBuild.objects.get().state == StoredReportBuildState.READY


def test_a_large_report_is_stored_as_its_background_export(client, castlebridge, builds, settings):
    """A report too large for the request goes to a worker once; later downloads go straight
    to that export's page without gathering the report again."""
    settings.PORTAL_REPORT_BACKGROUND_ROWS = 1
    url = meeting_url(castlebridge["meeting"])
    first = client.get(url)
    second = client.get(url)
    export = ReportExport.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == export.get_absolute_url()
    assert builds["builds"] == 1  # gathered once (the worker builds it after the commit)
    assert StoredReportBuild.objects.get().export == export


def test_superseded_and_expired_builds_are_deleted(client, castlebridge, settings):
    client.get(meeting_url(castlebridge["meeting"]))
    client.get(plan_url(castlebridge["plan"]))
    old = timezone.now() - datetime.timedelta(seconds=stored.LEASE_SECONDS + 1)
    StoredReportBuild.objects.filter(scope=ReportScope.PLAN).update(
        generation="0.old", started_at=old
    )
    assert stored.delete_superseded() == 1
    assert list(StoredReportBuild.objects.values_list("scope", flat=True)) == ["meeting"]
    later = timezone.now() + datetime.timedelta(hours=settings.PORTAL_REPORT_EXPORT_KEEP_HOURS + 1)
    assert stored.delete_superseded(now=later) == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="threads need a database of their own connections (PostgreSQL): SQLite's in-memory "
    "test database is shared by table locks that fail rather than wait",
)
@pytest.mark.django_db(transaction=True)
def test_a_hundred_visitors_at_once_cause_one_build(castlebridge, builds):
    """Meeting day: 100 downloads at once of a report nobody has asked for, from 100 threads
    (each with its own connection): one build, and everyone gets the same file."""
    url = meeting_url(castlebridge["meeting"])
    start = threading.Barrier(20)

    def visit(number):
        if number < 20:
            start.wait()
        try:
            response = Client().get(url)
            return response.status_code, response.get("ETag"), response.content
        finally:
            connection.close()

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(visit, range(100)))
    assert {status for status, _etag, _content in answers} == {200}
    assert len({etag for _status, etag, _content in answers}) == 1
    assert len({content for _status, _etag, content in answers}) == 1
    assert builds["builds"] == 1
    assert StoredReportBuild.objects.count() == 1


def test_the_hourly_clean_up_deletes_superseded_builds(client, castlebridge):
    from priorities.reports.tasks import delete_expired_report_exports

    client.get(meeting_url(castlebridge["meeting"]))
    StoredReportBuild.objects.update(
        generation="0.old",
        started_at=timezone.now() - datetime.timedelta(seconds=stored.LEASE_SECONDS + 1),
    )
    assert delete_expired_report_exports() == 1
    assert not StoredReportBuild.objects.exists()
