"""The whole data set: built by the Celery task only when the data changed, valid against
its own datapackage.json (frictionless), and never holding a draft."""

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.cache import cache
from frictionless import Package

from opendata import builds, dataset
from opendata.models import DataSetBuild
from opendata.tasks import build_data_set
from priorities import models as p
from safeguarding import models as s
from tests import factories
from tests.browser.pages import create_portal_data

pytestmark = pytest.mark.django_db

LEAK = "DRAFTLEAK"


@pytest.fixture
def portal(settings):
    settings.PORTAL_BASE_URL = "https://priorities.example.org"
    data = create_portal_data()
    draft = p.PublicationState.DRAFT
    # Drafts of every kind, each linked to public records, and public records under drafts.
    draft_plan = factories.PlanFactory(
        organisation=data.council, title=f"{LEAK} plan", publication_state=draft
    )
    hidden_priority = factories.PriorityFactory(plan=draft_plan, title=f"{LEAK} published priority")
    draft_priority = factories.PriorityFactory(
        plan=data.plan, title=f"{LEAK} priority", publication_state=draft
    )
    draft_initiative = factories.InitiativeFactory(
        organisation=data.council, title=f"{LEAK} initiative", publication_state=draft
    )
    draft_initiative.priorities.add(data.priority)
    p.Milestone.objects.create(initiative=draft_initiative, title=f"{LEAK} milestone")
    data.initiative.priorities.add(draft_priority, hidden_priority)
    p.AgendaItem.objects.create(
        meeting=data.next_meeting, title=f"{LEAK} agenda item", initiative=draft_initiative
    )
    draft_ambition = factories.AmbitionFactory(
        partnership=data.profile, title=f"{LEAK} ambition", publication_state=draft
    )
    data.indicator.ambition = draft_ambition
    data.indicator.save()
    factories.IndicatorFactory(
        organisation=data.partnership, title=f"{LEAK} indicator", publication_state=draft
    )
    p.Consultation.private_objects.create(
        organisation=data.council, title=f"{LEAK} consultation", slug="draft-consultation"
    )
    data.consultation.shaped_priorities.add(draft_priority)
    # Text a spreadsheet would run as a formula.
    data.initiative.summary = '=HYPERLINK("https://evil.example","Click")'
    data.initiative.save()
    factories.SubscriberFactory(email="parent-leak@example.org")
    return {"data": data, "draft_priority": draft_priority, "draft_ambition": draft_ambition}


def unzip(build, folder):
    with zipfile.ZipFile(io.BytesIO(bytes(build.zip_content))) as archive:
        archive.extractall(folder)
        return archive.namelist()


def test_the_zip_validates_against_its_datapackage(portal, tmp_path):
    """Every CSV file matches the types, constraints, primary and foreign keys its
    datapackage.json declares, and every table is described column by column."""
    build = build_data_set.apply().get() and DataSetBuild.objects.get()
    names = unzip(build, tmp_path)

    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert sorted(names) == sorted(
        ["datapackage.json"] + [f"{table.name}.csv" for table in dataset.TABLES]
    )
    for resource in descriptor["resources"]:
        assert resource["schema"]["primaryKey"]
        for field in resource["schema"]["fields"]:
            assert field["description"] and field["type"] and field["format"]
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    for table in ("initiatives", "status_changes", "meetings", "indicators", "measurements"):
        assert next(t for t in build.tables if t["name"] == table)["rows"] > 0


def test_no_draft_is_in_any_file(portal, tmp_path):
    """Drafts, records under drafts and links to drafts are in neither the ZIP nor the JSON;
    nor are subscribers."""
    build = builds.data_set_build()
    unzip(build, tmp_path)
    files = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    files["data.json"] = bytes(build.json_content)
    for name, content in files.items():
        assert LEAK.encode() not in content, name
        assert b"parent-leak" not in content, name

    document = json.loads(files["data.json"])["data"]
    draft_priority = portal["draft_priority"].pk
    assert all(row["priority_id"] != draft_priority for row in document["initiative_priorities"])
    assert all(
        row["priority_id"] != draft_priority for row in document["consultation_shaped_priorities"]
    )
    indicator = next(
        row for row in document["indicators"] if row["id"] == portal["data"].indicator.pk
    )
    assert indicator["ambition_id"] is None  # its ambition is a draft
    public_ids = {row["id"] for row in document["initiatives"]}
    assert public_ids == set(p.Initiative.public_objects.values_list("pk", flat=True))


def test_text_that_looks_like_a_formula_is_neutralised_in_the_csv(portal, tmp_path):
    build = builds.data_set_build()
    unzip(build, tmp_path)
    text = (tmp_path / "initiatives.csv").read_text()
    assert """'=HYPERLINK(""https://evil.example"",""Click"")""" in text
    document = json.loads(bytes(build.json_content))
    summaries = [row["summary"] for row in document["data"]["initiatives"]]
    assert '=HYPERLINK("https://evil.example","Click")' in summaries


def test_a_second_run_without_a_change_builds_nothing(portal):
    """The change marker lives in the database: even after the cache is emptied (Redis
    restarted), nothing is rebuilt until the data changes."""
    first = builds.data_set_build()
    assert first is not None
    cache.clear()
    assert build_data_set.apply().get() is None
    assert DataSetBuild.objects.count() == 1

    priority = portal["draft_priority"]
    priority.publication_state = p.PublicationState.PUBLISHED
    priority.save()
    second = builds.data_set_build()
    assert second is not None and second.marker != first.marker
    assert priority.title.encode() in bytes(second.json_content)

    priority.themes.add(factories.ThemeFactory())
    assert builds.data_set_build() is not None
    s.Measurement.objects.filter(indicator=portal["data"].indicator).first().delete()
    assert builds.data_set_build() is not None
    assert DataSetBuild.objects.count() == 1 + builds.KEEP_PREVIOUS


def test_the_page_never_builds_the_data_set(client, portal):
    """Before the first build the page says the data is being prepared and the files answer
    503 with Retry-After; the request builds nothing."""
    page = client.get("/data/")
    assert page.status_code == 200
    assert "being prepared" in page.content.decode()
    download = client.get("/data/childrens-services-data.zip")
    assert download.status_code == 503
    assert int(download["Retry-After"]) > 0
    assert client.get("/data/childrens-services-data.json").status_code == 503
    assert DataSetBuild.objects.count() == 0


def test_the_page_offers_the_latest_build(client, portal):
    build = builds.data_set_build()
    page = client.get("/data/").content.decode()
    assert "Download the data (ZIP)" in page and "Download the data (JSON)" in page
    assert build.built_at.strftime("%Y") in page

    download = client.get("/data/childrens-services-data.zip")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download.content == bytes(build.zip_content)
    assert "public" in download["Cache-Control"]
    assert (
        client.get(
            "/data/childrens-services-data.zip", HTTP_IF_NONE_MATCH=download["ETag"]
        ).status_code
        == 304
    )
    as_json = client.get("/data/childrens-services-data.json")
    assert as_json["Content-Type"] == "application/json"
    assert json.loads(as_json.content)["data"]["initiatives"]


def test_beat_runs_the_build_by_its_name():
    schedule = settings.CELERY_BEAT_SCHEDULE["build-data-set"]
    assert schedule["task"] == "opendata.tasks.build_data_set" == build_data_set.name
    assert schedule["schedule"] == settings.PORTAL_DATA_SET_EVERY_SECONDS
