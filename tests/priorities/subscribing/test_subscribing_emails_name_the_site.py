"""The subscribing emails (confirm, added) say whose they are, as every other email does: on a
council's site their subject starts with its name; without a site it is unchanged. On the
neutral portal the footer says the updates come from the portal, not "from the All councils
and partnerships"."""

import pytest
from django.core import mail
from django.core.cache import cache

from portal_sites.resolution import site_by_id
from priorities import models as p
from priorities.subscribing import services
from tests import factories
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def telford():
    council = factories.OrganisationFactory(name="Telford & Wrekin Council")
    return make_site("telford.localhost", "Telford & Wrekin Council", organisations=[council])


@pytest.fixture
def neutral():
    return make_site("localhost", "All councils and partnerships", neutral=True)


def request_on(site, email, capture):
    with capture(execute=True):
        services.subscription_request(
            email=email,
            frequency="immediate",
            site=site_by_id(site.site_id) if site else None,
            origin=f"http://{site.site.domain}:8000" if site else "",
        )
    return mail.outbox[-1]


def test_the_confirmation_and_added_emails_name_the_council(
    telford, django_capture_on_commit_callbacks
):
    confirm = request_on(telford, "parent@example.org", django_capture_on_commit_callbacks)
    assert confirm.subject == "Telford & Wrekin Council: Confirm your email updates"
    services.subscriber_confirm(subscriber=p.Subscriber.objects.get())
    added = request_on(telford, "parent@example.org", django_capture_on_commit_callbacks)
    assert added.subject == "Telford & Wrekin Council: Updates you asked for"
    assert "asked for updates from Telford & Wrekin Council." in added.body


def test_without_a_site_the_subject_is_unchanged(django_capture_on_commit_callbacks):
    confirm = request_on(None, "parent@example.org", django_capture_on_commit_callbacks)
    assert confirm.subject == "Confirm your email updates"


def test_the_neutral_portals_footer_names_the_portal(neutral, django_capture_on_commit_callbacks):
    confirm = request_on(neutral, "parent@example.org", django_capture_on_commit_callbacks)
    html = confirm.alternatives[0][0]
    for part in (confirm.body, html):
        assert "updates from the All councils" not in part
        assert "asked for updates from the Children" in part
