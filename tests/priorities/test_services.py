import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from priorities import models as p
from priorities.lifecycle import ALLOWED_TRANSITIONS, InitiativeStatus
from priorities.services import initiative_change_status, unique_slug
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_status_has_its_transitions_declared():
    assert set(ALLOWED_TRANSITIONS) == set(InitiativeStatus.values)


def test_a_status_change_moves_the_initiative_and_records_the_step():
    initiative = factories.InitiativeFactory()
    meeting = factories.MeetingFactory(committee__organisation=initiative.organisation)
    change = initiative_change_status(
        initiative=initiative, to="awaiting_scrutiny", reason="On the agenda.", meeting=meeting
    )
    initiative.refresh_from_db()
    assert initiative.status == "awaiting_scrutiny"
    assert (change.from_status, change.to_status, change.meeting) == (
        "proposed",
        "awaiting_scrutiny",
        meeting,
    )


def test_a_forbidden_transition_is_refused_and_writes_nothing():
    initiative = factories.InitiativeFactory()
    with pytest.raises(ValidationError, match="cannot become completed"):
        initiative_change_status(initiative=initiative, to="completed", reason="Done.")
    initiative.refresh_from_db()
    assert initiative.status == "proposed"
    assert not p.StatusChange.objects.exists()


def test_a_status_change_needs_a_reason():
    initiative = factories.InitiativeFactory()
    with pytest.raises(ValidationError, match="reason"):
        initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="   ")


def test_an_officer_of_another_organisation_cannot_change_the_status():
    initiative = factories.InitiativeFactory()
    outsider = factories.OfficerMembershipFactory().user
    with pytest.raises(PermissionDenied):
        initiative_change_status(
            initiative=initiative, to="awaiting_scrutiny", reason="x", acting_user=outsider
        )


def test_followers_of_a_published_initiative_get_one_outbox_row_each():
    initiative = factories.InitiativeFactory()
    everything = factories.SubscriptionFactory()
    following = factories.SubscriptionFactory(scope="initiative", initiative=initiative)
    factories.SubscriptionFactory(scope="initiative", initiative=factories.InitiativeFactory())
    factories.SubscriptionFactory(frequency="weekly")
    factories.SubscriptionFactory(subscriber__confirmed_at=None)
    change = initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="x")
    assert set(change.notifications.values_list("subscriber", flat=True)) == {
        everything.subscriber_id,
        following.subscriber_id,
    }


def test_a_draft_initiative_notifies_nobody():
    initiative = factories.InitiativeFactory(publication_state=p.PublicationState.DRAFT)
    factories.SubscriptionFactory()
    initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="x")
    assert not p.Notification.objects.exists()


def test_a_rolled_back_status_change_leaves_no_outbox_rows():
    initiative = factories.InitiativeFactory()
    factories.SubscriptionFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason="x")
        raise RuntimeError
    assert not p.StatusChange.objects.exists()
    assert not p.Notification.objects.exists()


def test_unique_slug_adds_a_number_when_the_slug_is_taken():
    taken = {"early-help", "early-help-2"}
    assert unique_slug("Early Help", taken=taken.__contains__) == "early-help-3"
    assert unique_slug("!!!", taken=taken.__contains__) == "item"


def test_a_long_reason_is_kept_whole_on_the_status_change_and_in_short_in_the_history():
    initiative = factories.InitiativeFactory()
    reason = "The committee asked for costings for every school in the borough. " * 10
    change = initiative_change_status(initiative=initiative, to="awaiting_scrutiny", reason=reason)
    change.refresh_from_db()
    assert change.reason == reason.strip()
    latest = initiative.history.latest()
    assert latest.status == "awaiting_scrutiny"
    assert len(latest.history_change_reason) <= 100


def test_the_documented_lifecycle_matches_the_code():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "how-it-works.md").read_text()
    labels = {status.label.lower(): status.value for status in InitiativeStatus}
    documented = {}
    for line in doc.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].lower() in labels:
            targets = {
                labels[name.strip()] for name in cells[1].split(",") if name.strip() in labels
            }
            documented[labels[cells[0].lower()]] = targets
    assert documented == {status: set(allowed) for status, allowed in ALLOWED_TRANSITIONS.items()}


def test_owned_live_initiatives_untouched_for_their_organisations_threshold_are_due_a_reminder():
    import datetime

    from django.utils import timezone

    from priorities.selectors import initiatives_due_a_reminder

    organisation = factories.OrganisationFactory(update_threshold_days=90)
    owner = factories.UserFactory()
    now = timezone.now()

    def initiative(days_ago, owned=True, status=None):
        made = factories.InitiativeFactory(organisation=organisation)
        if owned:
            made.owners.add(owner)
        fields = {"updated_at": now - datetime.timedelta(days=days_ago)}
        if status:
            fields["status"] = status
        p.Initiative.private_objects.filter(pk=made.pk).update(**fields)
        return made

    stale = initiative(91)
    initiative(89)
    initiative(120, owned=False)
    initiative(200, status="completed")
    assert list(initiatives_due_a_reminder(now=now)) == [stale]
    organisation.update_threshold_days = 30
    organisation.save()
    assert len(initiatives_due_a_reminder(now=now)) == 2
