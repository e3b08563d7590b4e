"""Each site has its own data set (issue 15): on a council's site /data/ offers the public
records of the organisations that site covers, with links to that site; the neutral portal's
holds every organisation's. Calendars link to the site they were asked on."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from opendata import builds
from opendata.models import DataSetBuild
from opendata.tasks import build_data_set
from tests.opendata import rfc5545
from tests.portal_sites.isolation import NEUTRAL_HOST, two_councils

pytestmark = pytest.mark.django_db

PORT = 8123


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def councils(settings):
    settings.PORTAL_BASE_URL = f"http://127.0.0.1:{PORT}"
    return two_councils()


def download(client, host, file_format):
    response = client.get(f"/data/childrens-services-data.{file_format}", HTTP_HOST=host)
    assert response.status_code == 200, (host, file_format)
    return response.content


def as_json(client, host):
    return json.loads(download(client, host, "json"))


def links_in(document):
    for rows in document["data"].values():
        for row in rows:
            if row.get("url", "").startswith("http") and "://" in row["url"]:
                yield row["url"]


def test_every_site_gets_its_own_build(councils):
    before_sites = DataSetBuild.objects.create(marker="-", built_at=timezone.now(), digest="-")
    built = builds.data_set_builds()
    # Served to nobody once the neutral portal answers for every other host.
    assert not DataSetBuild.objects.filter(pk=before_sites.pk).exists()
    assert {build.site.domain for build in built} == {
        "castlebridge.localhost",
        "ashford.localhost",
        NEUTRAL_HOST,
    }
    # Nothing changed: nothing is built again; the task says so.
    assert builds.data_set_builds() == []
    assert build_data_set.apply().get() is None


def test_a_councils_data_set_holds_its_own_records_with_links_to_its_site(client, councils):
    castlebridge, ashford = councils
    builds.data_set_builds()
    for council, other in ((castlebridge, ashford), (ashford, castlebridge)):
        document = as_json(client, council.host)
        text = json.dumps(document, ensure_ascii=False)
        assert council.marker in text
        assert other.marker not in text, council.host
        assert f"/{other.council.slug}/" not in text
        organisations = {row["id"] for row in document["data"]["organisations"]}
        assert organisations == {council.council.pk, council.partnership.pk}
        assert [row["id"] for row in document["data"]["initiatives"]] == [council.initiative.pk]
        assert [row["id"] for row in document["data"]["meetings"]] == [council.meeting.pk]
        assert [row["id"] for row in document["data"]["inspections"]] == [council.inspection.pk]
        links = list(links_in(document))
        assert links and all(link.startswith(f"http://{council.host}:{PORT}/") for link in links)
        assert document["homepage"] == f"http://{council.host}:{PORT}/data/"
        assert council.council.name.split()[0] in document["title"]


def test_the_zip_is_the_sites_own_too(client, councils):
    castlebridge, ashford = councils
    builds.data_set_builds()
    with zipfile.ZipFile(io.BytesIO(download(client, castlebridge.host, "zip"))) as archive:
        contents = {name: archive.read(name).decode() for name in archive.namelist()}
    assert castlebridge.initiative.title in contents["initiatives.csv"]
    for name, content in contents.items():
        assert ashford.marker not in content, name
    package = json.loads(contents["datapackage.json"])
    assert package["name"] == "childrens-services-priorities-castlebridge-localhost"


def test_the_neutral_portals_data_set_holds_every_sites_records(client, councils):
    builds.data_set_builds()
    document = as_json(client, NEUTRAL_HOST)
    text = json.dumps(document, ensure_ascii=False)
    for council in councils:
        assert council.marker in text
        assert council.initiative.pk in {row["id"] for row in document["data"]["initiatives"]}
    assert all(link.startswith(f"http://{NEUTRAL_HOST}:{PORT}/") for link in links_in(document))


def test_each_sites_data_page_offers_its_own_build(client, councils):
    castlebridge, ashford = councils
    builds.data_set_build(builds.load_sites().by_host[castlebridge.host])

    def page(council):
        return client.get("/data/", HTTP_HOST=council.host).content.decode()

    assert "being prepared" not in page(castlebridge)
    # Ashford's data set is not built yet: its page and files say so, not Castlebridge's.
    assert "being prepared" in page(ashford)
    response = client.get("/data/childrens-services-data.json", HTTP_HOST=ashford.host)
    assert response.status_code == 503


def test_a_change_to_a_sites_organisations_builds_its_data_set_again(client, councils):
    castlebridge, ashford = councils
    builds.data_set_builds()
    profile = DataSetBuild.objects.get(site__domain=castlebridge.host).site.profile
    profile.organisations.add(ashford.council)
    rebuilt = builds.data_set_builds()
    assert [build.site.domain for build in rebuilt] == [castlebridge.host]
    assert ashford.council.name in json.dumps(as_json(client, castlebridge.host))
    # A site keeps its latest build and the one before.
    assert DataSetBuild.objects.filter(site__domain=castlebridge.host).count() == 2


def test_calendars_link_to_the_site_they_were_asked_on(client, councils):
    castlebridge, ashford = councils
    host = f"{castlebridge.host}:{PORT}"
    response = client.get("/calendars/meetings.ics", HTTP_HOST=host)
    calendar = rfc5545.parse(response.content)
    (event,) = rfc5545.events(calendar)
    url = f"http://{host}{castlebridge.meeting.get_absolute_url()}"
    assert rfc5545.prop(event, "URL")[1] == url
    description = rfc5545.prop(event, "DESCRIPTION")[1]
    assert url in description and ashford.marker not in description
    assert "Castlebridge Council" in response.content.decode()  # the calendar's name
    committee = client.get(
        f"/organisations/{castlebridge.council.slug}/committees/"
        f"{castlebridge.committee.slug}/meetings.ics",
        HTTP_HOST=host,
    )
    (event,) = rfc5545.events(rfc5545.parse(committee.content))
    assert rfc5545.prop(event, "URL")[1] == url


def test_the_quick_starts_telford_data_set_is_telfords(client, settings):
    """As ``make run`` does it: the demo loaded, ``build_data_set`` run once; Telford's /data/
    holds Telford & Wrekin's records with links to http://telford.localhost:8000, the neutral
    portal's every council's."""
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    call_command("load_demo_data", "--quiet")
    out = io.StringIO()
    call_command("build_data_set", stdout=out)
    assert "Built the data set of telford.localhost" in out.getvalue()
    assert "Built the data set of 127.0.0.1" in out.getvalue()
    telford = as_json(client, "telford.localhost:8000")
    names = {row["name"] for row in telford["data"]["organisations"]}
    assert "Telford & Wrekin Council" in names
    assert not any("Wandsworth" in name or "Westminster" in name for name in names)
    links = list(links_in(telford))
    assert links and all(link.startswith("http://telford.localhost:8000/") for link in links)
    neutral = as_json(client, "127.0.0.1:8000")
    names = {row["name"] for row in neutral["data"]["organisations"]}
    assert {"Telford & Wrekin Council", "Wandsworth Council"} <= names
    call_command("build_data_set", stdout=out)
    assert out.getvalue().endswith("Nothing changed since the last builds.\n")
