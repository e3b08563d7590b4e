"""Committee reports from the admin: an officer's own drafts included, marked DRAFT.

A meeting's or a plan's change page links to its report in each format; a committee's links
to a page that asks for the period. The record is found through the admin's own scoped
``get_object``, so an officer reaches only their organisations' meetings, plans and committees,
and the report holds their own unpublished records, never another organisation's.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from priorities.models import ReportScope
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.forms import CommitteeReportForm
from priorities.reports.views import officer_report_response


class ReportDownloadAdminMixin:
    """Adds "Report: PDF, Word, Excel, CSV" to a meeting's, plan's or committee's change page.

    ``report_scope`` names the scope (a ``ReportScope`` value).
    """

    report_scope = None

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/report/",
                self.admin_site.admin_view(self.report_view),
                name=f"{opts.app_label}_{opts.model_name}_report",
            ),
            *super().get_urls(),
        ]

    def _report_subject(self, request, object_id):
        subject = self.get_object(request, unquote(object_id))
        if subject is None or not self.has_view_permission(request, subject):
            raise Http404("No such record")
        return subject

    def report_url(self, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_report", args=[obj.pk]
        )

    def report_links(self, obj):
        url = self.report_url(obj)
        links = [
            (f"Report: {fmt.label}", f"{url}?report_format={key}")
            for key, fmt in REPORT_FORMATS.items()
        ]
        if self.report_scope == ReportScope.COMMITTEE:
            links.append(("Report for a period", url))
        return links

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["report_links"] = self.report_links(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def report_view(self, request, object_id):
        """Download the report in the format asked for (with the committee's period)."""
        subject = self._report_subject(request, object_id)
        form = self.report_form(request, subject)
        if form.is_valid():
            period = {}
            if self.report_scope == ReportScope.COMMITTEE:
                period = {
                    "period_start": form.cleaned_data["period_start"],
                    "period_end": form.cleaned_data["period_end"],
                }
            return officer_report_response(
                request,
                self.report_scope,
                subject,
                form.cleaned_data["report_format"],
                **period,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": subject,
            "form": form,
            "title": f"Report on {subject}",
            "subtitle": None,
        }
        return TemplateResponse(request, "admin/report_download.html", context)

    def report_form(self, request, subject):
        data = request.GET if "report_format" in request.GET else None
        if self.report_scope == ReportScope.COMMITTEE:
            return AdminCommitteeReportForm(data)
        return ReportFormatForm(data)


class ReportFormatForm(forms.Form):
    report_format = forms.ChoiceField(
        label="Format",
        choices=[(key, report_format.label) for key, report_format in REPORT_FORMATS.items()],
        widget=forms.RadioSelect,
        initial="pdf",
    )


class AdminCommitteeReportForm(CommitteeReportForm):
    """The committee report's form with the browser's date fields, for the admin."""

    period_start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
