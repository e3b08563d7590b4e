"""Changes to published records wait for a publisher (issue 14): the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from priorities import models as p
from priorities.revisions import (
    needs_review,
    propose_edit,
    propose_status_change,
    record_status_change,
    revision_approve,
    revision_send_back,
    revision_withdraw,
)
from priorities.services import record_publish
from tests import factories

pytestmark = pytest.mark.django_db


def officer(organisation, role, username=None):
    user = factories.UserFactory(**({"username": username} if username else {}))
    factories.OfficerMembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def council():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def initiative(council):
    return factories.InitiativeFactory(organisation=council, title="Family hub outreach")


@pytest.fixture
def editor(council):
    return officer(council, p.OfficerRole.EDITOR, "eddie")


@pytest.fixture
def publisher(council):
    return officer(council, p.OfficerRole.PUBLISHER, "pat")


def test_who_must_wait(council, initiative, editor, publisher):
    assert needs_review(initiative, editor)
    assert not needs_review(initiative, publisher)
    council.second_publisher_required = True
    council.save()
    initiative.refresh_from_db()
    assert needs_review(initiative, publisher)
    draft = factories.InitiativeFactory(organisation=council, publication_state="draft")
    assert not needs_review(draft, editor)
    assert not needs_review(initiative, None)


def test_an_editors_change_stays_pending_until_approved(initiative, editor, publisher):
    revision = propose_edit(
        record=initiative,
        acting_user=editor,
        fields={"title": "Family hubs in every ward", "summary": initiative.summary},
    )
    initiative.refresh_from_db()
    assert initiative.title == "Family hub outreach"
    assert p.Initiative.public_objects.get(pk=initiative.pk).title == "Family hub outreach"
    assert revision.data["fields"] == {"title": "Family hubs in every ward"}  # only what differs
    assert revision.state == p.RevisionState.PENDING

    revision_approve(revision=revision, acting_user=publisher)

    initiative.refresh_from_db()
    assert initiative.title == "Family hubs in every ward"
    revision.refresh_from_db()
    assert (revision.state, revision.decided_by) == (p.RevisionState.APPROVED, publisher)
    latest = initiative.history.first()
    assert latest.history_user == editor
    assert "approved by" in latest.history_change_reason


def test_a_second_proposal_replaces_the_first_and_an_unchanged_one_withdraws_it(initiative, editor):
    first = propose_edit(record=initiative, acting_user=editor, fields={"title": "One"})
    second = propose_edit(record=initiative, acting_user=editor, fields={"title": "Two"})
    assert first.pk == second.pk
    assert second.data["fields"] == {"title": "Two"}
    unchanged = {"title": initiative.title}
    assert propose_edit(record=initiative, acting_user=editor, fields=unchanged) is None
    second.refresh_from_db()
    assert second.state == p.RevisionState.WITHDRAWN


def test_many_to_many_and_inline_rows_wait_too(council, initiative, editor, publisher):
    priority = factories.PriorityFactory(plan=factories.PlanFactory(organisation=council))
    milestone = p.Milestone.objects.create(
        initiative=initiative, title="Open the first hub", due_date=datetime.date(2026, 9, 1)
    )
    revision = propose_edit(
        record=initiative,
        acting_user=editor,
        fields={},
        m2m={"priorities": [priority.pk]},
        parts=[
            {
                "model": "priorities.milestone",
                "fk": "initiative",
                "id": milestone.pk,
                "delete": False,
                "fields": {"title": "Open the first two hubs"},
            },
            {
                "model": "priorities.milestone",
                "fk": "initiative",
                "id": None,
                "delete": False,
                "fields": {"title": "Evaluate", "due_date": datetime.date(2027, 3, 1)},
            },
        ],
    )
    assert list(initiative.priorities.all()) == []
    milestone.refresh_from_db()
    assert milestone.title == "Open the first hub"

    revision_approve(revision=revision, acting_user=publisher)

    assert list(initiative.priorities.all()) == [priority]
    assert sorted(initiative.milestones.values_list("title", flat=True)) == [
        "Evaluate",
        "Open the first two hubs",
    ]


def test_only_a_publisher_approves_and_a_second_publisher_is_another_one(
    council, initiative, editor, publisher
):
    revision = propose_edit(record=initiative, acting_user=editor, fields={"title": "New"})
    with pytest.raises(PermissionDenied):
        revision_approve(revision=revision, acting_user=editor)
    outsider = officer(factories.OrganisationFactory(), p.OfficerRole.PUBLISHER)
    with pytest.raises(PermissionDenied):
        revision_approve(revision=revision, acting_user=outsider)

    council.second_publisher_required = True
    council.save()
    own = propose_edit(record=initiative, acting_user=publisher, fields={"title": "Newer"})
    assert own.pk == revision.pk  # one pending edit per record
    with pytest.raises(PermissionDenied):
        revision_approve(revision=own, acting_user=publisher)
    other = officer(council, p.OfficerRole.PUBLISHER, "penny")
    revision_approve(revision=own, acting_user=other)
    initiative.refresh_from_db()
    assert initiative.title == "Newer"


def test_sending_back_needs_a_comment_and_changes_nothing(initiative, editor, publisher):
    revision = propose_edit(record=initiative, acting_user=editor, fields={"title": "New"})
    with pytest.raises(ValidationError):
        revision_send_back(revision=revision, acting_user=publisher, comment=" ")
    revision_send_back(revision=revision, acting_user=publisher, comment="Keep the old name.")
    revision.refresh_from_db()
    assert (revision.state, revision.comment) == (p.RevisionState.SENT_BACK, "Keep the old name.")
    initiative.refresh_from_db()
    assert initiative.title == "Family hub outreach"
    with pytest.raises(ValidationError):
        revision_approve(revision=revision, acting_user=publisher)


def test_the_author_or_a_publisher_withdraws(initiative, editor, publisher, council):
    revision = propose_edit(record=initiative, acting_user=editor, fields={"title": "New"})
    with pytest.raises(PermissionDenied):
        revision_withdraw(revision=revision, acting_user=officer(council, p.OfficerRole.EDITOR))
    revision_withdraw(revision=revision, acting_user=editor)
    revision.refresh_from_db()
    assert revision.state == p.RevisionState.WITHDRAWN


def test_an_editors_status_change_is_not_public_or_notified_until_approved(
    initiative, editor, publisher, settings
):
    factories.SubscriptionFactory(scope=p.SubscriptionScope.EVERYTHING)
    outcome = record_status_change(
        initiative=initiative,
        acting_user=editor,
        to="awaiting_scrutiny",
        reason="Goes to the committee in March.",
    )
    assert isinstance(outcome, p.Revision)
    initiative.refresh_from_db()
    assert initiative.status == "proposed"
    assert not p.StatusChange.objects.exists()
    assert not p.Notification.objects.exists()
    with pytest.raises(ValidationError, match="already waits"):
        propose_status_change(
            initiative=initiative, acting_user=editor, to="withdrawn", reason="No."
        )

    revision_approve(revision=outcome, acting_user=publisher)

    initiative.refresh_from_db()
    assert initiative.status == "awaiting_scrutiny"
    change = p.StatusChange.objects.get()
    assert change.recorded_by == editor
    assert change.reason == "Goes to the committee in March."
    assert p.Notification.objects.filter(status_change=change).count() == 1
    assert mail.outbox == [] or all("Family hub" in m.subject for m in mail.outbox)


def test_a_publishers_status_change_is_immediate_unless_a_second_publisher_is_required(
    council, initiative, publisher
):
    change = record_status_change(
        initiative=initiative, acting_user=publisher, to="awaiting_scrutiny", reason="Agenda."
    )
    assert isinstance(change, p.StatusChange)
    council.second_publisher_required = True
    council.save()
    initiative.refresh_from_db()
    held = record_status_change(
        initiative=initiative, acting_user=publisher, to="adopted", reason="Agreed."
    )
    assert isinstance(held, p.Revision)


def test_a_status_change_no_longer_allowed_when_approved_is_refused(initiative, editor, publisher):
    revision = propose_status_change(
        initiative=initiative, acting_user=editor, to="adopted", reason="Agreed."
    )
    record_status_change(
        initiative=initiative, acting_user=publisher, to="withdrawn", reason="Stopped."
    )
    with pytest.raises(ValidationError):
        revision_approve(revision=revision, acting_user=publisher)
    revision.refresh_from_db()
    assert revision.state == p.RevisionState.PENDING


def test_a_draft_changes_at_once_and_cannot_take_a_revision(council, editor):
    draft = factories.InitiativeFactory(organisation=council, publication_state="draft")
    with pytest.raises(ValidationError):
        propose_edit(record=draft, acting_user=editor, fields={"title": "X"})
    change = record_status_change(
        initiative=draft, acting_user=editor, to="awaiting_scrutiny", reason="Ready."
    )
    assert isinstance(change, p.StatusChange)
    record_publish(record=draft, acting_user=officer(council, p.OfficerRole.PUBLISHER))


def test_line_endings_a_browser_posts_are_not_a_change(initiative, editor):
    initiative.summary = "First paragraph.\n\nSecond paragraph."
    initiative.save()
    revision = propose_edit(
        record=initiative,
        acting_user=editor,
        fields={"title": "New", "summary": "First paragraph.\r\n\r\nSecond paragraph."},
    )
    assert revision.data["fields"] == {"title": "New"}


def test_approving_refuses_to_undo_a_publishers_later_correction(initiative, editor, publisher):
    revision = propose_edit(
        record=initiative, acting_user=editor, fields={"title": "New", "progress": 40}
    )
    initiative.title = "Corrected by a publisher"
    initiative.save()
    with pytest.raises(ValidationError, match="has changed since this change was proposed"):
        revision_approve(revision=revision, acting_user=publisher)
    initiative.refresh_from_db()
    assert (initiative.title, initiative.progress) == ("Corrected by a publisher", 0)


def test_a_later_edit_of_other_fields_does_not_block_approval(initiative, editor, publisher):
    revision = propose_edit(record=initiative, acting_user=editor, fields={"progress": 40})
    initiative.summary = "A publisher's correction."
    initiative.save()
    revision_approve(revision=revision, acting_user=publisher)
    initiative.refresh_from_db()
    assert (initiative.summary, initiative.progress) == ("A publisher's correction.", 40)


def test_everyone_who_shaped_a_waiting_change_is_kept(council, initiative, editor):
    other = officer(council, p.OfficerRole.EDITOR, "erin")
    propose_edit(record=initiative, acting_user=editor, fields={"progress": 40})
    revision = propose_edit(
        record=initiative, acting_user=other, fields={"progress": 40, "title": "New"}
    )
    assert revision.data["contributors"] == [editor.pk, other.pk]
    assert revision.proposed_by == other
