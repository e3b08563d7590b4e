"""Each record's history with a readable diff, and "Revert to this version".

django-simple-history records every save (each model has ``history = HistoricalRecords()``,
with its many-to-many fields where it lists them). Its admin lists the versions; this mixin

- shows, for each version, what changed since the one before: the field's label and the old and
  new values as an officer reads them (choice labels, names of related records, dates), for the
  changed fields only, many-to-many fields included (``version_changes``). Values are shown
  whole, never shortened: the words that changed in a text, the records added to or removed
  from a many-to-many field, or the whole value of any other field are marked as removed and
  added (``word_diff``, ``FieldChange.inline``), with "removed:" and "added:" for screen
  readers;
- replaces simple-history's version page (a pre-filled change form whose "Revert" saves whatever
  is posted, for any record of the model) with a page that shows what the version changed and
  what reverting to it would change, and a "Revert to this version" button.

A revert is a new save: the record's fields and many-to-many fields are set to the version's,
and exactly one history row is written, with the reason "Reverted to the version of <date> by
<officer>". It is limited to records the officer may edit, and it never takes a record out of
the officer's organisations. Some fields are never reverted (``fields_kept_on_revert``):

- fields no form edits, such as an initiative's ``status``: a status changes only through
  ``initiative_change_status``, with a reason, a status change row and its notifications;
- ``publication_state`` and ``published_at``: publishing goes through review, so reverting the
  content of a published record keeps it published (and a draft stays a draft);
- whatever the admin shows read-only on the change form, such as the slug of a record whose
  address has been public (permalinks never change).

The officer is told which of these were kept.
"""

import difflib
import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst, get_text_list
from simple_history.utils import get_m2m_reverse_field_name

from priorities.admin.versions import VERSION_FIELD, version_token
from priorities.permissions import can_edit, owning_organisation
from priorities.revisions import needs_review, propose_edit

#: Kept up to date by every save; never shown in a diff and never reverted.
TIMESTAMP_FIELDS = frozenset({"created_at", "updated_at"})
#: Publishing goes through review, never through a revert.
PUBLICATION_FIELDS = frozenset({"publication_state", "published_at"})
#: The history row's reason holds 100 characters.
CHANGE_REASON_MAX_LENGTH = 100

EMPTY = "(empty)"
NONE_SELECTED = "(none)"


#: How a value is compared: word by word (text), record by record (many-to-many fields, shown
#: as names separated by "; "), or as a whole (choices, dates, numbers, related records).
WORDS, ITEMS, WHOLE = "words", "items", "whole"

#: A word, a run of spaces, or one other character: what ``word_diff`` compares.
WORD_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
#: Between the records of a many-to-many value (``display_records``).
ITEM_SEPARATOR = "; "


@dataclass(frozen=True)
class Segment:
    """A run of a value: the same in both versions, removed from the old or added in the new."""

    text: str
    change: str  # "same", "removed" or "added"


def _runs(old_tokens, new_tokens):
    """Return (old text, new text, same?) runs from difflib's comparison of the tokens."""
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    return [
        ("".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2]), tag == "equal")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _joined(runs):
    """Join changes that only spaces separate ("Red apples" → "Green pears", not "Red" →
    "Green", then "apples" → "pears"), and neighbouring changes."""
    joined = []
    for index, (old, new, same) in enumerate(runs):
        between_changes = 0 < index < len(runs) - 1 and old.isspace()
        if same and between_changes:
            same = False
        if joined and not same and not joined[-1][2]:
            previous_old, previous_new, _ = joined.pop()
            old, new = previous_old + old, previous_new + new
        joined.append((old, new, same))
    return joined


def item_diff(old: str, new: str) -> list[Segment]:
    """Return the records of two many-to-many values (names separated by "; ", in order), each
    marked as kept, removed or added, in order."""
    old_items = [] if old == NONE_SELECTED else old.split(ITEM_SEPARATOR)
    new_items = [] if new == NONE_SELECTED else new.split(ITEM_SEPARATOR)
    kept, removed = set(new_items), set(old_items)
    segments = [
        Segment(name, "same" if name in kept and name in removed else "removed")
        for name in old_items
    ]
    segments += [Segment(name, "added") for name in new_items if name not in removed]
    return sorted(segments, key=lambda segment: segment.text)


