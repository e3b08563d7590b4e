"""Every write to the priorities domain goes through a function here.

Each service checks permission, validates, writes the change with its history and any outbox
rows in one transaction, and schedules follow-up work with ``transaction.on_commit``. Views,
admin actions, imports, the API and management commands all call these.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify

from priorities.lifecycle import InitiativeStatus, is_allowed_transition, transition_refused
from priorities.models import (
    Initiative,
    Meeting,
    Notification,
    PublicationState,
    ReviewAction,
    ReviewEvent,
    StatusChange,
)
from priorities.notifications.following import subscribers_following
from priorities.notifications.tasks import enqueue_notifications
from priorities.permissions import can_edit, can_publish, owning_organisation

SLUG_MAX_LENGTH = 80


def unique_slug(title: str, *, taken) -> str:
    """Return a slug for ``title`` that ``taken(slug)`` says is free: "title", "title-2", ..."""
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "item"
    slug, number = base, 1
    while taken(slug):
        number += 1
        suffix = f"-{number}"
        slug = f"{base[: SLUG_MAX_LENGTH - len(suffix)].rstrip('-')}{suffix}"
    return slug


def initiative_change_status(
    *,
    initiative: Initiative,
    to: str,
    reason: str,
    acting_user=None,
    meeting: Meeting | None = None,
    evidence_url: str = "",
    changed_at=None,
    time_known: bool = True,
    recorded_by=None,
) -> StatusChange:
    """Move ``initiative`` to status ``to``, record why, and queue the subscribers' emails.

    ``changed_at`` is when the change took effect (now when None). With ``time_known`` false
    only its day is known: it is kept at the start of that day, or just after the initiative's
    last change when that was on the same day, so the journey stays in order.

    ``acting_user`` is None only for the system itself (imports run by a command, demo data).
    ``recorded_by`` is who the step is credited to when not ``acting_user`` (an editor's change
    approved by a publisher: ``priorities.revisions``).
    Raises PermissionDenied when the user may not edit the initiative's organisation and
    ValidationError when the transition is not allowed or the reason is missing. The status
    change and its outbox rows are written in one transaction; a published initiative's
    followers get one outbox row each, a draft's get none.
    """
    if acting_user is not None and not can_edit(acting_user, initiative.organisation):
        raise PermissionDenied("You can only change the status of your organisation's initiatives.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for the change of status."})
    if to not in InitiativeStatus.values:
        raise ValidationError({"to": f"“{to}” is not a status."})

    with transaction.atomic():
        locked = Initiative.private_objects.select_for_update().get(pk=initiative.pk)
        if not is_allowed_transition(locked.status, to):
            raise ValidationError({"to": transition_refused(locked.status, to)})
        if changed_at is None:
            changed_at, time_known = timezone.now(), True
        elif (
            not time_known
            and locked.status_changed_at is not None
            and timezone.localdate(locked.status_changed_at) == timezone.localdate(changed_at)
        ):
            changed_at = max(changed_at, locked.status_changed_at)
        status_change = StatusChange.objects.create(
            initiative=locked,
            from_status=locked.status,
            to_status=to,
            changed_at=changed_at,
            time_known=time_known,
            reason=reason,
            evidence_url=evidence_url,
            meeting=meeting,
            recorded_by=recorded_by or acting_user,
        )
        locked.status = to
        locked.status_changed_at = changed_at
        # The history row's reason column holds 100 characters; the status change keeps it all.
        locked._change_reason = Truncator(f"Status changed: {reason}").chars(100)
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        initiative.status, initiative.status_changed_at = locked.status, locked.status_changed_at

        if locked.is_published:
            Notification.objects.bulk_create(
                [
                    Notification(status_change=status_change, subscriber=subscriber)
                    for subscriber in subscribers_following(status_change)
                ]
            )
            ids = list(status_change.notifications.values_list("pk", flat=True))
            transaction.on_commit(lambda: enqueue_notifications(ids), robust=True)
    return status_change


# Review and publication -------------------------------------------------------------------

#: History rows written by the publication services start with this, so that they are not
#: mistaken for edits of the record's content.
PUBLICATION_REASON_PREFIX = "Publication: "


def last_content_editor(record):
    """Return the user who last changed ``record``'s content (not its publication state)."""
    for version in record.history.select_related("history_user").order_by("-history_date"):
        if not (version.history_change_reason or "").startswith(PUBLICATION_REASON_PREFIX):
            return version.history_user
    return None


