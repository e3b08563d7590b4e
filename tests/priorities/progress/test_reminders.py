"""Owners are reminded when an initiative has not been updated for its organisation's threshold:
the latest published update counts, or the initiative's last change when it has none."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from priorities import models as p
from priorities.notifications import occasions
from priorities.selectors import initiatives_due_a_reminder
from tests import factories
from tests.priorities.progress.conftest import officer, post

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def owned(initiative, *, changed_days_ago):
    owner = factories.UserFactory(email=f"owner{initiative.pk}@castlebridge.example")
    initiative.owners.add(owner)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        updated_at=NOW - datetime.timedelta(days=changed_days_ago)
    )
    return owner


def test_a_recent_published_update_spares_an_initiative_that_has_not_changed(initiative):
    post(
        initiative,
        officer(initiative.organisation, "publisher"),
        as_of=TODAY - datetime.timedelta(days=10),
    )
    owned(initiative, changed_days_ago=200)
    assert initiatives_due_a_reminder(now=NOW) == []


def test_an_old_update_makes_an_initiative_due_though_it_changed_recently(initiative):
    post(
        initiative,
        officer(initiative.organisation, "publisher"),
        as_of=TODAY - datetime.timedelta(days=95),
    )
    owned(initiative, changed_days_ago=1)  # publishing the update saved it
    (due,) = initiatives_due_a_reminder(now=NOW)
    assert due == initiative
    assert due.last_updated.by_update
    assert due.last_updated.on == TODAY - datetime.timedelta(days=95)


def test_an_update_waiting_for_review_does_not_count(initiative):
    owned(initiative, changed_days_ago=100)
    post(initiative, officer(initiative.organisation, "editor"), as_of=TODAY)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        updated_at=NOW - datetime.timedelta(days=100)
    )
    assert initiatives_due_a_reminder(now=NOW) == [initiative]


def test_each_organisation_has_its_own_threshold():
    strict = factories.OrganisationFactory(update_threshold_days=30)
    relaxed = factories.OrganisationFactory(update_threshold_days=180)
    in_strict = factories.InitiativeFactory(organisation=strict)
    in_relaxed = factories.InitiativeFactory(organisation=relaxed)
    owned(in_strict, changed_days_ago=45)
    owned(in_relaxed, changed_days_ago=120)
    assert initiatives_due_a_reminder(now=NOW) == [in_strict]


def test_the_reminder_names_the_last_update_and_links_to_posting_one(initiative):
    as_of = TODAY - datetime.timedelta(days=100)
    post(initiative, officer(initiative.organisation, "publisher"), as_of=as_of)
    owner = owned(initiative, changed_days_ago=1)
    assert occasions.send_stale_reminders(now=NOW) == 1
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert f"has not been updated since {as_of.day} {as_of:%B %Y}" in message.body
    assert "the date of its latest published progress update" in message.body
    assert "at least every 90 days" in message.body
    assert f"/admin/priorities/initiativeupdate/add/?initiative={initiative.pk}" in message.body
    html = message.alternatives[0][0]
    assert f"initiativeupdate/add/?initiative={initiative.pk}" in html


def test_reminders_go_once_per_period_and_a_new_update_starts_the_count_again(initiative):
    publisher = officer(initiative.organisation, "publisher")
    post(initiative, publisher, as_of=TODAY - datetime.timedelta(days=100))
    owned(initiative, changed_days_ago=1)
    assert occasions.send_stale_reminders(now=NOW) == 1
    assert occasions.send_stale_reminders(now=NOW) == 0
    assert occasions.send_stale_reminders(now=NOW + datetime.timedelta(days=30)) == 0
    # Another whole threshold without an update: the second period's reminder.
    assert occasions.send_stale_reminders(now=NOW + datetime.timedelta(days=90)) == 1
    assert occasions.send_stale_reminders(now=NOW + datetime.timedelta(days=95)) == 0
    # A new update: nothing until it is itself too old, then one reminder again.
    post(initiative, publisher, as_of=TODAY)
    assert occasions.send_stale_reminders(now=NOW + datetime.timedelta(days=60)) == 0
    assert occasions.send_stale_reminders(now=NOW + datetime.timedelta(days=91)) == 1
    assert len(mail.outbox) == 3


def test_without_an_update_the_reminder_says_the_initiative_last_changed_then(initiative):
    owned(initiative, changed_days_ago=120)
    assert occasions.send_stale_reminders(now=NOW) == 1
    changed = timezone.localdate(NOW - datetime.timedelta(days=120))
    body = mail.outbox[0].body
    assert f"has not been updated since {changed.day} {changed:%B %Y}" in body
    assert "it has no published progress update, and it last changed that day" in body
    assert f'now says "Not updated since {changed.day} {changed:%B %Y}"' in body


def test_without_an_update_the_reminder_names_the_last_status_change(initiative):
    owned(initiative, changed_days_ago=1)
    changed = NOW - datetime.timedelta(days=120)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(status_changed_at=changed)
    assert occasions.send_stale_reminders(now=NOW) == 1
    day = timezone.localdate(changed)
    body = mail.outbox[0].body
    assert f"has not been updated since {day.day} {day:%B %Y}" in body
    assert "it has no published progress update, and its status last changed that day" in body