def _listed(items: list[Segment]) -> list[Segment]:
    """``items`` with the separator between them, or a note that there are none."""
    if not items:
        return [Segment(NONE_SELECTED, "same")]
    listed = []
    for index, item in enumerate(items):
        if index:
            listed.append(Segment(ITEM_SEPARATOR, "same"))
        listed.append(item)
    return listed


def word_diff(old: str, new: str, *, mode: str = WORDS) -> list[Segment]:
    """Return ``old`` changed into ``new`` as segments, compared by ``mode``: the text of the
    segments that are not "added" is ``old``, of those that are not "removed" is ``new``."""
    if mode == ITEMS:
        return _listed(item_diff(old, new))
    if mode == WHOLE or EMPTY in (old, new):
        runs = [(old, new, old == new)]
    else:
        runs = _joined(_runs(WORD_TOKENS.findall(old), WORD_TOKENS.findall(new)))
    segments = []
    for old_text, new_text, same in runs:
        if same:
            segments.append(Segment(old_text, "same"))
            continue
        if old_text:
            segments.append(Segment(old_text, "removed"))
        if new_text:
            segments.append(Segment(new_text, "added"))
    return segments


@dataclass(frozen=True)
class FieldChange:
    """One field's change, ready to show: its label, the value before and the value after,
    whole, and how to compare them (``WORDS``, ``ITEMS`` or ``WHOLE``)."""

    field: str
    old: str
    new: str
    mode: str = WHOLE

    @cached_property
    def inline(self) -> list[Segment]:
        """Both values in one: what stayed, what was removed and what was added."""
        return word_diff(self.old, self.new, mode=self.mode)

    @property
    def before(self) -> list[Segment]:
        """The old value, its removed parts marked."""
        return self._without("added")

    @property
    def after(self) -> list[Segment]:
        """The new value, its added parts marked."""
        return self._without("removed")

    def _without(self, change):
        if self.mode == ITEMS:
            items = item_diff(self.old, self.new)
            return _listed([item for item in items if item.change != change])
        return [segment for segment in self.inline if segment.change != change]


# Values as an officer reads them ------------------------------------------------------------


def display_value(model_field, value) -> str:
    """Return ``value`` of ``model_field`` as an officer reads it."""
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(model_field, models.DateField):
        return date_format(value, "j M Y")
    return str(value)


def display_records(records) -> str:
    """Return related records (a many-to-many value) as an officer reads them."""
    names = sorted(str(record) for record in records)
    return "; ".join(names) if names else NONE_SELECTED


def related_record(model_field, pk):
    """Return the record a foreign key value ``pk`` points at, or a note that it is gone."""
    if pk is None:
        return None
    related = model_field.related_model._base_manager.filter(pk=pk).first()
    if related is None:
        return f"deleted {model_field.related_model._meta.verbose_name} (id {pk})"
    return related


def comparison_mode(model_field) -> str:
    """How values of ``model_field`` are compared: text word by word, many-to-many fields
    record by record, anything else (choices, dates, numbers, related records) as a whole."""
    if model_field.many_to_many:
        return ITEMS
    if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
        return WORDS
    return WHOLE


def field_change(model_field, old: str, new: str) -> FieldChange:
    return FieldChange(capfirst(model_field.verbose_name), old, new, comparison_mode(model_field))


def _field_order(model):
    return {model_field.name: index for index, model_field in enumerate(model._meta.get_fields())}


# What a version changed ---------------------------------------------------------------------


