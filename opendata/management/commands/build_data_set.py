from django.core.management.base import BaseCommand

from opendata import builds


class Command(BaseCommand):
    help = "Build the open data set (ZIP of CSV files and JSON) if the public data changed."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Build even if nothing changed.")

    def handle(self, *args, force=False, **options):
        build = builds.data_set_build(force=force)
        if build is None:
            self.stdout.write("Nothing changed since the last build.")
        else:
            self.stdout.write(f"Built the data set: {build.zip_size} bytes (ZIP).")
