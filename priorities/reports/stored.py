"""Stored builds of public committee reports: each report built once per change of the data.

Building a report (gathering the records, laying out a PDF) costs far more than sending a file,
so a public report is built once and its file kept (``StoredReportBuild``, in the database like
``ReportExport``'s files: whichever web server answers has it, and storing it, taking the lock
and superseding older builds are one database's transactions). Every later download of the
same report is answered from that file until the data changes.

The build key names the report exactly: scope, subject, period, format, audience (only the
public's reports are stored; an officer's may hold drafts and is built for them every time),
the base of its links (each site links to itself), the brand on its cover (the site's colour and
logo), the data *version* and the code's version:

- the data version is the page cache's generation (``portal.page_cache.generation``: it moves
  on whenever a record the public may see is saved or deleted), with a token kept beside it in
  the shared cache, so that a generation counted again from 1 after the cache lost its data
  never names an old build. While the cache is down there is no version: reports are built as
  before, for each download, and nothing is stored.
- the code version is a digest of the report code and templates, so a deploy that changes how
  reports look never serves a file built by the old code.

The key's row is also the build's lock (single flight): the first download inserts it, marked
``building`` (the key is unique, so only one insert wins); a download that finds it building
waits, polling, for it to be ready (``WAIT_SECONDS``) and sends the same file. A builder that
died leaves its row stale after ``LEASE_SECONDS``; the next download takes it over. A report
too large to build during a request is marked ``background`` with its ``ReportExport``: later
downloads go straight to that export's page.

Superseded builds (the same report at an older version) are deleted when a newer one is
stored, and hourly by beat (``delete_superseded``) with any left by builders that died.
"""

import datetime
import functools
import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from portal import page_cache, shared_cache
from priorities.models import (
    ReportExport,
    ReportExportState,
    StoredReportBuild,
    StoredReportBuildState,
)
from priorities.reports.links import request_brand

#: How long a download waits for another's build of the same report before building its own.
WAIT_SECONDS = 20.0
#: How often a waiting download looks again.
POLL_SECONDS = 0.05
#: A build not finished after this long is taken to have died; the next download takes over.
LEASE_SECONDS = 120
#: How long a version's token is kept in the shared cache (a lost one costs one rebuild).
TOKEN_SECONDS = 7 * 24 * 60 * 60
#: Files up to this size are also copied into the shared cache, by address (the hot path).
COPY_MAX_BYTES = 2 * 1024 * 1024
#: How long such a copy is kept (it is never stale: its key has the data version).
COPY_SECONDS = 60 * 60

logger = logging.getLogger(__name__)

REPORTS_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates" / "reports"


def enabled():
    """Whether public builds are stored: ``PORTAL_REPORT_STORED_BUILDS``, by default on when
    the page cache is (both follow the same generation; the tests turn both off)."""
    return getattr(settings, "PORTAL_REPORT_STORED_BUILDS", settings.PORTAL_PAGE_CACHE_SECONDS > 0)


@functools.cache
def code_version():
    """A digest of the report code and templates: builds by other code are never served."""
    digest = hashlib.sha256()
    files = sorted([*REPORTS_DIR.rglob("*.py"), *TEMPLATES_DIR.rglob("*")])
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(path.parents[2]).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _token_key(generation):
    return f"reports:version-token:{generation}"


def _token(generation):
    key = _token_key(generation)
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(6), timeout=TOKEN_SECONDS)
        token = cache.get(key)
    return token


def data_version():
    """The version of the public data ("<generation>.<token>"), or None while the shared cache
    is down."""
    generation = page_cache.generation()
    if generation is None:
        return None
    token = shared_cache.attempt(
        lambda: _token(generation), what="reading the report builds' version"
    )
    if token is None:
        return None
    return f"{generation}.{token}"


@dataclass(frozen=True)
class BuildKey:
    """A public report at one version of the data: ``digest`` names it, ``lineage`` names the
    same report at any version."""

    digest: str
    lineage: str
    version: str

    @property
    def etag(self):
        return f'"report-{self.digest[:32]}"'


def build_key(report_request, version=None):
    """Return the ``BuildKey`` of ``report_request``, or None when it is not stored (an
    officer's report, storing turned off, or no data version while the cache is down)."""
    if not report_request.audience.is_public or not enabled():
        return None
    version = version or data_version()
    if version is None:
        return None
    brand = report_request.site_brand
    parts = [
        report_request.scope,
        str(report_request.subject.pk),
        report_request.period_start.isoformat() if report_request.period_start else "",
        report_request.period_end.isoformat() if report_request.period_end else "",
        report_request.report_format.key,
        "public",
        report_request.base_url,
        # The site's brand on the cover: a build is never served under another brand.
        brand.key if brand is not None else "",
        code_version(),
    ]
    lineage = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    digest = hashlib.sha256(f"{lineage}\x1f{version}".encode()).hexdigest()
    return BuildKey(digest=digest, lineage=lineage, version=version)


