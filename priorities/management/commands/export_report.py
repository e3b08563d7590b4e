"""Write a committee report (a meeting, a committee over a period, or a plan) to a file."""

import datetime
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from priorities.models import Committee, Meeting, Plan, ReportScope
from priorities.reports.audience import PUBLIC, ReportAudience
from priorities.reports.builds import ReportRequest
from priorities.reports.formats import REPORT_FORMATS

PATHS = {
    "meeting": "ORGANISATION/COMMITTEE/MEETING (the slugs in its address) or its id",
    "committee": "ORGANISATION/COMMITTEE or its id",
    "plan": "ORGANISATION/PLAN or its id",
}


def find(model, reference, slug_fields):
    """Return the ``model`` record named by slugs joined with "/" or by its id."""
    if reference.isdigit():
        lookup = {"pk": int(reference)}
    else:
        parts = reference.strip("/").split("/")
        if len(parts) != len(slug_fields):
            raise CommandError(f"“{reference}” should be {PATHS[model._meta.model_name]}.")
        lookup = dict(zip(slug_fields, parts, strict=True))
    manager = model.private_objects if hasattr(model, "private_objects") else model.objects
    try:
        return manager.get(**lookup)
    except model.DoesNotExist:
        raise CommandError(f"There is no {model._meta.verbose_name} “{reference}”.") from None


def parse_date(value, name):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise CommandError(f"--{name} should be a date like 2025-04-01, not “{value}”.") from None


class Command(BaseCommand):
    help = (
        "Write the committee report for a meeting, a committee (over a period) or a plan as "
        "PDF, Word, Excel or CSV. Published records only, unless --user names an officer: "
        "their organisations' unpublished records are then included and the report is marked "
        "DRAFT."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        for name, help_text in PATHS.items():
            scope.add_argument(f"--{name}", metavar="REFERENCE", help=help_text)
        parser.add_argument(
            "--from",
            dest="period_start",
            metavar="YYYY-MM-DD",
            help="Committee reports: the first day of the period.",
        )
        parser.add_argument(
            "--to",
            dest="period_end",
            metavar="YYYY-MM-DD",
            help="Committee reports: the last day of the period.",
        )
        parser.add_argument(
            "--format",
            choices=sorted(REPORT_FORMATS),
            help="pdf, docx, xlsx or csv (by default, the output file's extension).",
        )
        parser.add_argument(
            "--output", metavar="FILE", required=True, help="The file to write; - for stdout."
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="Include this officer's unpublished records."
        )

    def handle(self, *args, output, verbosity=1, **options):
        key = options["format"] or Path(output).suffix.lstrip(".").lower()
        if key not in REPORT_FORMATS:
            raise CommandError("Give --format pdf, docx, xlsx or csv.")
        audience = PUBLIC
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user “{options['user']}”.")
            audience = ReportAudience(user=user)
        period = {
            "period_start": parse_date(options["period_start"], "from"),
            "period_end": parse_date(options["period_end"], "to"),
        }
        if options["meeting"]:
            scope = ReportScope.MEETING
            subject = find(
                Meeting,
                options["meeting"],
                ["committee__organisation__slug", "committee__slug", "slug"],
            )
        elif options["committee"]:
            scope = ReportScope.COMMITTEE
            subject = find(Committee, options["committee"], ["organisation__slug", "slug"])
        else:
            scope = ReportScope.PLAN
            subject = find(Plan, options["plan"], ["organisation__slug", "slug"])
        if scope != ReportScope.COMMITTEE and any(period.values()):
            raise CommandError("--from and --to are for committee reports only.")
        if (
            period["period_start"]
            and period["period_end"]
            and (period["period_end"] < period["period_start"])
        ):
            raise CommandError("--to must be on or after --from.")
        if scope == ReportScope.PLAN and not subject.is_published:
            if audience.is_public:
                raise CommandError(
                    "The plan is not published: give --user to export it as a draft."
                )
            if not Plan.private_objects.editable_by(audience.user).filter(pk=subject.pk).exists():
                raise CommandError(
                    f"The plan is not published, and {audience.user.username} is not one of "
                    "its organisation's officers."
                )

        started = time.perf_counter()
        report_request = ReportRequest(
            scope=scope,
            subject=subject,
            report_format=REPORT_FORMATS[key],
            audience=audience,
            **(period if scope == ReportScope.COMMITTEE else {}),
        )
        report = report_request.build()
        content = report_request.render(report)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            Path(output).write_bytes(content)
        if verbosity:
            self.stderr.write(
                f"Wrote {report.title} ({key}, {len(report.items.rows)} items, "
                f"{len(content):,} bytes{', DRAFT' if report.is_draft else ''}) to {output} "
                f"in {time.perf_counter() - started:.1f} s."
            )