def _record_review_step(*, record, to_state, action, acting_user, comment):
    record.publication_state = to_state
    if to_state == PublicationState.PUBLISHED and record.published_at is None:
        record.published_at = timezone.now()
    record._change_reason = f"{PUBLICATION_REASON_PREFIX}{ReviewAction(action).label.lower()}"
    record.save(update_fields=["publication_state", "published_at", "updated_at"])
    # A record whose publication changes others (an initiative's progress update sets the
    # initiative's progress and RAG) says so in ``on_published``, inside this transaction.
    if to_state == PublicationState.PUBLISHED and hasattr(record, "on_published"):
        record.on_published(acting_user=acting_user)
    ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        action=action,
        comment=comment,
        acted_by=acting_user,
    )


def _review(
    record,
    *,
    acting_user,
    comment,
    may,
    not_permitted,
    from_states,
    wrong_state,
    to_state,
    action,
    before_step=None,
):
    """The one shape of every review step: permission, then the record locked, its state
    checked (``wrong_state(locked)`` words a refusal), then the step with its history row."""
    organisation = owning_organisation(record)
    if not may(acting_user, organisation):
        raise PermissionDenied(not_permitted)
    with transaction.atomic():
        locked = type(record).private_objects.select_for_update().get(pk=record.pk)
        if locked.publication_state not in from_states:
            raise ValidationError(wrong_state(locked))
        if before_step is not None:
            before_step(locked, organisation)
        _record_review_step(
            record=locked,
            to_state=to_state,
            action=action,
            acting_user=acting_user,
            comment=comment,
        )
    record.refresh_from_db()
    return record


def record_submit_for_review(*, record, acting_user, comment: str = ""):
    """Send a draft to the organisation's publishers for review."""
    return _review(
        record,
        acting_user=acting_user,
        comment=comment.strip(),
        may=can_edit,
        not_permitted="You can only submit your organisation's records for review.",
        from_states=(PublicationState.DRAFT,),
        wrong_state=lambda locked: (
            "Only a draft can be submitted for review; this is "
            f"{locked.get_publication_state_display().lower()}."
        ),
        to_state=PublicationState.IN_REVIEW,
        action=ReviewAction.SUBMITTED,
    )


def record_publish(*, record, acting_user, comment: str = ""):
    """Approve and publish a record (a draft or one in review).

    Only a publisher of the owning organisation may. Where the organisation requires a second
    publisher, the officer who last edited the record's content cannot publish it.
    """

    def second_publisher(locked, organisation):
        if organisation.second_publisher_required and not acting_user.is_superuser:
            editor = last_content_editor(locked)
            if editor is not None and editor.pk == acting_user.pk:
                raise PermissionDenied(
                    f"{organisation} asks for a second publisher: someone other than the last "
                    "editor must publish this."
                )

    return _review(
        record,
        acting_user=acting_user,
        comment=comment.strip(),
        may=can_publish,
        not_permitted="Only a publisher of the organisation can publish its records.",
        from_states=(PublicationState.DRAFT, PublicationState.IN_REVIEW),
        wrong_state=lambda locked: (
            f"This record is "
            f"{locked.get_publication_state_display().lower()}, so it cannot be published again."
        ),
        to_state=PublicationState.PUBLISHED,
        action=ReviewAction.PUBLISHED,
        before_step=second_publisher,
    )


def record_send_back(*, record, acting_user, comment: str):
    """Return a record in review to draft, with the publisher's comment for the editor."""
    if not can_publish(acting_user, owning_organisation(record)):
        raise PermissionDenied("Only a publisher of the organisation can send records back.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what needs to change before this can be published.")
    return _review(
        record,
        acting_user=acting_user,
        comment=comment,
        may=can_publish,
        not_permitted="Only a publisher of the organisation can send records back.",
        from_states=(PublicationState.IN_REVIEW,),
        wrong_state=lambda locked: "Only a record in review can be sent back.",
        to_state=PublicationState.DRAFT,
        action=ReviewAction.SENT_BACK,
    )


def record_archive(*, record, acting_user, comment: str = ""):
    """Take a published record off the public site; its permalink then answers 404."""
    return _review(
        record,
        acting_user=acting_user,
        comment=comment.strip(),
        may=can_publish,
        not_permitted="Only a publisher of the organisation can archive its records.",
        from_states=(PublicationState.PUBLISHED,),
        wrong_state=lambda locked: "Only a published record can be archived.",
        to_state=PublicationState.ARCHIVED,
        action=ReviewAction.ARCHIVED,
    )
