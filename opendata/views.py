"""The open data pages: calendars of meetings and the data set's page and downloads.

Calendars are made on request (one query per table they read) and may be kept by shared
caches for ``PORTAL_CALENDAR_MAX_AGE`` seconds; their ETag is the digest of the file. Both are
the request's site's: its meetings, its links, its own data set. The data set is only ever
served from the site's latest build: a request never builds it.
"""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from opendata import builds, calendars, dataset
from portal_sites.resolution import request_origin, settings_site, site_base_url
from priorities.models import Committee, Meeting

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _cacheable(request, response_content, content_type, *, max_age, etag, last_modified=None):
    """Answer ``304`` when the visitor's copy is current, else the content; either way with
    the headers a shared cache can honour."""
    etag = f'"{etag}"'
    timestamp = last_modified.timestamp() if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(response_content, content_type=content_type)
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def _calendar_response(request, content: bytes, filename: str, *, attachment=False):
    response = _cacheable(
        request,
        content,
        CALENDAR_TYPE,
        max_age=settings.PORTAL_CALENDAR_MAX_AGE,
        etag=hashlib.sha256(content).hexdigest()[:32],
    )
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _site(request):
    """The request's ``PortalSite`` (set by ``portal_sites.middleware``)."""
    return getattr(request, "portal_site", None) or settings_site()


def _base_url(request) -> str:
    """The start of a calendar's links: the request's site's main address, on the scheme and
    port this request came in on ("" for the portal without sites: ``PORTAL_BASE_URL``)."""
    site = _site(request)
    if not site.domain:
        return ""
    return site_base_url(site, request_origin(request, site))


def _portal_name(request) -> str:
    site = _site(request)
    return site.name_shown if site.domain and not site.is_neutral else settings.PORTAL_NAME


@require_safe
def meetings_calendar(request):
    """Every committee meeting of the site, as one calendar to subscribe to."""
    content = calendars.meetings_calendar(
        Meeting.objects.on_current_site(),
        name=f"Committee meetings – {_portal_name(request)}",
        base_url=_base_url(request),
    )
    return _calendar_response(request, content, "meetings.ics")


@require_safe
def committee_calendar(request, organisation_slug, slug):
    """One committee's meetings, as a calendar to subscribe to."""
    committee = get_object_or_404(
        Committee.objects.on_current_site().select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    content = calendars.meetings_calendar(
        Meeting.objects.filter(committee=committee),
        name=f"{committee.name} – {committee.organisation.display_name}",
        base_url=_base_url(request),
    )
    return _calendar_response(request, content, f"{committee.slug}-meetings.ics")


@require_safe
def meeting_calendar(request, organisation_slug, committee_slug, slug):
    """One meeting, as a calendar file to add to a calendar."""
    meetings = Meeting.objects.on_current_site().filter(
        committee__organisation__slug=organisation_slug, committee__slug=committee_slug, slug=slug
    )
    meeting = get_object_or_404(meetings.select_related("committee"))
    content = calendars.meetings_calendar(meetings, name=str(meeting), base_url=_base_url(request))
    return _calendar_response(
        request, content, f"{meeting.committee.slug}-{meeting.slug}.ics", attachment=True
    )


@require_safe
def data_page(request):
    """The site's data set's page: what it holds, when it was built, the downloads."""
    build = builds.latest_build(_site(request))
    return render(request, "opendata/data.html", _page_context(build))


def _page_context(build):
    return {
        "build": build,
        "licence": dataset.LICENCE,
        "every_minutes": max(1, settings.PORTAL_DATA_SET_EVERY_SECONDS // 60),
    }


DOWNLOADS = {
    "zip": ("zip_content", "application/zip", "childrens-services-data.zip"),
    "json": ("json_content", "application/json", "childrens-services-data.json"),
}


@require_safe
def data_download(request, file_format):
    """The site's latest build's ZIP or JSON; 503 with Retry-After while the first is being
    made."""
    if file_format not in DOWNLOADS:
        raise Http404
    field, content_type, filename = DOWNLOADS[file_format]
    build = builds.latest_build_with(_site(request), field)
    if build is None:
        response = render(request, "opendata/data.html", _page_context(None), status=503)
        response["Retry-After"] = str(settings.PORTAL_DATA_SET_EVERY_SECONDS)
        return response
    response = _cacheable(
        request,
        bytes(getattr(build, field)),
        content_type,
        max_age=settings.PORTAL_DATA_SET_MAX_AGE,
        etag=f"{build.digest[:32]}-{file_format}",
        last_modified=build.built_at,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
