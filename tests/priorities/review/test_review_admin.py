"""Review where the record is (issue 14): the change form holds an editor's change to a published
record, shows it to publishers as a diff, and offers each review step as a confirmed button."""

import pytest

from priorities import models as p
from tests import factories
from tests.priorities.admin.test_admin_editing import (
    admin_url,
    client_for,
    form_data,
    message_texts,
    officer,
    version_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def initiative(council):
    return factories.InitiativeFactory(organisation=council, title="Family hub outreach")


@pytest.fixture
def editor(council):
    return officer(council, "eddie")


@pytest.fixture
def publisher(council):
    return officer(council, "pat", role=p.OfficerRole.PUBLISHER)


def edit(client, record, **changes):
    page = client.get(admin_url(record, "change"))
    data = form_data(page)
    data.update(changes)
    return client.post(admin_url(record, "change"), data)


def test_an_editors_save_of_a_published_record_is_held_and_the_public_sees_the_old_one(
    client, initiative, editor
):
    response = edit(client_for(editor), initiative, title="Family hubs everywhere")

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Family hub outreach"
    revision = p.Revision.objects.get()
    assert revision.data["fields"] == {"title": "Family hubs everywhere"}
    waits = "waits for a publisher of Castlebridge Council"
    assert any(waits in m for m in message_texts(response))
    public = client.get(initiative.get_absolute_url()).content.decode()
    assert "Family hub outreach" in public
    assert "Family hubs everywhere" not in public


def test_the_editor_carries_on_from_the_pending_version(initiative, editor):
    client = client_for(editor)
    edit(client, initiative, title="Family hubs everywhere")
    page = client.get(admin_url(initiative, "change"))
    assert page.context["adminform"].form.initial["title"] == "Family hubs everywhere"
    assert "Your changes to this published record wait for a publisher" in page.content.decode()


def test_a_publisher_sees_the_diff_and_approves_it_from_the_record(initiative, editor, publisher):
    edit(client_for(editor), initiative, title="Family hubs everywhere")
    revision = p.Revision.objects.get()
    client = client_for(publisher)

    page = client.get(admin_url(initiative, "change")).content.decode()
    assert "Waiting for approval" in page
    assert "Family hubs everywhere" in page
    approve = admin_url(initiative, "review_step", initiative.pk, "approve-change")
    assert f"{approve}?revision={revision.pk}" in page

    confirm = client.get(approve, {"revision": revision.pk})
    assert confirm.status_code == 200
    assert "Approve this change" in confirm.content.decode()
    done = client.post(approve, {"revision": revision.pk, "comment": ""})

    assert done.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Family hubs everywhere"
    messages = message_texts(done)
    assert any(initiative.get_absolute_url() in m for m in messages)


def test_a_publisher_sends_back_with_a_comment_the_editor_then_reads(initiative, editor, publisher):
    edit(client_for(editor), initiative, title="Family hubs everywhere")
    revision = p.Revision.objects.get()
    url = admin_url(initiative, "review_step", initiative.pk, "send-back-change")
    refused = client_for(publisher).post(url, {"revision": revision.pk, "comment": ""})
    assert refused.status_code == 200
    assert "Say what needs to change" in refused.content.decode()
    client_for(publisher).post(url, {"revision": revision.pk, "comment": "Keep the name."})
    revision.refresh_from_db()
    assert revision.state == p.RevisionState.SENT_BACK
    page = client_for(editor).get(admin_url(initiative, "change")).content.decode()
    assert "Keep the name." in page


def test_an_editor_cannot_approve_even_by_posting(initiative, editor):
    edit(client_for(editor), initiative, title="Family hubs everywhere")
    revision = p.Revision.objects.get()
    page = client_for(editor).get(admin_url(initiative, "change")).content.decode()
    assert "approve-change" not in page
    url = admin_url(initiative, "review_step", initiative.pk, "approve-change")
    answer = client_for(editor).post(url, {"revision": revision.pk})
    assert "Only a publisher" in answer.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "Family hub outreach"


def test_publish_and_archive_are_buttons_with_a_confirmation(council, publisher):
    draft = factories.InitiativeFactory(organisation=council, publication_state="draft")
    client = client_for(publisher)
    page = client.get(admin_url(draft, "change")).content.decode()
    publish = admin_url(draft, "review_step", draft.pk, "publish")
    assert publish in page
    assert "Publish “" in client.get(publish).content.decode()
    draft.refresh_from_db()
    assert draft.publication_state == "draft"  # a GET only asks

    done = client.post(publish, {"comment": ""})
    draft.refresh_from_db()
    assert draft.publication_state == "published"
    assert any("See it on the public site" in m for m in message_texts(done))

    archive = admin_url(draft, "review_step", draft.pk, "archive")
    assert archive in client.get(admin_url(draft, "change")).content.decode()
    client.post(archive, {"comment": "Finished."})
    draft.refresh_from_db()
    assert draft.publication_state == "archived"


def test_an_editors_status_change_in_the_admin_waits(initiative, editor, publisher):
    answer = client_for(editor).post(
        admin_url(initiative, "change_status"),
        {"opened_status": "proposed", "to": "awaiting_scrutiny", "reason": "On the agenda."},
    )
    assert answer.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "proposed"
    assert p.Revision.objects.filter(kind="status", state="pending").count() == 1
    page = client_for(publisher).get(admin_url(initiative, "change")).content.decode()
    assert "Waiting for approval: status change" in page
    assert "On the agenda." in page


def test_an_editors_revert_of_a_published_record_waits(initiative, editor):
    old = initiative.history.first()
    p.Initiative.private_objects.filter(pk=initiative.pk).update(title="Renamed")
    initiative.refresh_from_db()
    initiative._change_reason = "rename"
    initiative.save()
    client = client_for(editor)
    page = client.get(version_url(initiative, old))
    data = {"_revert": "1"}
    from priorities.admin.stale_edits import VERSION_FIELD

    data[VERSION_FIELD] = page.context.get(VERSION_FIELD) or form_token(page)
    client.post(version_url(initiative, old), data)
    initiative.refresh_from_db()
    assert initiative.title == "Renamed"
    revision = p.Revision.objects.get()
    assert revision.data["fields"]["title"] == "Family hub outreach"


def form_token(page):
    import re

    from priorities.admin.stale_edits import VERSION_FIELD

    match = re.search(rf'name="{VERSION_FIELD}" value="([^"]+)"', page.content.decode())
    return match.group(1)


def test_a_step_page_says_before_the_button_when_the_step_would_be_refused(
    initiative, editor, publisher
):
    edit(client_for(editor), initiative, title="Family hubs everywhere")
    revision = p.Revision.objects.get()
    url = admin_url(initiative, "review_step", initiative.pk, "approve-change")
    page = client_for(editor).get(url, {"revision": revision.pk}).content.decode()
    assert "Only a publisher" in page
    assert 'value="Approve the change"' not in page
    client_for(publisher).post(
        admin_url(initiative, "review_step", initiative.pk, "send-back-change"),
        {"revision": revision.pk, "comment": "No."},
    )
    page = client_for(publisher).get(url, {"revision": revision.pk}).content.decode()
    assert "no longer waiting" in page
    assert 'value="Approve the change"' not in page
    initiative.refresh_from_db()
    assert initiative.title == "Family hub outreach"  # trying the step changed nothing


def test_after_a_send_back_the_editors_form_keeps_their_change(initiative, editor, publisher):
    client = client_for(editor)
    edit(client, initiative, title="Family hubs everywhere")
    revision = p.Revision.objects.get()
    client_for(publisher).post(
        admin_url(initiative, "review_step", initiative.pk, "send-back-change"),
        {"revision": revision.pk, "comment": "Say which wards."},
    )
    page = client.get(admin_url(initiative, "change"))
    assert page.context["adminform"].form.initial["title"] == "Family hubs everywhere"
    text = page.content.decode()
    assert "holds your change that was sent back" in text
    assert "Say which wards." in text
    # The publisher's form shows the published version, and the box goes once a newer
    # change is approved.
    assert (
        client_for(publisher)
        .get(admin_url(initiative, "change"))
        .context["adminform"]
        .form.initial["title"]
        == "Family hub outreach"
    )
    edit(client, initiative, title="Family hubs in four wards")
    newer = p.Revision.objects.pending().get()
    client_for(publisher).post(
        admin_url(initiative, "review_step", initiative.pk, "approve-change"),
        {"revision": newer.pk},
    )
    assert "Say which wards." not in client.get(admin_url(initiative, "change")).content.decode()
