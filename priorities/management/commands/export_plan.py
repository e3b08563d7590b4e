"""Export a plan in the import format (CSV or Excel), so that it imports back to the same data."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from priorities.models import Plan
from priorities.plan_files import FORMATS, plan_export
from priorities.plan_files.export import write_rows
from priorities.plan_files.template import template_rows


class Command(BaseCommand):
    help = (
        "Write a plan with its aims, priorities, initiatives, targets and milestones to a CSV or "
        "Excel (.xlsx) file in the format import_plan reads (docs/import-format.md). With "
        "--template, write the template file instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="The plan's organisation.")
        parser.add_argument("--plan", metavar="SLUG", help="The plan's slug.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="csv or xlsx (by default, the output file's extension).",
        )
        parser.add_argument(
            "--output", metavar="FILE", required=True, help="The file to write; - for stdout (CSV)."
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Export as this officer: the plan must be theirs, and other organisations' "
            "initiatives appear only once published.",
        )
        parser.add_argument(
            "--template",
            action="store_true",
            help="Write the template (a sample plan of a fictional council) instead of a plan.",
        )

    def handle(self, *args, output, verbosity=1, **options):
        file_format = options["format"] or Path(output).suffix.lstrip(".").lower()
        if file_format not in FORMATS:
            raise CommandError("Give --format csv or --format xlsx.")
        if output == "-" and file_format != "csv":
            raise CommandError("Only CSV can be written to the standard output.")

        if options["template"]:
            rows, description = template_rows(), "the template"
            self.write(output, lambda file: write_rows(rows, file=file, file_format=file_format))
        else:
            plan, user = self.find_plan(options)
            description = f"{plan.organisation.slug}/{plan.slug}"
            self.write(
                output,
                lambda file: plan_export(plan, file=file, file_format=file_format, user=user),
            )
        if verbosity >= 1 and output != "-":
            self.stdout.write(self.style.SUCCESS(f"Wrote {description} to {output}."))

    def find_plan(self, options):
        if not options["organisation"] or not options["plan"]:
            raise CommandError("Give the plan as --organisation SLUG --plan SLUG.")
        user = None
        plans = Plan.private_objects.select_related("organisation")
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user is called “{options['user']}”.")
            plans = plans.editable_by(user)
        plan = plans.filter(
            organisation__slug=options["organisation"], slug=options["plan"]
        ).first()
        if plan is None:
            raise CommandError(
                f"No plan “{options['plan']}” of organisation “{options['organisation']}”"
                + (" that this user may edit." if user else ".")
            )
        return plan, user

    def write(self, output, writer):
        if output == "-":
            writer(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        with Path(output).open("wb") as file:
            writer(file)
