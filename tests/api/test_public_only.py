"""Every endpoint lists and shows published records only, and names no private record in
the records it shows."""

import pytest

from tests.api import records as fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return fixtures.build()


@pytest.mark.parametrize("endpoint", fixtures.ENDPOINTS)
def test_a_list_holds_the_public_records_and_no_private_one(client, records, endpoint):
    response = client.get(f"/api/v1/{endpoint}/", {"page_size": 100})
    assert response.status_code == 200
    ids = {record["id"] for record in response.json()["results"]}
    assert ids == records.public[endpoint]
    assert "Secret" not in response.content.decode()


@pytest.mark.parametrize("endpoint", fixtures.ENDPOINTS)
def test_each_public_record_has_its_page_and_names_no_private_record(client, records, endpoint):
    for pk in records.public[endpoint]:
        response = client.get(f"/api/v1/{endpoint}/{pk}/")
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == pk
        assert body["url"] == f"http://testserver/api/v1/{endpoint}/{pk}/"
        assert body["web_url"].startswith("http://testserver/")
        assert "Secret" not in response.content.decode()
        assert client.get(body["web_url"].removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("endpoint", fixtures.ENDPOINTS)
def test_a_private_record_is_not_found(client, records, endpoint):
    for pk in records.private.get(endpoint, ()):
        response = client.get(f"/api/v1/{endpoint}/{pk}/")
        assert response.status_code == 404, (endpoint, pk)
        assert response["Content-Type"] == "application/json"


def test_an_initiative_shows_its_journey_parts_and_public_priorities(client, records):
    body = client.get(f"/api/v1/initiatives/{records.initiative.pk}/").json()
    assert [link["title"] for link in body["priorities"]] == ["Ready for school"]
    assert body["targets"][0]["baseline_value"] == 100
    assert body["targets"][0]["current_value"] == 150
    assert body["targets"][0]["progress_towards_target"] == 50
    assert body["milestones"][0]["title"] == "Hubs open"
    assert body["evidence"][0]["url"] == "https://example.org/report"
    assert body["status"] == "awaiting_scrutiny"
    [step] = body["status_changes"]
    assert step["meeting"]["id"] == records.meeting.pk
    assert body["agenda_items"][0]["meeting"]["url"] == (
        f"http://testserver/api/v1/meetings/{records.meeting.pk}/"
    )


def test_an_organisation_lists_its_partnership_members(client, records):
    partnership = records.council.partnerships.get()
    body = client.get(f"/api/v1/organisations/{partnership.pk}/").json()
    assert body["members"] == [
        {
            "organisation": {
                "id": records.council.pk,
                "url": f"http://testserver/api/v1/organisations/{records.council.pk}/",
                "title": "Castlebridge Council",
            },
            "is_lead_partner": True,
            "role": "",
        }
    ]
