"""Benchmark: a stored report download against a static file of the same size, and meeting day.

``make bench`` runs this after the page benchmark (issue 17). It starts the portal the way the
page benchmark does (``tests.benchmarks.pages``: a throwaway SQLite database with the demo
data, the production settings, its own Redis, gunicorn with 2 sync workers) and uses that
benchmark's load generator (8 connections, a new connection for each request). Before gunicorn
starts, the PDF report of a demo meeting is built once in-process and its bytes are copied into
the collected static files, so WhiteNoise serves a file of exactly the download's size.

- **stored download vs static file**: the meeting's PDF, downloaded again (served from its
  stored build) and the static copy of it, in interleaved rounds (the static file measured
  before and after each download measurement); the ratio of the rates is the median over the
  rounds. Target: at least 0.5 (within a factor of 2 of the static file). A 304 answer to
  ``If-None-Match`` is measured too, for information.
- **meeting day**: 100 visitors ask at once (100 threads, each its own connection) for a
  report nobody has downloaded (another meeting's PDF). Every one must get the same file
  (200, same ETag and length) and the server's log must show exactly one build (the views log
  every public build, stored or not, at INFO). Target: builds = 1.

Exit status 0 whatever the result unless ``--strict`` (or BENCH_STRICT=1): then 1 when a target
is missed.

    python -m tests.benchmarks.downloads [--rounds 5] [--seconds 0.7] [--strict]
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.pages import (
    NOT_MODIFIED_STATUS,
    REPO_ROOT,
    SETTINGS_MODULE,
    Portal,
    fetch,
    interleaved_rounds,
    prepare,
    request_bytes,
    summarise,
)

#: Issue 17: a stored download within a factor of 2 of a static file of the same size.
STORED_MIN_RATIO = 0.5
VISITORS = 100
DOWNLOADS_SETTINGS = "downloads_bench_settings"
BUILD_LOG_LINES = ("Built and stored a report", "Built a report without storing it")
STATIC_COPY = "bench/stored-report.pdf"


class DownloadsPortal(Portal):
    """The page benchmark's portal, its report builds logged to a file of their own."""

    def __init__(self, folder: Path, data_folder: Path | None = None):
        super().__init__(folder, data_folder)
        self.build_log = folder / "report-builds.log"
        (folder / f"{DOWNLOADS_SETTINGS}.py").write_text(
            f"from {SETTINGS_MODULE} import *  # noqa: F403\n\n"
            "LOGGING = {\n"
            "    **LOGGING,  # noqa: F405\n"
            '    "handlers": {\n'
            '        **LOGGING["handlers"],  # noqa: F405\n'
            '        "builds": {"class": "logging.FileHandler", '
            f'"filename": {str(self.build_log)!r}}},\n'
            "    },\n"
            '    "loggers": {\n'
            '        **LOGGING.get("loggers", {}),  # noqa: F405\n'
            '        "priorities.reports": {"handlers": ["builds"], "level": "INFO"},\n'
            "    },\n"
            "}\n"
        )

    def env(self, database, prefix="bench"):
        environment = super().env(database, prefix)
        environment["DJANGO_SETTINGS_MODULE"] = DOWNLOADS_SETTINGS
        return environment

    def inside(self, database, task, *arguments, prefix="bench"):
        result = subprocess.run(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-m", "tests.benchmarks.downloads", "--inside", task, *arguments],
            cwd=REPO_ROOT,
            env=self.env(database, prefix),
            check=True,
            stdout=subprocess.PIPE,
        )
        return json.loads(result.stdout.decode().strip().splitlines()[-1])

    def build_lines(self):
        if not self.build_log.exists():
            return []
        lines = self.build_log.read_text().splitlines()
        return [line for line in lines if line.startswith(BUILD_LOG_LINES)]

    def builds(self):
        return len(self.build_lines())


# --- Inside a Django process ----------------------------------------------------------------


def inside_reports():
    """The PDF addresses of two demo meetings with published items on their agenda."""
    import django

    django.setup()
    from django.urls import reverse

    from priorities.models import AgendaItem, Meeting

    meetings = Meeting.objects.filter(
        pk__in=AgendaItem.objects.published().values("meeting")
    ).select_related("committee__organisation")[:2]
    return [
        reverse(
            "priorities:meeting_report",
            kwargs={
                "organisation_slug": meeting.committee.organisation.slug,
                "committee_slug": meeting.committee.slug,
                "slug": meeting.slug,
                "report_format": "pdf",
            },
        )
        for meeting in meetings
    ]


# --- The run --------------------------------------------------------------------------------


