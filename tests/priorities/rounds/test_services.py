"""Opening and closing an update round: who may, in which state, and what it covers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from priorities import models as p
from priorities.rounds import selectors
from priorities.rounds.services import round_close, round_open
from tests import factories
from tests.priorities.rounds.conftest import make_round, officer

pytestmark = pytest.mark.django_db


def test_a_publisher_opens_a_prepared_round(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_open(update_round=world.round, acting_user=world.publisher)
    world.round.refresh_from_db()
    assert world.round.opened_at is not None and world.round.opened_by == world.publisher
    assert world.round.is_open
    latest = world.round.history.latest("history_date")
    assert latest.history_user == world.publisher
    assert latest.history_change_reason == "Round opened"
    # Queued on commit, run eagerly in tests: each owner gets one email.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "amara@castlebridge.example",
        "ben@castlebridge.example",
        "chidi@castlebridge.example",
    ]


@pytest.mark.parametrize("role", [p.OfficerRole.EDITOR, None, "other organisation"])
def test_only_a_publisher_of_the_organisation_opens_or_closes_a_round(world, role):
    if role is None:
        user = factories.UserFactory(username="nobody")
    elif role == "other organisation":
        user = officer("olu", factories.OrganisationFactory(), p.OfficerRole.PUBLISHER)
    else:
        user = world.editor
    with pytest.raises(PermissionDenied):
        round_open(update_round=world.round, acting_user=user)
    world.round.refresh_from_db()
    assert world.round.opened_at is None
    round_open(update_round=world.round, acting_user=world.publisher)
    with pytest.raises(PermissionDenied):
        round_close(update_round=world.round, acting_user=user)
    world.round.refresh_from_db()
    assert world.round.closed_at is None


def test_an_administrator_may_open_a_round(world):
    administrator = officer("ada", world.organisation, p.OfficerRole.ADMINISTRATOR)
    round_open(update_round=world.round, acting_user=administrator)
    assert world.round.is_open


def test_a_round_opens_once_and_closes_once(world):
    round_open(update_round=world.round, acting_user=world.publisher)
    with pytest.raises(ValidationError, match="already open"):
        round_open(update_round=world.round, acting_user=world.publisher)
    round_close(update_round=world.round, acting_user=world.publisher)
    world.round.refresh_from_db()
    assert world.round.closed_at is not None and world.round.closed_by == world.publisher
    assert world.round.history.latest("history_date").history_change_reason == "Round closed"
    with pytest.raises(ValidationError, match="already closed"):
        round_close(update_round=world.round, acting_user=world.publisher)
    with pytest.raises(ValidationError, match="already closed"):
        round_open(update_round=world.round, acting_user=world.publisher)


def test_a_prepared_round_cannot_be_closed(world):
    with pytest.raises(ValidationError, match="not open"):
        round_close(update_round=world.round, acting_user=world.publisher)


def test_a_round_due_in_the_past_does_not_open(world):
    world.round.due_on = timezone.localdate() - datetime.timedelta(days=1)
    world.round.save()
    with pytest.raises(ValidationError, match="due date has passed"):
        round_open(update_round=world.round, acting_user=world.publisher)


def test_a_round_with_nothing_to_update_does_not_open(world):
    empty = make_round(factories.OrganisationFactory())
    officer_of_empty = officer("pat", empty.organisation, p.OfficerRole.PUBLISHER)
    with pytest.raises(ValidationError, match="no initiatives"):
        round_open(update_round=empty, acting_user=officer_of_empty)


def test_the_scope_is_the_plans_live_initiatives(world):
    titles = {i.title for i in selectors.round_initiatives(world.round)}
    assert titles == {"Early help in every school", "Family hubs", "Youth centres", "School places"}


def test_without_a_plan_the_scope_is_the_organisations_live_initiatives(world):
    whole = make_round(world.organisation)
    archived = factories.InitiativeFactory(
        organisation=world.organisation, publication_state=p.PublicationState.ARCHIVED
    )
    factories.InitiativeFactory(title="Another council's work")
    titles = {i.title for i in selectors.round_initiatives(whole)}
    assert titles == {
        "Early help in every school",
        "Family hubs",
        "Youth centres",
        "School places",
        "Libraries for families",
    }
    assert archived.title not in titles


def test_closing_queues_the_rounds_report(world, django_capture_on_commit_callbacks):
    round_open(update_round=world.round, acting_user=world.publisher)
    with django_capture_on_commit_callbacks(execute=True):
        round_close(update_round=world.round, acting_user=world.publisher)
    exports = p.ReportExport.objects.filter(round=world.round, scope=p.ReportScope.ROUND)
    # Built eagerly in tests, in every format, for the committee (published records only).
    assert sorted(exports.values_list("report_format", flat=True)) == [
        "csv",
        "docx",
        "pdf",
        "xlsx",
    ]
    assert {export.state for export in exports} == {p.ReportExportState.READY}
    assert {export.requested_by for export in exports} == {None}
