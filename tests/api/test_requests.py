"""Pagination, ordering, incremental sync, conditional requests, CORS and the rate limit."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal import page_cache
from priorities import models as p
from tests import factories
from tests.api import records as fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_pages_link_to_each_other_in_a_stable_order_with_a_maximum_size(client):
    council = factories.OrganisationFactory()
    made = [factories.InitiativeFactory(organisation=council) for _ in range(7)]
    first = client.get("/api/v1/initiatives/", {"page_size": 3}).json()
    assert first["count"] == 7
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert client.get(second["previous"]).json() == first
    ids = [record["id"] for page in (first, second, third) for record in page["results"]]
    assert ids == sorted(record.pk for record in made)
    capped = client.get("/api/v1/initiatives/", {"page_size": 1000})
    assert capped.status_code == 200
    assert client.get("/api/v1/initiatives/").json()["count"] == 7
    assert client.get("/api/v1/initiatives/", {"page": 99}).status_code == 404


def test_ordering_breaks_ties_by_id(client):
    council = factories.OrganisationFactory()
    made = [factories.InitiativeFactory(organisation=council, title="Same") for _ in range(3)]
    results = client.get("/api/v1/initiatives/", {"ordering": "-title"}).json()["results"]
    assert [r["id"] for r in results] == [i.pk for i in made]
    newest_first = client.get("/api/v1/initiatives/", {"ordering": "-id"}).json()["results"]
    assert [r["id"] for r in newest_first] == [i.pk for i in reversed(made)]


def test_updated_since_finds_records_changed_or_with_parts_changed_since(client):
    council = factories.OrganisationFactory()
    old, touched, fresh = (factories.InitiativeFactory(organisation=council) for _ in range(3))
    long_ago = timezone.now() - datetime.timedelta(days=30)
    p.Initiative.private_objects.filter(pk__in=[old.pk, touched.pk]).update(updated_at=long_ago)
    p.Milestone.objects.create(initiative=touched, title="A new milestone")
    yesterday = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    results = client.get("/api/v1/initiatives/", {"updated_since": yesterday}).json()["results"]
    assert {r["id"] for r in results} == {touched.pk, fresh.pk}
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert client.get("/api/v1/initiatives/", {"updated_since": day}).json()["count"] == 2
    refused = client.get("/api/v1/initiatives/", {"updated_since": "yesterday"})
    assert refused.status_code == 400
    assert "updated_since" in refused.json()


def test_an_unchanged_answer_is_304_until_the_data_changes(
    client, django_capture_on_commit_callbacks
):
    factories.InitiativeFactory()
    first = client.get("/api/v1/initiatives/")
    assert first["Cache-Control"] == "public, max-age=60, s-maxage=300"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/v1/initiatives/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get("/api/v1/initiatives/", headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    other_page = client.get("/api/v1/initiatives/?page_size=5", headers={"If-None-Match": etag})
    assert other_page.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        factories.InitiativeFactory()
    changed = client.get("/api/v1/initiatives/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["count"] == 2


def test_without_the_shared_cache_answers_have_no_validators(client, monkeypatch):
    monkeypatch.setattr(page_cache, "generation", lambda: None)
    response = client.get("/api/v1/initiatives/", headers={"If-None-Match": "*"})
    assert response.status_code == 200
    assert "ETag" not in response


def test_any_site_may_read_the_api_but_only_read_it(client):
    factories.InitiativeFactory()
    response = client.get("/api/v1/initiatives/", headers={"Origin": "https://news.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "origin" in response["Vary"].lower()
    preflight = client.options(
        "/api/v1/initiatives/",
        headers={
            "Origin": "https://news.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert client.post("/api/v1/initiatives/", {}).status_code == 405
    page = client.get("/", headers={"Origin": "https://news.example"})
    assert "Access-Control-Allow-Origin" not in page


def test_too_many_requests_are_refused_with_retry_after(client, settings):
    settings.PORTAL_API_RATE_PER_IP = (3, 60)
    assert [client.get("/api/v1/themes/").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/themes/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    other_client = client.get("/api/v1/themes/", REMOTE_ADDR="203.0.113.9")
    assert other_client.status_code == 200


def test_the_index_names_every_endpoint_the_schema_and_the_licence(client):
    body = client.get("/api/v1/").json()
    assert len(body["endpoints"]) == len(fixtures.ENDPOINTS)
    assert body["licence"]["name"] == "Open Government Licence v3.0"
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["license"]["name"] == "Open Government Licence v3.0"


def test_the_documentation_page_is_served_under_the_portal_policy(client):
    fixtures.build()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html and "<style" not in html
    assert "status=under_scrutiny" in html
    assert "Open Government Licence v3.0" in html


def test_a_committee_links_to_its_calendar_feed(client):
    committee = factories.CommitteeFactory()
    factories.MeetingFactory(committee=committee)
    record = client.get(f"/api/v1/committees/{committee.pk}/").json()
    feed = client.get(record["calendar_url"])
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert f"meeting-{committee.meetings.get().pk}@".encode() in feed.content
