"""The initiative's public page: its latest published update, how current it is, and the
contradictions it states as facts. The public never sees an unpublished update."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from priorities import models as p
from priorities.services import record_publish
from tests import factories
from tests.priorities.progress.conftest import officer, post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = unescape(response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def day(value):
    return f"{value.day} {value:%B %Y}"


def test_the_page_shows_the_latest_published_update_and_when(client, initiative):
    publisher = officer(initiative.organisation, "publisher")
    as_of = TODAY - datetime.timedelta(days=10)
    post(initiative, publisher, as_of=as_of - datetime.timedelta(days=80), narrative="Old news.")
    post(
        initiative,
        publisher,
        as_of=as_of,
        narrative="Two family hubs opened in March.",
        progress=40,
        rag="amber",
        rag_reason="Recruitment of outreach workers is behind.",
    )
    page = text(client, initiative.get_absolute_url())
    assert f"Last updated {day(as_of)}" in page
    assert "Latest update" in page
    assert f"As of {day(as_of)}" in page
    assert "Two family hubs opened in March." in page
    assert "40% complete" in page
    assert "Amber: at risk" in page
    assert "Recruitment of outreach workers is behind." in page
    assert "Old news." not in page
    assert "Not updated since" not in page


def test_an_update_in_review_is_not_on_the_page(client, initiative):
    post(initiative, officer(initiative.organisation, "editor"), narrative="Not yet approved.")
    page = text(client, initiative.get_absolute_url())
    assert "Not yet approved." not in page
    assert "Latest update" not in page
    assert "Last changed" in page
    assert "No progress update has been published yet." in page


def test_a_sent_back_or_archived_update_is_not_on_the_page(client, initiative):
    from priorities.services import record_archive, record_send_back

    publisher = officer(initiative.organisation, "publisher")
    sent_back = post(initiative, officer(initiative.organisation, "editor"), narrative="Redo.")
    record_send_back(record=sent_back, acting_user=publisher, comment="Say more.")
    archived = post(initiative, publisher, narrative="Withdrawn words.")
    record_archive(record=archived, acting_user=publisher)
    page = text(client, initiative.get_absolute_url())
    assert "Redo." not in page and "Withdrawn words." not in page


def test_an_initiative_not_updated_for_its_organisations_threshold_says_so(client, initiative):
    as_of = TODAY - datetime.timedelta(days=100)
    post(initiative, officer(initiative.organisation, "publisher"), as_of=as_of)
    page = text(client, initiative.get_absolute_url())
    assert f"Not updated since {day(as_of)}" in page
    assert "at least every 90 days" in page
    assert "Last updated" not in page
    initiative.organisation.update_threshold_days = 120
    initiative.organisation.save()
    page = text(client, initiative.get_absolute_url())
    assert f"Last updated {day(as_of)}" in page
    assert "Not updated since" not in page


def test_without_an_update_the_last_change_counts_and_the_page_says_what_it_is(client, initiative):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(updated_at=long_ago)
    page = text(client, initiative.get_absolute_url())
    assert f"Not updated since {day(timezone.localdate(long_ago))}" in page
    assert (
        "No progress update has been published; the date is when the initiative last changed."
        in page
    )


def test_green_with_an_overdue_milestone_is_pointed_out(client, initiative):
    post(initiative, officer(initiative.organisation, "publisher"), rag="green", rag_reason="")
    p.Milestone.objects.create(
        initiative=initiative, title="Open the third hub", due_date=datetime.date(2026, 1, 31)
    )
    p.Milestone.objects.create(
        initiative=initiative,
        title="Train the outreach team",
        due_date=datetime.date(2025, 1, 31),
        completed_on=datetime.date(2025, 1, 20),
    )
    page = text(client, initiative.get_absolute_url())
    assert "Points to note" in page
    assert (
        "The RAG rating is green (on track), but 1 milestone is overdue: "
        "“Open the third hub” (due 31 January 2026)." in page
    )
    assert "Train the outreach team” (due" not in page


def test_a_target_that_has_not_moved_from_its_baseline_is_pointed_out(client, initiative):
    p.Target.objects.create(
        initiative=initiative,
        description="Families reached by outreach",
        unit="families",
        baseline_value=Decimal("120"),
        baseline_date=datetime.date(2025, 4, 1),
        target_value=Decimal("400"),
        current_value=Decimal("120"),
        current_value_date=datetime.date(2026, 3, 1),
    )
    page = text(client, initiative.get_absolute_url())
    assert (
        "“Families reached by outreach”: the latest value, 120 families (at 1 March 2026), "
        "has not moved from the baseline (at 1 April 2025)." in page
    )


def test_nothing_to_note_shows_no_such_section(client, initiative):
    assert "Points to note" not in text(client, initiative.get_absolute_url())


def test_the_page_runs_the_same_queries_with_one_update_or_many(client, initiative):
    publisher = officer(initiative.organisation, "publisher")
    post(initiative, publisher, as_of=TODAY - datetime.timedelta(days=40))
    url = initiative.get_absolute_url()
    client.get(url)  # the first request warms caches a later one finds warm
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for days in range(1, 6):
        post(initiative, publisher, as_of=TODAY - datetime.timedelta(days=days))
        post(initiative, officer(initiative.organisation, "editor"), narrative=f"Pending {days}")
        p.Milestone.objects.create(initiative=initiative, title=f"M {days}", due_date=TODAY)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_an_officer_previews_an_update_in_review_and_the_public_cannot(client, initiative):
    editor = officer(initiative.organisation, "editor")
    update = post(initiative, editor, narrative="Preview me.")
    preview = f"/preview/priorities/initiativeupdate/{update.pk}/"
    response = client.get(preview)
    assert response.status_code in (302, 403, 404)
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    page = text(client, preview)
    assert "Preview me." in page
    # The summary too shows the progress and rating as they will be once it is published.
    assert page.count("Amber: at risk") == 2
    assert page.count("40% complete") == 2
    assert "the public does not see it yet" in page
    client.logout()
    assert "Preview me." not in text(client, initiative.get_absolute_url())


def test_another_organisations_officer_cannot_preview_an_update(client, initiative):
    update = post(initiative, officer(initiative.organisation, "editor"), narrative="Secret.")
    outsider = officer(factories.OrganisationFactory(), "publisher")
    client.force_login(outsider)
    assert client.get(f"/preview/priorities/initiativeupdate/{update.pk}/").status_code == 404


def test_a_published_update_appears_once_a_publisher_approves_it(client, initiative):
    update = post(initiative, officer(initiative.organisation, "editor"), narrative="Approve me.")
    url = initiative.get_absolute_url()
    assert "Approve me." not in text(client, url)
    record_publish(record=update, acting_user=officer(initiative.organisation, "publisher"))
    assert "Approve me." in text(client, url)


def test_without_an_update_the_last_status_change_counts_and_is_named(client, initiative):
    changed = timezone.now() - datetime.timedelta(days=30)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        status_changed_at=changed, published_at=changed + datetime.timedelta(days=1)
    )
    page = text(client, initiative.get_absolute_url())
    assert f"Last status change {day(timezone.localdate(changed))}" in page
    old = timezone.now() - datetime.timedelta(days=400)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(status_changed_at=old)
    page = text(client, initiative.get_absolute_url())
    assert f"Not updated since {day(timezone.localdate(old))}" in page
    assert "the date is that of the initiative’s last status change" in page


def test_without_an_update_or_status_change_the_publication_day_counts(client, initiative):
    published = timezone.now() - datetime.timedelta(days=20)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        status_changed_at=None, published_at=published
    )
    page = text(client, initiative.get_absolute_url())
    assert f"Published {day(timezone.localdate(published))}" in page
