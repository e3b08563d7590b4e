"""Import a plan from a file, and export plans in the same format, in the Plan admin.

``PlanImportAdminMixin`` adds to the Plan change list:

- "Import a plan": upload a CSV or Excel file; the portal checks every row and shows a dry run
  (errors by row and column, or what would be created, updated or left unchanged); the officer
  then chooses the same file again to confirm, and it is imported all or nothing. Nothing is
  kept on the server between the two steps: the confirmation carries the checked file's SHA-256
  digest, and a different file is checked rather than imported.
- the template files to start from;
- an "Export" column and two actions that write plans in the import format, for the plans the
  officer may edit (the change list's own queryset).

The import runs as the signed-in officer: rows that would change another organisation's
records are errors (``priorities.plan_files.plan_import``).
"""

import hashlib
import io
import zipfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from priorities.models import Plan
from priorities.plan_files import CONTENT_TYPES, CSV, FORMATS, XLSX, plan_export, plan_import
from priorities.plan_files.export import export_filename, write_rows
from priorities.plan_files.outcome import UNCHANGED
from priorities.plan_files.template import template_rows

#: The most changes the dry run lists on the page (the counts cover them all).
CHANGES_SHOWN = 500
FORMAT_NAMES = {CSV: "CSV", XLSX: "Excel"}


def file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class PlanImportAdminMixin:
    import_template = "admin/priorities/plan/import.html"

    # URLs ------------------------------------------------------------------------------------

    def get_urls(self):
        meta = self.model._meta
        prefix = f"{meta.app_label}_{meta.model_name}"
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name=f"{prefix}_import"),
            path(
                "import/template.<str:file_format>",
                view(self.import_template_view),
                name=f"{prefix}_import_template",
            ),
            path(
                "<path:object_id>/export.<str:file_format>",
                view(self.export_view),
                name=f"{prefix}_export",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        meta = self.model._meta
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    # Import ----------------------------------------------------------------------------------

    def has_import_permission(self, request):
        return self.has_add_permission(request) or self.has_change_permission(request)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        context = {"report": None, "digest": "", "form_error": ""}
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                context["form_error"] = "Choose a CSV or Excel file to import."
            else:
                digest = file_digest(upload)
                confirmed = request.POST.get("confirm") == "1"
                if confirmed and request.POST.get("digest") != digest:
                    confirmed = False
                    context["form_error"] = (
                        "That is not the file you checked, so it was not imported: here is the "
                        "check of the file you chose. Import it if it is right."
                    )
                report = plan_import(
                    file=upload,
                    filename=upload.name,
                    acting_user=request.user,
                    dry_run=not confirmed,
                )
                if report.applied:
                    self.message_user(
                        request, f"Imported {upload.name}: {report.summary()}", messages.SUCCESS
                    )
                    return redirect(self._url("change", report.plan.pk))
                context.update(report=report, digest=digest)
        return TemplateResponse(
            request, self.import_template, self._import_context(request, context)
        )

    def _import_context(self, request, context):
        report = context["report"]
        changes = []
        if report is not None:
            changes = [change for change in report.changes if change.action != UNCHANGED]
        return {
            **self.admin_site.each_context(request),
            **context,
            "opts": self.model._meta,
            "title": "Import a plan",
            "changes": changes[:CHANGES_SHOWN],
            "changes_not_shown": max(0, len(changes) - CHANGES_SHOWN),
            "templates": [
                (FORMAT_NAMES[file_format], self._url("import_template", file_format))
                for file_format in FORMATS
            ],
            "changelist_url": self._url("changelist"),
        }

    def import_template_view(self, request, file_format):
        if file_format not in FORMATS or not self.has_import_permission(request):
            raise Http404
        buffer = io.BytesIO()
        write_rows(template_rows(), file=buffer, file_format=file_format)
        return _download(buffer.getvalue(), f"plan-import-template.{file_format}", file_format)

    # Export ----------------------------------------------------------------------------------

    def export_view(self, request, object_id, file_format):
        if file_format not in FORMATS:
            raise Http404
        plan = (
            Plan.private_objects.editable_by(request.user)
            .select_related("organisation")
            .filter(pk=object_id if str(object_id).isdigit() else None)
            .first()
        )
        if plan is None or not self.has_view_permission(request, plan):
            raise Http404("No such plan.")
        buffer = io.BytesIO()
        plan_export(plan, file=buffer, file_format=file_format, user=request.user)
        return _download(buffer.getvalue(), export_filename(plan, file_format), file_format)

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        return display if "export_links" in display else [*display, "export_links"]

    @admin.display(description="Export")
    def export_links(self, plan):
        return format_html(
            '<a href="{}" aria-label="Export {} as CSV">CSV</a> · '
            '<a href="{}" aria-label="Export {} as Excel">Excel</a>',
            self._url("export", plan.pk, CSV),
            plan.title,
            self._url("export", plan.pk, XLSX),
            plan.title,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            for name in ("export_selected_csv", "export_selected_xlsx"):
                actions[name] = self.get_action(name)
        return actions

    @admin.action(description="Export selected plans as CSV (the import format)")
    def export_selected_csv(self, request, queryset):
        return self._export_selected(request, queryset, CSV)

    @admin.action(description="Export selected plans as Excel (the import format)")
    def export_selected_xlsx(self, request, queryset):
        return self._export_selected(request, queryset, XLSX)

    def _export_selected(self, request, queryset, file_format):
        """Return one plan's file, or a zip archive of several plans' files."""
        plans = list(queryset.select_related("organisation"))
        files = []
        for plan in plans:
            buffer = io.BytesIO()
            plan_export(plan, file=buffer, file_format=file_format, user=request.user)
            files.append((export_filename(plan, file_format), buffer.getvalue()))
        if len(files) == 1:
            name, content = files[0]
            return _download(content, name, file_format)
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for name, content in files:
                zipped.writestr(name, content)
        response = HttpResponse(archive.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="plans-{file_format}.zip"'
        return response


def _download(content: bytes, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
