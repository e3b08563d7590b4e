"""GOV.UK Notify as the delivery backend (``PORTAL_EMAIL_DELIVERY = "notify"``).

Every email goes through the client (notifications-python-client) to a local fake of Notify's
HTTP API (tests/notify_fake.py), which checks the JWT each request is signed with. The same
outbox rules hold as over SMTP: a row is marked sent once Notify accepted its email; 429, 5xx
and timeouts back off and retry; a 400 about the recipient is dead at once with the reason; a
refused API key (403) retries and says so.
"""

import datetime
import logging
import re

import pytest
from django.core import checks, mail
from django.utils import timezone

from priorities import models as p
from priorities.notifications import occasions
from priorities.notifications import outbox as the_outbox
from priorities.notifications.tasks import relay_pending_notifications
from priorities.services import initiative_change_status
from priorities.subscribing import services as subscribing
from priorities.subscribing.links import read_token, unsubscribe_url
from tests import factories
from tests.notify_fake import HANG, FakeNotify, api_key

pytestmark = pytest.mark.django_db

TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
REPLY_TO_ID = "8e222534-7f05-4972-86e3-17c5d9f894e2"


@pytest.fixture
def notify(settings):
    key = api_key()
    fake = FakeNotify(key).start()
    settings.PORTAL_EMAIL_DELIVERY = "notify"
    settings.GOVUK_NOTIFY_API_KEY = key
    settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.GOVUK_NOTIFY_REPLY_TO_ID = REPLY_TO_ID
    settings.GOVUK_NOTIFY_BASE_URL = fake.url
    settings.GOVUK_NOTIFY_TIMEOUT = 2
    yield fake
    fake.stop()


def change(initiative, to="awaiting_scrutiny", **kwargs):
    return initiative_change_status(
        initiative=initiative, to=to, reason="Agreed at cabinet.", **kwargs
    )


def outbox(followers):
    """An initiative followed by ``followers`` subscribers whose status has just changed."""
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    subscriptions = [
        factories.SubscriptionFactory(scope="initiative", initiative=initiative)
        for _ in range(followers)
    ]
    change(initiative)
    rows = list(p.Notification.objects.order_by("pk"))
    assert len(rows) == followers
    return subscriptions, rows


def unsubscribes(url, subscriber):
    """Whether ``url`` is ``subscriber``'s one-click unsubscribe link (tokens carry the second
    they were made, so the link is compared by what it signs)."""
    prefix = unsubscribe_url(subscriber).rstrip("/").rsplit("/", 1)[0] + "/"
    token = (url or "").removeprefix(prefix).strip("/")
    return url.startswith(prefix) and read_token(token, "unsubscribe") == subscriber.pk


def links_to_unsubscribe(body, subscriber):
    prefix = unsubscribe_url(subscriber).rstrip("/").rsplit("/", 1)[0] + "/"
    return any(
        unsubscribes(url, subscriber) for url in re.findall(rf"{re.escape(prefix)}\S+", body)
    )


def rows_by_state():
    return sorted(p.Notification.objects.values_list("state", flat=True))


