"""A meeting's page says when its agenda was published only once that time has passed: a time
an officer set ahead is not "Published" yet."""

import datetime

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def meeting_page(client, agenda_published_at):
    meeting = factories.MeetingFactory(
        starts_at=timezone.now() + datetime.timedelta(days=20),
        agenda_published_at=agenda_published_at,
    )
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return meeting, response.content.decode()


def test_an_agenda_published_in_the_past_says_so(client):
    when = timezone.now() - datetime.timedelta(days=2)
    meeting, content = meeting_page(client, when)
    assert meeting.agenda_is_published
    assert f"Published {timezone.localtime(when):%-d %B %Y}" in content


def test_an_agenda_publication_time_still_to_come_is_not_published(client):
    when = timezone.now() + datetime.timedelta(days=10)
    meeting, content = meeting_page(client, when)
    assert not meeting.agenda_is_published
    assert f"Published {timezone.localtime(when):%-d %B %Y}" not in content
    assert "the meeting’s report shows where each item stood that day" not in content


def test_no_publication_time_is_not_published():
    assert not factories.MeetingFactory(agenda_published_at=None).agenda_is_published