def version_changes(new_record, old_record) -> list[FieldChange]:
    """Return what changed from the historical record ``old_record`` to ``new_record``.

    Uses simple-history's ``diff_against`` for the fields forms edit and the many-to-many fields
    it records, and adds the tracked fields no form edits (an initiative's status), in the
    order the model declares its fields.
    """
    model = new_record.instance_type
    delta = new_record.diff_against(
        old_record, excluded_fields=TIMESTAMP_FIELDS, foreign_keys_are_objs=True
    )
    changes = []
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        if model_field.many_to_many:
            related_name = get_m2m_reverse_field_name(model_field)
            old = display_records(row[related_name] for row in change.old)
            new = display_records(row[related_name] for row in change.new)
        elif model_field.is_relation:
            old = str(change.old) if change.old is not None else EMPTY
            new = str(change.new) if change.new is not None else EMPTY
        else:
            old = display_value(model_field, change.old)
            new = display_value(model_field, change.new)
        changes.append((change.field, field_change(model_field, old, new)))
    for model_field in new_record.tracked_fields:
        if model_field.editable or model_field.primary_key or model_field.name in TIMESTAMP_FIELDS:
            continue
        old_value = getattr(old_record, model_field.attname)
        new_value = getattr(new_record, model_field.attname)
        if old_value != new_value:
            changes.append(
                (
                    model_field.name,
                    field_change(
                        model_field,
                        display_value(model_field, old_value),
                        display_value(model_field, new_value),
                    ),
                )
            )
    order = _field_order(model)
    changes.sort(key=lambda item: order.get(item[0], len(order)))
    return [change for _, change in changes]


# What reverting to a version does -----------------------------------------------------------


def fields_kept_on_revert(obj, also_keep=()) -> set[str]:
    """Return the names of ``obj``'s fields a revert leaves as they are (module docstring),
    with ``also_keep`` (the admin's read-only fields: what an officer cannot edit, a revert
    does not change either)."""
    kept = set(also_keep) | {
        model_field.name
        for model_field in obj._meta.concrete_fields
        if not model_field.editable and model_field.name not in TIMESTAMP_FIELDS
    }
    return kept | PUBLICATION_FIELDS


@dataclass
class RevertPlan:
    """What reverting ``obj`` to ``version`` would do."""

    version: object
    #: attname → the version's value, for the fields that differ and may be reverted.
    values: dict = field(default_factory=dict)
    #: many-to-many field name → the version's related primary keys (those that still exist).
    many_to_many: dict = field(default_factory=dict)
    #: current → version, for each field the revert changes.
    changes: list = field(default_factory=list)
    #: current → version, for each field that differs but is kept as it is.
    kept: list = field(default_factory=list)
    #: Records the version refers to that have since been deleted, left out of the revert.
    missing: list = field(default_factory=list)

    @property
    def changes_nothing(self) -> bool:
        return not (self.values or self.many_to_many)


def plan_revert(obj, version, also_keep=()) -> RevertPlan:
    """Return what reverting ``obj`` to the historical record ``version`` would change,
    leaving alone the fields of ``fields_kept_on_revert(obj, also_keep)``."""
    plan = RevertPlan(version=version)
    old = version.instance
    kept = fields_kept_on_revert(obj, also_keep)
    tracked = {model_field.name for model_field in version.tracked_fields}
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if model_field.primary_key or name in TIMESTAMP_FIELDS or name not in tracked:
            continue
        current, wanted = getattr(obj, model_field.attname), getattr(old, model_field.attname)
        if current == wanted:
            continue
        if model_field.is_relation:
            current_display = related_record(model_field, current)
            wanted_display = related_record(model_field, wanted)
            current_display = EMPTY if current_display is None else str(current_display)
            if isinstance(wanted_display, str):
                plan.missing.append(wanted_display)
                continue
            wanted_display = EMPTY if wanted_display is None else str(wanted_display)
        else:
            current_display = display_value(model_field, current)
            wanted_display = display_value(model_field, wanted)
        change = field_change(model_field, current_display, wanted_display)
        if name in kept:
            plan.kept.append(change)
        else:
            plan.values[model_field.attname] = wanted
            plan.changes.append((name, change))
    for model_field in version._history_m2m_fields:
        related_model = model_field.related_model
        related_name = get_m2m_reverse_field_name(model_field)
        wanted_ids = set(getattr(version, model_field.name).values_list(related_name, flat=True))
        existing = set(
            related_model._base_manager.filter(pk__in=wanted_ids).values_list("pk", flat=True)
        )
        plan.missing += [
            f"deleted {related_model._meta.verbose_name} (id {pk})"
            for pk in sorted(wanted_ids - existing)
        ]
        current = list(getattr(obj, model_field.name).all())
        if {record.pk for record in current} == existing:
            continue
        plan.many_to_many[model_field.name] = sorted(existing)
        change = field_change(
            model_field,
            display_records(current),
            display_records(related_model._base_manager.filter(pk__in=existing)),
        )
        plan.changes.append((model_field.name, change))
    order = _field_order(type(obj))
    plan.changes.sort(key=lambda item: order.get(item[0], len(order)))
    plan.changes = [change for _, change in plan.changes]
    return plan