def test_a_status_change_goes_to_each_follower_through_notify(
    notify, django_capture_on_commit_callbacks
):
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    subscriptions = [
        factories.SubscriptionFactory(scope="initiative", initiative=initiative) for _ in range(4)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        status_change = change(initiative)

    assert mail.outbox == []  # nothing through Django's email backend
    sent = notify.sent()
    assert len(sent) == 4 == len(notify.payloads())
    rows = {
        row.subscriber.email: row for row in p.Notification.objects.select_related("subscriber")
    }
    assert sorted(s["email_address"] for s in sent) == sorted(rows)
    for payload in sent:
        subscriber = rows[payload["email_address"]].subscriber
        assert payload["template_id"] == TEMPLATE_ID
        assert payload["email_reply_to_id"] == REPLY_TO_ID
        assert payload["reference"] == f"notification-{rows[payload['email_address']].pk}"
        assert unsubscribes(payload["one_click_unsubscribe_url"], subscriber)
        personalisation = payload["personalisation"]
        assert personalisation["subject"] == "An update you follow"
        body = personalisation["body"]
        assert "Family hub outreach" in body
        assert "Agreed at cabinet." in body
        assert f"#status-change-{status_change.pk}" in body
        assert links_to_unsubscribe(body, subscriber)
        assert "<html" not in body.lower() and "</p>" not in body
    assert {s.subscriber.email for s in subscriptions} == set(rows)
    assert rows_by_state() == ["sent"] * 4
    assert not p.Notification.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.parametrize("answer", [429, 500, HANG])
def test_rate_limits_server_errors_and_timeouts_back_off_and_retry(notify, settings, answer):
    settings.GOVUK_NOTIFY_TIMEOUT = 0.5
    subscriptions, rows = outbox(3)
    notify.answer = lambda payload: answer
    before = timezone.now()
    result = the_outbox.deliver_notifications([row.pk for row in rows])
    assert (result.sent, result.dead, result.failed) == (0, 0, 3)
    for row in p.Notification.objects.all():
        assert (row.state, row.attempts) == ("failed", 1)
        assert row.next_attempt_at > before + datetime.timedelta(seconds=30)
        assert row.last_error
    if answer == 429:
        # Notify asked us to slow down: the rest of the batch waits for its retry untried.
        assert len(notify.payloads()) == 1
    else:
        assert len(notify.payloads()) <= the_outbox.MAX_RECONNECTS + 1

    # Notify is back: the retries go, each email once.
    notify.answer = lambda payload: 201
    p.Notification.objects.update(next_attempt_at=timezone.now())
    assert relay_pending_notifications() == 3
    assert sorted(s["email_address"] for s in notify.sent()) == sorted(
        s.subscriber.email for s in subscriptions
    )
    assert rows_by_state() == ["sent"] * 3


def test_a_refused_recipient_is_dead_at_once_with_the_reason(notify):
    subscriptions, rows = outbox(3)
    refused = subscriptions[1].subscriber.email
    notify.answer = lambda payload: (
        (400, "email_address Not a valid email address")
        if payload["email_address"] == refused
        else 201
    )
    result = the_outbox.deliver_notifications([row.pk for row in rows])
    assert (result.sent, result.dead, result.failed) == (2, 1, 0)
    dead = p.Notification.objects.get(state="dead")
    assert dead.subscriber.email == refused
    assert "400" in dead.last_error
    assert "email_address Not a valid email address" in dead.last_error
    assert dead.next_attempt_at is None
    assert sorted(rows_by_state()) == ["dead", "sent", "sent"]


def test_a_refused_api_key_retries_and_says_so(notify, settings, client, caplog):
    good_key = settings.GOVUK_NOTIFY_API_KEY
    # The right service, the wrong secret: Notify cannot verify the token.
    settings.GOVUK_NOTIFY_API_KEY = api_key(service_id=notify.service_id)
    _, rows = outbox(3)
    with caplog.at_level(logging.WARNING, logger="priorities"):
        the_outbox.deliver_notifications([row.pk for row in rows])
        p.Notification.objects.update(next_attempt_at=timezone.now())
        the_outbox.deliver_notifications([row.pk for row in rows])
    assert notify.refused_tokens >= 1
    assert notify.sent() == []
    for row in p.Notification.objects.all():
        assert row.state == "failed"  # a configuration fault must not kill every email
        assert row.next_attempt_at > timezone.now()
        assert "API key" in row.last_error and "403" in row.last_error
    key_errors = [
        r for r in caplog.records if r.levelno >= logging.ERROR and "API key" in r.getMessage()
    ]
    assert len(key_errors) == 1  # said once, not once per email or per batch

    outbox_check = client.get("/readyz").json()["checks"]["outbox"]
    assert outbox_check["status"] == "degraded"
    assert "API key" in outbox_check["last_error"]

    settings.GOVUK_NOTIFY_API_KEY = good_key
    p.Notification.objects.update(next_attempt_at=timezone.now())
    assert relay_pending_notifications() == 3
    assert rows_by_state() == ["sent"] * 3
    assert len(notify.sent()) == 3


@pytest.mark.parametrize("answer", [403, 429])
def test_a_fault_not_the_emails_never_makes_it_dead(notify, settings, answer):
    settings.PORTAL_NOTIFICATION_MAX_ATTEMPTS = 2
    _, rows = outbox(2)
    notify.answer = lambda payload: answer
    for _ in range(4):
        p.Notification.objects.update(next_attempt_at=timezone.now())
        the_outbox.deliver_notifications([row.pk for row in rows])
    assert set(p.Notification.objects.values_list("state", "attempts")) == {("failed", 4)}
    # A refused recipient is the email's own fault: dead at once whatever the attempts.
    notify.answer = lambda payload: 400
    p.Notification.objects.update(next_attempt_at=timezone.now())
    the_outbox.deliver_notifications([row.pk for row in rows])
    assert rows_by_state() == ["dead", "dead"]


def test_notify_is_paced_to_the_rate_limit(notify, settings):
    settings.GOVUK_NOTIFY_RATE_PER_MINUTE = 120  # two a second
    _, rows = outbox(6)
    result = the_outbox.deliver_notifications([row.pk for row in rows])
    assert result.sent == 6
    times = notify.times()
    assert len(times) == 6
    # At most two in each second of the clock: six need three seconds' allowance, so the last
    # goes at least a second after the first (unpaced, all six take a few milliseconds).
    assert times[-1] - times[0] >= 0.95
    per_second = [sum(1 for t in times if start <= t < start + 1) for start in times]
    assert max(per_second) <= 4  # never more than two seconds' allowance in any second


def test_without_a_key_emails_wait_and_the_reason_is_given(notify, settings):
    settings.GOVUK_NOTIFY_API_KEY = ""
    _, rows = outbox(2)
    result = the_outbox.deliver_notifications([row.pk for row in rows])
    assert result.failed == 2
    for row in p.Notification.objects.all():
        assert row.state == "failed"
        assert "GOVUK_NOTIFY_API_KEY" in row.last_error
    assert notify.payloads() == []


def test_a_weekly_digest_goes_through_notify_once(notify):
    today = datetime.date(2026, 11, 23)  # a Monday
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    weekly = factories.SubscriptionFactory(frequency="weekly")
    change(initiative, changed_at=timezone.make_aware(datetime.datetime(2026, 11, 18, 10)))
    assert occasions.send_weekly_digests(today=today) == 1
    assert occasions.send_weekly_digests(today=today) == 0
    (payload,) = notify.sent()
    delivery_row = p.Delivery.objects.get()
    assert delivery_row.sent_at is not None
    assert payload["email_address"] == weekly.subscriber.email
    assert payload["reference"] == f"digest:{delivery_row.key}"
    assert unsubscribes(payload["one_click_unsubscribe_url"], weekly.subscriber)
    assert "Family hub outreach" in payload["personalisation"]["body"]
    assert "week starting 16 November 2026" in payload["personalisation"]["subject"]
    assert mail.outbox == []


def test_a_failed_digest_through_notify_is_tried_again_next_run(notify):
    today = datetime.date(2026, 11, 23)
    factories.SubscriptionFactory(frequency="weekly")
    change(
        factories.InitiativeFactory(),
        changed_at=timezone.make_aware(datetime.datetime(2026, 11, 18, 10)),
    )
    notify.answer = lambda payload: 500
    with pytest.raises(Exception, match="500"):
        occasions.send_weekly_digests(today=today)
    assert not p.Delivery.objects.exists()
    notify.answer = lambda payload: 201
    assert occasions.send_weekly_digests(today=today) == 1
    assert len(notify.sent()) == 1


def test_meeting_packs_and_reminders_go_through_notify(notify):
    now = timezone.now()
    meeting = factories.MeetingFactory(starts_at=now + datetime.timedelta(days=3))
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    p.AgendaItem.objects.create(meeting=meeting, title="Family hubs", initiative=initiative)
    follower = factories.SubscriptionFactory(scope="committee", committee=meeting.committee)
    assert occasions.send_meeting_packs(now=now) == 1

    owner = factories.UserFactory(email="owner@castlebridge.example")
    initiative.owners.add(owner)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=100)
    )
    assert occasions.send_stale_reminders() == 1

    pack, reminder = notify.sent()
    assert pack["email_address"] == follower.subscriber.email
    assert pack["reference"].startswith("meeting_pack:meeting:")
    assert "Family hubs" in pack["personalisation"]["body"]
    assert reminder["email_address"] == "owner@castlebridge.example"
    assert reminder["reference"].startswith("reminder:initiative:")
    assert "Family hub outreach" in reminder["personalisation"]["body"]
    assert "one_click_unsubscribe_url" not in reminder  # an owner's reminder is no mailing list
    assert mail.outbox == []


