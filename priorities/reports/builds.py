"""Asking for a committee report, and building the large ones in the background.

A ``ReportRequest`` names what to report on (a meeting, a committee over a period, a plan), in
which format and for whom. Pages, the admin, the ``export_report`` command and the Celery task
all build reports through it. A report with more rows than ``PORTAL_REPORT_BACKGROUND_ROWS`` is
not built during the web request: ``report_export_request`` records a ``ReportExport`` and a
worker builds it (``report_export_build``) while the page shows its progress.

Building is safe to repeat: a finished export is never rebuilt, and one whose worker died is
picked up again by ``report_exports_requeue_stalled`` (every minute, from beat) until it has had
``PORTAL_REPORT_EXPORT_MAX_ATTEMPTS`` tries.
"""

import datetime
import io
import logging
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from priorities.models import ReportExport, ReportExportState, ReportScope
from priorities.reports.audience import PUBLIC, ReportAudience
from priorities.reports.formats import REPORT_FORMATS, ReportFormat
from priorities.reports.links import ReportBrand, base_url_brand
from priorities.reports.scopes import committee_report, meeting_report, plan_report, round_report
from priorities.reports.word_templates import organisation_word_template

logger = logging.getLogger(__name__)

#: Share of the progress bar for gathering the records; writing the file takes the rest.
GATHERING_SHARE = 40


@dataclass(frozen=True)
class ReportRequest:
    """What to report on, in which format, for whom."""

    scope: str
    subject: object
    report_format: ReportFormat
    audience: ReportAudience = PUBLIC
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    #: The base of the report's links (no final slash): the address of the site it was asked
    #: for on (``portal_sites.resolution.site_base_url``); "" means ``PORTAL_BASE_URL``.
    base_url: str = ""
    #: The brand of that site for the cover (``links.request_brand``); None: the brand of the
    #: site ``base_url`` is the address of (a background build), or none for "".
    brand: ReportBrand | None = None

    @property
    def site_brand(self):
        """The brand the report's cover carries, or None for the portal's neutral look."""
        return self.brand or base_url_brand(self.base_url)

    def build(self, progress=None):
        """Return the ``Report``, calling ``progress(done, total)`` as records are gathered;
        it carries its site's brand, and a Word report its organisation's own template, if it
        has uploaded one."""
        report = self.gather(progress)
        brand = self.site_brand
        if brand is not None:
            report.brand_colour, report.brand_name = brand.colour, brand.name
            report.logo_svg = brand.logo_svg()
        if self.report_format.key == "docx":
            report.word_template = organisation_word_template(self.organisation_id())
        return report

    def organisation_id(self):
        """Return the id of the organisation whose report this is."""
        if self.scope == ReportScope.MEETING:
            return self.subject.committee.organisation_id
        return self.subject.organisation_id

    def gather(self, progress=None):
        if self.scope == ReportScope.MEETING:
            return meeting_report(
                self.subject, audience=self.audience, progress=progress, base_url=self.base_url
            )
        if self.scope == ReportScope.COMMITTEE:
            return committee_report(
                self.subject,
                period_start=self.period_start,
                period_end=self.period_end,
                audience=self.audience,
                progress=progress,
                base_url=self.base_url,
            )
        if self.scope == ReportScope.ROUND:
            return round_report(
                self.subject, audience=self.audience, progress=progress, base_url=self.base_url
            )
        return plan_report(
            self.subject, audience=self.audience, progress=progress, base_url=self.base_url
        )

    def render(self, report):
        """Return the bytes of ``report`` in this request's format."""
        stream = io.BytesIO()
        self.report_format.write(report, stream)
        return stream.getvalue()

    @classmethod
    def for_export(cls, export):
        """Return the request a ``ReportExport`` row records."""
        return cls(
            scope=export.scope,
            subject=export.subject,
            report_format=REPORT_FORMATS[export.report_format],
            audience=ReportAudience(user=export.requested_by),
            period_start=export.period_start,
            period_end=export.period_end,
            base_url=export.base_url,
        )


def is_large(report):
    """Return True when ``report`` should be built in the background, not in the request."""
    return report.row_count > settings.PORTAL_REPORT_BACKGROUND_ROWS


def report_export_request(*, report_request):
    """Record a background build of ``report_request`` and queue it once the record commits.

    The same public report asked for again while an earlier build is waiting, running or fresh
    (ready within ``PORTAL_REPORT_EXPORT_REUSE_SECONDS``) reuses that build rather than
    starting another: a busy meeting's report is built once, not once per visitor.
    """
    user = report_request.audience.user
    subject_field = {report_request.scope: report_request.subject}
    fresh_since = timezone.now() - datetime.timedelta(
        seconds=settings.PORTAL_REPORT_EXPORT_REUSE_SECONDS
    )
    existing = (
        ReportExport.objects.filter(
            scope=report_request.scope,
            report_format=report_request.report_format.key,
            period_start=report_request.period_start,
            period_end=report_request.period_end,
            requested_by=user,
            base_url=report_request.base_url,
            **subject_field,
        )
        .filter(
            Q(state__in=[ReportExportState.QUEUED, ReportExportState.BUILDING])
            | Q(state=ReportExportState.READY, finished_at__gte=fresh_since)
        )
        .order_by("-requested_at")
        .first()
    )
    if existing:
        return existing
    export = ReportExport.objects.create(
        scope=report_request.scope,
        report_format=report_request.report_format.key,
        period_start=report_request.period_start,
        period_end=report_request.period_end,
        requested_by=user,
        base_url=report_request.base_url,
        stage="Waiting for a worker",
        **subject_field,
    )
    transaction.on_commit(lambda: enqueue_report_export(export.pk), robust=True)
    return export