def revert_reason(version, user) -> str:
    """Return the history reason of a revert to ``version`` by ``user``."""
    who = (user.get_full_name() or user.get_username()) if user else "the system"
    reason = f"Reverted to the version of {version_date(version)} by {who}"
    return Truncator(reason).chars(CHANGE_REASON_MAX_LENGTH)


def version_date(version) -> str:
    return date_format(timezone.localtime(version.history_date), "j M Y, H:i")


def apply_revert(obj, plan: RevertPlan, *, user):
    """Save ``obj`` with ``plan``'s values as one new change, recorded with its reason.

    Many-to-many fields are set first without history, so that the one history row written
    by the save holds the reverted fields and relations together.
    """
    for attname, value in plan.values.items():
        setattr(obj, attname, value)
    obj.skip_history_when_saving = True
    try:
        for name, pks in plan.many_to_many.items():
            getattr(obj, name).set(pks)
    finally:
        del obj.skip_history_when_saving
    obj._change_reason = revert_reason(plan.version, user)
    obj._history_user = user
    obj.save()
    return obj


def kept_note(obj, plan: RevertPlan) -> str:
    """Return what the officer is told about the fields a revert keeps."""
    sentences = []
    status_field = _model_field(obj, "status")
    if status_field is not None and not status_field.editable:
        sentences.append(
            f"Its status ({obj.get_status_display()}) is unchanged: a status changes only "
            "through “Change status”."
        )
    if _model_field(obj, "publication_state") is not None:
        sentences.append(
            f"Its publication state ({obj.get_publication_state_display()}) is unchanged: "
            "publishing goes through review."
        )
    slug_field = _model_field(obj, "slug")
    if slug_field is not None and capfirst(slug_field.verbose_name) in {
        change.field for change in plan.kept
    }:
        sentences.append("Its web address is unchanged: a public address never changes.")
    return " ".join(sentences)


def _model_field(obj, name):
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# The admin ----------------------------------------------------------------------------------


