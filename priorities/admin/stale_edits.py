"""Stale edits are rejected rather than silently overwritten.

Two officers open the same record; the first to save wins, and the second is told that someone
else changed it since they opened it, with their own input kept on the page and nothing saved.

The version of a record is its ``updated_at`` (every editable model has it, through
``TimeStampedModel``; any save, including a status change, a revert or a publication step, moves
it on). The form carries the value it was rendered with in a hidden field; ``clean()`` compares it
with the row in the database, locking the row when called inside a transaction (the admin's
change view runs in one) so that no save can slip in between the check and the write.

After a refused save the hidden field carries the record's new version: saving the same form
again is then a deliberate choice to replace the other officer's changes, made after being told
who changed what, never a silent one. A parent record's version covers its inlines: the admin
saves the parent with every submission.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list

from priorities.admin.history import version_changes
from priorities.admin.versions import VERSION_FIELD, parse_version_token, version_token


class VersionTokenInput(forms.HiddenInput):
    """A hidden input its label does not point at (a label may only name a visible control)."""

    def id_for_label(self, id_):
        return None


class StaleEditProtectedForm(forms.ModelForm):
    """A ModelForm that refuses to save over changes made since it was opened.

    Adding a record is never checked. A change posted without a version (a client that does not
    render the hidden field) is not checked either; the admin always renders it.
    """

    #: The model field that moves on with every save.
    version_model_field = "updated_at"

    record_version = forms.CharField(
        label="Version of the record you opened",
        required=False,
        widget=VersionTokenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._is_change():
            self.fields[VERSION_FIELD].initial = version_token(
                getattr(self.instance, self.version_model_field, None)
            )

    def _is_change(self):
        return self.instance.pk is not None and not self.instance._state.adding

    def clean(self):
        cleaned_data = super().clean()
        if self._is_change():
            self.check_not_stale(cleaned_data.get(VERSION_FIELD) or "")
        return cleaned_data

    def check_not_stale(self, token: str):
        """Raise a ValidationError when the record changed after the form was opened."""
        if not token:
            return
        try:
            opened_at = parse_version_token(token)
        except ValueError:
            raise ValidationError(
                "We could not tell when you opened this record. Your changes are below and "
                "have not been saved: copy them, reload the page and make them again.",
                code="stale",
            ) from None
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.values_list(self.version_model_field, flat=True).first()
        if current is None:
            raise ValidationError(
                "Someone else deleted this record since you opened it. Your changes are below "
                "and have not been saved.",
                code="deleted",
            )
        if current != opened_at:
            self._carry_version(current)
            raise ValidationError(self.stale_message(opened_at, current), code="stale")

    def _carry_version(self, current):
        """Make the redisplayed form carry the record's current version."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = version_token(current)
        self.data = data

    def stale_message(self, opened_at, current) -> str:
        """Return what the officer is told when the record changed after they opened it."""
        detail = describe_changes_since(self.instance, opened_at)
        return (
            "Someone else changed this record since you opened it"
            + (f" ({detail})" if detail else "")
            + ". Your changes are below and have not been saved. Check the record's history "
            "for what changed; saving this form again will replace those changes with yours."
        )


def describe_changes_since(instance, opened_at) -> str:
    """Return who changed ``instance`` after ``opened_at``, when, and which fields, from its
    history ("" when the model keeps none)."""
    history = getattr(instance, "history", None)
    if history is None:
        return ""
    later = list(
        history.filter(updated_at__gt=opened_at)
        .select_related("history_user")
        .order_by("history_date")
    )
    if not later:
        return ""
    names = []
    for record in later:
        user = record.history_user
        name = (user.get_full_name() or user.get_username()) if user else "the system"
        if name not in names:
            names.append(name)
    when = date_format(timezone.localtime(later[-1].history_date), "j M Y, H:i")
    detail = f"{get_text_list(names, 'and')}, last at {when}"
    opened = history.filter(updated_at=opened_at).first()
    if opened is not None:
        labels = [change.field for change in version_changes(later[-1], opened)]
        if labels:
            detail += f": {', '.join(labels)}"
    return detail


def stale_edit_form(form_class):
    """Return ``form_class`` with stale-edit protection (itself when it already has it)."""
    if issubclass(form_class, StaleEditProtectedForm):
        return form_class
    return type(
        f"StaleEditProtected{form_class.__name__}", (StaleEditProtectedForm, form_class), {}
    )


class StaleEditAdminMixin:
    """Make a ModelAdmin's change form refuse stale edits (see the module docstring).

    Put it before the admin's base class. It wraps whatever form the admin uses and adds the
    hidden version field to the fieldsets, whether they are declared or derived.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = stale_edit_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        present = VERSION_FIELD in flatten_fieldsets(fieldsets)
        if not self._may_save(request, obj):
            # A view-only page shows no form to protect: leave the token out.
            if present:
                fieldsets = [
                    (name, {**options, "fields": _without_version(options["fields"])})
                    for name, options in fieldsets
                ]
            return fieldsets
        if not present and fieldsets:
            name, options = fieldsets[-1]
            fieldsets[-1] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets

    def _may_save(self, request, obj):
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)


def _without_version(fields):
    kept = []
    for line in fields:
        if isinstance(line, list | tuple):
            line = type(line)(name for name in line if name != VERSION_FIELD)
            if line:
                kept.append(line)
        elif line != VERSION_FIELD:
            kept.append(line)
    return kept
