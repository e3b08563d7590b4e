"""Review and publication in the admin: editors submit, publishers publish or send back.

The publication state is never edited in a form: it changes only through the services in
``priorities.services`` (``record_submit_for_review``, ``record_publish``, ``record_send_back``,
``record_archive``), offered here as list actions and as a send-back page that asks for the
publisher's comment. The change form shows the latest review step and its comment.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from portal.preview import preview_url
from priorities.admin.revisions import ReviewAtTheRecordAdminMixin
from priorities.models import ReviewEvent
from priorities.services import (
    record_archive,
    record_publish,
    record_send_back,
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

    # Sending back needs the publisher's comment, so it has a page of its own.

    def get_urls(self):
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/send-back/",
                self.admin_site.admin_view(self.send_back_view),
                name=f"{meta.app_label}_{meta.model_name}_send_back",
            ),
            *super().get_urls(),
        ]

    def send_back_view(self, request, object_id):
        record = self.get_object(request, object_id)
        if record is None or not self.has_change_permission(request, record):
            raise PermissionDenied
        meta = self.model._meta
        change_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        comment, error = "", None
        if request.method == "POST":
            comment = request.POST.get("comment", "")
            try:
                record_send_back(record=record, acting_user=request.user, comment=comment)
            except (PermissionDenied, ValidationError) as refused:
                error = _error_text(refused)
            else:
                self.message_user(request, f"“{record}” was sent back to its editors.")
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": meta,
            "record": record,
            "comment": comment,
            "error": error,
            "change_url": change_url,
            "title": f"Send back “{record}”",
        }
        return TemplateResponse(request, "admin/send_back.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meta = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "send_back_url": reverse(
                f"admin:{meta.app_label}_{meta.model_name}_send_back", args=[object_id]
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)