class HistoryDiffRevertAdminMixin:
    """Readable diffs in the history list and a scoped "Revert to this version" page.

    Put it before a SimpleHistoryAdmin (OrganisationScopedAdmin). The version page keeps
    simple-history's URL and name (``<app>_<model>_simple_history``), so its history list and
    ``revert_url()`` lead to it.
    """

    object_history_list_template = "admin/history_diff/object_history_list.html"
    history_version_template = "admin/history_diff/version.html"
    history_list_per_page = 25

    # The history list ---------------------------------------------------------------------

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Give each version on the page ``history_delta_changes``: what it changed."""
        records = list(historical_records)
        for newer, older in itertools.pairwise(records):
            newer.history_delta_changes = version_changes(newer, older)
        if records:
            last = records[-1]
            previous = last.prev_record
            last.history_delta_changes = version_changes(last, previous) if previous else []

    # The version page and revert ----------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Show one version: what it changed, what reverting to it would change; revert."""
        request.current_app = self.admin_site.name
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record among those you can edit.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = self._get_version(obj, version_id)
        may_revert = self._may_revert(request, obj)
        if request.method == "POST":
            if not may_revert:
                raise PermissionDenied
            return self._revert(request, obj, version)

        previous = version.prev_record
        plan = self.plan_revert(request, obj, version)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Version of {version_date(version)}: {obj}",
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "object": obj,
            "original": obj,
            "version": version,
            "version_date": version_date(version),
            "previous": previous,
            "changes_in_version": version_changes(version, previous) if previous else None,
            "plan": plan,
            "kept_note": kept_note(obj, plan),
            "may_revert": may_revert,
            "version_field": VERSION_FIELD,
            "record_version": version_token(obj.updated_at),
            "history_url": self._admin_url("history", obj),
            "change_url": self._admin_url("change", obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.history_version_template, context)

    def plan_revert(self, request, obj, version):
        """Return what reverting ``obj`` to ``version`` would change for this officer: the
        admin's read-only fields are kept, as they are on the change form."""
        return plan_revert(obj, version, also_keep=self.get_readonly_fields(request, obj))

    def _get_version(self, obj, version_id):
        try:
            version_pk = int(version_id)
        except (TypeError, ValueError):
            raise Http404("No such version.") from None
        version = obj.history.filter(history_id=version_pk).first()
        if version is None:
            raise Http404("No such version.")
        return version

    def _may_revert(self, request, obj):
        return self.has_change_permission(request, obj) and not self.revert_disabled(request, obj)

    def _may_own(self, request, obj):
        """Return whether ``obj``, as it would be saved, stays in the officer's organisations."""
        if not self.has_change_permission(request, obj):
            return False
        manager_queryset = obj._meta.default_manager.get_queryset()
        if getattr(manager_queryset, "organisation_lookup", None) is None:
            return True
        return can_edit(request.user, owning_organisation(obj))

    def _revert(self, request, obj, version):
        version_page = request.path
        with transaction.atomic(using=router.db_for_write(self.model)):
            locked = self.model._base_manager.select_for_update().get(pk=obj.pk)
            if request.POST.get(VERSION_FIELD) != version_token(locked.updated_at):
                messages.error(
                    request,
                    "Someone else changed this record since you opened this page, so nothing "
                    "was reverted. Check what reverting would change now, then revert again.",
                )
                return redirect(version_page)
            plan = self.plan_revert(request, locked, version)
            if plan.changes_nothing:
                messages.info(
                    request,
                    f"“{locked}” already matches the version of {version_date(version)}: "
                    "nothing was changed.",
                )
                return redirect(self._admin_url("change", locked))
            for attname, value in plan.values.items():
                setattr(locked, attname, value)
            if not self._may_own(request, locked):
                messages.error(
                    request,
                    "That version belongs to an organisation you cannot edit, so nothing was "
                    "reverted.",
                )
                return redirect(version_page)
            try:
                locked.full_clean()
            except ValidationError as error:
                messages.error(
                    request,
                    "This version cannot be restored as it stands, so nothing was reverted: "
                    + " ".join(error.messages),
                )
                return redirect(version_page)
            if needs_review(obj, request.user):
                # What the public sees changes only once a publisher approves the revert.
                propose_edit(
                    record=obj,
                    acting_user=request.user,
                    fields=plan.values,
                    m2m=plan.many_to_many,
                )
                messages.success(
                    request,
                    f"Reverting “{locked}” to the version of {version_date(version)} waits for "
                    "a publisher: the public goes on seeing the published version until it is "
                    "approved.",
                )
                return redirect(self._admin_url("change", locked))
            apply_revert(locked, plan, user=request.user)
            self.log_change(request, locked, f"Reverted to the version of {version_date(version)}.")

        message = f"Reverted “{locked}” to the version of {version_date(version)}."
        note = kept_note(locked, plan)
        if note:
            message += f" {note}"
        messages.success(request, message)
        if plan.missing:
            messages.warning(
                request,
                "Left out because they have been deleted since: "
                + get_text_list(plan.missing, "and")
                + ".",
            )
        return redirect(self._admin_url("change", locked))

    def _admin_url(self, view, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}",
            args=[quote(obj.pk)],
        )
