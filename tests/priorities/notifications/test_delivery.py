"""Delivery of the portal's emails, in-process: the outbox, retries, digests, packs, reminders.

Tasks run eagerly here and emails go to Django's locmem outbox. The tests with a real Redis and
Celery worker are in test_delivery_worker.py.
"""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from priorities import models as p
from priorities.notifications import mailers, occasions, outbox
from priorities.notifications.tasks import relay_pending_notifications
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db


def change(initiative, to="awaiting_scrutiny", **kwargs):
    return initiative_change_status(
        initiative=initiative, to=to, reason="Agreed at cabinet.", **kwargs
    )


def test_a_status_change_emails_each_follower_once_after_commit(django_capture_on_commit_callbacks):
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    meeting = factories.MeetingFactory()
    subscriptions = factories.SubscriptionFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        status_change = change(initiative, meeting=meeting)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.subscriber.email for s in subscriptions)
    message = mail.outbox[0]
    assert message.subject == "An update you follow"
    assert "Family hub outreach" in message.body
    assert "Proposed → Awaiting scrutiny" in message.body
    assert "Agreed at cabinet." in message.body
    assert str(meeting) in message.body
    assert f"{initiative.get_absolute_url()}#status-change-{status_change.pk}" in message.body
    assert "/manage/" in message.body or "manage" in message.body.lower()
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives[0][1] == "text/html"
    assert set(p.Notification.objects.values_list("state", flat=True)) == {"sent"}
    assert not p.Notification.objects.filter(sent_at__isnull=True).exists()


def test_an_alarming_title_stays_out_of_the_subject(django_capture_on_commit_callbacks):
    initiative = factories.InitiativeFactory(title="Domestic abuse support for families")
    factories.SubscriptionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        change(initiative)
    assert mail.outbox[0].subject == "An update you follow"


def test_a_rolled_back_status_change_sends_nothing(django_capture_on_commit_callbacks):
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        change(initiative)
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
    assert not p.Notification.objects.exists()


def test_an_unconfirmed_subscriber_gets_nothing(django_capture_on_commit_callbacks):
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory(subscriber__confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        change(initiative)
    assert mail.outbox == []


def test_a_subscriber_who_unsubscribes_before_delivery_gets_nothing():
    initiative = factories.InitiativeFactory()
    subscription = factories.SubscriptionFactory()
    change(initiative)  # queued, not yet sent: on_commit does not run in this test
    subscriber = subscription.subscriber
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save()
    ids = list(p.Notification.objects.values_list("pk", flat=True))
    outbox.deliver_notifications(ids)
    assert mail.outbox == []
    row = p.Notification.objects.get()
    assert (row.state, row.last_error) == ("dead", "unsubscribed")


def test_delivering_the_same_rows_twice_sends_once():
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory.create_batch(2)
    change(initiative)
    ids = list(p.Notification.objects.values_list("pk", flat=True))
    assert outbox.deliver_notifications(ids).sent == 2
    assert outbox.deliver_notifications(ids).sent == 0
    assert len(mail.outbox) == 2


class BrokenConnection:
    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (450, b"try later")})


@override_settings(PORTAL_NOTIFICATION_MAX_ATTEMPTS=3, PORTAL_NOTIFICATION_RETRY_BASE_SECONDS=60)
def test_a_failing_email_backs_off_then_gives_up():
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory()
    change(initiative)
    row = p.Notification.objects.get()
    with mock.patch.object(mailers, "get_connection", return_value=BrokenConnection()):
        before = timezone.now()
        outbox.deliver_notifications([row.pk])
        row.refresh_from_db()
        assert (row.state, row.attempts) == ("failed", 1)
        assert "SMTPRecipientsRefused" in row.last_error
        wait = (row.next_attempt_at - before).total_seconds()
        assert 40 <= wait <= 80  # 60 s ± 25% jitter
        # Not due yet: a second run leaves it alone.
        assert outbox.deliver_notifications([row.pk]).skipped == 1
        row.refresh_from_db()
        assert row.attempts == 1

        p.Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outbox.deliver_notifications([row.pk])
        row.refresh_from_db()
        assert (row.state, row.attempts) == ("failed", 2)
        assert (row.next_attempt_at - timezone.now()).total_seconds() >= 80  # 120 s ± 25%

        p.Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outbox.deliver_notifications([row.pk])
        row.refresh_from_db()
        assert (row.state, row.attempts, row.next_attempt_at) == ("dead", 3, None)
    assert mail.outbox == []


def test_backoff_grows_and_is_capped():
    assert outbox.retry_delay(1) <= datetime.timedelta(seconds=75)
    assert outbox.retry_delay(5) >= datetime.timedelta(seconds=60 * 16 * 0.75)
    assert outbox.retry_delay(30) <= outbox.MAX_RETRY_DELAY * 1.25


def test_an_unreachable_mail_server_leaves_the_rows_to_retry():
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory.create_batch(2)
    change(initiative)
    ids = list(p.Notification.objects.values_list("pk", flat=True))
    broken = mock.Mock()
    broken.open.side_effect = ConnectionRefusedError("no mail server")
    with mock.patch.object(mailers, "get_connection", return_value=broken):
        result = outbox.deliver_notifications(ids)
    assert result.failed == 2
    assert set(p.Notification.objects.values_list("state", flat=True)) == {"failed"}


