"""Changes to what the public already sees wait for a publisher.

An officer who may not publish (or any officer, where the organisation asks for a second
publisher) does not change a published record directly: the change is kept as a pending
``Revision`` beside the live row, which the public goes on seeing unchanged. A publisher
approves it (the change is applied to the live row, as one history row credited to its author)
or sends it back with a comment. The same holds for an initiative's status changes: until a
publisher approves, the step is not in the journey, the feeds or anyone's email.

Why a separate row and not a second copy of the record: every public read (pages, search,
feeds, the API, reports, the sitemap, emails) goes on reading the live rows exactly as before,
so a pending change cannot leak through a query that forgot a condition.

``Revision.data`` holds, for an edit, ``fields`` (attname → value as JSON), ``m2m`` (name → ids)
and ``parts`` (inline rows: model label, id or None for a new row, ``delete``, ``fields``); for a
status change the arguments of ``initiative_change_status``.
"""

import datetime
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from priorities.lifecycle import InitiativeStatus, is_allowed_transition, transition_refused
from priorities.models import Initiative, Meeting, Revision, RevisionKind, RevisionState
from priorities.permissions import can_edit, can_publish, owning_organisation
from priorities.services import initiative_change_status


def to_json(value):
    """Return ``value`` as JSON data (dates and times as ISO strings, decimals as strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _concrete_field(model, attname):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    raise ValidationError(f"{model._meta.verbose_name} has no field “{attname}”.")


def python_value(model, attname, raw):
    """Return the stored JSON ``raw`` of ``model``'s field ``attname`` as Python."""
    field = _concrete_field(model, attname)
    if raw is None:
        return None
    return field.to_python(raw)


def field_label(model, name) -> str:
    """Return the label officers see for ``model``'s field ``name`` (an attname or a name)."""
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if name in (field.name, getattr(field, "attname", None)):
            return str(field.verbose_name).capitalize()
    return name


def needs_review(record, acting_user) -> bool:
    """Return whether ``acting_user``'s change to ``record`` must wait for a publisher.

    Only what the public sees waits: a draft or a record in review changes at once. A
    publisher's own change goes live unless the organisation asks for a second publisher.
    The system itself (no user: demo data, commands) is never held.
    """
    if acting_user is None or not getattr(record, "is_published", False):
        return False
    organisation = owning_organisation(record)
    if not can_publish(acting_user, organisation):
        return True
    return organisation.second_publisher_required and not acting_user.is_superuser


def pending_revision(record, kind=RevisionKind.EDIT):
    """Return ``record``'s pending revision of ``kind``, or None."""
    if record is None or record.pk is None:
        return None
    return Revision.objects.of(record).pending().filter(kind=kind).first()


def _live_m2m(record, name):
    return sorted(getattr(record, name).values_list("pk", flat=True))


