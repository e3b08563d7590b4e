"""The shared cache (a real Redis of the test's own) failing: the public site stays up, saves
succeed and run every follow-up, rate limits still hold, and no page stays stale afterwards."""

import logging
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from portal import page_cache, ratelimit, shared_cache
from priorities.querysets import PublicationState
from priorities.services import initiative_change_status
from tests import factories
from tests.redis_server import redis_server  # noqa: F401 (a fixture)


@pytest.fixture
def shared_redis(redis_server):  # noqa: F811
    """The portal's cache on the test's own Redis, the page cache on, this process's view of
    the cache reset before and after."""
    caches = {
        "default": {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    forget_outages()
    with override_settings(
        CACHES=caches, PORTAL_PAGE_CACHE_SECONDS=300, PORTAL_CACHE_RETRY_SECONDS=0
    ):
        cache.clear()
        yield redis_server
    forget_outages()


def forget_outages():
    shared_cache.outage.down_until = 0.0
    shared_cache.outage.reported = False
    page_cache._owed.clear()
    ratelimit.local_counters.clear()


@pytest.fixture
def site(db):
    initiative = factories.InitiativeFactory(title="Family hubs in every ward")
    priority = initiative.priorities.first() or factories.PriorityFactory(
        plan__organisation=initiative.organisation
    )
    meeting = factories.MeetingFactory(committee__organisation=initiative.organisation)
    return {
        "initiative": initiative,
        "urls": [
            "/",
            initiative.organisation.get_absolute_url(),
            initiative.get_absolute_url(),
            priority.get_absolute_url(),
            priority.plan.get_absolute_url(),
            meeting.committee.get_absolute_url(),
            meeting.get_absolute_url(),
            "/committees/",
            "/search/?q=family",
            "/feeds/status-changes/",
            "/sitemap.xml",
            "/subscribe/",
        ],
    }


@pytest.mark.django_db
def test_every_public_page_answers_with_redis_stopped(shared_redis, site, caplog):
    """Cookieless visitors (the cached path) get every page with Redis stopped, and the outage
    is logged once, not once per request."""
    client = Client()
    assert client.get(site["urls"][0]).status_code == 200  # cached while Redis runs
    shared_redis.stop()

    with caplog.at_level(logging.WARNING, logger="portal.shared_cache"):
        for _ in range(3):
            for url in site["urls"]:
                response = Client().get(url)
                assert response.status_code == 200, url

    outage_logs = [r for r in caplog.records if r.name == "portal.shared_cache"]
    assert len(outage_logs) == 1, [r.getMessage() for r in outage_logs]
    assert "unavailable" in outage_logs[0].getMessage()


@pytest.mark.django_db(transaction=True)
def test_saves_succeed_with_redis_stopped_and_every_follow_up_runs(shared_redis, site):
    """A status change saves without raising; the hook that queues its emails runs although
    the page cache's hook before it could not reach Redis."""
    initiative = site["initiative"]
    factories.SubscriptionFactory.create_batch(3)
    shared_redis.stop()

    with mock.patch("priorities.services.enqueue_notifications") as enqueue:
        change = initiative_change_status(
            initiative=initiative, to="awaiting_scrutiny", reason="Listed for scrutiny."
        )

    assert change.pk is not None
    enqueue.assert_called_once()
    assert sorted(enqueue.call_args.args[0]) == sorted(
        change.notifications.values_list("pk", flat=True)
    )
    assert len(enqueue.call_args.args[0]) == 3
    assert page_cache._owed.is_set()


@pytest.mark.django_db(transaction=True)
def test_no_page_stays_stale_once_redis_answers_again(shared_redis, site):
    """Redis hangs while a record is taken back to draft: the save succeeds, and once Redis
    answers again (with the old pages still in it) the next visitor does not get the old page."""
    initiative = site["initiative"]
    url = initiative.get_absolute_url()
    assert Client().get(url).status_code == 200
    assert Client().get(url)["X-Page-Cache"] == "hit"

    shared_redis.hang()
    try:
        initiative.publication_state = PublicationState.DRAFT
        initiative.save()
    finally:
        shared_redis.resume()

    assert Client().get(url).status_code == 404
    assert not page_cache._owed.is_set()


@pytest.mark.django_db
def test_rate_limits_still_hold_with_redis_stopped(shared_redis, settings):
    """With the shared counters unreachable, each process counts on its own: a flood from one
    address is still refused, with Retry-After."""
    settings.SUBSCRIBE_RATE_PER_IP = (3, 3600)
    shared_redis.stop()

    verdicts = [ratelimit.allow_ip("192.0.2.1") for _ in range(5)]

    assert [bool(verdict) for verdict in verdicts] == [True, True, True, False, False]
    assert verdicts[-1].retry_after > 0
