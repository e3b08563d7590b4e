"""The review workflow: editors submit, publishers approve or send back, with a record of each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from priorities import models as p
from priorities.services import (
    record_archive,
    record_publish,
    record_send_back,
    record_submit_for_review,
)
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = "draft", "in_review", "published"


def officer(organisation, role):
    return factories.OfficerMembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def draft():
    return factories.InitiativeFactory(publication_state=DRAFT)


def test_an_editor_submits_and_a_publisher_publishes(draft):
    editor = officer(draft.organisation, "editor")
    publisher = officer(draft.organisation, "publisher")
    record_submit_for_review(record=draft, acting_user=editor, comment="Ready.")
    assert draft.publication_state == IN_REVIEW
    record_publish(record=draft, acting_user=publisher)
    assert draft.publication_state == PUBLISHED
    assert draft.published_at is not None
    assert p.Initiative.public_objects.filter(pk=draft.pk).exists()
    actions = list(p.ReviewEvent.objects.order_by("acted_at").values_list("action", "acted_by"))
    assert actions == [("submitted", editor.pk), ("published", publisher.pk)]


def test_an_editor_cannot_publish(draft):
    with pytest.raises(PermissionDenied):
        record_publish(record=draft, acting_user=officer(draft.organisation, "editor"))
    draft.refresh_from_db()
    assert draft.publication_state == DRAFT


def test_a_publisher_of_another_organisation_cannot_publish(draft):
    outsider = officer(factories.OrganisationFactory(), "publisher")
    with pytest.raises(PermissionDenied):
        record_publish(record=draft, acting_user=outsider)
    with pytest.raises(PermissionDenied):
        record_submit_for_review(record=draft, acting_user=outsider)


def test_sending_back_needs_a_comment_and_returns_the_record_to_draft(draft):
    publisher = officer(draft.organisation, "publisher")
    record_submit_for_review(record=draft, acting_user=officer(draft.organisation, "editor"))
    with pytest.raises(ValidationError):
        record_send_back(record=draft, acting_user=publisher, comment="  ")
    record_send_back(record=draft, acting_user=publisher, comment="Add the costs.")
    assert draft.publication_state == DRAFT
    assert p.ReviewEvent.objects.filter(action="sent_back", comment="Add the costs.").exists()


def test_a_second_publisher_is_needed_where_the_organisation_asks(draft):
    organisation = draft.organisation
    organisation.second_publisher_required = True
    organisation.save()
    author = officer(organisation, "publisher")
    draft.title = "Reworded by the author"
    draft._change_reason = "Edited"
    draft.save()
    draft.history.filter(history_change_reason="Edited").update(history_user=author)
    with pytest.raises(PermissionDenied, match="second publisher"):
        record_publish(record=draft, acting_user=author)
    record_publish(record=draft, acting_user=officer(organisation, "publisher"))
    assert draft.publication_state == PUBLISHED


def test_without_that_setting_a_publisher_may_publish_their_own_edit(draft):
    author = officer(draft.organisation, "publisher")
    draft.history.update(history_user=author)
    record_publish(record=draft, acting_user=author)
    assert draft.publication_state == PUBLISHED


def test_archiving_takes_a_record_off_the_public_site():
    published = factories.PriorityFactory()
    record_archive(record=published, acting_user=officer(published.plan.organisation, "publisher"))
    assert not p.Priority.public_objects.filter(pk=published.pk).exists()
    with pytest.raises(ValidationError):
        record_publish(
            record=published, acting_user=officer(published.plan.organisation, "publisher")
        )


def test_only_a_draft_can_be_submitted():
    published = factories.InitiativeFactory()
    with pytest.raises(ValidationError):
        record_submit_for_review(
            record=published, acting_user=officer(published.organisation, "editor")
        )
