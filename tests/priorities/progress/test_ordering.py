"""A published update sets the initiative's progress and RAG only when it is the latest."""

import datetime

import pytest

from priorities import models as p
from priorities.services import record_publish
from tests.priorities.progress.conftest import officer, post

pytestmark = pytest.mark.django_db


def test_an_older_update_approved_late_does_not_overwrite_a_newer_one(initiative):
    editor = officer(initiative.organisation, "editor")
    publisher = officer(initiative.organisation, "publisher")
    older = post(initiative, editor, as_of=datetime.date(2026, 1, 5), rag="red", progress=10)
    newer = post(initiative, editor, as_of=datetime.date(2026, 3, 3), rag="green", progress=60)
    record_publish(record=newer, acting_user=publisher)
    record_publish(record=older, acting_user=publisher)
    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == ("green", 60)
    assert list(p.InitiativeUpdate.public_objects.newest_first()) == [newer, older]


def test_a_newer_update_published_after_an_older_one_takes_over(initiative):
    publisher = officer(initiative.organisation, "publisher")
    post(initiative, publisher, as_of=datetime.date(2026, 1, 5), rag="red", progress=10)
    post(initiative, publisher, as_of=datetime.date(2026, 3, 3), rag="green", progress=60)
    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == ("green", 60)


def test_of_two_updates_for_one_day_the_one_published_last_counts(initiative):
    editor = officer(initiative.organisation, "editor")
    publisher = officer(initiative.organisation, "publisher")
    first = post(initiative, editor, rag="red", progress=10)
    second = post(initiative, editor, rag="green", progress=60)
    record_publish(record=second, acting_user=publisher)
    record_publish(record=first, acting_user=publisher)
    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == ("red", 10)
    assert p.InitiativeUpdate.public_objects.newest_first().first() == first


def test_the_history_of_an_update_is_kept(initiative):
    editor = officer(initiative.organisation, "editor")
    update = post(initiative, editor)
    record_publish(record=update, acting_user=officer(initiative.organisation, "publisher"))
    reasons = list(update.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons[0] == ("Progress update posted",)
    assert len(reasons) == 3  # posted, submitted, published
