"""Building large committee reports in the background: a build runs once, records its progress,
fails cleanly, gives up after its attempts, respects another worker's lease, is re-queued when
it stalls, and is deleted when it expires. An officer's build holds their drafts; the public's
never does."""

import csv
import datetime
import io
import logging

import pytest
from django.utils import timezone

from priorities.models import ReportExport, ReportExportState, ReportScope
from priorities.reports import builds as jobs
from priorities.reports import tasks
from priorities.reports.formats import ReportFormat

DRAFT_TITLE = "Secret draft initiative"


def make_export(castlebridge, scope=ReportScope.MEETING, report_format="csv", **fields):
    subject = {
        ReportScope.MEETING: {"meeting": castlebridge["meeting"]},
        ReportScope.COMMITTEE: {"committee": castlebridge["committee"]},
        ReportScope.PLAN: {"plan": castlebridge["plan"]},
    }[scope]
    return ReportExport.objects.create(
        scope=scope, report_format=report_format, stage="Waiting for a worker", **subject, **fields
    )


def backdate(export, **moments):
    """Set ``requested_at`` or ``started_at`` (auto_now_add ignores them on create)."""
    ReportExport.objects.filter(pk=export.pk).update(**moments)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def csv_text(export):
    export.refresh_from_db()
    return bytes(export.content).decode("utf-8-sig")


def csv_titles(export):
    header, *rows = list(csv.reader(io.StringIO(csv_text(export))))
    return [dict(zip(header, row, strict=True))["Title"] for row in rows]


@pytest.fixture
def write_calls(monkeypatch):
    """Count the files written, still writing them."""
    calls = []
    original = ReportFormat.write

    def counting_write(self, report, stream):
        calls.append(self.key)
        original(self, report, stream)

    monkeypatch.setattr(ReportFormat, "write", counting_write)
    return calls


# Building.