#: The Celery task that builds one export (``priorities.reports.tasks``), found by its name so
#: that this module, which the task calls, does not import the task's module.
BUILD_TASK = "priorities.tasks.build_report_export"


def build_task():
    """Return the build task. A worker imports every task module when it starts; a web process
    has not, so the first time it asks, it imports them the way a worker does."""
    if BUILD_TASK not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[BUILD_TASK]


def enqueue_report_export(export_id):
    """Queue the build of ``export_id``; never raise (the relay queues it if this fails)."""
    try:
        build_task().apply_async((str(export_id),), retry=False)
    except Exception:
        logger.warning(
            "Could not queue report export %s; the relay will.", export_id, exc_info=True
        )


def _claim(export_id):
    """Mark the export as being built by this worker; return it, or None if it is not ours."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.PORTAL_REPORT_EXPORT_BUILD_SECONDS)
    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update().defer("content").filter(pk=export_id).first()
        )
        if export is None or export.is_finished:
            return None
        if export.state == ReportExportState.BUILDING and export.started_at > now - lease:
            return None  # another worker holds it
        if export.attempts >= settings.PORTAL_REPORT_EXPORT_MAX_ATTEMPTS:
            export.state = ReportExportState.FAILED
            export.finished_at = now
            export.error = f"Gave up after {export.attempts} attempts."
            export.save(update_fields=["state", "finished_at", "error"])
            return None
        export.state = ReportExportState.BUILDING
        export.attempts += 1
        export.started_at = now
        export.progress = 0
        export.stage = "Gathering the records"
        export.save(update_fields=["state", "attempts", "started_at", "progress", "stage"])
        return export


def _record_progress(export, progress, stage):
    ReportExport.objects.filter(
        pk=export.pk, attempts=export.attempts, state=ReportExportState.BUILDING
    ).update(progress=progress, stage=stage)


def report_export_build(*, export_id):
    """Build the report ``export_id`` records, saving its progress as it goes.

    Returns the export, or None when there was nothing to do: it is finished, another worker is
    building it, or it has used its attempts (it is then marked failed).
    """
    export = _claim(export_id)
    if export is None:
        return None
    report_request = ReportRequest.for_export(export)
    label = report_request.report_format.label

    def gathered(done, total):
        _record_progress(
            export,
            done * GATHERING_SHARE // max(total, 1),
            f"Gathering the records ({done} of {total})",
        )

    try:
        report = report_request.build(progress=gathered)
        _record_progress(export, GATHERING_SHARE, f"Writing the {label} file")
        content = report_request.render(report)
    except Exception:
        logger.exception("Report export %s failed", export.pk)
        ReportExport.objects.filter(pk=export.pk, attempts=export.attempts).update(
            state=ReportExportState.FAILED,
            finished_at=timezone.now(),
            stage="",
            error="The report could not be built.",
        )
        export.refresh_from_db()
        return export
    ReportExport.objects.filter(pk=export.pk, attempts=export.attempts).update(
        state=ReportExportState.READY,
        progress=100,
        stage="Ready",
        finished_at=timezone.now(),
        filename=report_request.report_format.filename(report),
        content=content,
        size=len(content),
    )
    export.refresh_from_db()
    return export


def report_exports_requeue_stalled(now=None):
    """Queue the exports whose build never started or whose worker died; return how many."""
    now = now or timezone.now()
    waited = now - datetime.timedelta(seconds=settings.PORTAL_RELAY_AFTER_SECONDS)
    lease = now - datetime.timedelta(seconds=settings.PORTAL_REPORT_EXPORT_BUILD_SECONDS)
    stalled = list(
        ReportExport.objects.filter(
            Q(state=ReportExportState.QUEUED, requested_at__lt=waited)
            | Q(state=ReportExportState.BUILDING, started_at__lt=lease)
        ).values_list("pk", flat=True)[:1000]
    )
    for export_id in stalled:
        enqueue_report_export(export_id)
    return len(stalled)


def report_exports_delete_expired(now=None):
    """Delete exports older than ``PORTAL_REPORT_EXPORT_KEEP_HOURS``; return how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.PORTAL_REPORT_EXPORT_KEEP_HOURS)
    deleted, _ = ReportExport.objects.filter(requested_at__lt=cutoff).delete()
    return deleted