def meeting_day(portal, url):
    """``VISITORS`` requests at once for a report nobody has asked for; return (builds,
    problems, seconds until the last answer)."""
    before = portal.builds()
    started = time.perf_counter()
    request = request_bytes(portal.port, url, accept="application/pdf")

    def visit(_number):
        return fetch(portal.port, url, request=request)

    with concurrent.futures.ThreadPoolExecutor(VISITORS) as pool:
        answers = list(pool.map(visit, range(VISITORS)))
    elapsed = time.perf_counter() - started
    problems = []
    statuses = sorted({status for status, _headers, _body in answers})
    if statuses != [200]:
        problems.append(f"statuses {statuses}")
    if len({headers.get("etag") for _status, headers, _body in answers}) != 1:
        problems.append("different ETags")
    if len({len(body) for _status, _headers, body in answers}) != 1:
        problems.append("different file sizes")
    time.sleep(0.5)  # the log handler's last line
    builds = portal.build_lines()[before:]
    if len(builds) != 1:
        problems.extend(f"log: {line}" for line in builds)
    return len(builds), problems, elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.7, help="each measurement's length")
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--strict",
        action="store_true",
        default=os.environ.get("BENCH_STRICT", "") not in ("", "0"),
        help="exit 1 when a target is missed (also BENCH_STRICT=1)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the demo database in this folder between runs (reused if there)",
    )
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("arguments", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.inside == "reports":
        print(json.dumps(inside_reports()))
        return 0

    started = time.perf_counter()
    missed = []
    with tempfile.TemporaryDirectory(prefix="download-bench-") as folder:
        if options.data_dir:
            options.data_dir.mkdir(parents=True, exist_ok=True)
        portal = DownloadsPortal(Path(folder), options.data_dir and options.data_dir.resolve())
        try:
            portal.start_redis()
            demo = prepare(portal)
            warm_url, cold_url = portal.inside(demo, "reports")
            portal.start_gunicorn(demo)
            # Every request names the first server's address: the report's links (and so its
            # build key) follow the host it was asked for on.
            first_port = portal.port
            status, headers, body = fetch(
                portal.port,
                warm_url,
                request=request_bytes(portal.port, warm_url, accept="application/pdf"),
            )
            # The static copy: the same bytes, in place before WhiteNoise scans the files.
            copy = portal.static_root / STATIC_COPY
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(body)
            portal.stop_gunicorn()
            portal.start_gunicorn(demo)
            port = portal.port
            stored = request_bytes(first_port, warm_url, accept="application/pdf")
            status_again, headers_again, body_again = fetch(port, warm_url, request=stored)
            static_status, _static_headers, static_body = fetch(port, f"/static/{STATIC_COPY}")
            if static_body != body:
                sys.exit("the static copy is not the download's file")
            if (status, status_again, static_status) != (200, 200, 200):
                sys.exit(f"download {status}, again {status_again}, static {static_status}")
            if body != body_again or headers.get("etag") != headers_again.get("etag"):
                sys.exit(
                    "the second download is not the first one's stored build: "
                    f"{headers.get('etag')} {len(body)} bytes, then "
                    f"{headers_again.get('etag')} {len(body_again)} bytes"
                )
            builds_before = portal.builds()
            conditional = request_bytes(
                first_port,
                warm_url,
                accept="application/pdf",
                headers=[("If-None-Match", headers["etag"])],
            )
            measurements = [("stored", stored), ("304", conditional)]
            results = interleaved_rounds(
                port,
                request_bytes(first_port, f"/static/{STATIC_COPY}", accept="application/pdf"),
                measurements,
                options,
                ok_status={"304": NOT_MODIFIED_STATUS},
            )
            rebuilt = portal.builds() - builds_before
            summary = summarise(results)
            builds, problems, meeting_day_seconds = meeting_day(portal, cold_url)
        finally:
            portal.stop()

    ratio = summary["stored"]["ratio"]
    print()
    print(
        f"Report downloads through gunicorn (2 sync workers), median of {options.rounds} "
        "rounds; share of the static file's rate measured around each"
    )
    print()
    print(f"{'what':<44}{'req/s':>8}{'share of static':>24}{'KB':>8}  target")
    print("-" * 100)
    for key, label in (
        ("static", "static copy of the PDF (WhiteNoise)"),
        ("stored", "the PDF again, from its stored build"),
        ("304", "the PDF with If-None-Match (304, info)"),
    ):
        entry = summary[key]
        share = (
            f"{100 * entry['ratio']:.1f} % ({100 * entry['ratio_min']:.1f}–"
            f"{100 * entry['ratio_max']:.1f})"
        )
        target = ""
        if key == "stored":
            target = f">= {STORED_MIN_RATIO} {'met' if ratio >= STORED_MIN_RATIO else 'MISSED'}"
        print(f"{label:<44}{entry['rate']:>8.0f}{share:>24}{entry['bytes'] / 1024:>8.1f}  {target}")
    print(f"stored download / static file: ratio {ratio:.2f} (target >= {STORED_MIN_RATIO})")
    print(f"report builds during the rounds (should be 0): {rebuilt}")
    print(
        f"{VISITORS} visitors at once on a cold report -> builds: {builds} (target 1), "
        f"all {VISITORS} answered in {meeting_day_seconds:.1f} s"
        + (f"; problems: {', '.join(problems)}" if problems else "")
    )
    if ratio < STORED_MIN_RATIO:
        missed.append(
            f"stored download at {ratio:.2f} of the static rate, target {STORED_MIN_RATIO}"
        )
    if rebuilt:
        missed.append(f"{rebuilt} builds while downloading an unchanged report")
    if builds != 1 or problems:
        missed.append(f"meeting day: {builds} builds, {problems or 'every answer the same'}")
    print(f"download benchmark done in {time.perf_counter() - started:.0f} s")
    if missed:
        for line in missed:
            print(f"  MISSED {line}")
        if options.strict:
            return 1
        print("(report mode: exit 0; --strict or BENCH_STRICT=1 makes a missed target fail)")
    else:
        print("every download target met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