def test_a_build_saves_the_file_and_marks_the_export_ready(castlebridge):
    """A built export is ready, at 100%, with the file, its size and its name."""
    export = make_export(castlebridge)

    built = jobs.report_export_build(export_id=export.pk)

    assert built.pk == export.pk
    built.refresh_from_db()
    assert built.state == ReportExportState.READY
    assert built.progress == 100
    assert built.stage == "Ready"
    assert built.filename == "childrens-scrutiny-2025-11-20.csv"
    content = bytes(built.content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert built.size == len(content) > 0
    assert built.attempts == 1
    assert built.started_at is not None
    assert built.finished_at >= built.started_at
    assert built.error == ""


@pytest.mark.parametrize(
    ("report_format", "magic"),
    [("pdf", b"%PDF-"), ("docx", b"PK\x03\x04"), ("xlsx", b"PK\x03\x04")],
)
def test_a_build_writes_the_format_asked_for(castlebridge, report_format, magic):
    """The file is in the export's format, named with its extension."""
    export = make_export(castlebridge, ReportScope.PLAN, report_format)

    jobs.report_export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == ReportExportState.READY
    assert export.filename == f"castlebridge-children-and-families.{report_format}"
    assert bytes(export.content).startswith(magic)


def test_a_committee_build_keeps_to_its_period(castlebridge):
    """A committee export covers its own period: one with no meetings in it has no items."""
    meeting_day = timezone.localdate(castlebridge["meeting"].starts_at)
    in_period = make_export(
        castlebridge, ReportScope.COMMITTEE, period_start=meeting_day, period_end=meeting_day
    )
    before = make_export(
        castlebridge,
        ReportScope.COMMITTEE,
        period_start=datetime.date(2000, 1, 1),
        period_end=datetime.date(2000, 12, 31),
    )

    jobs.report_export_build(export_id=in_period.pk)
    jobs.report_export_build(export_id=before.pk)

    assert csv_titles(in_period)[1] == castlebridge["second"].title
    assert len(csv_titles(in_period)) == 2
    assert csv_titles(before) == []
    before.refresh_from_db()
    assert before.filename == "childrens-scrutiny-2000-01-01-to-2000-12-31.csv"


def test_a_finished_export_is_never_rebuilt(castlebridge, write_calls):
    """Building an export a second time does nothing: it returns None and the file stays."""
    export = make_export(castlebridge)
    jobs.report_export_build(export_id=export.pk)
    export.refresh_from_db()
    first_content, first_finished = bytes(export.content), export.finished_at

    assert jobs.report_export_build(export_id=export.pk) is None

    export.refresh_from_db()
    assert write_calls == ["csv"]
    assert bytes(export.content) == first_content
    assert export.finished_at == first_finished
    assert export.attempts == 1


def test_the_task_builds_once_and_then_skips(castlebridge):
    """The Celery task answers the export's state, then "skipped" when it is already built."""
    export = make_export(castlebridge)

    assert tasks.build_report_export(str(export.pk)) == "ready"
    assert tasks.build_report_export(str(export.pk)) == "skipped"


def test_an_export_that_does_not_exist_is_skipped(db):
    """Building an export that was deleted does nothing."""
    assert jobs.report_export_build(export_id="00000000-0000-0000-0000-000000000000") is None


def test_a_failing_writer_marks_the_export_failed_with_a_generic_error(
    castlebridge, monkeypatch, caplog
):
    """When the file cannot be written the export is failed, with a message that gives nothing
    of the fault away, and the fault is logged with its traceback."""

    def broken_write(self, report, stream):
        raise RuntimeError("font cache at /var/secret is corrupt")

    monkeypatch.setattr(ReportFormat, "write", broken_write)
    export = make_export(castlebridge)

    with caplog.at_level(logging.ERROR, logger="priorities.reports.builds"):
        result = jobs.report_export_build(export_id=export.pk)

    assert result.state == ReportExportState.FAILED
    export.refresh_from_db()
    assert export.state == ReportExportState.FAILED
    assert export.error == "The report could not be built."
    assert "secret" not in export.error
    assert export.content is None
    assert export.finished_at is not None
    assert export.attempts == 1
    [record] = [r for r in caplog.records if r.name == "priorities.reports.builds"]
    assert record.levelno == logging.ERROR
    assert str(export.pk) in record.getMessage()
    assert record.exc_info[0] is RuntimeError


def test_a_failed_export_is_not_built_again(castlebridge, monkeypatch):
    """A failed export stays failed: building it again does nothing."""
    monkeypatch.setattr(ReportFormat, "write", lambda self, report, stream: 1 / 0)
    export = make_export(castlebridge)
    jobs.report_export_build(export_id=export.pk)
    monkeypatch.undo()

    assert jobs.report_export_build(export_id=export.pk) is None
    export.refresh_from_db()
    assert export.state == ReportExportState.FAILED
    assert export.attempts == 1


def test_an_export_out_of_attempts_is_failed_without_building(castlebridge, settings, write_calls):
    """An export that has had its attempts is given up: failed, and nothing is written."""
    settings.PORTAL_REPORT_EXPORT_MAX_ATTEMPTS = 3
    export = make_export(
        castlebridge, state=ReportExportState.BUILDING, attempts=3, started_at=ago(hours=1)
    )

    assert jobs.report_export_build(export_id=export.pk) is None

    export.refresh_from_db()
    assert export.state == ReportExportState.FAILED
    assert export.error == "Gave up after 3 attempts."
    assert export.finished_at is not None
    assert export.content is None
    assert export.attempts == 3
    assert write_calls == []


def test_an_export_another_worker_holds_is_left_alone(castlebridge, settings, write_calls):
    """An export being built whose lease has not run out belongs to another worker: skipped."""
    settings.PORTAL_REPORT_EXPORT_BUILD_SECONDS = 600
    started = ago(seconds=590)
    export = make_export(
        castlebridge, state=ReportExportState.BUILDING, attempts=1, started_at=started
    )

    assert jobs.report_export_build(export_id=export.pk) is None

    export.refresh_from_db()
    assert export.state == ReportExportState.BUILDING
    assert export.attempts == 1
    assert export.started_at == started
    assert export.content is None
    assert write_calls == []


def test_an_export_whose_worker_died_is_rebuilt(castlebridge, settings):
    """An export being built whose lease has run out is taken over and built."""
    settings.PORTAL_REPORT_EXPORT_BUILD_SECONDS = 600
    export = make_export(
        castlebridge,
        state=ReportExportState.BUILDING,
        attempts=1,
        started_at=ago(seconds=610),
        progress=30,
    )

    built = jobs.report_export_build(export_id=export.pk)

    assert built is not None
    export.refresh_from_db()
    assert export.state == ReportExportState.READY
    assert export.attempts == 2
    assert export.progress == 100
    assert export.started_at > ago(seconds=60)
    assert castlebridge["second"].title in csv_text(export)


def test_a_worker_overtaken_by_another_does_not_save_its_file(castlebridge, monkeypatch):
    """A worker whose export was taken over while it wrote (its lease ran out) saves nothing:
    the export stays with the worker that holds it now."""
    original = ReportFormat.write

    def slow_write(self, report, stream):
        ReportExport.objects.filter(pk=export.pk).update(attempts=2, started_at=timezone.now())
        original(self, report, stream)

    monkeypatch.setattr(ReportFormat, "write", slow_write)
    export = make_export(castlebridge)

    jobs.report_export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == ReportExportState.BUILDING
    assert export.attempts == 2
    assert export.content is None


# Progress.


def test_the_build_records_its_progress_as_it_goes(castlebridge, monkeypatch):
    """While gathering the records the export's progress climbs to 40% with the count of
    records gathered; then it says it is writing the file; then it is done at 100%."""
    recorded = []
    original = jobs._record_progress

    def spy(export, progress, stage):
        recorded.append((progress, stage))
        original(export, progress, stage)

    monkeypatch.setattr(jobs, "_record_progress", spy)
    export = make_export(castlebridge)

    jobs.report_export_build(export_id=export.pk)

    # Two published items and the closing step: three steps of gathering, then the writing.
    assert recorded == [
        (13, "Gathering the records (1 of 3)"),
        (26, "Gathering the records (2 of 3)"),
        (40, "Gathering the records (3 of 3)"),
        (40, "Writing the CSV file"),
    ]
    export.refresh_from_db()
    assert (export.progress, export.stage) == (100, "Ready")


def test_the_progress_is_saved_where_the_page_reads_it(castlebridge, monkeypatch):
    """While the file is written, the export's row says so: being built, 40%, "Writing the
    Excel file"."""
    seen = []
    original = ReportFormat.write

    def watching_write(self, report, stream):
        seen.append(ReportExport.objects.values("state", "progress", "stage").get(pk=export.pk))
        original(self, report, stream)

    monkeypatch.setattr(ReportFormat, "write", watching_write)
    export = make_export(castlebridge, report_format="xlsx")

    jobs.report_export_build(export_id=export.pk)

    assert seen == [
        {"state": ReportExportState.BUILDING, "progress": 40, "stage": "Writing the Excel file"}
    ]


# Who the report is for.


def test_an_officers_export_includes_their_draft_and_the_publics_does_not(castlebridge):
    """An officer's export holds their organisation's draft initiative and is named as a
    draft; the public's export of the same meeting leaves the draft out."""
    officers = make_export(castlebridge, requested_by=castlebridge["officer"])
    public = make_export(castlebridge)

    jobs.report_export_build(export_id=officers.pk)
    jobs.report_export_build(export_id=public.pk)

    assert DRAFT_TITLE in csv_titles(officers)
    assert "Publication" in csv_text(officers).splitlines()[0]
    officers.refresh_from_db()
    assert officers.filename == "childrens-scrutiny-2025-11-20-draft.csv"
    assert DRAFT_TITLE not in csv_text(public)
    assert len(csv_titles(public)) == 2


def test_an_officers_plan_export_includes_the_draft(castlebridge):
    """An officer's plan export lists the draft initiative; the public's does not."""
    officers = make_export(castlebridge, ReportScope.PLAN, requested_by=castlebridge["officer"])
    public = make_export(castlebridge, ReportScope.PLAN)

    jobs.report_export_build(export_id=officers.pk)
    jobs.report_export_build(export_id=public.pk)

    assert DRAFT_TITLE in csv_text(officers)
    assert DRAFT_TITLE not in csv_text(public)


# Queuing, re-queuing and expiry.


@pytest.fixture
def queued(monkeypatch):
    """Record the export ids queued instead of queuing them."""
    ids = []
    monkeypatch.setattr(jobs, "enqueue_report_export", ids.append)
    return ids


def test_stalled_exports_are_queued_again_and_fresh_ones_are_not(castlebridge, settings, queued):
    """The relay queues again the exports waiting longer than PORTAL_RELAY_AFTER_SECONDS and
    those whose worker's lease has run out; not fresh ones, nor finished ones."""
    settings.PORTAL_RELAY_AFTER_SECONDS = 60
    settings.PORTAL_REPORT_EXPORT_BUILD_SECONDS = 600
    waiting_long = make_export(castlebridge)
    backdate(waiting_long, requested_at=ago(seconds=61))
    waiting_briefly = make_export(castlebridge)
    backdate(waiting_briefly, requested_at=ago(seconds=50))
    worker_died = make_export(
        castlebridge, state=ReportExportState.BUILDING, attempts=1, started_at=ago(seconds=601)
    )
    backdate(worker_died, requested_at=ago(seconds=700))
    being_built = make_export(
        castlebridge, state=ReportExportState.BUILDING, attempts=1, started_at=ago(seconds=500)
    )
    backdate(being_built, requested_at=ago(seconds=700))
    for state in (ReportExportState.READY, ReportExportState.FAILED):
        finished = make_export(
            castlebridge,
            state=state,
            content=b"x",
            started_at=ago(hours=1),
            finished_at=ago(hours=1),
        )
        backdate(finished, requested_at=ago(hours=1))

    assert jobs.report_exports_requeue_stalled() == 2

    assert sorted(queued, key=str) == sorted([waiting_long.pk, worker_died.pk], key=str)


def test_the_relay_task_queues_the_build_task(castlebridge, monkeypatch):
    """The relay's task queues ``build_report_export`` with the stalled export's id."""
    calls = []
    monkeypatch.setattr(
        tasks.build_report_export,
        "apply_async",
        lambda args, **options: calls.append((args, options)),
    )
    export = make_export(castlebridge)
    backdate(export, requested_at=ago(hours=1))

    assert tasks.relay_report_exports() == 1

    assert calls == [((str(export.pk),), {"retry": False})]


def test_queuing_never_raises_when_the_broker_is_down(castlebridge, monkeypatch, caplog):
    """With the broker unreachable, queuing a build logs a warning and returns; the relay
    queues it later."""

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_report_export, "apply_async", broker_down)
    export = make_export(castlebridge)
    backdate(export, requested_at=ago(hours=1))

    with caplog.at_level(logging.WARNING, logger="priorities.reports.builds"):
        assert jobs.enqueue_report_export(export.pk) is None
        assert jobs.report_exports_requeue_stalled() == 1

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert str(export.pk) in warnings[0].getMessage()
    export.refresh_from_db()
    assert export.state == ReportExportState.QUEUED


def test_expired_exports_are_deleted_and_recent_ones_kept(castlebridge, settings):
    """Exports asked for more than PORTAL_REPORT_EXPORT_KEEP_HOURS ago are deleted, whatever
    their state; newer ones are kept."""
    settings.PORTAL_REPORT_EXPORT_KEEP_HOURS = 24
    old_ready = make_export(
        castlebridge, state=ReportExportState.READY, content=b"x", finished_at=ago(hours=25)
    )
    backdate(old_ready, requested_at=ago(hours=25))
    old_queued = make_export(castlebridge)
    backdate(old_queued, requested_at=ago(hours=24, seconds=1))
    recent = make_export(
        castlebridge, state=ReportExportState.READY, content=b"x", finished_at=ago(hours=23)
    )
    backdate(recent, requested_at=ago(hours=23))
    new = make_export(castlebridge)

    assert jobs.report_exports_delete_expired() == 2

    assert set(ReportExport.objects.values_list("pk", flat=True)) == {recent.pk, new.pk}
