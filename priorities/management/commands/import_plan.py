"""Import a plan with its aims, priorities, initiatives, targets and milestones from a file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from priorities.plan_files import plan_import
from priorities.plan_files.outcome import UNCHANGED


class Command(BaseCommand):
    help = (
        "Import a plan from a CSV or Excel (.xlsx) file in the format of docs/import-format.md. "
        "Every row is checked first; nothing is written unless the whole file is valid. With "
        "--dry-run, show what would change and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would be created, updated or left unchanged.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this officer: only their organisations' records may change. "
            "Without it the import runs as the system.",
        )

    def handle(self, *args, file, dry_run=False, user=None, verbosity=1, **options):
        acting_user = None
        if user:
            acting_user = get_user_model().objects.filter(username=user).first()
            if acting_user is None:
                raise CommandError(f"No user is called “{user}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}.")
        with path.open("rb") as opened:
            report = plan_import(
                file=opened, filename=path.name, acting_user=acting_user, dry_run=dry_run
            )

        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        if report.warnings_not_listed:
            self.stdout.write(f"... and {report.warnings_not_listed} more warnings.")
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            if report.errors_not_listed:
                self.stderr.write(f"... and {report.errors_not_listed} more errors.")
            raise CommandError(f"{path.name}: {report.summary()}")

        # A dry run lists what would change; --verbosity 2 lists unchanged rows too.
        if verbosity >= 2 or (dry_run and verbosity >= 1):
            for change in report.changes:
                if change.action != UNCHANGED or verbosity >= 2:
                    self.stdout.write(str(change))
        if verbosity >= 1:
            for record, counts in report.counts().items():
                self.stdout.write(
                    f"  {record}: {counts['create']} to create, {counts['update']} to update, "
                    f"{counts['unchanged']} unchanged"
                    if dry_run
                    else f"  {record}: {counts['create']} created, {counts['update']} updated, "
                    f"{counts['unchanged']} unchanged"
                )
            prefix = "Dry run, nothing written: " if dry_run else ""
            self.stdout.write(self.style.SUCCESS(f"{prefix}{path.name}: {report.summary()}"))
