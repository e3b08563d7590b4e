"""Review and publication in the admin: editors submit, publishers publish or send back.

The publication state is never edited in a form: it changes only through the services in
``priorities.services`` (``record_submit_for_review``, ``record_publish``, ``record_send_back``,
``record_archive``), offered here as list actions, and on each record's change form as the
buttons of the review panel (``priorities/admin/revisions.py``), each confirmed on its own page
(sending back asks for the publisher's comment).
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html

from portal.preview import preview_url
from priorities.admin.revisions import ReviewAtTheRecordAdminMixin
from priorities.models import ReviewEvent
from priorities.services import (
    record_archive,
    record_publish,
    record_submit_for_review,
)


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class PublicationAdminMixin(ReviewAtTheRecordAdminMixin):
    change_form_template = "admin/publication_change_form.html"
    publication_fields = ("publication_state", "published_at", "latest_review")
    actions = ["submit_for_review", "publish", "archive"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in self.publication_fields if name not in readonly]

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        return display if "publication_state" in display else [*display, "publication_state"]

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and not obj.is_published:
            return preview_url(obj)
        return super().get_view_on_site_url(obj)

    @admin.display(description="Latest review step")
    def latest_review(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        event = (
            ReviewEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
            )
            .select_related("acted_by")
            .first()
        )
        if event is None:
            return "Not yet submitted for review."
        when = event.acted_at.strftime("%-d %B %Y %H:%M")
        if event.comment:
            return format_html(
                "{} by {} on {}: “{}”",
                event.get_action_display(),
                event.acted_by,
                when,
                event.comment,
            )
        return format_html("{} by {} on {}", event.get_action_display(), event.acted_by, when)

    def _apply(self, request, queryset, service, done):
        succeeded = 0
        for record in queryset:
            try:
                service(record=record, acting_user=request.user)
            except (PermissionDenied, ValidationError) as refused:
                self.message_user(request, f"“{record}”: {_error_text(refused)}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{done}: {succeeded} record{'s' * (succeeded != 1)}.")

    @admin.action(description="Submit selected for review")
    def submit_for_review(self, request, queryset):
        self._apply(request, queryset, record_submit_for_review, "Submitted for review")

    @admin.action(description="Publish selected (publishers)")
    def publish(self, request, queryset):
        self._apply(request, queryset, record_publish, "Published")

    @admin.action(description="Archive selected: take them off the public site (publishers)")
    def archive(self, request, queryset):
        # Archiving takes records off the public site at once and no step publishes them again,
        # so the publisher confirms it on a page listing them, as Django's delete action asks.
        if request.POST.get("confirm_archive") != "yes":
            return TemplateResponse(
                request,
                "admin/archive_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": "Archive these records?",
                    "subtitle": None,
                    "queryset": queryset,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                },
            )
        self._apply(request, queryset, record_archive, "Archived")
