"""A subscription belongs to the site it was made on (issue 15): its emails carry that site's
brand and sender, their links go back to that site on the port it was reached at, and following
"everything" on a council's site follows that council's organisations only. The neutral portal
(and subscribers from before sites) follow everything, as before."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from priorities import models as p
from priorities.notifications import occasions
from priorities.notifications.following import subscribers_following
from priorities.services import initiative_change_status
from priorities.subscribing.links import read_token
from tests import factories
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db

TELFORD = "telford.localhost"
WANDSWORTH = "wandsworth.localhost"
NEUTRAL = "localhost"
PORT = 8123


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    telford_council = factories.OrganisationFactory(name="Telford & Wrekin Council")
    wandsworth_council = factories.OrganisationFactory(name="Wandsworth Council")
    telford = make_site(
        TELFORD,
        "Telford & Wrekin Council",
        organisations=[telford_council],
        header_colour="#1d4f2a",
        email_sender_name="Telford & Wrekin Council",
        email_sender_address="priorities@telford.example",
    )
    wandsworth = make_site(
        WANDSWORTH,
        "Wandsworth Council",
        organisations=[wandsworth_council],
        email_sender_name="Wandsworth Council",
        email_sender_address="priorities@wandsworth.example",
    )
    neutral = make_site(NEUTRAL, "Children’s Services Priorities Portal", neutral=True)
    return {
        "telford": telford,
        "wandsworth": wandsworth,
        "neutral": neutral,
        "telford_initiative": factories.InitiativeFactory(
            organisation=telford_council, title="Telford family hubs"
        ),
        "wandsworth_initiative": factories.InitiativeFactory(
            organisation=wandsworth_council, title="Wandsworth youth offer"
        ),
    }


def subscribe(client, host, email="parent@example.org", follow="everything", frequency="immediate"):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the email goes after commit
        return client.post(
            "/subscribe/",
            {"email": email, "follow": follow, "frequency": frequency},
            HTTP_HOST=f"{host}:{PORT}",
        )


def links_in(text):
    return re.findall(r"https?://[^\s<>\"]+", text)


def confirm_on(client, host, email="parent@example.org", **kwargs):
    """Subscribe on ``host`` and follow the confirmation link; return the subscriber."""
    subscribe(client, host, email, **kwargs)
    (link,) = [url for url in links_in(mail.outbox[-1].body) if "/subscribe/confirm/" in url]
    path = re.sub(r"^https?://[^/]+", "", link)
    assert client.get(path, HTTP_HOST=f"{host}:{PORT}").status_code == 200
    assert client.post(path, HTTP_HOST=f"{host}:{PORT}").status_code == 302
    subscriber = p.Subscriber.objects.get(email=email, site__domain=host)
    assert subscriber.is_active
    return subscriber


def change(initiative, to="awaiting_scrutiny", changed_at=None):
    return initiative_change_status(
        initiative=initiative, to=to, reason="Agreed at cabinet.", changed_at=changed_at
    )


def test_a_subscriber_on_telfords_site_gets_a_telford_confirmation_email(client, world):
    response = subscribe(client, TELFORD)
    assert response.status_code == 302
    subscriber = p.Subscriber.objects.get()
    assert subscriber.site_id == world["telford"].site_id
    (message,) = mail.outbox
    assert message.from_email == "Telford & Wrekin Council <priorities@telford.example>"
    assert "getting updates from Telford & Wrekin Council." in message.body
    assert "asked for updates from Telford & Wrekin Council." in message.body
    assert "Telford &amp; Wrekin Council" in message.alternatives[0][0]
    assert "from the Telford" not in message.body
    assert "#1d4f2a" in message.alternatives[0][0]
    links = links_in(message.body) + re.findall(
        r"<([^>]+)>", message.extra_headers["List-Unsubscribe"]
    )
    assert links and all(link.startswith(f"http://{TELFORD}:{PORT}/") for link in links), links
    confirm = next(link for link in links if "/subscribe/confirm/" in link)
    assert read_token(confirm.rstrip("/").rsplit("/", 1)[-1], "confirm") == subscriber.pk


def test_the_confirmation_link_confirms_on_telfords_site(client, world):
    subscriber = confirm_on(client, TELFORD)
    assert subscriber.site_origin == f"http://{TELFORD}:{PORT}"


def test_the_same_address_on_two_sites_is_two_subscribers(client, world):
    telford = confirm_on(client, TELFORD)
    wandsworth = confirm_on(client, WANDSWORTH)
    assert telford.pk != wandsworth.pk
    assert mail.outbox[-1].from_email == "Wandsworth Council <priorities@wandsworth.example>"
    assert p.Subscriber.objects.count() == 2


def test_a_telford_everything_subscription_follows_telford_only(
    client, world, django_capture_on_commit_callbacks
):
    telford = confirm_on(client, TELFORD, "telford@example.org")
    neutral = confirm_on(client, NEUTRAL, "everyone@example.org")
    old = factories.SubscriptionFactory(subscriber__email="before-sites@example.org").subscriber
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        change(world["wandsworth_initiative"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([neutral.email, old.email])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        status_change = change(world["telford_initiative"])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {telford.email, neutral.email, old.email}

    message = by_recipient[telford.email]
    assert message.from_email == "Telford & Wrekin Council <priorities@telford.example>"
    assert "Telford & Wrekin Council" in message.body
    url = f"http://{TELFORD}:{PORT}{world['telford_initiative'].get_absolute_url()}"
    assert f"{url}#status-change-{status_change.pk}" in message.body
    assert all(link.startswith(f"http://{TELFORD}:{PORT}/") for link in links_in(message.body))

    neutral_message = by_recipient[neutral.email]
    assert all(
        link.startswith(f"http://{NEUTRAL}:{PORT}/") for link in links_in(neutral_message.body)
    )
    assert "Telford & Wrekin Council <" not in neutral_message.from_email


def test_the_weekly_digest_is_telfords(client, world):
    telford = confirm_on(client, TELFORD, "telford@example.org", frequency="weekly")
    neutral = confirm_on(client, NEUTRAL, "everyone@example.org", frequency="weekly")
    monday = datetime.date(2026, 11, 23)
    in_the_week = timezone.make_aware(datetime.datetime(2026, 11, 18, 10, 0))
    telford_change = change(world["telford_initiative"], changed_at=in_the_week)
    wandsworth_change = change(world["wandsworth_initiative"], changed_at=in_the_week)
    mail.outbox.clear()

    assert occasions.send_weekly_digests(today=monday) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    telford_digest = by_recipient[telford.email]
    assert f"#status-change-{telford_change.pk}" in telford_digest.body
    assert f"#status-change-{wandsworth_change.pk}" not in telford_digest.body
    assert telford_digest.from_email == "Telford & Wrekin Council <priorities@telford.example>"
    assert all(
        link.startswith(f"http://{TELFORD}:{PORT}/") for link in links_in(telford_digest.body)
    )
    neutral_digest = by_recipient[neutral.email]
    assert f"#status-change-{telford_change.pk}" in neutral_digest.body
    assert f"#status-change-{wandsworth_change.pk}" in neutral_digest.body


def test_a_meeting_pack_links_to_the_followers_site(client, world):
    initiative = world["telford_initiative"]
    committee = factories.CommitteeFactory(organisation=initiative.organisation)
    meeting = factories.MeetingFactory(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    p.AgendaItem.objects.create(meeting=meeting, title="Family hubs", initiative=initiative)
    telford = confirm_on(client, TELFORD, follow=f"committee:{committee.pk}")
    mail.outbox.clear()

    assert occasions.send_meeting_packs() == 1
    (message,) = mail.outbox
    assert message.to == [telford.email]
    assert message.from_email == "Telford & Wrekin Council <priorities@telford.example>"
    links = links_in(message.body)
    assert f"http://{TELFORD}:{PORT}{initiative.get_absolute_url()}" in links
    assert f"http://{TELFORD}:{PORT}{meeting.get_absolute_url()}" in links
    assert all(link.startswith(f"http://{TELFORD}:{PORT}/") for link in links)


def test_a_subscriber_from_before_sites_keeps_the_portals_sender_and_links(world, settings):
    old = factories.SubscriptionFactory().subscriber
    assert old.site_id is None
    mail.outbox.clear()
    change(world["wandsworth_initiative"])
    from priorities.notifications import outbox

    outbox.deliver_notifications(list(p.Notification.objects.values_list("pk", flat=True)))
    (message,) = mail.outbox
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert all(link.startswith(settings.PORTAL_BASE_URL) for link in links_in(message.body))


def _queries_to_find_followers(status_change):
    with CaptureQueriesContext(connection) as queries:
        list(subscribers_following(status_change))
    return len(queries)


def test_finding_followers_takes_the_same_queries_with_three_sites_as_with_none(world):
    status_change = change(world["telford_initiative"])
    factories.SubscriptionFactory()
    without_sites = _queries_to_find_followers(status_change)
    for profile in (world["telford"], world["wandsworth"], world["neutral"]):
        factories.SubscriptionFactory(subscriber__site=profile.site)
    assert len(list(subscribers_following(status_change))) == 3
    assert _queries_to_find_followers(status_change) == without_sites


def test_a_digest_takes_the_same_queries_per_subscriber_on_any_site(world):
    start = timezone.now() - datetime.timedelta(days=1)
    end = timezone.now() + datetime.timedelta(days=1)
    counts = []
    for site in (None, world["telford"].site, world["neutral"].site):
        subscriber = factories.SubscriptionFactory(
            subscriber__site=site, frequency=p.Frequency.WEEKLY
        ).subscriber
        with CaptureQueriesContext(connection) as queries:
            occasions.digest_changes(subscriber, start, end)
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_each_followers_copy_of_a_status_change_has_its_own_sites_links(
    world, django_capture_on_commit_callbacks
):
    """The status change's email is rendered once per site and filled in for each follower
    there: two Telford subscribers and one on the neutral portal each get their own links."""
    origin = f"http://{TELFORD}:{PORT}"
    followers = [
        factories.SubscriptionFactory(
            subscriber__site=world["telford"].site, subscriber__site_origin=origin
        ).subscriber
        for _ in range(2)
    ]
    followers.append(
        factories.SubscriptionFactory(
            subscriber__site=world["neutral"].site,
            subscriber__site_origin=f"http://{NEUTRAL}:{PORT}",
        ).subscriber
    )
    with django_capture_on_commit_callbacks(execute=True):
        change(world["telford_initiative"])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {s.email for s in followers}
    for subscriber in followers:
        message = by_recipient[subscriber.email]
        host = TELFORD if subscriber.site == world["telford"].site else NEUTRAL
        links = links_in(message.body)
        assert all(link.startswith(f"http://{host}:{PORT}/") for link in links), links
        manage = next(link for link in links if "/subscribe/manage/" in link)
        assert read_token(manage.rstrip("/").rsplit("/", 1)[-1], "manage") == subscriber.pk
        from_telford = message.from_email.startswith("Telford")
        assert from_telford == (host == TELFORD)


def test_everything_on_a_councils_site_is_named_as_that_sites(client, world):
    """On Telford's site "everything" is everything Telford's site shows, and says so on the
    subscribe page, in the email and on the manage page; the neutral portal's is the portal's."""
    page = client.get("/subscribe/", HTTP_HOST=f"{TELFORD}:{PORT}").content.decode()
    assert "Everything published on Telford &amp; Wrekin Council’s site" in page
    assert "Everything published on the portal" not in page
    neutral_page = client.get("/subscribe/", HTTP_HOST=f"{NEUTRAL}:{PORT}").content.decode()
    assert "Everything published on the portal" in neutral_page

    subscribe(client, TELFORD)
    assert "Everything published on Telford & Wrekin Council’s site" in mail.outbox[-1].body
    (manage,) = [url for url in links_in(mail.outbox[-1].body) if "/subscribe/manage/" in url]
    path = re.sub(r"^https?://[^/]+", "", manage)
    # The manage page names the subscriber's site's everything wherever it is opened.
    for host in (TELFORD, NEUTRAL):
        manage_page = client.get(path, HTTP_HOST=f"{host}:{PORT}").content.decode()
        assert "Everything published on Telford &amp; Wrekin Council’s site" in manage_page


def test_a_superuser_sees_each_subscribers_site_in_the_admin(admin_client, world):
    factories.SubscriberFactory(email="telford@example.org", site=world["telford"].site)
    factories.SubscriberFactory(email="before-sites@example.org")
    response = admin_client.get(
        "/admin/priorities/subscriber/", {"site__id__exact": world["telford"].site_id}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "telford@example.org" in content and TELFORD in content
    assert "before-sites@example.org" not in content
