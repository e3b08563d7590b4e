"""A clerk's journey in Chromium: record in the admin when a meeting's agenda was published,
then download the meeting's report and find it frozen at that moment (a status change made
since is not in it)."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    Initiative,
    Meeting,
    OfficerRole,
    PublicationState,
    StatusChange,
)
from tests import factories
from tests.browser import officers
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_publishes_the_agenda_and_the_pack_keeps_the_data_of_that_day(
    as_deployed, page, browser_problems, tmp_path
):
    base = as_deployed.url
    now = timezone.now()
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    clerk = officers.make_officer("clerk", council, role=OfficerRole.EDITOR)
    meeting = factories.MeetingFactory(
        committee__organisation=council, starts_at=now + datetime.timedelta(days=7)
    )
    initiative = factories.InitiativeFactory(
        organisation=council,
        title="Family hubs in every ward",
        status=InitiativeStatus.UNDER_SCRUTINY,
        publication_state=PublicationState.PUBLISHED,
    )
    Initiative.history.model.objects.filter(id=initiative.pk).update(
        history_date=now - datetime.timedelta(days=3)
    )
    AgendaItem.objects.create(
        meeting=meeting, item_number="5", title="Family hubs", initiative=initiative
    )
    published_on = timezone.localdate(now - datetime.timedelta(days=2))

    officers.sign_in(page, base, clerk, f"/admin/priorities/meeting/{meeting.pk}/change/")
    page.locator("#id_agenda_published_at_0").fill(published_on.isoformat())
    page.locator("#id_agenda_published_at_1").fill("10:00")
    look(page, "meeting-agenda-published")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(f"{base}/admin/priorities/meeting/{meeting.pk}/change/")
    published_at = Meeting.objects.get(pk=meeting.pk).agenda_published_at
    assert timezone.localtime(published_at).date() == published_on
    assert f"{timezone.localtime(published_at):%H:%M}" == "10:00"

    # The next day, after the agenda went out, the initiative moves on.
    StatusChange.objects.create(
        initiative=initiative,
        from_status=InitiativeStatus.UNDER_SCRUTINY,
        to_status=InitiativeStatus.IN_DELIVERY,
        changed_at=now - datetime.timedelta(days=1),
        reason="Started after the agenda went out.",
    )
    Initiative.private_objects.filter(pk=initiative.pk).update(status=InitiativeStatus.IN_DELIVERY)

    page.goto(f"{base}/admin/priorities/meeting/{meeting.pk}/change/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Report: PDF").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(path.read_bytes())).pages
    )
    assert f"Data as at {published_on:%-d %B %Y}, when the agenda was published." in text
    assert "Stage 3 of 6: under scrutiny" in text
    assert "in delivery" not in text.lower()
    assert "Started after the agenda went out" not in text
    assert browser_problems == []