def same_value(a, b) -> bool:
    """Return whether two field values are the same to a reader: text compares without regard
    to line endings (a browser posts CRLF; stored text may hold LF)."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return a == b


def _differences(record, fields, m2m):
    """Keep of ``fields`` and ``m2m`` only what differs from the live ``record``, with the live
    values they were proposed against (``base``)."""
    model = type(record)
    changed_fields, base = {}, {}
    for attname, value in fields.items():
        field = _concrete_field(model, attname)
        live = getattr(record, attname)
        if not same_value(field.to_python(value), live):
            changed_fields[attname] = to_json(value)
            base[attname] = to_json(live)
    changed_m2m, base_m2m = {}, {}
    for name, pks in m2m.items():
        wanted = sorted({int(pk) for pk in pks})
        live = _live_m2m(record, name)
        if wanted != live:
            changed_m2m[name] = wanted
            base_m2m[name] = live
    return changed_fields, changed_m2m, {"fields": base, "m2m": base_m2m}


def changed_since_proposed(record, revision) -> list[str]:
    """Return the attnames and many-to-many names the revision changes that the live
    ``record`` has changed in since the revision was proposed (someone else's edit)."""
    model = type(record)
    base = revision.data.get("base", {})
    moved = []
    for attname, raw in base.get("fields", {}).items():
        if not same_value(getattr(record, attname), python_value(model, attname, raw)):
            moved.append(attname)
    for name, pks in base.get("m2m", {}).items():
        if _live_m2m(record, name) != sorted(pks):
            moved.append(name)
    return moved


def _merge_parts(earlier, new):
    """Later proposals of the same inline row replace earlier ones; new rows accumulate."""
    merged = {(part["model"], part["id"]): part for part in earlier if part["id"] is not None}
    added = [part for part in earlier if part["id"] is None]
    for part in new:
        if part["id"] is None:
            added.append(part)
        else:
            merged[(part["model"], part["id"])] = part
    return [*merged.values(), *added]


def propose_edit(*, record, acting_user, fields, m2m=None, parts=(), note=""):
    """Keep ``acting_user``'s change to the published ``record`` for a publisher to approve.

    ``fields`` maps attnames to the proposed values, ``m2m`` many-to-many names to ids, and
    ``parts`` lists inline rows (``{"model": "priorities.milestone", "fk": "initiative",
    "id": 3 or None, "delete": bool, "fields": {...}}``). Only what differs from the live
    record is kept; the record's pending edit, if any, is replaced (its inline rows merged).
    Returns the pending revision, or None when nothing differs (a pending edit is withdrawn).
    """
    organisation = owning_organisation(record)
    if not can_edit(acting_user, organisation):
        raise PermissionDenied("You can only change your organisation's records.")
    with transaction.atomic():
        locked = type(record)._base_manager.select_for_update().get(pk=record.pk)
        if not locked.is_published:
            raise ValidationError("Only a published record's changes wait for review.")
        changed_fields, changed_m2m, base = _differences(locked, fields, m2m or {})
        existing = (
            Revision.objects.of(locked)
            .pending()
            .filter(kind=RevisionKind.EDIT)
            .select_for_update()
            .first()
        )
        all_parts = _merge_parts(existing.data.get("parts", []) if existing else [], list(parts))
        if not (changed_fields or changed_m2m or all_parts):
            if existing is not None:
                _decide(existing, RevisionState.WITHDRAWN, acting_user, "")
            return None
        contributors = existing.data.get("contributors", []) if existing else []
        if acting_user.pk not in contributors:
            contributors = [*contributors, acting_user.pk]
        data = {
            "fields": changed_fields,
            "m2m": changed_m2m,
            "parts": to_json(all_parts),
            "base": base,
            "note": (note or "").strip(),
            "proposed_at": to_json(timezone.now()),
            "contributors": contributors,
        }
        if existing is None:
            return Revision.objects.create(
                content_type=ContentType.objects.get_for_model(locked),
                object_id=locked.pk,
                organisation=organisation,
                kind=RevisionKind.EDIT,
                data=data,
                base_version=locked.updated_at.isoformat(),
                proposed_by=acting_user,
            )
        existing.data = data
        existing.proposed_by = acting_user
        existing.base_version = locked.updated_at.isoformat()
        existing.save(update_fields=["data", "proposed_by", "base_version", "updated_at"])
        return existing


def propose_status_change(
    *,
    initiative,
    to,
    reason,
    acting_user,
    meeting=None,
    evidence_url="",
    changed_at=None,
    time_known=True,
):
    """Keep a status change of a published initiative for a publisher to approve.

    Checked as ``initiative_change_status`` checks it (the officer, the reason, the move from
    the current status); one status change waits per initiative at a time.
    """
    if not can_edit(acting_user, initiative.organisation):
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
        waiting = pending_revision(locked, RevisionKind.STATUS)
        if waiting is not None:
            raise ValidationError(
                "A change of status to “"
                f"{InitiativeStatus(waiting.data['to']).label}” already waits for a publisher: "
                "it must be approved or sent back first."
            )
        return Revision.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            organisation=locked.organisation,
            kind=RevisionKind.STATUS,
            data=to_json(
                {
                    "from": locked.status,
                    "to": to,
                    "reason": reason,
                    "meeting": meeting.pk if meeting else None,
                    "evidence_url": evidence_url,
                    "changed_at": changed_at,
                    "time_known": time_known,
                }
            ),
            base_version=locked.updated_at.isoformat(),
            proposed_by=acting_user,
        )


def record_status_change(*, initiative, acting_user, **step):
    """Change ``initiative``'s status, or keep the change for a publisher when it must wait.

    Returns the StatusChange, or the pending Revision.
    """
    if needs_review(initiative, acting_user):
        return propose_status_change(initiative=initiative, acting_user=acting_user, **step)
    return initiative_change_status(initiative=initiative, acting_user=acting_user, **step)


def _decide(revision, state, acting_user, comment):
    revision.state = state
    revision.decided_by = acting_user
    revision.decided_at = timezone.now()
    revision.comment = comment
    revision.save(update_fields=["state", "decided_by", "decided_at", "comment", "updated_at"])


def _locked_pending(revision):
    locked = Revision.objects.select_for_update().get(pk=revision.pk)
    if locked.state != RevisionState.PENDING:
        raise ValidationError(
            f"This change is no longer waiting: it was {locked.get_state_display().lower()}."
        )
    return locked


def _check_publisher(revision, acting_user, verb):
    if not can_publish(acting_user, revision.organisation):
        raise PermissionDenied(f"Only a publisher of the organisation can {verb} changes.")


