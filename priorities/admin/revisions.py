"""Review where the record is: the change form of a publishable record.

The change form opens with a panel that says which version the public sees, what waits for
review and who must act, with the review steps as buttons: submit, publish, send back, archive,
and for a pending change approve, send back or withdraw. Each button leads to a page that
confirms the step (and asks for a comment where one is needed); afterwards the officer is back
on the record with a link to its public page.

Saving a published record's form when the change must wait (``revisions.needs_review``) keeps
the change as a pending revision instead of saving it: the record, its many-to-many fields and
its inline rows stay as the public sees them until a publisher approves.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.text import get_text_list

from portal.preview import preview_url
from priorities.admin.history import display_value
from priorities.lifecycle import InitiativeStatus
from priorities.models import PublicationState, ReviewEvent, Revision, RevisionKind, RevisionState
from priorities.permissions import can_edit, can_publish, owning_organisation
from priorities.revisions import (
    changed_since_proposed,
    field_label,
    is_own_change,
    needs_review,
    propose_edit,
    python_value,
    revision_approve,
    revision_send_back,
    revision_withdraw,
)
from priorities.services import (
    record_archive,
    record_publish,
    record_send_back,
    record_submit_for_review,
)

HELD = "_held_for_review"


@dataclass(frozen=True)
class ReviewStep:
    """A step offered as a button: its service, who may take it, and its confirmation."""

    name: str
    label: str
    question: str
    explanation: str
    done: str
    comment_label: str = "Comment (optional)"
    comment_required: bool = False
    on_revision: bool = False


STEPS = {
    step.name: step
    for step in [
        ReviewStep(
            "submit",
            "Submit for review",
            "Submit “{record}” for review?",
            "The organisation's publishers are asked to approve it. Until they publish it, the "
            "public does not see it.",
            "“{record}” was submitted for review.",
        ),
        ReviewStep(
            "publish",
            "Publish",
            "Publish “{record}”?",
            "Everyone will see it on the public site, in search, the feeds and the open data "
            "straight away.",
            "“{record}” was published.",
        ),
        ReviewStep(
            "send-back",
            "Send back",
            "Send back “{record}”?",
            "The record goes back to draft, and its editors see your comment on the record's page.",
            "“{record}” was sent back to its editors.",
            comment_label="What needs to change before it can be published?",
            comment_required=True,
        ),
        ReviewStep(
            "archive",
            "Archive",
            "Archive “{record}”?",
            "It is taken off the public site at once: its page answers “not found”, and no step "
            "publishes it again.",
            "“{record}” was archived: the public no longer sees it.",
        ),
        ReviewStep(
            "approve-change",
            "Approve the change",
            "Approve this change to “{record}”?",
            "The change goes live at once: the public sees it from now on.",
            "The change to “{record}” was approved and is live.",
            on_revision=True,
        ),
        ReviewStep(
            "send-back-change",
            "Send back the change",
            "Send back this change to “{record}”?",
            "The public goes on seeing the published version; the officer who proposed the "
            "change sees your comment.",
            "The change to “{record}” was sent back.",
            comment_label="What needs to change before it can be approved?",
            comment_required=True,
            on_revision=True,
        ),
        ReviewStep(
            "withdraw-change",
            "Withdraw the change",
            "Withdraw this change to “{record}”?",
            "The change is dropped; the public goes on seeing the published version.",
            "The change to “{record}” was withdrawn.",
            on_revision=True,
        ),
    ]
}


def _record_step_service(name):
    return {
        "submit": lambda record, user, comment: record_submit_for_review(
            record=record, acting_user=user, comment=comment
        ),
        "publish": lambda record, user, comment: record_publish(
            record=record, acting_user=user, comment=comment
        ),
        "send-back": lambda record, user, comment: record_send_back(
            record=record, acting_user=user, comment=comment
        ),
        "archive": lambda record, user, comment: record_archive(
            record=record, acting_user=user, comment=comment
        ),
        "approve-change": lambda revision, user, comment: revision_approve(
            revision=revision, acting_user=user, comment=comment
        ),
        "send-back-change": lambda revision, user, comment: revision_send_back(
            revision=revision, acting_user=user, comment=comment
        ),
        "withdraw-change": lambda revision, user, comment: revision_withdraw(
            revision=revision, acting_user=user
        ),
    }[name]


class _DryRun(Exception):
    """Raised to roll back a step tried only to learn whether it would be refused."""


def step_refusal(service, target, user) -> str | None:
    """Return why ``user`` may not take a step now, or None: the step's own service is tried
    and rolled back, so the page asks only where the step would succeed (one rule, the
    service's)."""
    try:
        with transaction.atomic():
            service(target, user, "Tried before asking.")
            raise _DryRun
    except _DryRun:
        return None
    except (PermissionDenied, ValidationError) as refused:
        return _error_text(refused)


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _who(user):
    if user is None:
        return "a former officer"
    return user.get_full_name() or user.get_username()


def contributor_names(revision) -> list[str]:
    """The officers who proposed or shaped ``revision``, first to last."""
    from django.contrib.auth import get_user_model

    ids = list(revision.data.get("contributors", [])) or [revision.proposed_by_id]
    users = get_user_model()._default_manager.in_bulk([i for i in ids if i])
    return [_who(users.get(i)) for i in ids if i] or ["a former officer"]


def proposed_line(revision) -> str:
    """ "Proposed by Ben on 6 December 2026 at 11:58" (with whoever else shaped it)."""
    raw = revision.data.get("proposed_at")
    when = parse_datetime(raw) if raw else revision.created_at
    names = contributor_names(revision)
    return (
        f"Proposed by {get_text_list(names, 'and')} on "
        f"{timezone.localtime(when):%-d %B %Y at %H:%M}"
    )


@dataclass
class ChangeRow:
    label: str
    published: str
    proposed: str


def revision_changes(record, revision) -> list[ChangeRow]:
    """What a pending revision would change, field by field, for the publisher to read."""
    model = type(record)
    rows = []
    data = revision.data
    if revision.kind == RevisionKind.STATUS:
        rows.append(
            ChangeRow(
                "Status",
                InitiativeStatus(data["from"]).label,
                InitiativeStatus(data["to"]).label,
            )
        )
        rows.append(ChangeRow("Reason", "", data["reason"]))
        return rows
    for attname, raw in data.get("fields", {}).items():
        field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        rows.append(
            ChangeRow(
                str(field.verbose_name).capitalize(),
                display_value(field, getattr(record, attname)),
                display_value(field, python_value(model, attname, raw)),
            )
        )
    for name, pks in data.get("m2m", {}).items():
        field = model._meta.get_field(name)
        related = field.related_model._base_manager
        rows.append(
            ChangeRow(
                str(field.verbose_name).capitalize(),
                ", ".join(str(r) for r in getattr(record, name).all()) or "–",
                ", ".join(str(r) for r in related.filter(pk__in=pks)) or "–",
            )
        )
    from django.apps import apps

    for part in data.get("parts", []):
        part_model = apps.get_model(part["model"])
        name = str(part_model._meta.verbose_name).capitalize()
        current = part_model._base_manager.filter(pk=part["id"]).first() if part["id"] else None
        if part.get("delete"):
            rows.append(ChangeRow(name, str(current or "–"), "Removed"))
            continue
        described = "; ".join(
            f"{next(f for f in part_model._meta.concrete_fields if f.attname == a).verbose_name}: "
            f"{raw if raw not in (None, '') else '–'}"
            for a, raw in part.get("fields", {}).items()
        )
        rows.append(ChangeRow(name if current else f"{name} (new)", str(current or "–"), described))
    return rows


class ReviewAtTheRecordAdminMixin:
    """Put before ``PublicationAdminMixin``: the panel, the step pages, and changes held."""

    review_step_template = "admin/review_step.html"

    # Saving: hold a change that must wait ----------------------------------------------------

    def _must_hold(self, request, obj, change):
        if not change or obj.pk is None:
            return False
        live = type(obj)._base_manager.get(pk=obj.pk)
        return needs_review(live, request.user)

    def save_model(self, request, obj, form, change):
        if self._must_hold(request, obj, change):
            setattr(request, HELD, True)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, HELD, False):
            return super().save_related(request, form, formsets, change)
        obj = form.instance
        model = type(obj)
        concrete = {f.name: f for f in model._meta.concrete_fields}
        fields = {
            concrete[name].attname: getattr(obj, concrete[name].attname)
            for name in form.fields
            if name in concrete and concrete[name].editable
        }
        m2m = {
            field.name: [related.pk for related in form.cleaned_data.get(field.name) or []]
            for field in model._meta.many_to_many
            if field.name in form.fields
        }
        revision = propose_edit(
            record=obj,
            acting_user=request.user,
            fields=fields,
            m2m=m2m,
            parts=_inline_parts(formsets),
        )
        request._held_revision = revision

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, HELD, False):
            return []  # the formsets were not saved: there is nothing to describe yet
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, HELD, False):
            return None  # nothing changed yet: the approval writes the history
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(request, HELD, False):
            return super().response_change(request, obj)
        organisation = owning_organisation(obj)
        if request._held_revision is None:
            messages.info(
                request,
                "Nothing differs from the published version, so nothing waits for review.",
            )
        else:
            messages.success(
                request,
                f"Your change to “{obj}” waits for a publisher of {organisation}. The public "
                "goes on seeing the published version until it is approved.",
            )
        return redirect(self._review_url("change", obj))

    # Opening the form: show the pending version to carry on editing ------------------------

    def version_in_form(self, request, obj):
        """Return the revision whose values the change form opens on, or None for the live
        record: the change waiting for approval, or the officer's own change that was sent
        back (so that sending back never loses their work), for an officer whose changes wait.
        """
        if obj is None or obj.pk is None or not needs_review(obj, request.user):
            return None
        cache = request.__dict__.setdefault("_version_in_form", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            latest = (
                Revision.objects.of(obj)
                .filter(kind=RevisionKind.EDIT)
                .exclude(state=RevisionState.WITHDRAWN)
                .order_by("-created_at", "-pk")
                .first()
            )
            held = latest is not None and (
                latest.state == RevisionState.PENDING
                or (
                    latest.state == RevisionState.SENT_BACK
                    and latest.proposed_by_id == request.user.pk
                )
            )
            cache[key] = latest if held else None
        return cache[key]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        revision = self.version_in_form(request, obj)
        if revision is None:
            return form_class
        model = type(obj)
        initial = {}
        for attname, raw in revision.data.get("fields", {}).items():
            field = next(f for f in model._meta.concrete_fields if f.attname == attname)
            initial[field.name] = python_value(model, attname, raw)
        initial.update(revision.data.get("m2m", {}))

        class PendingVersionForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update({k: v for k, v in initial.items() if k in self.fields})

        PendingVersionForm.__name__ = form_class.__name__
        return PendingVersionForm

    # The panel ----------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            extra_context["review_panel"] = self.review_panel(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def review_panel(self, request, record):
        organisation = owning_organisation(record)
        user = request.user
        may_edit = can_edit(user, organisation)
        may_publish = can_publish(user, organisation)
        content_type = ContentType.objects.get_for_model(record)
        revisions = list(
            Revision.objects.filter(content_type=content_type, object_id=record.pk)
            .select_related("proposed_by", "decided_by")
            .order_by("-created_at", "-pk")[:10]
        )
        pending = [r for r in revisions if r.state == RevisionState.PENDING]
        latest_event = (
            ReviewEvent.objects.filter(content_type=content_type, object_id=record.pk)
            .select_related("acted_by")
            .first()
        )
        second = organisation.second_publisher_required
        buttons = []
        state = record.publication_state
        if may_edit and state == PublicationState.DRAFT:
            buttons.append(self._button(record, "submit"))
        if may_publish and state in (PublicationState.DRAFT, PublicationState.IN_REVIEW):
            buttons.append(self._button(record, "publish"))
        if may_publish and state == PublicationState.IN_REVIEW:
            buttons.append(self._button(record, "send-back"))
        if may_publish and state == PublicationState.PUBLISHED:
            buttons.append(self._button(record, "archive"))
        pending_rows = []
        for revision in pending:
            actions = []
            own = is_own_change(revision, user)
            if may_publish and not (second and own and not user.is_superuser):
                actions.append(self._button(record, "approve-change", revision))
                actions.append(self._button(record, "send-back-change", revision))
            if revision.proposed_by_id == user.pk or may_publish:
                actions.append(self._button(record, "withdraw-change", revision))
            must_act = f"A publisher of {organisation}"
            if second:
                must_act += " other than " + get_text_list(contributor_names(revision), "or")
            moved = (
                changed_since_proposed(record, revision)
                if revision.kind == RevisionKind.EDIT
                else []
            )
            pending_rows.append(
                {
                    "revision": revision,
                    "title": revision.get_kind_display(),
                    "proposed": proposed_line(revision),
                    "changes": revision_changes(record, revision),
                    "must_act": must_act + " must approve it.",
                    "actions": actions,
                    "moved": [field_label(type(record), name) for name in moved],
                }
            )
        edits = [r for r in revisions if r.kind == RevisionKind.EDIT]
        latest_edit = next((r for r in edits if r.state != RevisionState.WITHDRAWN), None)
        sent_back = (
            latest_edit
            if latest_edit is not None and latest_edit.state == RevisionState.SENT_BACK
            else None
        )
        in_form = self.version_in_form(request, record)
        public_url = record.get_absolute_url() if record.is_published else None
        if record.is_published:
            public_sees = "The public sees the published version on this page."
        elif state == PublicationState.ARCHIVED:
            public_sees = "Archived: the public does not see this record."
        else:
            public_sees = (
                f"{record.get_publication_state_display()}: the public does not see this record "
                "yet."
            )
        return {
            "state": record.get_publication_state_display(),
            "public_sees": public_sees,
            "public_url": public_url,
            "preview_url": None if record.is_published else preview_url(record),
            "latest_event": latest_event,
            "buttons": buttons,
            "pending": pending_rows,
            "sent_back": sent_back,
            "holds_edits": record.is_published and needs_review(record, user),
            "in_form": in_form,
            "sent_back_changes": revision_changes(record, sent_back) if sent_back else None,
            "organisation": organisation,
        }

    def _button(self, record, name, revision=None):
        url = self._review_url("review_step", record, name)
        if revision is not None:
            url += f"?revision={revision.pk}"
        return {"label": STEPS[name].label, "url": url, "name": name}

    # The step pages -----------------------------------------------------------------------

    def get_urls(self):
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/review/<slug:step>/",
                self.admin_site.admin_view(self.review_step_view),
                name=f"{meta.app_label}_{meta.model_name}_review_step",
            ),
            *super().get_urls(),
        ]

    def review_step_view(self, request, object_id, step):
        request.current_app = self.admin_site.name
        if step not in STEPS:
            raise Http404("No such step.")
        review_step = STEPS[step]
        record = self.get_object(request, unquote(object_id))
        if record is None or not self.has_view_permission(request, record):
            raise Http404("No such record among those you can see.")
        revision = None
        if review_step.on_revision:
            revision = (
                Revision.objects.of(record)
                .filter(pk=(request.POST or request.GET).get("revision") or 0)
                .select_related("proposed_by")
                .first()
            )
            if revision is None:
                raise Http404("No such change to this record.")
        change_url = self._review_url("change", record)
        comment, error, refusal = "", None, None
        service = _record_step_service(step)
        target = revision if review_step.on_revision else record
        if request.method != "POST":
            refusal = step_refusal(service, target, request.user)
        else:
            comment = request.POST.get("comment", "")
            try:
                service(target, request.user, comment)
            except (PermissionDenied, ValidationError) as refused:
                error = _error_text(refused)
            else:
                record.refresh_from_db()
                done = review_step.done.format(record=record)
                if record.is_published:
                    messages.success(
                        request,
                        format_html(
                            '{} <a href="{}">See it on the public site</a>.',
                            done,
                            record.get_absolute_url(),
                        ),
                    )
                else:
                    messages.success(request, done)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "record": record,
            "step": review_step,
            "revision": revision,
            "changes": revision_changes(record, revision) if revision else None,
            "comment": comment,
            "error": error,
            "refusal": refusal,
            "details": self.review_step_details(record),
            "changelist_url": self._review_url_for_list(),
            "change_url": change_url,
            "title": review_step.question.format(record=record),
            "subtitle": None,
        }
        return TemplateResponse(request, self.review_step_template, context)

    #: Fields shown on a step's confirmation page, so the publisher sees what they publish.
    review_step_fields = ()

    def review_step_details(self, record):
        rows = []
        for name in self.review_step_fields:
            field = record._meta.get_field(name)
            display = getattr(record, f"get_{name}_display", None)
            value = display() if display else getattr(record, name)
            rows.append((str(field.verbose_name).capitalize(), value))
        return rows

    def _review_url_for_list(self):
        meta = self.model._meta
        return reverse(f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_changelist")

    def _review_url(self, view, obj, *args):
        meta = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_{view}",
            args=[quote(obj.pk), *args],
        )


def _inline_parts(formsets):
    """The inline rows a held form would have saved: changed, new and deleted ones."""
    parts = []
    for formset in formsets:
        fk = getattr(formset, "fk", None)
        if fk is None or not formset.is_bound:
            continue
        model = formset.model
        label = model._meta.label_lower
        concrete = {f.name: f for f in model._meta.concrete_fields}
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for form in formset.forms:
            pk = form.instance.pk if form.instance._state.adding is False else None
            if form in deleted:
                if pk is not None:
                    parts.append({"model": label, "fk": fk.name, "id": pk, "delete": True})
                continue
            if not form.has_changed():
                continue
            fields = {
                concrete[name].attname: getattr(form.instance, concrete[name].attname)
                for name in form.fields
                if name in concrete
                and concrete[name].editable
                and name != fk.name
                and not concrete[name].primary_key
            }
            parts.append(
                {"model": label, "fk": fk.name, "id": pk, "delete": False, "fields": fields}
            )
    return parts
