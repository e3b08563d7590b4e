"""Status changes from the admin: "Change status" on an initiative's change page.

An initiative's ``status`` is not a field of its change form: it changes only through
``initiative_change_status``, which checks the officer, requires a reason, allows only the
lifecycle's transitions, and writes the status change with its subscribers' notifications. The
page here is a form in front of that service: it offers only the statuses the initiative may
move to next, asks why, and lets the officer cite the committee meeting that decided it, a link
to the evidence and when the change took effect.

The initiative's change page also shows each status change with the delivery of its emails
(pending, sent, failed and retrying, given up), counted from the notification outbox.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from priorities.admin.date_fields import DayAndOptionalTimeField, day_or_moment
from priorities.admin.scoping import NeverWrittenHereMixin
from priorities.lifecycle import InitiativeStatus, allowed_next_statuses, transition_refused
from priorities.models import Meeting, NotificationState, Revision, StatusChange
from priorities.permissions import can_edit
from priorities.revisions import needs_review, record_status_change

#: Clocks differ a little: a change "now" may arrive a moment ahead of the server's clock.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def status_label(status: str) -> str:
    return InitiativeStatus(status).label


def meeting_choices(initiative, user):
    """Return the meetings an officer may cite: those of their organisations' committees and of
    the initiative's organisation's committees."""
    return (
        Meeting.objects.filter(
            Q(pk__in=Meeting.objects.editable_by(user).values("pk"))
            | Q(committee__organisation=initiative.organisation_id)
        )
        .select_related("committee__organisation")
        .order_by("-starts_at")
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting} ({meeting.committee.organisation.display_name})"


class NextStatusField(forms.ChoiceField):
    """The statuses an initiative may move to; anything else is refused with the reason."""

    def __init__(self, *, current, **kwargs):
        self.current = current
        choices = [(status, status_label(status)) for status in allowed_next_statuses(current)]
        super().__init__(choices=choices, **kwargs)

    def validate(self, value):
        if value and not self.valid_value(value):
            raise ValidationError(transition_refused(self.current, value), code="invalid_choice")
        super().validate(value)


class InitiativeStatusForm(forms.Form):
    """Change an initiative's status: where to, why, and what decided it."""

    #: The status when the page was opened (not checked when missing).
    opened_status = forms.CharField(widget=forms.HiddenInput, required=False)
    to = forms.Field(label="New status")  # replaced per initiative in __init__
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text="Why the status is changing. It is shown on the initiative's public "
        "timeline and in the email to its followers.",
    )
    meeting = MeetingChoiceField(
        label="Committee meeting that decided it",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="None",
    )
    evidence_url = forms.URLField(
        label="Evidence link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="A link to the decision, the minutes or a report, if there is one.",
    )
    changed_at = DayAndOptionalTimeField(
        label="When it took effect",
        required=False,
        help_text="Leave both empty for now. Leave the time empty if only the date is known.",
    )

    def __init__(self, *args, initiative, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["opened_status"].initial = initiative.status
        self.fields["to"] = NextStatusField(
            current=initiative.status, label="New status", widget=forms.RadioSelect
        )
        self.fields["meeting"].queryset = meeting_choices(initiative, user)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Give the reason for the change of status.")
        return reason

    def clean_changed_at(self):
        """A ``DayAndTime`` not in the future nor before the last change (compared by day
        alone where either time is not known), or None for now."""
        when = self.cleaned_data.get("changed_at")
        if when is None:
            return None
        future = (
            when.as_datetime() > timezone.now() + CLOCK_TOLERANCE
            if when.time_known
            else when.day > timezone.localdate()
        )
        if future:
            raise ValidationError(
                "A status change records what has happened: it cannot take effect in the future."
            )
        latest = self.initiative.status_changes.order_by("-changed_at").first()
        if latest is not None:
            if when.time_known and latest.time_known:
                before = when.as_datetime() < latest.changed_at
                shown = date_format(timezone.localtime(latest.changed_at), "j M Y, H:i")
            else:
                before = when.day < timezone.localdate(latest.changed_at)
                shown = date_format(timezone.localtime(latest.changed_at), "j M Y")
            if before:
                raise ValidationError(
                    f"It cannot take effect before the last change of status ({shown})."
                )
        return when

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_status")
        if opened and opened != self.initiative.status:
            # Show the form again with the status it now has.
            data = self.data.copy()
            data[self.add_prefix("opened_status")] = self.initiative.status
            self.data = data
            raise ValidationError(
                "Someone else changed the status to "
                f"{status_label(self.initiative.status).lower()} since you opened this page. "
                "Check the new status, then choose again."
            )
        return cleaned_data


class StatusChangeDeliveryInline(NeverWrittenHereMixin, admin.TabularInline):
    """An initiative's status changes, newest first, with the delivery of their emails."""

    model = StatusChange
    fk_name = "initiative"
    extra = 0
    can_delete = False
    verbose_name_plural = "status changes and their emails"
    fields = [
        "took_effect",
        "from_status",
        "to_status",
        "reason",
        "meeting",
        "recorded_by",
        "email_delivery",
    ]
    readonly_fields = fields
    ordering = ["-changed_at", "-pk"]

    def get_queryset(self, request):
        counts = {
            f"emails_{state}": Count("notifications", filter=Q(notifications__state=state))
            for state in NotificationState.values
        }
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__committee", "recorded_by")
            .annotate(**counts)
        )

    @admin.display(description="took effect")
    def took_effect(self, status_change):
        return day_or_moment(status_change.changed_at, time_known=status_change.time_known)

    @admin.display(description="emails")
    def email_delivery(self, status_change):
        parts = [
            f"{count} {NotificationState(state).label.lower()}"
            for state in NotificationState.values
            if (count := getattr(status_change, f"emails_{state}", 0))
        ]
        return ", ".join(parts) if parts else "None (a draft, or no one follows it)"

    # Status changes are written only by the service (NeverWrittenHereMixin): shown here.
    def has_view_permission(self, request, obj=None):
        parent_admin = self.admin_site._registry.get(self.parent_model)
        return parent_admin is not None and parent_admin.has_view_permission(request, obj)


