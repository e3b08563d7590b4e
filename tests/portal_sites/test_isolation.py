"""Cross-site isolation, as thorough as the draft-leak tests: on a council's site a record of
another site's organisation answers 404 as a draft does, and no list, search, CSV, feed or
sitemap names it; the neutral portal shows both, each labelled with its organisation."""

import pytest
from defusedxml import ElementTree

from tests.portal_sites.isolation import NEUTRAL_HOST, two_councils

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

#: Every page that lists records: each must name its site's records only.
LISTING_URLS = [
    "/",
    "/committees/",
    "/alignment/",
    "/search/?q=",
    "/search/?q=family",
    "/search/results.csv?q=",
    "/feeds/status-changes/",
    "/sitemap.xml",
]


@pytest.fixture
def councils():
    return two_councils()


def get(client, host, url):
    response = client.get(url, HTTP_HOST=host)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode()


def test_each_record_page_answers_on_its_own_site_and_the_neutral_portal(client, councils):
    for council in councils:
        for page_type, url in council.record_urls():
            for host in (council.host, NEUTRAL_HOST):
                status, _ = get(client, host, url)
                assert status == 200, (host, page_type, url)


def test_a_record_of_another_sites_organisation_answers_404(client, councils):
    castlebridge, ashford = councils
    for council, other in ((castlebridge, ashford), (ashford, castlebridge)):
        for page_type, url in other.record_urls():
            status, body = get(client, council.host, url)
            assert status == 404, (council.host, page_type, url)
            assert other.marker not in body


@pytest.mark.parametrize("url", LISTING_URLS)
def test_no_list_names_another_sites_records(client, councils, url):
    castlebridge, ashford = councils
    for council, other in ((castlebridge, ashford), (ashford, castlebridge)):
        status, body = get(client, council.host, url)
        assert status == 200, (council.host, url)
        assert other.marker not in body, (council.host, url)


@pytest.mark.parametrize("url", ["/", "/search/?q=", "/search/results.csv?q="])
def test_each_list_names_its_own_sites_records(client, councils, url):
    for council in councils:
        _, body = get(client, council.host, url)
        assert council.marker in body, (council.host, url)


@pytest.mark.parametrize("url", [url for url in LISTING_URLS if url != "/sitemap.xml"])
def test_the_neutral_portal_lists_every_sites_records(client, councils, url):
    _, body = get(client, NEUTRAL_HOST, url)
    for council in councils:
        if url.startswith("/committees/") or url.startswith("/alignment/"):
            assert council.council.name in body or council.partnership.name in body, url
        else:
            assert council.marker in body, url


def test_the_neutral_portal_labels_each_search_result_with_its_organisation(client, councils):
    _, body = get(client, NEUTRAL_HOST, "/search/?q=family+hubs")
    for council in councils:
        assert council.initiative.title in body
        assert council.council.name in body


def test_the_sitemap_lists_the_sites_own_pages_at_its_own_address(client, councils):
    castlebridge, ashford = councils
    _, body = get(client, castlebridge.host, "/sitemap.xml")
    locations = [
        url.findtext(f"{SITEMAP}loc")
        for url in ElementTree.fromstring(body).findall(f"{SITEMAP}url")
    ]
    assert all(location.startswith(f"http://{castlebridge.host}/") for location in locations)
    paths = {location.removeprefix(f"http://{castlebridge.host}") for location in locations}
    assert {
        url
        for page_type, url in castlebridge.record_urls()
        if "feed" not in page_type and "report" not in page_type
    } <= (paths)
    assert not {url for _, url in ashford.record_urls()} & paths
    _, neutral = get(client, NEUTRAL_HOST, "/sitemap.xml")
    for council in councils:
        assert f"http://{NEUTRAL_HOST}{council.initiative.get_absolute_url()}" in neutral


def test_no_sitemap_keeps_a_query_built_at_import():
    """A query built at import would keep the site of whichever request first loaded the
    URLconf: every sitemap builds its query when asked."""
    from django.db.models import QuerySet

    from config.urls import SITEMAPS

    for name, sitemap in SITEMAPS.items():
        held = [value for value in vars(sitemap).values() if isinstance(value, QuerySet)]
        assert not held, name


def test_the_sitemap_is_right_on_every_site_whichever_site_asked_first(client, councils):
    castlebridge, ashford = councils
    for council, other in (
        (castlebridge, ashford),
        (ashford, castlebridge),
        (castlebridge, ashford),
    ):
        _, body = get(client, council.host, "/sitemap.xml")
        assert council.initiative.get_absolute_url() in body
        assert other.initiative.get_absolute_url() not in body


API_LISTS = [
    "organisations",
    "plans",
    "aims",
    "priorities",
    "initiatives",
    "status-changes",
    "committees",
    "meetings",
    "agenda-items",
    "consultations",
    "ambitions",
    "indicators",
    "inspections",
]


@pytest.mark.parametrize("kind", API_LISTS)
def test_the_api_lists_the_sites_own_records_only(client, councils, kind):
    castlebridge, ashford = councils
    for council, other in ((castlebridge, ashford), (ashford, castlebridge)):
        status, body = get(client, council.host, f"/api/v1/{kind}/?page_size=100")
        assert status == 200, (council.host, kind)
        assert other.marker not in body and f"/{other.council.slug}/" not in body, kind
    _, neutral = get(client, NEUTRAL_HOST, f"/api/v1/{kind}/?page_size=100")
    for council in councils:
        assert council.council.slug in neutral, kind


@pytest.mark.parametrize("scope", ["organisation", "committee", "initiative", "priority"])
def test_another_sites_record_cannot_be_followed_there(client, councils, scope):
    castlebridge, ashford = councils
    records = {
        "organisation": lambda council: council.council,
        "committee": lambda council: council.committee,
        "initiative": lambda council: council.initiative,
        "priority": lambda council: council.priority,
    }
    other = records[scope](ashford)
    url = f"/subscribe/?{scope}={other.pk}"
    assert get(client, castlebridge.host, url)[0] == 404
    assert get(client, ashford.host, url)[0] == 200
    assert get(client, NEUTRAL_HOST, url)[0] == 200


def test_calendars_hold_the_sites_own_meetings_only(client, councils):
    castlebridge, ashford = councils
    for council, other in ((castlebridge, ashford), (ashford, castlebridge)):
        _, everything = get(client, council.host, "/calendars/meetings.ics")
        assert council.committee.name in everything
        assert other.committee.name not in everything
        committee_path = f"/organisations/{other.council.slug}/committees/{other.committee.slug}"
        assert get(client, council.host, f"{committee_path}/meetings.ics")[0] == 404
        meeting_url = f"{committee_path}/{other.meeting.slug}/meeting.ics"
        assert get(client, council.host, meeting_url)[0] == 404
        assert get(client, other.host, meeting_url)[0] == 200
    _, neutral = get(client, NEUTRAL_HOST, "/calendars/meetings.ics")
    assert castlebridge.committee.name in neutral and ashford.committee.name in neutral


def test_the_neutral_home_labels_each_change_with_its_organisation(client, councils):
    _, body = get(client, NEUTRAL_HOST, "/")
    changes = body.split('id="changed-recently"', 1)[1].split("</section>", 1)[0]
    for council in councils:
        entry = changes.split(council.initiative.title, 1)[1].split("</li>", 1)[0]
        assert f"({council.council.name})" in entry
    _, council_home = get(client, councils[0].host, "/")
    changes = council_home.split('id="changed-recently"', 1)[1].split("</section>", 1)[0]
    assert f"({councils[0].council.name})" not in changes
