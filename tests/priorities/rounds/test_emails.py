"""The round's emails: one to each owner when it opens, one reminder to those still outstanding
a few days before the deadline, each sent once however often the tasks run."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from priorities import models as p
from priorities.rounds import emails, tasks
from priorities.rounds.services import round_close, round_open
from tests.priorities.rounds.conftest import make_round, post_update

pytestmark = pytest.mark.django_db


def by_recipient(messages):
    return {message.to[0].split("@")[0]: message for message in messages}


def test_each_owner_gets_one_email_listing_all_their_initiatives(world, settings):
    settings.PORTAL_BASE_URL = "https://portal.example"
    world.round.opened_at = timezone.now()
    world.round.save()
    sent = tasks.send_round_opened_emails(world.round.pk)
    assert sent == 3
    sent_again = tasks.send_round_opened_emails(world.round.pk)
    assert sent_again == 0
    assert len(mail.outbox) == 3

    messages = by_recipient(mail.outbox)
    amara = messages["amara"]
    assert "Quarter 3 2026–27" in amara.subject
    text = amara.body
    due = f"{world.round.due_on:%-d %B %Y}"
    assert due in text
    assert "Early help in every school" in text and "Family hubs" in text
    assert "Youth centres" not in text and "School places" not in text
    assert "Finished work" not in text
    link = emails.post_update_url(world.early_help, world.round)
    assert link.startswith("https://portal.example/admin/")
    assert link in text
    html = amara.alternatives[0][0]
    assert link.replace("&", "&amp;") in html and "Family hubs" in html
    assert {"Youth centres", "Family hubs"} <= set(
        line.strip("- ").split(":")[0] for line in messages["ben"].body.splitlines()
    )
    assert p.Delivery.objects.filter(kind=p.DeliveryKind.ROUND_OPENED).count() == 3


def test_an_owner_without_an_address_or_inactive_gets_nothing(world):
    world.round.opened_at = timezone.now()
    world.round.save()
    world.amara.email = ""
    world.amara.save()
    world.ben.is_active = False
    world.ben.save()
    assert tasks.send_round_opened_emails(world.round.pk) == 1
    assert [message.to for message in mail.outbox] == [["chidi@castlebridge.example"]]


def test_a_prepared_or_closed_round_sends_no_opening_email(world):
    assert tasks.send_round_opened_emails(world.round.pk) == 0
    round_open(update_round=world.round, acting_user=world.publisher)
    mail.outbox.clear()
    p.Delivery.objects.all().delete()
    round_close(update_round=world.round, acting_user=world.publisher)
    assert tasks.send_round_opened_emails(world.round.pk) == 0
    assert mail.outbox == []


def opened_round(world, due_in_days=3):
    world.round.due_on = timezone.localdate() + datetime.timedelta(days=due_in_days)
    world.round.opened_at = timezone.now() - datetime.timedelta(days=20)
    world.round.save()
    return world.round


def test_reminders_go_once_to_the_owners_still_outstanding(world):
    update_round = opened_round(world, due_in_days=3)
    post_update(world.early_help, update_round)
    post_update(world.family_hubs, update_round, state=p.PublicationState.IN_REVIEW)
    post_update(world.youth_centres, update_round)

    assert emails.send_round_reminders() == 1
    assert emails.send_round_reminders() == 0
    assert [message.to for message in mail.outbox] == [["chidi@castlebridge.example"]]
    reminder = mail.outbox[0]
    assert "School places" in reminder.body and "Libraries" not in reminder.body
    assert "reminder" in reminder.subject.lower()
    assert f"{update_round.due_on:%-d %B %Y}" in reminder.body
    assert p.Delivery.objects.filter(kind=p.DeliveryKind.ROUND_REMINDER).count() == 1


def test_an_owner_with_some_initiatives_outstanding_is_reminded_of_those_only(world):
    update_round = opened_round(world)
    post_update(world.early_help, update_round)
    emails_sent = emails.send_round_reminders()
    assert emails_sent == 3
    amara = by_recipient(mail.outbox)["amara"]
    assert "Family hubs" in amara.body and "Early help in every school" not in amara.body


def test_no_reminder_before_the_window_or_after_closing(world):
    update_round = opened_round(world, due_in_days=4)
    now = timezone.now()
    assert emails.send_round_reminders(now) == 0  # reminder_days is 3
    assert emails.send_round_reminders(now + datetime.timedelta(days=1)) == 3
    mail.outbox.clear()
    p.Delivery.objects.all().delete()
    update_round.closed_at = now
    update_round.save()
    assert emails.send_round_reminders(now + datetime.timedelta(days=2)) == 0


def test_no_reminder_for_a_prepared_round_or_on_the_day_it_opens(world):
    world.round.due_on = timezone.localdate() + datetime.timedelta(days=2)
    world.round.save()
    assert emails.send_round_reminders() == 0
    world.round.opened_at = timezone.now()
    world.round.save()
    assert emails.send_round_reminders() == 0
    assert emails.send_round_reminders(timezone.now() + datetime.timedelta(days=1)) == 3


def test_each_round_reminds_its_own_owners(world):
    opened_round(world)
    other = make_round(world.organisation, name="Libraries round", due_on=world.round.due_on)
    other.opened_at = world.round.opened_at
    other.save()
    # The whole organisation: Chidi's two initiatives, Amara's and Ben's.
    assert emails.send_round_reminders() == 6
    chidi = [m for m in mail.outbox if m.to == ["chidi@castlebridge.example"]]
    assert len(chidi) == 2
    assert any("Libraries for families" in m.body for m in chidi)


def test_beat_sends_the_opening_emails_a_lost_task_did_not(world):
    """Opened while Redis was down: beat's reminder task sends the opening emails, once."""
    update_round = opened_round(world, due_in_days=10)
    assert tasks.send_round_reminders() == 3
    assert tasks.send_round_reminders() == 0
    assert all("please update" in message.subject for message in mail.outbox)
    assert len(mail.outbox) == 3
    assert update_round.is_open