def test_a_confirmation_email_goes_through_notify(notify, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribing.subscription_request(email="Parent@Example.org", frequency="immediate")
    subscriber = p.Subscriber.objects.get()
    (payload,) = notify.sent()
    assert payload["email_address"] == "parent@example.org"
    assert payload["personalisation"]["subject"] == "Confirm your email updates"
    assert "/subscribe/confirm/" in payload["personalisation"]["body"] or (
        "confirm" in payload["personalisation"]["body"]
    )
    assert payload["reference"] == f"confirm:subscriber:{subscriber.pk}"
    assert unsubscribes(payload["one_click_unsubscribe_url"], subscriber)
    assert mail.outbox == []


def test_notify_needs_its_key_and_template(settings):
    from portal.checks import email_delivery_check

    settings.PORTAL_EMAIL_DELIVERY = "notify"
    settings.GOVUK_NOTIFY_API_KEY = ""
    settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = ""
    errors = email_delivery_check()
    assert {e.id for e in errors} == {"priorities.E002"}
    assert "GOVUK_NOTIFY_API_KEY" in " ".join(e.msg + (e.hint or "") for e in errors)
    settings.PORTAL_EMAIL_DELIVERY = "carrier-pigeon"
    assert [e.id for e in email_delivery_check()] == ["priorities.E002"]
    settings.PORTAL_EMAIL_DELIVERY = "smtp"
    assert email_delivery_check() == []
    assert all(isinstance(e, checks.CheckMessage) for e in errors)
