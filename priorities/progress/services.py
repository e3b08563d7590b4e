"""Posting a progress update. Its review and publication are the records' own services
(``priorities.services``): approving an update publishes it, and ``InitiativeUpdate.on_published``
then makes its progress and RAG the initiative's."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from priorities.models import Initiative, InitiativeUpdate, Rag, UpdateRound
from priorities.permissions import can_edit, can_publish
from priorities.rounds.selectors import round_initiatives
from priorities.services import record_publish, record_submit_for_review

#: The RAG ratings that need a reason.
RAG_NEEDING_A_REASON = frozenset({Rag.AMBER, Rag.RED})

POSTED_REASON = "Progress update posted"


def initiative_update_problems(
    *, as_of, narrative, progress, rag, rag_reason, today: datetime.date | None = None
) -> dict[str, str]:
    """Return what is wrong with an update's values, field name → message (empty when none)."""
    today = today or timezone.localdate()
    problems = {}
    if as_of is None:
        problems["as_of"] = "Enter the date the update describes."
    elif as_of > today:
        problems["as_of"] = "The update cannot describe a day in the future."
    if not (narrative or "").strip():
        problems["narrative"] = "Say briefly what has happened since the last update."
    if progress is None or not 0 <= progress <= 100:
        problems["progress"] = "Progress is a percentage from 0 to 100."
    if rag not in Rag.values:
        problems["rag"] = "Choose a RAG rating."
    elif rag in RAG_NEEDING_A_REASON and not (rag_reason or "").strip():
        problems["rag_reason"] = (
            f"Give the reason for the rating “{Rag(rag).label}”: what is at risk or off track."
        )
    return problems


def open_round_covering(initiative: Initiative) -> UpdateRound | None:
    """Return the open update round of the initiative's organisation that asks for an update
    of it (``rounds.selectors.round_initiatives``), the one due first."""
    open_rounds = UpdateRound.objects.open().filter(organisation=initiative.organisation_id)
    for update_round in open_rounds.order_by("due_on", "pk"):
        if round_initiatives(update_round).filter(pk=initiative.pk).exists():
            return update_round
    return None


def post_initiative_update(
    *,
    initiative: Initiative,
    acting_user,
    as_of: datetime.date,
    narrative: str,
    progress: int,
    rag: str,
    rag_reason: str = "",
    round: UpdateRound | None = None,
) -> InitiativeUpdate:
    """Post an update on ``initiative`` as ``acting_user`` and send it through review.

    An editor's update goes to the publishers (in review). A publisher's is published at once,
    unless the organisation asks for a second publisher: then it waits for another publisher.
    Without ``round``, the update counts towards the open round that covers the initiative, if
    any. Raises PermissionDenied when the officer may not edit the initiative's organisation
    and ValidationError (by field) when the values do not hold together.
    """
    organisation = initiative.organisation
    if not can_edit(acting_user, organisation):
        raise PermissionDenied("You can only post updates on your organisation's initiatives.")
    problems = initiative_update_problems(
        as_of=as_of, narrative=narrative, progress=progress, rag=rag, rag_reason=rag_reason
    )
    if round is not None and (round.organisation_id != organisation.pk or not round.is_open):
        problems["round"] = "Choose an open update round of the initiative's organisation."
    if problems:
        raise ValidationError(problems)

    with transaction.atomic():
        update = InitiativeUpdate(
            initiative=initiative,
            round=round or open_round_covering(initiative),
            as_of=as_of,
            narrative=narrative.strip(),
            progress=progress,
            rag=rag,
            rag_reason=(rag_reason or "").strip(),
            posted_by=acting_user,
        )
        update._change_reason = POSTED_REASON
        update._history_user = acting_user
        update.save()
        del update._history_user
        if can_publish(acting_user, organisation) and not organisation.second_publisher_required:
            record_publish(record=update, acting_user=acting_user)
        else:
            record_submit_for_review(record=update, acting_user=acting_user)
    return update