@override_settings(PORTAL_RELAY_AFTER_SECONDS=60)
def test_the_relay_sends_rows_whose_task_never_ran():
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory.create_batch(2)
    change(initiative)
    assert relay_pending_notifications() == 0  # too fresh: their own task will send them
    p.Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    assert relay_pending_notifications() == 2
    assert len(mail.outbox) == 2
    assert relay_pending_notifications() == 0


def test_readyz_reports_the_outbox_backlog(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["outbox"]["oldest_pending_seconds"] == 0
    assert response.json()["status"] == "ok"
    factories.SubscriptionFactory()
    change(factories.InitiativeFactory())
    p.Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["outbox"]["oldest_pending_seconds"] >= 3600


# Weekly digests, meeting packs, reminders ------------------------------------------------


def test_a_digest_run_twice_sends_once():
    today = datetime.date(2026, 11, 23)  # a Monday
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    weekly = factories.SubscriptionFactory(frequency="weekly")
    factories.SubscriptionFactory(frequency="weekly", subscriber__confirmed_at=None)
    factories.SubscriptionFactory(
        frequency="weekly", scope="initiative", initiative=factories.InitiativeFactory()
    )
    last_week = timezone.make_aware(datetime.datetime(2026, 11, 18, 10))
    change(initiative, changed_at=last_week)
    assert occasions.send_weekly_digests(today=today) == 1
    assert occasions.send_weekly_digests(today=today) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [weekly.subscriber.email]
    assert "Family hub outreach" in message.body
    assert "week starting 16 November 2026" in message.body
    assert p.Delivery.objects.get().sent_at is not None


def test_a_failed_digest_is_tried_again_next_run():
    today = datetime.date(2026, 11, 23)
    factories.SubscriptionFactory(frequency="weekly")
    change(
        factories.InitiativeFactory(),
        changed_at=timezone.make_aware(datetime.datetime(2026, 11, 18, 10)),
    )
    with (
        mock.patch.object(
            mail.EmailMultiAlternatives, "send", side_effect=smtplib.SMTPException("down")
        ),
        pytest.raises(smtplib.SMTPException),
    ):
        occasions.send_weekly_digests(today=today)
    assert not p.Delivery.objects.exists()
    assert occasions.send_weekly_digests(today=today) == 1


def test_committee_followers_get_the_meeting_pack_once():
    now = timezone.now()
    meeting = factories.MeetingFactory(starts_at=now + datetime.timedelta(days=3))
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    change(initiative)
    p.AgendaItem.objects.create(meeting=meeting, title="Family hubs", initiative=initiative)
    draft = factories.InitiativeFactory(publication_state=p.PublicationState.DRAFT)
    p.AgendaItem.objects.create(meeting=meeting, title="Draft item", initiative=draft)
    follower = factories.SubscriptionFactory(scope="committee", committee=meeting.committee)
    factories.SubscriptionFactory()  # follows everything, not this committee
    assert occasions.send_meeting_packs(now=now) == 1
    assert occasions.send_meeting_packs(now=now) == 0
    message = mail.outbox[0]
    assert message.to == [follower.subscriber.email]
    assert "Family hubs" in message.body
    assert "Stage 2 of 6: awaiting scrutiny" in message.body
    assert "Draft item" not in message.body
    assert meeting.get_absolute_url() in message.body


def test_a_meeting_too_far_ahead_gets_no_pack_yet():
    now = timezone.now()
    meeting = factories.MeetingFactory(starts_at=now + datetime.timedelta(days=10))
    p.AgendaItem.objects.create(
        meeting=meeting, title="Family hubs", initiative=factories.InitiativeFactory()
    )
    factories.SubscriptionFactory(scope="committee", committee=meeting.committee)
    assert occasions.send_meeting_packs(now=now) == 0


def test_owners_of_a_stale_initiative_are_reminded_once_per_period():
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    owner = factories.UserFactory(email="owner@castlebridge.example")
    no_email = factories.UserFactory(email="")
    initiative.owners.add(owner, no_email)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=100)
    )
    assert occasions.send_stale_reminders() == 1
    assert occasions.send_stale_reminders() == 0
    assert mail.outbox[0].to == ["owner@castlebridge.example"]
    assert "Family hub outreach" in mail.outbox[0].body
    # Another period without an update: a second reminder.
    later = timezone.now() + datetime.timedelta(days=90)
    assert occasions.send_stale_reminders(now=later) == 1


def test_one_click_unsubscribe_from_an_email_stops_the_next_email(
    client, django_capture_on_commit_callbacks
):
    from urllib.parse import urlsplit

    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory(scope="initiative", initiative=initiative)
    with django_capture_on_commit_callbacks(execute=True):
        change(initiative)
    assert len(mail.outbox) == 1
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = urlsplit(header.strip("<>")).path
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        change(initiative, to="under_scrutiny")
    assert len(mail.outbox) == 1