# --- Finding, claiming and storing --------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A stored build as a download needs it."""

    state: str
    content: bytes | None
    filename: str
    built_at: datetime.datetime | None
    export_id: object
    started_at: datetime.datetime


def find(key):
    """Return the build stored under ``key`` (ready, background or being built), or None."""
    row = (
        StoredReportBuild.objects.filter(key=key.digest)
        .values_list("state", "content", "filename", "built_at", "export_id", "started_at")
        .first()
    )
    if row is None:
        return None
    state, content, filename, built_at, export_id, started_at = row
    return Found(
        state,
        bytes(content) if content is not None else None,
        filename,
        built_at,
        export_id,
        started_at,
    )


def claim(key, report_request):
    """Take the lock on building ``key``: True when this download is to build it."""
    try:
        with transaction.atomic():
            StoredReportBuild.objects.create(
                key=key.digest,
                lineage=key.lineage,
                generation=key.version,
                scope=report_request.scope,
                subject_id=str(report_request.subject.pk),
                report_format=report_request.report_format.key,
                base_url=report_request.base_url,
                started_at=timezone.now(),
            )
    except IntegrityError:
        return False
    return True


def take_over(key):
    """Take the lock on a build whose builder died (its lease ran out): True when taken."""
    now = timezone.now()
    return bool(
        StoredReportBuild.objects.filter(
            key=key.digest,
            state=StoredReportBuildState.BUILDING,
            started_at__lt=now - datetime.timedelta(seconds=LEASE_SECONDS),
        ).update(started_at=now)
    )


def release(key):
    """Give up the lock on ``key`` (the build failed): the next download tries again."""
    StoredReportBuild.objects.filter(key=key.digest, state=StoredReportBuildState.BUILDING).delete()


def forget(key):
    """Drop the build stored under ``key`` (its background export is gone or failed)."""
    StoredReportBuild.objects.filter(key=key.digest).exclude(
        state=StoredReportBuildState.BUILDING
    ).delete()


def _supersede(key):
    StoredReportBuild.objects.filter(lineage=key.lineage).exclude(key=key.digest).exclude(
        state=StoredReportBuildState.BUILDING
    ).delete()


def store(key, *, content, filename):
    """Keep the file built under ``key``; delete the same report's older builds."""
    now = timezone.now()
    logger.info("Built and stored a report: %s (%d bytes, %s)", filename, len(content), key.etag)
    with transaction.atomic():
        StoredReportBuild.objects.filter(key=key.digest).update(
            state=StoredReportBuildState.READY,
            content=content,
            size=len(content),
            filename=filename,
            built_at=now,
        )
        _supersede(key)
    return now


def store_background(key, export):
    """Record that ``key`` is built in the background by ``export``."""
    with transaction.atomic():
        StoredReportBuild.objects.filter(key=key.digest).update(
            state=StoredReportBuildState.BACKGROUND, export=export, built_at=timezone.now()
        )
        _supersede(key)


def export_usable(export_id):
    """Whether a background build's export can still be offered (not deleted, not failed)."""
    return (
        export_id is not None
        and ReportExport.objects.filter(pk=export_id)
        .exclude(state=ReportExportState.FAILED)
        .exists()
    )


def wait_for(key, deadline):
    """Wait until ``key`` is no longer being built, or ``deadline`` (monotonic) passes; return
    what is stored then (None when nothing is)."""
    while True:
        found = find(key)
        if found is None or found.state != StoredReportBuildState.BUILDING:
            return found
        if time.monotonic() >= deadline:
            return found
        time.sleep(POLL_SECONDS)


def delete_superseded(now=None):
    """Delete builds of other data versions (and any a dead builder left), and every build
    older than ``PORTAL_REPORT_EXPORT_KEEP_HOURS``; return how many."""
    now = now or timezone.now()
    lease_ago = now - datetime.timedelta(seconds=LEASE_SECONDS)
    expired = Q(
        started_at__lt=now - datetime.timedelta(hours=settings.PORTAL_REPORT_EXPORT_KEEP_HOURS)
    )
    stale = Q(state=StoredReportBuildState.BUILDING, started_at__lt=lease_ago)
    version = data_version()
    if version is not None:
        stale |= ~Q(generation=version) & Q(started_at__lt=lease_ago)
    deleted, _ = StoredReportBuild.objects.filter(expired | stale).delete()
    return deleted


# --- Conditional requests ------------------------------------------------------------------


def client_has(request, key, since=None):
    """Whether the client's copy is this build: its ``If-None-Match`` names the key's ETag,
    or, without one, its ``If-Modified-Since`` is not before the build (``since``)."""
    return client_has_etag(request, key.etag, since and int(since.timestamp()))


