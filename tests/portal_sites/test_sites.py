"""Sites: the brand's checks, which site a host gets, the admin (superusers only) and the
host check production makes against the configured sites."""

import pytest
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError

from portal_sites.brand import contrast_with_white, validate_header_colour, validate_logo_svg
from portal_sites.models import SiteProfile
from portal_sites.resolution import site_for_host
from tests import factories
from tests.portal_sites.sites import (
    ASHFORD_HOST,
    CASTLEBRIDGE_HOST,
    make_site,
    two_councils_and_the_neutral_portal,
)

pytestmark = pytest.mark.django_db

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="#fff"/></svg>'
)


def test_contrast_with_white_follows_wcag():
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    # GOV.UK blue: 5.17:1 with white.
    assert contrast_with_white("#1d70b8") == pytest.approx(5.17, abs=0.01)


@pytest.mark.parametrize("colour", ["#0b0c0c", "#1d70b8", "#4b0f5c"])
def test_a_dark_header_colour_is_accepted(colour):
    validate_header_colour(colour)


@pytest.mark.parametrize("colour", ["#ffdd00", "#00a33b", "#777777", "#ffffff"])
def test_a_header_colour_white_text_fails_contrast_on_is_refused(colour):
    with pytest.raises(ValidationError) as refused:
        validate_header_colour(colour)
    assert "4.5:1" in str(refused.value)
    assert refused.value.code == "colour_contrast"


@pytest.mark.parametrize("colour", ["0b0c0c", "#0b0c0", "black", "#gggggg"])
def test_a_header_colour_not_written_as_hex_is_refused(colour):
    with pytest.raises(ValidationError):
        validate_header_colour(colour)


def test_saving_a_site_with_a_failing_colour_is_refused_by_full_clean():
    profile = make_site("pale.localhost", "Pale Council")
    profile.header_colour = "#00a33b"
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "header_colour" in refused.value.message_dict


def test_a_plain_svg_logo_is_accepted():
    validate_logo_svg(LOGO)


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<use x:href="https://evil.example/a.svg#x"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://e.example/)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        "<html></html>",
        "not xml",
    ],
)
def test_a_logo_that_could_run_or_fetch_anything_is_refused(svg):
    with pytest.raises(ValidationError):
        validate_logo_svg(svg)


def test_a_host_gets_its_site_by_domain_alias_or_falls_back_to_the_neutral_portal():
    castlebridge, ashford, neutral = two_councils_and_the_neutral_portal()
    SiteProfile.objects.get(pk=castlebridge.pk).aliases.create(host="www.castlebridge.localhost")

    site, known = site_for_host(f"{CASTLEBRIDGE_HOST}:8000")
    assert known and site.site_id == castlebridge.site_id
    assert site.name_shown == "Castlebridge Council"
    assert site.organisation_ids == frozenset(
        castlebridge.organisations.values_list("pk", flat=True)
    )

    site, known = site_for_host("WWW.Castlebridge.localhost")
    assert known and site.site_id == castlebridge.site_id

    site, known = site_for_host(ASHFORD_HOST)
    assert known and site.site_id == ashford.site_id

    site, known = site_for_host("testserver")
    assert not known
    assert site.site_id == neutral.site_id and site.is_neutral
    assert site.organisation_ids is None


def test_without_a_neutral_site_an_unknown_host_gets_the_portal_brand_from_settings(settings):
    settings.PORTAL_OWNER_NAME = "Brookfield Council"
    site, known = site_for_host("testserver")
    assert not known
    assert site.is_neutral and site.site_id is None
    assert site.name_shown == site.owner_name == "Brookfield Council"


def test_a_change_to_a_site_is_served_at_the_next_request():
    castlebridge, _, _ = two_councils_and_the_neutral_portal()
    assert site_for_host(CASTLEBRIDGE_HOST)[0].name_shown == "Castlebridge Council"
    castlebridge.name_shown = "Castlebridge Borough Council"
    castlebridge.save()
    assert site_for_host(CASTLEBRIDGE_HOST)[0].name_shown == "Castlebridge Borough Council"
    other = factories.OrganisationFactory()
    castlebridge.organisations.add(other)
    assert other.pk in site_for_host(CASTLEBRIDGE_HOST)[0].organisation_ids
    Site.objects.filter(pk=castlebridge.site_id).update(domain="old.localhost")
    castlebridge.site.refresh_from_db()
    castlebridge.site.domain = "new.localhost"
    castlebridge.site.save()
    assert site_for_host("new.localhost")[0].site_id == castlebridge.site_id


def test_sites_resolve_from_the_database_while_the_cache_is_down():
    castlebridge, _, _ = two_councils_and_the_neutral_portal()
    from unittest import mock

    from redis.exceptions import ConnectionError as RedisConnectionError

    from portal import shared_cache

    with mock.patch("portal_sites.resolution.cache.get", side_effect=RedisConnectionError("down")):
        site, known = site_for_host(CASTLEBRIDGE_HOST)
    shared_cache.outage.down_until = 0.0
    assert known and site.site_id == castlebridge.site_id