class InitiativeStatusAdminMixin:
    """Add "Change status" to an initiative's admin, and the delivery of its status emails.

    Put it before the admin's base class. It adds the view ``<pk>/change-status/`` (URL name
    ``<app>_<model>_change_status``), a "Change status" link among the change page's tools
    (``templates/admin/priorities/initiative/change_form_object_tools.html``), and shows the
    status changes with ``StatusChangeDeliveryInline`` in place of any other inline of status
    changes.
    """

    change_status_template = "admin/priorities/initiative/change_status.html"
    status_change_inline = StatusChangeDeliveryInline

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/change-status/",
                self.admin_site.admin_view(self.change_status_view),
                name=f"{opts.app_label}_{opts.model_name}_change_status",
            ),
            *super().get_urls(),
        ]

    def get_inlines(self, request, obj):
        inlines = [
            inline
            for inline in super().get_inlines(request, obj)
            if inline.model is not StatusChange
        ]
        if obj is None:  # a new initiative has no status changes yet
            return inlines
        return [*inlines, self.status_change_inline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.may_change_status(request, obj):
            extra_context["change_status_url"] = self._admin_url("change_status", obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def may_change_status(self, request, initiative) -> bool:
        return self.has_change_permission(request, initiative) and can_edit(
            request.user, initiative.organisation
        )

    def change_status_view(self, request, object_id):
        """Offer the statuses the initiative may move to; record the change with the service."""
        request.current_app = self.admin_site.name
        initiative = self.get_object(request, unquote(object_id))
        if initiative is None:
            raise Http404("No such initiative among those you can edit.")
        if not self.may_change_status(request, initiative):
            raise PermissionDenied
        allowed = allowed_next_statuses(initiative.status)
        form = InitiativeStatusForm(
            request.POST if request.method == "POST" else None,
            initiative=initiative,
            user=request.user,
        )
        if request.method == "POST" and allowed and form.is_valid():
            from_status = initiative.status
            data = form.cleaned_data
            try:
                outcome = record_status_change(
                    initiative=initiative,
                    to=data["to"],
                    reason=data["reason"],
                    meeting=data["meeting"],
                    evidence_url=data["evidence_url"],
                    changed_at=data["changed_at"] and data["changed_at"].as_datetime(),
                    time_known=data["changed_at"] is None or data["changed_at"].time_known,
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if isinstance(outcome, Revision):
                    messages.success(
                        request,
                        f"The change of status to {status_label(data['to'])} waits for a "
                        f"publisher of {initiative.organisation}. Until it is approved, the "
                        "public sees the initiative as "
                        f"{status_label(from_status)} and nobody is emailed.",
                    )
                    return redirect(self._admin_url("change", initiative))
                change = f"Status changed from {status_label(from_status)} to " + status_label(
                    initiative.status
                )
                self.log_change(request, initiative, f"{change}.")
                messages.success(request, f"{change}.")
                return redirect(self._admin_url("change", initiative))

        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change the status of “{initiative}”",
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "original": initiative,
            "form": form,
            "allowed": allowed,
            "current_status": status_label(initiative.status),
            "media": self.media + form.media,
            "change_url": self._admin_url("change", initiative),
            "held_for_review": needs_review(initiative, request.user),
        }
        return TemplateResponse(request, self.change_status_template, context)

    def _admin_url(self, view, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}",
            args=[quote(obj.pk)],
        )
