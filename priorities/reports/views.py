"""Committee report downloads on the public site, and the page that follows a large one.

A small report downloads at once. A large one (see ``jobs.is_large``) is built by a worker:
the visitor is sent to its page, which shows how far the build has got and offers the file
when it is ready. The public only ever gets published records; officers' reports, which may
hold drafts, come from the admin (``priorities.admin.reports``) and share this code.
"""

import functools
import logging
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import ratelimit
from portal_sites.current import current_site
from priorities.models import (
    Committee,
    Meeting,
    Plan,
    ReportExport,
    ReportExportState,
    ReportScope,
    StoredReportBuildState,
)
from priorities.reports import stored
from priorities.reports.audience import PUBLIC, ReportAudience
from priorities.reports.builds import ReportRequest, is_large, report_export_request
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.forms import CommitteeReportForm
from priorities.reports.links import request_base_url, request_brand

logger = logging.getLogger(__name__)


def report_format_or_404(key):
    try:
        return REPORT_FORMATS[key]
    except KeyError:
        raise Http404("No such report format") from None


#: Public report files: a browser may keep one for a minute, a shared cache (a CDN) for five;
#: after that they revalidate with the ETag (a 304 costs no build and no file).
PUBLIC_CACHE_CONTROL = stored.PUBLIC_CACHE_CONTROL
#: Officers' reports may hold drafts: never kept by any cache.
PRIVATE_CACHE_CONTROL = "private, no-store"
#: How many times a download looks for, claims or waits for a stored build before it builds
#: its own (unstored): a bound, should builds keep failing or vanishing.
LOOKUPS = 4


def attachment(content, report_format, filename, *, private, request=None):
    """The file as a download: an officer's never cached; a public one public, or private
    when ``request`` carries a cookie (``stored.public_cache_headers``)."""
    response = HttpResponse(content, content_type=report_format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response
    if request is None:
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        patch_vary_headers(response, ["Cookie"])
        return response
    return stored.public_cache_headers(request, response)


def too_many_builds(request):
    """The 429 page when this visitor has had reports built too often, else None."""
    verdict = ratelimit.allow_report_download(get_client_ip_address(request))
    if verdict:
        return None
    return ratelimit.too_many_requests(
        render(request, "reports/too_many_requests.html", {"verdict": verdict}), verdict
    )


def built_response(request, report_request, report=None):
    """Build the report now and answer with it (or send a large one to the background)."""
    report = report or report_request.build()
    if is_large(report):
        return redirect(report_export_request(report_request=report_request))
    report_format = report_request.report_format
    filename = report_format.filename(report)
    if report_request.audience.is_public:
        logger.info("Built a report without storing it: %s", filename)
    return attachment(
        report_request.render(report),
        report_format,
        filename,
        private=not report_request.audience.is_public,
        request=request,
    )


def from_stored_copy(view):
    """Answer a public download from the copy of its stored build kept for its address
    (``stored.copy_response``), before any query; otherwise run ``view``. (With
    ``stored.StoredReportCopyMiddleware`` in ``MIDDLEWARE`` such a download never gets here.)"""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if stored.asks_for_a_report(request):
            response = stored.copy_response(request)
            if response is not None:
                return response
        return view(request, *args, **kwargs)

    return answer


def report_response(request, report_request):
    """Answer with the report's file, or, for a large report, send to its build's page.

    A public report is served from its stored build (``priorities.reports.stored``) when there
    is one, and built once and stored when there is not; only a build counts towards the
    visitor's rate limit. An officer's report is built for every download and never stored.
    """
    if not report_request.audience.is_public:
        return built_response(request, report_request)
    key = stored.build_key(report_request)
    if key is None:  # storing off, or the shared cache down: build as before
        return too_many_builds(request) or built_response(request, report_request)
    if stored.client_has(request, key):
        return stored.not_modified(request, key)
    deadline = time.monotonic() + stored.WAIT_SECONDS
    for _attempt in range(LOOKUPS):
        found = stored.find(key)
        if found is None:
            if not stored.claim(key, report_request):
                continue  # another download claimed it first: wait for its build
            refused = too_many_builds(request)
            if refused:
                stored.release(key)
                return refused
            return build_and_store(request, report_request, key)
        if found.state == StoredReportBuildState.BUILDING:
            if stored.take_over(key):
                return build_and_store(request, report_request, key)
            found = stored.wait_for(key, deadline)
            if found is None:
                continue  # its build failed: try it here
            if found.state == StoredReportBuildState.BUILDING:
                break  # waited long enough for another download's build
        if found.state == StoredReportBuildState.READY:
            return stored_response(request, report_request, key, found)
        if stored.export_usable(found.export_id):
            return redirect(reverse("priorities:report_export", kwargs={"pk": found.export_id}))
        stored.forget(key)  # its background export expired or failed: build it again
    # Still no stored build: build this download's own, unstored.
    return too_many_builds(request) or built_response(request, report_request)


def stored_response(request, report_request, key, found):
    """Answer with a stored build's file, with its validators."""
    if stored.client_has(request, key, since=found.built_at):
        return stored.not_modified(request, key, found.built_at)
    return stored_file(request, report_request, key, found.content, found.filename, found.built_at)


def stored_file(request, report_request, key, content, filename, built_at):
    """Answer with a stored file, and keep its copy for the next download of this address."""
    report_format = report_request.report_format
    stored.keep_copy(
        request,
        key,
        content=content,
        filename=filename,
        content_type=report_format.content_type,
        built_at=built_at,
    )
    response = attachment(content, report_format, filename, private=False, request=request)
    return stored.with_validators(response, key, built_at)


def build_and_store(request, report_request, key):
    """Build the report ``key`` names (this download holds its lock), store it and answer."""
    try:
        report = report_request.build()
        if is_large(report):
            export = report_export_request(report_request=report_request)
            stored.store_background(key, export)
            return redirect(export)
        content = report_request.render(report)
    except BaseException:
        stored.release(key)
        raise
    filename = report_request.report_format.filename(report)
    built_at = stored.store(key, content=content, filename=filename)
    return stored_file(request, report_request, key, content, filename, built_at)


def public_meeting(organisation_slug, committee_slug, slug):
    return get_object_or_404(
        Meeting.objects.on_current_site().select_related("committee__organisation"),
        committee__organisation__slug=organisation_slug,
        committee__slug=committee_slug,
        slug=slug,
    )


@require_GET
@from_stored_copy
def meeting_report(request, organisation_slug, committee_slug, slug, report_format):
    """Download the report on the published items before a meeting."""
    return report_response(
        request,
        ReportRequest(
            scope=ReportScope.MEETING,
            subject=public_meeting(organisation_slug, committee_slug, slug),
            report_format=report_format_or_404(report_format),
            base_url=request_base_url(request),
            brand=request_brand(),
        ),
    )


@require_GET
@from_stored_copy
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
            brand=request_brand(),
        ),
    )


@require_GET
@from_stored_copy
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
                brand=request_brand(),
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
    if export.requested_by_id is None and not shown_on_this_site(export):
        raise Http404("No such report")  # another site's organisation's report
    return export


def shown_on_this_site(export):
    """Whether a public export is of an organisation the request's site shows (the neutral
    portal, and a portal without sites, show every organisation)."""
    site = current_site()
    if site is None or site.organisation_ids is None:
        return True
    subject = export.subject
    organisation_id = (
        subject.committee.organisation_id if export.scope == "meeting" else subject.organisation_id
    )
    return organisation_id in site.organisation_ids


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
        request=request,
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
            brand=request_brand(),
            **period,
        ),
    )