def _who(user):
    if user is None:
        return "a former officer"
    return user.get_full_name() or user.get_username()


def _apply_edit(revision, acting_user):
    model = revision.content_type.model_class()
    record = model._base_manager.select_for_update().get(pk=revision.object_id)
    data = revision.data
    moved = changed_since_proposed(record, revision)
    if moved:
        raise ValidationError(
            "The published record has changed since this change was proposed ("
            + ", ".join(field_label(model, name) for name in moved)
            + "), so approving it would undo that. Send it back so that it can be made again "
            "on the record as it is now."
        )
    for attname, raw in data.get("fields", {}).items():
        setattr(record, attname, python_value(model, attname, raw))
    try:
        record.full_clean()
    except ValidationError as error:
        raise ValidationError(
            "This change cannot be applied to the record as it now stands: "
            + " ".join(error.messages)
        ) from error
    record.skip_history_when_saving = True
    try:
        for name, pks in data.get("m2m", {}).items():
            getattr(record, name).set(pks)
    finally:
        del record.skip_history_when_saving
    record._history_user = revision.proposed_by
    record._change_reason = Truncator(
        f"Change by {_who(revision.proposed_by)} approved by {_who(acting_user)}"
    ).chars(100)
    record.save()
    _apply_parts(record, data.get("parts", []), revision.proposed_by)
    return record


def _apply_parts(record, parts, author):
    from django.apps import apps

    for part in parts:
        model = apps.get_model(part["model"])
        fk = part["fk"]
        if part["id"] is not None:
            row = model._base_manager.filter(pk=part["id"], **{f"{fk}_id": record.pk}).first()
            if row is None:  # deleted since: nothing to change
                continue
            if part.get("delete"):
                row._history_user = author
                row.delete()
                continue
        elif part.get("delete"):
            continue
        else:
            row = model(**{f"{fk}_id": record.pk})
        for attname, raw in part.get("fields", {}).items():
            setattr(row, attname, python_value(model, attname, raw))
        row.full_clean()
        row._history_user = author
        row.save()


def _apply_status(revision, acting_user):
    data = revision.data
    initiative = Initiative.private_objects.get(pk=revision.object_id)
    changed_at = data.get("changed_at")
    if changed_at:
        changed_at = datetime.datetime.fromisoformat(changed_at)
    meeting = Meeting.objects.filter(pk=data["meeting"]).first() if data.get("meeting") else None
    return initiative_change_status(
        initiative=initiative,
        to=data["to"],
        reason=data["reason"],
        meeting=meeting,
        evidence_url=data.get("evidence_url", ""),
        changed_at=changed_at or None,
        time_known=data.get("time_known", True),
        acting_user=acting_user,
        recorded_by=revision.proposed_by,
    )


def is_own_change(revision, user) -> bool:
    """Return whether ``user`` proposed ``revision`` or shaped it with a later save."""
    return revision.proposed_by_id == user.pk or user.pk in revision.data.get("contributors", [])


def revision_approve(*, revision, acting_user, comment: str = ""):
    """Apply a pending revision to the live record: the public sees it from now on.

    Only a publisher of the organisation may; where it asks for a second publisher, not the
    officer who proposed the change. A status change is then recorded, shown and notified as
    any other.
    """
    _check_publisher(revision, acting_user, "approve")
    organisation = revision.organisation
    if (
        organisation.second_publisher_required
        and not acting_user.is_superuser
        and is_own_change(revision, acting_user)
    ):
        raise PermissionDenied(
            f"{organisation} asks for a second publisher: someone other than the officer who "
            "proposed this change must approve it."
        )
    with transaction.atomic():
        locked = _locked_pending(revision)
        if locked.kind == RevisionKind.STATUS:
            _apply_status(locked, acting_user)
        else:
            _apply_edit(locked, acting_user)
        _decide(locked, RevisionState.APPROVED, acting_user, (comment or "").strip())
    revision.refresh_from_db()
    return revision


def revision_send_back(*, revision, acting_user, comment: str):
    """Refuse a pending revision with the publisher's comment; the live record is unchanged."""
    _check_publisher(revision, acting_user, "send back")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what needs to change before this can be approved.")
    with transaction.atomic():
        locked = _locked_pending(revision)
        _decide(locked, RevisionState.SENT_BACK, acting_user, comment)
    revision.refresh_from_db()
    return revision


def revision_withdraw(*, revision, acting_user):
    """Withdraw a pending revision: its author or a publisher of the organisation."""
    if revision.proposed_by_id != getattr(acting_user, "pk", None):
        _check_publisher(revision, acting_user, "withdraw")
    with transaction.atomic():
        locked = _locked_pending(revision)
        _decide(locked, RevisionState.WITHDRAWN, acting_user, "")
    revision.refresh_from_db()
    return revision
