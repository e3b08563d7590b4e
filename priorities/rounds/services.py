"""Opening and closing an update round: the only writes of a round's state.

Each checks that the officer may publish for the round's organisation, locks the round, checks
its state, saves it with its history row in one transaction, and on commit queues the work that
follows: the owners' emails when a round opens, the round's report when it closes.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from priorities.models import ReportScope, UpdateRound
from priorities.permissions import can_publish
from priorities.reports.builds import ReportRequest, report_export_request
from priorities.reports.formats import REPORT_FORMATS
from priorities.rounds.selectors import round_initiatives
from priorities.rounds.tasks import enqueue_round_opened_emails


def _check_publisher(update_round, acting_user, doing):
    if not can_publish(acting_user, update_round.organisation):
        raise PermissionDenied(
            f"Only a publisher of {update_round.organisation} can {doing} its update rounds."
        )


def _locked(update_round):
    return UpdateRound.objects.select_for_update().get(pk=update_round.pk)


def round_open(*, update_round: UpdateRound, acting_user) -> UpdateRound:
    """Open a prepared round: its owners are emailed once each, after the commit.

    Raises PermissionDenied unless ``acting_user`` may publish for the round's organisation,
    and ValidationError when the round is not prepared, is due already, or has nothing to
    update.
    """
    _check_publisher(update_round, acting_user, "open")
    with transaction.atomic():
        locked = _locked(update_round)
        if locked.closed_at is not None:
            raise ValidationError("This round is already closed.")
        if locked.opened_at is not None:
            raise ValidationError("This round is already open.")
        if locked.due_on < timezone.localdate():
            raise ValidationError(
                "The round’s due date has passed: change it before opening the round."
            )
        if not round_initiatives(locked).exists():
            raise ValidationError(
                "The round has no initiatives to update: its organisation (or plan) has no "
                "live initiatives."
            )
        locked.opened_at = timezone.now()
        locked.opened_by = acting_user
        locked._change_reason = "Round opened"
        locked._history_user = acting_user
        locked.save(update_fields=["opened_at", "opened_by", "updated_at"])
        transaction.on_commit(lambda: enqueue_round_opened_emails(locked.pk), robust=True)
    update_round.opened_at, update_round.opened_by = locked.opened_at, locked.opened_by
    return update_round


def round_close(*, update_round: UpdateRound, acting_user) -> UpdateRound:
    """Close an open round and queue its report for the committee, in every format.

    Raises PermissionDenied unless ``acting_user`` may publish for the round's organisation,
    and ValidationError unless the round is open.
    """
    _check_publisher(update_round, acting_user, "close")
    with transaction.atomic():
        locked = _locked(update_round)
        if locked.closed_at is not None:
            raise ValidationError("This round is already closed.")
        if locked.opened_at is None:
            raise ValidationError("This round is not open yet: open it first.")
        locked.closed_at = timezone.now()
        locked.closed_by = acting_user
        locked._change_reason = "Round closed"
        locked._history_user = acting_user
        locked.save(update_fields=["closed_at", "closed_by", "updated_at"])
        for report_format in REPORT_FORMATS.values():
            # Queued on commit; the committee's report: published records only.
            report_export_request(
                report_request=ReportRequest(
                    scope=ReportScope.ROUND, subject=locked, report_format=report_format
                )
            )
    update_round.closed_at, update_round.closed_by = locked.closed_at, locked.closed_by
    return update_round
