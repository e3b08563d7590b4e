"""The round's admin page: who has updated, who has not, what waits for review; opening and
closing through a confirmation; editors look but do not act; other organisations see nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from priorities import models as p
from tests import factories
from tests.priorities.rounds.conftest import officer, post_update

pytestmark = pytest.mark.django_db


def change_url(update_round):
    return reverse("admin:priorities_updateround_change", args=[update_round.pk])


def open_url(update_round):
    return reverse("admin:priorities_updateround_open", args=[update_round.pk])


def close_url(update_round):
    return reverse("admin:priorities_updateround_close", args=[update_round.pk])


def test_a_publisher_prepares_a_round(client, world):
    client.force_login(world.publisher)
    response = client.post(
        reverse("admin:priorities_updateround_add"),
        {
            "organisation": world.organisation.pk,
            "plan": world.plan.pk,
            "name": "Quarter 4 2026–27",
            "due_on": "2027-04-15",
            "reminder_days": "5",
        },
    )
    created = p.UpdateRound.objects.get(name="Quarter 4 2026–27")
    assert response.status_code == 302 and response["Location"] == change_url(created)
    assert created.plan == world.plan and created.reminder_days == 5
    assert created.opened_at is None


def test_a_round_for_another_organisations_plan_is_refused(client, world):
    client.force_login(world.publisher)
    other_plan = factories.PlanFactory(title="Another council's plan")
    response = client.post(
        reverse("admin:priorities_updateround_add"),
        {
            "organisation": world.organisation.pk,
            "plan": other_plan.pk,
            "name": "Wrong plan",
            "due_on": "2027-04-15",
            "reminder_days": "3",
        },
    )
    assert response.status_code == 200
    # Another council's plan is not even among the choices.
    assert "Select a valid choice." in response.content.decode()
    assert not p.UpdateRound.objects.filter(name="Wrong plan").exists()


def test_opening_asks_for_confirmation_then_opens_and_says_so(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.publisher)
    page = client.get(change_url(world.round)).content.decode()
    assert f'href="{open_url(world.round)}"' in page
    assert "Not updated yet (4)" in page

    confirmation = client.get(open_url(world.round))
    assert confirmation.status_code == 200
    text = confirmation.content.decode()
    assert "Open the round “Quarter 3 2026–27”?" in text
    assert "csrfmiddlewaretoken" in text
    world.round.refresh_from_db()
    assert world.round.opened_at is None  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_url(world.round), follow=True)
    world.round.refresh_from_db()
    assert world.round.is_open and world.round.opened_by == world.publisher
    assert "is open. 3 owners are being emailed" in response.content.decode()
    assert len(mail.outbox) == 3


def test_the_page_shows_who_has_updated_and_what_waits(client, world):
    world.round.opened_at = world.round.created_at
    world.round.save()
    updated = post_update(world.early_help, world.round)
    waiting = post_update(world.family_hubs, world.round, state=p.PublicationState.IN_REVIEW)
    client.force_login(world.editor)
    page = client.get(change_url(world.round)).content.decode()
    assert "Waiting for review (1)" in page
    assert "Not updated yet (2)" in page
    assert "Updated (1)" in page
    # An editor may not approve: the update waits for a publisher, with no link to review it.
    assert reverse("admin:priorities_initiativeupdate_change", args=[waiting.pk]) not in page
    assert "Waiting for a publisher" in page
    assert reverse("admin:priorities_initiativeupdate_change", args=[updated.pk]) in page
    add = reverse("admin:priorities_initiativeupdate_add")
    assert f"{add}?initiative={world.youth_centres.pk}&amp;round={world.round.pk}" in page
    # An editor sees the round, but no button to close it.
    assert close_url(world.round) not in page


def test_an_editor_may_not_open_or_close(client, world):
    client.force_login(world.editor)
    assert client.get(open_url(world.round)).status_code == 403
    assert client.post(open_url(world.round)).status_code == 403
    world.round.refresh_from_db()
    assert world.round.opened_at is None
    assert client.get(change_url(world.round)).status_code == 200
    response = client.post(change_url(world.round), {"name": "Renamed"})
    assert response.status_code == 403


def test_another_organisations_publisher_finds_no_round(client, world):
    stranger = officer("olu", factories.OrganisationFactory(), p.OfficerRole.PUBLISHER)
    client.force_login(stranger)
    assert client.get(change_url(world.round)).status_code == 404
    assert client.post(open_url(world.round)).status_code == 404
    listing = client.get(reverse("admin:priorities_updateround_changelist")).content.decode()
    assert "Quarter 3 2026–27" not in listing


def test_a_refused_step_says_why(client, world):
    client.force_login(world.publisher)
    response = client.post(close_url(world.round), follow=True)
    assert "This round is not open yet: open it first." in response.content.decode()


def test_closing_then_downloading_the_report(client, world):
    client.force_login(world.publisher)
    client.post(open_url(world.round))
    post_update(world.early_help, world.round, narrative="Twelve schools host workers.")
    page = client.get(change_url(world.round)).content.decode()
    assert f'href="{close_url(world.round)}"' in page
    assert "Close the round" in client.get(close_url(world.round)).content.decode()
    response = client.post(close_url(world.round), follow=True)
    text = response.content.decode()
    assert "is closed. Its report is being built" in text
    world.round.refresh_from_db()
    assert world.round.closed_at is not None
    report = reverse("admin:priorities_updateround_report", args=[world.round.pk, "csv"])
    assert report in text
    download = client.get(report)
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    assert "Twelve schools host workers." in download.content.decode("utf-8-sig")
    # Closed: the round is a record now, no longer changed.
    assert close_url(world.round) not in text
    assert client.post(change_url(world.round), {"name": "Renamed"}).status_code == 403


def test_a_reports_expired_build_is_made_again_on_download(client, world):
    client.force_login(world.publisher)
    client.post(open_url(world.round))
    client.post(close_url(world.round))
    p.ReportExport.objects.all().delete()
    download = client.get(
        reverse("admin:priorities_updateround_report", args=[world.round.pk, "pdf"])
    )
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_no_report_before_the_round_closes(client, world):
    client.force_login(world.publisher)
    url = reverse("admin:priorities_updateround_report", args=[world.round.pk, "pdf"])
    assert client.get(url).status_code == 404
