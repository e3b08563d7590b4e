"""Posting a progress update: who may, what is checked, and how it goes through review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from priorities import models as p
from priorities.services import record_publish, record_send_back, record_submit_for_review
from tests import factories
from tests.priorities.progress.conftest import officer, post

pytestmark = pytest.mark.django_db


def review_actions(update):
    return list(
        p.ReviewEvent.objects.filter(object_id=update.pk, content_type__model="initiativeupdate")
        .order_by("acted_at", "pk")
        .values_list("action", flat=True)
    )


def test_an_editors_update_waits_in_review_and_leaves_the_initiative_alone(initiative):
    editor = officer(initiative.organisation, "editor")
    update = post(initiative, editor)
    assert update.publication_state == "in_review"
    assert update.posted_by == editor
    assert review_actions(update) == ["submitted"]
    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == ("not_rated", 0)
    assert not p.InitiativeUpdate.public_objects.exists()
    assert update.history.order_by("history_date").first().history_user == editor


def test_a_publisher_approves_an_editors_update_and_it_becomes_the_initiatives(initiative):
    update = post(initiative, officer(initiative.organisation, "editor"), rag="green", progress=55)
    publisher = officer(initiative.organisation, "publisher")
    record_publish(record=update, acting_user=publisher)
    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == ("green", 55)
    latest = initiative.history.first()
    assert latest.history_change_reason == "Progress update published"
    assert latest.history_user == publisher
    assert list(p.InitiativeUpdate.public_objects.all()) == [update]


def test_a_publishers_update_is_published_at_once(initiative):
    update = post(initiative, officer(initiative.organisation, "publisher"), progress=70)
    assert update.publication_state == "published"
    assert review_actions(update) == ["published"]
    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == ("amber", 70)


def test_with_a_second_publisher_required_a_publishers_update_waits_for_another(initiative):
    initiative.organisation.second_publisher_required = True
    initiative.organisation.save()
    author = officer(initiative.organisation, "publisher")
    update = post(initiative, author)
    assert update.publication_state == "in_review"
    with pytest.raises(PermissionDenied):
        record_publish(record=update, acting_user=author)
    record_publish(record=update, acting_user=officer(initiative.organisation, "publisher"))
    update.refresh_from_db()
    assert update.publication_state == "published"
    assert review_actions(update) == ["submitted", "published"]


def test_an_administrators_update_is_published_like_a_publishers(initiative):
    update = post(initiative, officer(initiative.organisation, "administrator"))
    assert update.publication_state == "published"


def test_an_officer_of_another_organisation_cannot_post(initiative):
    outsider = officer(factories.OrganisationFactory(), "publisher")
    with pytest.raises(PermissionDenied):
        post(initiative, outsider)
    assert not p.InitiativeUpdate.private_objects.exists()


def test_sent_back_an_update_returns_to_draft_and_can_be_submitted_again(initiative):
    editor = officer(initiative.organisation, "editor")
    publisher = officer(initiative.organisation, "publisher")
    update = post(initiative, editor)
    record_send_back(record=update, acting_user=publisher, comment="Say which hubs opened.")
    assert update.publication_state == "draft"
    record_submit_for_review(record=update, acting_user=editor)
    record_publish(record=update, acting_user=publisher)
    assert review_actions(update) == ["submitted", "sent_back", "submitted", "published"]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"as_of": timezone.localdate() + datetime.timedelta(days=1)}, "as_of"),
        ({"narrative": "   "}, "narrative"),
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"rag": "amber", "rag_reason": ""}, "rag_reason"),
        ({"rag": "red", "rag_reason": " "}, "rag_reason"),
        ({"rag": "purple"}, "rag"),
    ],
)
def test_an_update_that_does_not_hold_together_is_refused(initiative, fields, field):
    with pytest.raises(ValidationError) as refused:
        post(initiative, officer(initiative.organisation, "publisher"), **fields)
    assert field in refused.value.message_dict
    assert not p.InitiativeUpdate.private_objects.exists()


def test_green_and_not_rated_need_no_reason(initiative):
    publisher = officer(initiative.organisation, "publisher")
    assert post(initiative, publisher, rag="green", rag_reason="").pk
    assert post(initiative, publisher, rag="not_rated", rag_reason="").pk


def test_an_update_of_today_is_accepted(initiative):
    assert post(initiative, officer(initiative.organisation, "editor"), as_of=timezone.localdate())


def test_an_update_is_posted_in_the_open_round_that_covers_its_initiative(initiative):
    round_ = p.UpdateRound.objects.create(
        organisation=initiative.organisation,
        name="Quarter 3 2026–27",
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        opened_at=timezone.now(),
    )
    p.UpdateRound.objects.create(
        organisation=factories.OrganisationFactory(),
        name="Another council's round",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
        opened_at=timezone.now(),
    )
    update = post(initiative, officer(initiative.organisation, "editor"))
    assert update.round == round_


def test_a_round_of_another_organisation_or_closed_is_refused(initiative):
    closed = p.UpdateRound.objects.create(
        organisation=initiative.organisation,
        name="Quarter 2",
        due_on=timezone.localdate(),
        opened_at=timezone.now(),
        closed_at=timezone.now(),
    )
    other = p.UpdateRound.objects.create(
        organisation=factories.OrganisationFactory(),
        name="Quarter 3",
        due_on=timezone.localdate(),
        opened_at=timezone.now(),
    )
    editor = officer(initiative.organisation, "editor")
    for round_ in (closed, other):
        with pytest.raises(ValidationError):
            post(initiative, editor, round=round_)


def test_a_plans_round_takes_only_updates_of_initiatives_delivering_that_plan(initiative):
    plan = factories.PlanFactory(organisation=initiative.organisation)
    p.UpdateRound.objects.create(
        organisation=initiative.organisation,
        plan=plan,
        name="Quarter 3 2026–27",
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        opened_at=timezone.now(),
    )
    editor = officer(initiative.organisation, "editor")
    assert post(initiative, editor).round is None
    initiative.priorities.add(factories.PriorityFactory(plan=plan))
    assert post(initiative, editor).round.plan == plan