def client_has_etag(request, etag, last_modified=None):
    """Whether ``If-None-Match`` names ``etag`` or, without one, ``If-Modified-Since`` is not
    before ``last_modified`` (seconds since the epoch)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        etags = parse_etags(if_none_match)
        return "*" in etags or etag in {tag.removeprefix("W/") for tag in etags}
    if last_modified is None:
        return False
    modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return modified_since is not None and modified_since >= last_modified


def with_validators(response, key, built_at):
    """Add the build's ``ETag`` and ``Last-Modified`` to ``response``."""
    response["ETag"] = key.etag
    if built_at is not None:
        response["Last-Modified"] = http_date(built_at.timestamp())
    return response


def not_modified(request, key, built_at=None):
    """The 304 answer to a client whose copy of a public report is current."""
    response = public_cache_headers(request, HttpResponseNotModified())
    return with_validators(response, key, built_at)


# --- The hot path: a copy of the stored file in the shared cache, by address ----------------
#
# A download of a stored build from the database costs the subject's query and the build's
# query; most of a request's time. So each file served (up to ``COPY_MAX_BYTES``) is also kept
# in the shared cache under the address it was asked for at (scheme, host, path and query: the
# same address always names the same report, its site and its links' base), the site's brand
# and the data generation, with the version's token beside it. The next download of that
# address is answered from the copy before any query. The database row stays the store: the
# copy is lost with the cache, and then the row serves (and copies) it again.


def _copy_key(request, generation):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # The brand of the site answering (its colour and logo, on the cover): a copy made before
    # the site's brand changed is not served after (the change moves no data generation).
    brand = request_brand()
    address += "\x1f" + (brand.key if brand is not None else "")
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"reports:copy:{generation}:{digest}"


def keep_copy(request, key, *, content, filename, content_type, built_at):
    """Copy a served file into the shared cache for the next download of this address."""
    if len(content) > COPY_MAX_BYTES:
        return
    generation, _, token = key.version.partition(".")
    copy = {
        "token": token,
        "etag": key.etag,
        "content": content,
        "filename": filename,
        "content_type": content_type,
        "last_modified": http_date(built_at.timestamp()),
    }
    shared_cache.attempt(
        lambda: cache.set(_copy_key(request, generation), copy, COPY_SECONDS),
        what="keeping a copy of a report build",
    )


def copy_for(request):
    """Return the copy kept for this address at the current data version, or None."""
    if not enabled():
        return None
    generation = page_cache.generation()
    if generation is None:
        return None
    copy_key, token_key = _copy_key(request, generation), _token_key(generation)
    found = shared_cache.attempt(
        lambda: cache.get_many([copy_key, token_key]), what="reading a copy of a report build"
    )
    if not found or copy_key not in found or found[copy_key]["token"] != found.get(token_key):
        return None
    return found[copy_key]


#: Public report files only ever come from these addresses: a meeting's or a plan's
#: ``…/report.<format>``, a committee's ``…/report/?report_format=…``.
REPORT_ADDRESS = re.compile(r"/report(\.[a-z]+|/)$")
#: Browsers may keep a public report for a minute, shared caches (a CDN) for five.
PUBLIC_CACHE_CONTROL = "public, max-age=60, s-maxage=300"
#: The same file asked for with a cookie (an officer's session, say): the browser may keep it
#: for a minute, no shared cache may (a response to a request with credentials is private).
COOKIE_CACHE_CONTROL = "private, max-age=60"


def public_cache_headers(request, response):
    """Set a public report response's caching headers: public for a request without cookies,
    private for one with any; ``Vary: Cookie`` either way, so that a shared cache never hands
    the answer to one kind of request to the other."""
    response["Cache-Control"] = (
        COOKIE_CACHE_CONTROL if request.META.get("HTTP_COOKIE") else PUBLIC_CACHE_CONTROL
    )
    patch_vary_headers(response, ["Cookie"])
    return response


def asks_for_a_report(request):
    """Whether ``request`` is a GET for a report file (cheap: the address alone)."""
    match = REPORT_ADDRESS.search(request.path_info)
    return (
        request.method == "GET"
        and match is not None
        and (match.group(1) != "/" or "report_format=" in request.META.get("QUERY_STRING", ""))
    )


def copy_response(request):
    """The answer from the copy kept for this address (the file, or 304), or None."""
    copy = copy_for(request)
    if copy is None:
        return None
    last_modified = parse_http_date_safe(copy["last_modified"])
    if client_has_etag(request, copy["etag"], last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(copy["content"], content_type=copy["content_type"])
        response["Content-Disposition"] = f'attachment; filename="{copy["filename"]}"'
        # What CommonMiddleware (after this answer's middleware) would add: not chunked.
        response["Content-Length"] = str(len(copy["content"]))
    public_cache_headers(request, response)
    response["ETag"] = copy["etag"]
    response["Last-Modified"] = copy["last_modified"]
    response["X-Frame-Options"] = "DENY"
    return response


class StoredReportCopyMiddleware:
    """Answer a public report download from its copy before sessions, the user, CSRF and the
    URL resolver run (it comes right after the static files in ``MIDDLEWARE``): a download
    again costs one round trip to the shared cache. Everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if asks_for_a_report(request):
            response = copy_response(request)
            if response is not None:
                return response
        return self.get_response(request)