def test_production_refuses_a_host_no_site_has(client, settings):
    two_councils_and_the_neutral_portal()
    settings.PORTAL_REFUSE_UNKNOWN_HOSTS = True
    settings.PORTAL_EXTRA_HOSTS = ["health.localhost"]
    assert client.get("/", HTTP_HOST="unknown.localhost").status_code == 400
    assert client.get("/", HTTP_HOST=CASTLEBRIDGE_HOST).status_code == 200
    assert client.get("/healthz", HTTP_HOST="health.localhost").status_code == 200


def test_a_new_site_added_in_the_admin_is_served_without_a_deploy(admin_client, settings):
    settings.PORTAL_REFUSE_UNKNOWN_HOSTS = True
    settings.PORTAL_EXTRA_HOSTS = ["testserver"]
    settings.ALLOWED_HOSTS = ["*"]
    council = factories.OrganisationFactory(name="Brookfield Council", slug="brookfield")
    response = admin_client.post(
        "/admin/portal_sites/siteprofile/add/",
        {
            "domain": "priorities.brookfield.localhost",
            "name_shown": "Brookfield Council",
            "owner_name": "Brookfield Council",
            "header_colour": "#003a70",
            "organisations": [council.pk],
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-host": "brookfield.localhost",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = SiteProfile.objects.get(site__domain="priorities.brookfield.localhost")
    assert list(profile.organisations.all()) == [council]
    home = admin_client.get("/", HTTP_HOST="brookfield.localhost")
    assert home.status_code == 200
    assert "Brookfield Council" in home.content.decode()


def test_the_admin_refuses_a_header_colour_that_fails_contrast(admin_client):
    response = admin_client.post(
        "/admin/portal_sites/siteprofile/add/",
        {
            "domain": "pale.localhost",
            "name_shown": "Pale Council",
            "owner_name": "Pale Council",
            "header_colour": "#ffdd00",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "contrast ratio of 1.35:1" in response.content.decode()
    assert not SiteProfile.objects.exists()
    assert not Site.objects.filter(domain="pale.localhost").exists()


def test_only_superusers_see_sites_in_the_admin(client):
    officer = factories.OfficerMembershipFactory(role="administrator").user
    officer.set_password("a long enough password")
    officer.save()
    client.force_login(officer)
    assert client.get("/admin/portal_sites/siteprofile/").status_code == 403
    assert "portal_sites" not in client.get("/admin/").content.decode()


def test_a_request_is_served_as_its_site_and_leaves_none_behind(client):
    from portal_sites.current import current_site

    two_councils_and_the_neutral_portal()
    assert client.get("/", HTTP_HOST=CASTLEBRIDGE_HOST).status_code == 200
    assert current_site() is None  # a worker or command after it is not restricted


def test_health_checks_answer_whatever_the_host(client, settings):
    settings.PORTAL_REFUSE_UNKNOWN_HOSTS = True
    settings.PORTAL_EXTRA_HOSTS = []
    settings.ALLOWED_HOSTS = ["*"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7").status_code == 400


def test_a_sites_email_sender_is_its_name_and_address():
    two_councils_and_the_neutral_portal()
    assert site_for_host(CASTLEBRIDGE_HOST)[0].email_sender == (
        "Castlebridge Council <priorities@castlebridge.example>"
    )
    assert site_for_host(ASHFORD_HOST)[0].email_sender == ""  # the portal's default sender


def test_a_process_reads_only_the_version_while_no_site_changes():
    """Each process keeps its own copy of the sites under the shared version: a request reads
    one small value, not every site; a change made by another process (the version moved in
    the shared cache) is served at this process's next request, as is an emptied cache."""
    from unittest import mock

    from django.core.cache import cache

    from portal_sites import resolution

    two_councils_and_the_neutral_portal()
    site_for_host(CASTLEBRIDGE_HOST)
    with mock.patch.object(resolution.cache, "get", wraps=cache.get) as reads:
        assert site_for_host(CASTLEBRIDGE_HOST)[0].name_shown == "Castlebridge Council"
    assert [call.args[0] for call in reads.call_args_list] == [resolution.VERSION_KEY]
    # Another process renames the site: it saves and moves the shared version.
    SiteProfile.objects.filter(site__domain=CASTLEBRIDGE_HOST).update(
        name_shown="Castlebridge Borough Council"
    )
    cache.incr(resolution.VERSION_KEY)
    assert site_for_host(CASTLEBRIDGE_HOST)[0].name_shown == "Castlebridge Borough Council"
    SiteProfile.objects.filter(site__domain=CASTLEBRIDGE_HOST).update(name_shown="Castlebridge")
    cache.clear()
    assert site_for_host(CASTLEBRIDGE_HOST)[0].name_shown == "Castlebridge"
