"""Committee report downloads on the public site, and the page that follows a large one.

A small report downloads at once. A large one (see ``jobs.is_large``) is built by a worker:
the visitor is sent to its page, which shows how far the build has got and offers the file
when it is ready. The public only ever gets published records; officers' reports, which may
hold drafts, come from the admin (``priorities.admin.reports``) and share this code.
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import ratelimit
from priorities.models import (
    Committee,
    Meeting,
    Plan,
    ReportExport,
    ReportExportState,
    ReportScope,
)
from priorities.reports.audience import PUBLIC, ReportAudience
from priorities.reports.builds import ReportRequest, is_large, report_export_request
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.forms import CommitteeReportForm
from priorities.reports.links import request_base_url


def report_format_or_404(key):
    try:
        return REPORT_FORMATS[key]
    except KeyError:
        raise Http404("No such report format") from None


def attachment(content, report_format, filename, *, private):
    response = HttpResponse(content, content_type=report_format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def report_response(request, report_request):
    """Answer with the report's file, or, for a large report, send to its build's page."""
    if report_request.audience.is_public:
        verdict = ratelimit.allow_report_download(get_client_ip_address(request))
        if not verdict:
            return ratelimit.too_many_requests(
                render(request, "reports/too_many_requests.html", {"verdict": verdict}), verdict
            )
    report = report_request.build()
    if is_large(report):
        return redirect(report_export_request(report_request=report_request))
    report_format = report_request.report_format
    return attachment(
        report_request.render(report),
        report_format,
        report_format.filename(report),
        private=not report_request.audience.is_public,
    )


def public_meeting(organisation_slug, committee_slug, slug):
    return get_object_or_404(
        Meeting.objects.on_current_site().select_related("committee__organisation"),
        committee__organisation__slug=organisation_slug,
        committee__slug=committee_slug,
        slug=slug,
    )


@require_GET
def meeting_report(request, organisation_slug, committee_slug, slug, report_format):
    """Download the report on the published items before a meeting."""
    return report_response(
        request,
        ReportRequest(
            scope=ReportScope.MEETING,
            subject=public_meeting(organisation_slug, committee_slug, slug),
            report_format=report_format_or_404(report_format),
            base_url=request_base_url(request),
        ),
    )


@require_GET
def plan_report(request, organisation_slug, slug, report_format):
    """Download the report on a published plan."""
    plan = get_object_or_404(
        Plan.public_objects.select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    return report_response(
        request,
        ReportRequest(
            scope=ReportScope.PLAN,
            subject=plan,
            report_format=report_format_or_404(report_format),
            base_url=request_base_url(request),
        ),
    )


@require_GET
def committee_report(request, organisation_slug, slug):
    """Ask for a committee's report over a period; download it once the form is valid."""
    committee = get_object_or_404(
        Committee.objects.on_current_site().select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    form = CommitteeReportForm(request.GET if "report_format" in request.GET else None)
    if form.is_bound and form.is_valid():
        return report_response(
            request,
            ReportRequest(
                scope=ReportScope.COMMITTEE,
                subject=committee,
                report_format=REPORT_FORMATS[form.cleaned_data["report_format"]],
                audience=PUBLIC,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                base_url=request_base_url(request),
            ),
        )
    return render(
        request,
        "reports/committee_report.html",
        {"committee": committee, "organisation": committee.organisation, "form": form},
    )


def export_for_visitor(request, pk):
    """Return the export at ``pk`` if this visitor may see it: public ones to anyone with the
    address, an officer's only to that officer."""
    export = get_object_or_404(
        ReportExport.objects.defer("content").select_related(
            "meeting__committee__organisation", "committee__organisation", "plan__organisation"
        ),
        pk=pk,
    )
    if export.requested_by_id is not None and export.requested_by_id != request.user.pk:
        raise Http404("No such report")
    return export


@never_cache
@require_GET
def report_export(request, pk):
    """The page of a report being built: its progress, then the download."""
    export = export_for_visitor(request, pk)
    return render(
        request,
        "reports/export.html",
        {
            "export": export,
            "report_format": REPORT_FORMATS[export.report_format],
            "subject": export.subject,
            "keep_hours": settings.PORTAL_REPORT_EXPORT_KEEP_HOURS,
        },
    )


@never_cache
@require_GET
def report_export_status(request, pk):
    """The build's progress as JSON, for the page to update itself without reloading."""
    export = export_for_visitor(request, pk)
    return JsonResponse(
        {
            "state": export.state,
            "state_label": export.get_state_display(),
            "progress": export.progress,
            "stage": export.stage,
            "download_url": (
                reverse("priorities:report_export_download", kwargs={"pk": export.pk})
                if export.state == ReportExportState.READY
                else None
            ),
        }
    )


@require_GET
def report_export_download(request, pk):
    """The finished file of a report built in the background."""
    export = export_for_visitor(request, pk)
    if export.state != ReportExportState.READY:
        return redirect(export)
    content = ReportExport.objects.values_list("content", flat=True).get(pk=export.pk)
    return attachment(
        bytes(content),
        REPORT_FORMATS[export.report_format],
        export.filename,
        private=export.requested_by_id is not None,
    )


def officer_report_response(request, scope, subject, report_format, **period):
    """The report an officer downloads from the admin: their drafts included, marked DRAFT."""
    return report_response(
        request,
        ReportRequest(
            scope=scope,
            subject=subject,
            report_format=report_format_or_404(report_format),
            audience=ReportAudience(user=request.user),
            base_url=request_base_url(request),
            **period,
        ),
    )
