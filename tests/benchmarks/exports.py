"""Benchmark: export a plan of 500 initiatives in each format; check time and memory targets.

``make bench`` runs this. It builds a throwaway SQLite database with a plan of 20 priorities
and 500 initiatives (each with a target and two milestones), then exports the plan's report
once per format, each in a fresh process so one format's memory does not count against the
next. It prints, per format: wall time, the process's peak resident memory above what it held
before the export (Python and the C libraries alike), and the file's size; and it fails when a
format misses its target below. (No tracemalloc: tracing slows WeasyPrint several times over.)

    python -m tests.benchmarks.exports [--initiatives 500] [--json]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: (seconds, megabytes of resident memory above the baseline) each format must stay within for
#: the 500-initiative plan, with headroom over what a two-core machine measures.
TARGETS = {
    "pdf": (60.0, 600),
    "docx": (10.0, 150),
    "xlsx": (5.0, 100),
    "csv": (3.0, 80),
}

REPO_ROOT = Path(__file__).resolve().parents[2]


def setup_django(database):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()


def resident_megabytes():
    """This process's resident memory now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_resident_megabytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def create_plan(initiative_count):
    """Create a published plan of 20 priorities and ``initiative_count`` initiatives."""
    import datetime
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    from priorities.lifecycle import InitiativeStatus
    from priorities.models import (
        Aim,
        Initiative,
        Milestone,
        Organisation,
        OrganisationKind,
        Plan,
        Priority,
        PublicationState,
        Rag,
        Target,
    )

    call_command("migrate", verbosity=0)
    published = PublicationState.PUBLISHED
    council = Organisation.objects.create(
        name="Castlebridge Council", slug="castlebridge", kind=OrganisationKind.COUNCIL
    )
    plan = Plan.private_objects.create(
        organisation=council,
        title="Children and families plan 2025–2028",
        slug="children-and-families",
        publication_state=published,
        published_at=timezone.now(),
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2028, 3, 31),
    )
    aims = [
        Aim.objects.create(plan=plan, title=f"Aim {n}", slug=f"aim-{n}", order=n) for n in range(4)
    ]
    priorities = [
        Priority.private_objects.create(
            plan=plan,
            aim=aims[n % 4],
            title=f"Priority {n}: every child safe, healthy and learning",
            slug=f"priority-{n}",
            publication_state=published,
            order=n,
        )
        for n in range(20)
    ]
    statuses = InitiativeStatus.values
    rags = Rag.values
    initiatives = Initiative.private_objects.bulk_create(
        Initiative(
            organisation=council,
            title=f"Initiative {n}: family hubs and early help in the north of the borough",
            slug=f"initiative-{n}",
            summary="Family hubs open in every ward, with early help for families. " * 3,
            status=statuses[n % len(statuses)],
            rag=rags[n % len(rags)],
            progress=n % 101,
            start_date=datetime.date(2025, 4, 1),
            end_date=datetime.date(2027, 3, 31),
            publication_state=published,
        )
        for n in range(initiative_count)
    )
    through = Initiative.priorities.through
    through.objects.bulk_create(
        through(initiative_id=initiative.pk, priority_id=priorities[n % 20].pk)
        for n, initiative in enumerate(initiatives)
    )
    Target.objects.bulk_create(
        Target(
            initiative=initiative,
            description="Families reached by the service",
            unit="families",
            baseline_value=Decimal(120),
            target_value=Decimal(480),
            current_value=Decimal(200 + n),
            baseline_date=datetime.date(2025, 4, 1),
            target_date=datetime.date(2027, 3, 31),
        )
        for n, initiative in enumerate(initiatives)
    )
    Milestone.objects.bulk_create(
        Milestone(
            initiative=initiative,
            title=f"Milestone {m}",
            order=m,
            due_date=datetime.date(2025, 6 + m, 1),
            completed_on=datetime.date(2025, 6, 1) if m == 0 else None,
        )
        for initiative in initiatives
        for m in range(2)
    )
    return plan.pk


def measure(report_format):
    """Export the plan in ``report_format`` in this process; return the measurements."""
    from priorities.models import Plan, ReportScope
    from priorities.reports.builds import ReportRequest
    from priorities.reports.formats import REPORT_FORMATS

    plan = Plan.public_objects.select_related("organisation").get()
    baseline = resident_megabytes()
    started = time.perf_counter()
    request = ReportRequest(
        scope=ReportScope.PLAN, subject=plan, report_format=REPORT_FORMATS[report_format]
    )
    report = request.build()
    content = request.render(report)
    seconds = time.perf_counter() - started
    pages = None
    if report_format == "pdf":
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(content)).pages)
    return {
        "format": report_format,
        "pages": pages,
        "initiatives": len(report.items.rows),
        "seconds": round(seconds, 2),
        "resident_peak_above_baseline_mb": round(peak_resident_megabytes() - baseline, 1),
        "bytes": len(content),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.measure:  # a child process: one format
        setup_django(options.database)
        print(json.dumps(measure(options.measure)))
        return 0

    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        started = time.perf_counter()
        setup_django(database)
        create_plan(options.initiatives)
        print(
            f"Created a plan of {options.initiatives} initiatives in "
            f"{time.perf_counter() - started:.1f} s.",
            file=sys.stderr,
        )
        results = []
        for report_format in TARGETS:
            child = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [
                    sys.executable,
                    "-m",
                    "tests.benchmarks.exports",
                    "--database",
                    str(database),
                    "--measure",
                    report_format,
                ],
                capture_output=True,
                text=True,
                cwd=REPO_ROOT,
                check=True,
            )
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))

    failures = []
    for result in results:
        seconds, megabytes = TARGETS[result["format"]]
        if options.initiatives == 500 and (
            result["seconds"] > seconds or result["resident_peak_above_baseline_mb"] > megabytes
        ):
            failures.append(f"{result['format']}: target {seconds} s and {megabytes} MB")
    if options.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{'format':<6} {'items':>6} {'time':>8} {'memory':>10} {'file':>10} {'pages':>6}")
        for r in results:
            print(
                f"{r['format']:<6} {r['initiatives']:>6} {r['seconds']:>7.2f}s "
                f"{r['resident_peak_above_baseline_mb']:>8.1f}MB "
                f"{r['bytes'] / 1024:>8.0f}KB {r['pages'] or '':>6}"
            )
    for failure in failures:
        print(f"MISSED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
